"""Opening the index and changing it atomically.

Whoosh publishes a new generation of the index only when a writer commits, so
every change goes through one writer and one commit: searchers keep seeing the
previous index until the new one is complete, and a failure cancels the writer,
leaving the index as it was.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, Index, LockError
from whoosh.query import Term

from search.schema import SCHEMA_VERSION, build_schema

INDEX_NAME = "referat"
DEFAULT_INDEX_DIR = Path("var/index")


class IndexUnavailable(Exception):
    """The index cannot be opened or written; the message says why in plain English."""


class IndexOutdated(IndexUnavailable):
    """The index was built with another schema; it must be rebuilt."""


def default_index_dir() -> Path:
    """``$REFERAT_INDEX`` if set, else ``var/index`` under the current directory."""
    return Path(os.environ.get("REFERAT_INDEX") or DEFAULT_INDEX_DIR)


def open_index(path: Path) -> Index:
    """Open an existing index for searching."""
    if not path.is_dir() or not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexUnavailable(f"no Referat index at {path} (run `referat index` first)")
    _check_schema(path)
    try:
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=True)
    except (EmptyIndexError, OSError, ValueError) as error:
        raise IndexUnavailable(f"cannot open the index at {path}: {error}") from error


def open_or_create_index(path: Path) -> Index:
    """Open the index for writing, creating it (and its folder) the first time."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
            _check_schema(path)
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
        _check_writable(path)
        return _create(path)
    except PermissionError as error:
        raise IndexUnavailable(f"the index folder {path} is not writable") from error
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES):
            raise IndexUnavailable(f"the index folder {path} is not writable") from error
        raise IndexUnavailable(f"cannot open the index at {path}: {error}") from error


META_NAME = "referat-schema.json"


def _create(path: Path) -> Index:
    ix = whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    tmp = path / f".{META_NAME}.part"
    tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
    tmp.replace(path / META_NAME)
    return ix


def _check_schema(path: Path) -> None:
    try:
        version = json.loads((path / META_NAME).read_text())["schema_version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version != SCHEMA_VERSION:
        raise IndexOutdated(
            f"the index at {path} was built by another version of Referat "
            f"(schema {version or 'unknown'}, this version uses {SCHEMA_VERSION}); "
            "rebuild it with `referat index --rebuild`"
        )


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "not writable", str(path))


@dataclass
class IndexChange:
    """One atomic change: drop everything from some source files, add documents."""

    remove_sources: set[str] = field(default_factory=set)
    remove_ids: set[str] = field(default_factory=set)
    documents: list[dict[str, Any]] = field(default_factory=list)
    rebuild: bool = False


def apply_change(path: Path, change: IndexChange) -> None:
    """Apply ``change`` in one commit; on any failure the index is left exactly as it was."""
    if change.rebuild:
        _rebuild(path, change.documents)
        return
    ix = open_or_create_index(path)
    writer = _writer(ix, path)
    try:
        for source in sorted(change.remove_sources):
            writer.delete_by_term("source_path", source)
        for item_id in sorted(change.remove_ids):
            writer.delete_by_term("id", item_id)
        for document in change.documents:
            writer.update_document(**document)
        writer.commit()
    except BaseException as error:
        writer.cancel()
        if isinstance(error, OSError):
            raise IndexUnavailable(f"writing the index at {path} failed: {error}") from error
        raise


def _writer(ix: Index, path: Path) -> Any:
    try:
        return ix.writer(timeout=2.0)
    except LockError as error:
        raise IndexUnavailable(f"another process is writing the index at {path}") from error
    except OSError as error:
        raise IndexUnavailable(f"the index folder {path} is not writable: {error}") from error


def _rebuild(path: Path, documents: list[dict[str, Any]]) -> None:
    """Build a fresh index (current schema) beside the old one, then swap the folders.

    Searchers of the old index keep working on its open files; a searcher that checks
    for changes afterwards finds the new index under the same path.
    """
    staging = path.parent / f".{path.name}.rebuild-{os.getpid()}"
    retired = path.parent / f".{path.name}.old-{os.getpid()}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        ix = _create(staging)
        writer = _writer(ix, staging)
        try:
            for document in documents:
                writer.add_document(**document)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if path.exists():
            path.rename(retired)
        staging.rename(path)
    except OSError as error:
        raise IndexUnavailable(f"rebuilding the index at {path} failed: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def indexed_sources(ix: Index) -> dict[str, str]:
    """Source file → content hash of what the index holds from it."""
    sources: dict[str, str] = {}
    with ix.searcher() as searcher:
        for raw in searcher.lexicon("source_path"):
            source = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            hit = searcher.document(source_path=source)
            if hit is not None:
                sources[source] = hit.get("source_hash", "")
    return sources


def indexed_committees(ix: Index) -> list[str]:
    """The committee names the index already holds, as indexed."""
    with ix.searcher() as searcher:
        return [
            raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            for raw in searcher.lexicon("committee")
        ]


def items_of_meetings(ix: Index, meeting_ids: Iterable[str]) -> Mapping[str, list[dict[str, Any]]]:
    """Stored fields of the items already indexed for each meeting id."""
    found: dict[str, list[dict[str, Any]]] = {}
    with ix.searcher() as searcher:
        for meeting in meeting_ids:
            hits = searcher.search(Term("meeting_id", meeting), limit=None)
            if len(hits):
                found[meeting] = [dict(hit) for hit in hits]
    return found
