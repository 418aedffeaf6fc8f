"""The Whoosh index on disk: opening it, and changing it atomically.

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
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, Index, LockError
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from search.engine import IndexMissing, IndexOutdated, IndexUnavailable, StoredEntry
from search.engines.whoosh.postings import TermPostingPool
from search.engines.whoosh.schema import INDEX_VERSION, build_schema, whoosh_document
from search.engines.whoosh.segmentwriter import (
    add_document_by_field,
    can_add_by_field,
    can_write_by_term,
    flush_segment_by_term,
)
from search.fields import ItemDocument

INDEX_NAME = "referat"


def open_index(path: Path) -> Index:
    """Open an existing index for searching."""
    if not path.is_dir() or not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexMissing(f"no Referat index at {path} (run `referat index` first)")
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
    tmp.write_text(json.dumps({"schema_version": INDEX_VERSION}))
    tmp.replace(path / META_NAME)
    return ix


def _check_schema(path: Path) -> None:
    try:
        version = json.loads((path / META_NAME).read_text())["schema_version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version != INDEX_VERSION:
        raise IndexOutdated(
            f"the index at {path} was built by another version of Referat "
            f"(schema {version or 'unknown'}, this version uses {INDEX_VERSION}); "
            "rebuild it with `referat index --rebuild`"
        )


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "not writable", str(path))


#: a rebuild commits its staging index every this many items (see WhooshWriter._next_segment);
#: at 1M items one segment for the whole run took ~3 GB per writer process at the end
REBUILD_SEGMENT_ITEMS = 100_000


class WhooshWriter:
    """One atomic change to the index, written as it is produced (an :class:`IndexWriter`).

    Documents go to the writer as they come, so memory does not grow with the run;
    nothing is visible to searchers until :meth:`commit`, and :meth:`cancel` (or an
    exception inside ``with``) leaves the index exactly as it was. A rebuild writes a
    fresh index beside the old one and swaps the folders on commit, so searchers of
    the old index keep working and find the new one on their next check; it commits
    its staging index every ``segment_items`` items, so that a writer's memory is
    bounded by one segment, not by the archive.

    ``parallel`` lets whoosh analyse documents in two processes (worth it for large
    runs only: starting the workers costs about a second).
    """

    def __init__(
        self,
        path: Path,
        rebuild: bool = False,
        parallel: bool = False,
        segment_items: int | None = None,
    ) -> None:
        self.path = path
        self.rebuild = rebuild
        self.segment_items = segment_items or REBUILD_SEGMENT_ITEMS
        self.added = 0
        self._in_segment = 0
        self.removed_something = False
        self._staging = path.parent / f".{path.name}.rebuild-{os.getpid()}"
        try:
            if rebuild:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.rmtree(self._staging, ignore_errors=True)
                self._staging.mkdir()
                self.index = _create(self._staging)
            else:
                self.index = open_or_create_index(path)
        except OSError as error:
            raise IndexUnavailable(f"the index folder {path} is not writable: {error}") from error
        self._options = {"procs": 2, "multisegment": True, "limitmb": 256} if parallel else {}
        self._writer = _writer(self.index, path, **self._options)
        # what was committed before this session (nothing, for a rebuild)
        self._searcher = None if rebuild else self.index.searcher()

    def stored_sources(self) -> dict[str, str]:
        """Source file → content hash of what the index held before this session."""
        return indexed_sources(self.index) if self._searcher else {}

    def stored_committees(self) -> list[str]:
        return indexed_committees(self.index) if self._searcher else []

    def stored_items(self, meeting_id: str) -> list[StoredEntry]:
        """The items the index held for a meeting before this session."""
        if self._searcher is None:
            return []
        hits = self._searcher.search(Term("meeting_id", meeting_id), limit=None)
        return [StoredEntry(hit["id"], hit["kind"], hit["source_path"]) for hit in hits]

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> WhooshWriter:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is not None:
            self.cancel()

    def add(self, document: ItemDocument) -> None:
        fields = whoosh_document(document)
        if self.rebuild:
            if self._in_segment >= self.segment_items:
                self._next_segment()
            self._writer.add_document(**fields)
        else:
            self._writer.update_document(**fields)
        self.added += 1
        self._in_segment += 1

    def _next_segment(self) -> None:
        """Commit what a rebuild has written so far to the staging index, then go on with a
        new writer: a writer's memory grows with its segment, not with the archive."""
        try:
            self._writer.commit(merge=False)
            self._writer = _writer(self.index, self.path, **self._options)
        except OSError as error:
            raise IndexUnavailable(f"writing the index at {self.path} failed: {error}") from error
        self._in_segment = 0

    def remove_source(self, source: str) -> None:
        """Remove every item indexed from ``source`` (only items already committed)."""
        self._writer.delete_by_term("source_path", source)
        self.removed_something = True

    def remove_item(self, item_id: str) -> None:
        self._writer.delete_by_term("id", item_id)
        self.removed_something = True

    def commit(self) -> None:
        self._close_searcher()
        try:
            # a rebuild keeps its segments as written: merging them would cost what was saved
            self._writer.commit(merge=not self.rebuild)
            if self.rebuild:
                retired = self.path.parent / f".{self.path.name}.old-{os.getpid()}"
                if self.path.exists():
                    self.path.rename(retired)
                self._staging.rename(self.path)
                shutil.rmtree(retired, ignore_errors=True)
        except OSError as error:
            raise IndexUnavailable(f"writing the index at {self.path} failed: {error}") from error
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def cancel(self) -> None:
        self._close_searcher()
        with suppress(Exception):
            self._writer.cancel()
        shutil.rmtree(self._staging, ignore_errors=True)


def _writer(ix: Index, path: Path, **options: Any) -> Any:
    # Segments are written as separate files, not whoosh's default single compound file:
    # a reader opens a compound file's postings by copying them into memory (BytesIO),
    # which at 1M items was 4.1 GB per search process before its first search.
    options = {"timeout": 2.0, "compound": False, **options}
    try:
        if options.get("procs", 1) > 1:
            return _MpWriter(ix, **options)
        return _with_fast_postings(SegmentWriter(ix, **options))
    except LockError as error:
        raise IndexUnavailable(f"another process is writing the index at {path}") from error
    except OSError as error:
        raise IndexUnavailable(f"the index folder {path} is not writable: {error}") from error


def indexed_committees(ix: Index) -> list[str]:
    """The committee names the index already holds, as indexed."""
    with ix.searcher() as searcher:
        return [
            raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            for raw in searcher.lexicon("committee")
        ]


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


def _with_fast_postings(writer: Any) -> Any:
    """``writer`` with its (still empty) posting pool replaced by a faster one, and its
    segment's postings written a term at a time.

    whoosh's pool sorts all postings as tuples and pickles spilled runs a posting at a
    time, and its writer passes postings one by one on the way in and out; together about
    half of a rebuild's CPU (see search/engines/whoosh/postings.py and search/engines/whoosh/segmentwriter.py). The
    methods are replaced on the instance because whoosh's writer processes make their
    ``SegmentWriter`` themselves.
    """
    pool = writer.pool
    if not isinstance(pool, TermPostingPool):
        assert not pool.current and not pool.runs, "the pool must be swapped before any document"
        writer.pool = TermPostingPool(pool.tempstore, pool.segment, pool.limit // (1024 * 1024))
    if can_write_by_term(writer):
        writer._flush_segment = partial(flush_segment_by_term, writer)
    if can_add_by_field(writer) and "add_document" not in vars(writer):
        writer.add_document = partial(add_document_by_field, writer, writer.add_document)
    return writer


class _SubWriterTask(SubWriterTask):
    """A whoosh writer process whose writer uses the fast pool."""

    def _process_file(self, filename: str, doc_count: int) -> None:
        _with_fast_postings(self.writer)
        super()._process_file(filename, doc_count)


class _MpWriter(MpWriter):
    """whoosh's multi-process writer, with the fast pool in itself and in its processes."""

    def __init__(self, ix: Index, **options: Any) -> None:
        super().__init__(ix, **options)
        _with_fast_postings(self)

    def _new_task(self) -> SubWriterTask:
        task = _SubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task
