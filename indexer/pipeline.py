"""The indexing run: files → readers → normalise → documents → one atomic index change.

A file that fails is reported with its reason and skipped; the rest of the batch
goes on. Unchanged files (same content hash) are not read again; files that
disappeared from under the given folders lose their items; a file that now fails
keeps what it had in the index. Documents stream into one writer as files are
parsed (memory stays bounded) and are published in one commit at the end.

Every file's work is bounded: its size (``MAX_TEXT_BYTES``, ``MAX_PDF_BYTES``), the text
analysed for search (:data:`indexer.documents.MAX_SEARCHABLE_CHARS`) and the work per
word (:data:`search.compounds.MAX_WORD`); an item id is unique whatever the reader found
(:func:`indexer.documents.item_keys`). A file that meets a limit is reported.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.claims import Claims, is_under
from indexer.committees import CommitteeRegistry
from indexer.compressed import decompressed, uncompressed_name
from indexer.danish_dates import find_date
from indexer.documents import (
    item_keys,
    meeting_id_for,
    repeated_item_warnings,
    text_limit_warning,
)
from indexer.links import resolve_links
from indexer.manifest import MANIFEST_NAME, ManifestError, Manifests, apply_manifest
from indexer.model import Meeting
from indexer.normalize import normalize
from indexer.readers import SNIFF_BYTES, ReaderError, detect_reader
from indexer.readers.base import CompanionFile
from indexer.report import FileReport, IndexReport
from search.engine import DEFAULT_WRITE_WAIT, open_writer

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 30 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024


class IndexingError(Exception):
    """The whole run failed (nothing was changed); the message says why."""


def iter_files(root: Path) -> Iterator[Path]:
    """Files below ``root`` in a stable order, without hidden files and manifests."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.name != MANIFEST_NAME:
            yield path


def read_file(
    path: Path,
    data: bytes,
    manifest_values: dict[str, object],
    committees: CommitteeRegistry | None = None,
) -> Meeting:
    """Parse one file into a normalised meeting. Raises ReaderError for unusable files."""
    if not data.strip():
        raise ReaderError("empty file")
    data = decompressed(data, limit=MAX_PDF_BYTES)  # x.json.gz is read as x.json
    is_pdf = data.startswith(b"%PDF")
    limit = MAX_PDF_BYTES if is_pdf else MAX_TEXT_BYTES
    if len(data) > limit:
        raise ReaderError(
            f"file too large ({len(data) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"
        )
    reader = detect_reader(data[:SNIFF_BYTES], uncompressed_name(str(path)))
    meeting = reader.read(data, str(path))
    meeting.source_path = str(path)
    meeting.source_format = meeting.source_format or reader.name
    apply_manifest(meeting, manifest_values)
    if meeting.date is None and (date := find_date(path.name.replace("_", " "))):
        meeting.guess("date", date, f"file name: {path.name}")
    meeting = normalize(meeting, committees)
    resolve_links(meeting)
    if not meeting.items:
        raise ReaderError("no agenda items found")
    if meeting.date is None:
        meeting.warn("no meeting date found; supply it in manifest.toml")
    if not meeting.committee:
        meeting.warn("no committee found; supply it in manifest.toml")
    for warning in repeated_item_warnings(meeting):
        meeting.warn(warning)
    limited = text_limit_warning(meeting)
    if limited:
        meeting.warn(limited)
    return meeting


PARALLEL_WRITE_FILES = (
    200  # below this, starting whoosh's writer processes costs more than it saves
)


def index_paths(
    paths: Iterable[Path],
    location: str | Path,
    rebuild: bool = False,
    wait: float = DEFAULT_WRITE_WAIT,
) -> IndexReport:
    """Index files and folders into the index at ``location`` (a folder or an OpenSearch
    URL, see :mod:`search.engine`); see the module docstring for the rules. ``wait``:
    seconds to wait for another run writing the same index."""
    roots = [Path(p) for p in paths]
    report = IndexReport(index_dir=str(location))
    missing = [root for root in roots if not root.exists()]
    for root in missing:
        report.files.append(FileReport(str(root), "failed", error="no such file or folder"))
    roots = [root.resolve() for root in roots if root.exists()]
    if not roots:
        raise IndexingError("none of the given paths exists: " + ", ".join(map(str, missing)))

    files = list(dict.fromkeys(path for root in roots for path in iter_files(root)))
    if not files:
        raise IndexingError("no files found in the given paths; the index was not changed")
    manifests = Manifests()
    try:
        manifest_values = {path: manifests.values_for(path) for path in files}
    except ManifestError as error:
        raise IndexingError(str(error)) from error
    folders = list(dict.fromkeys(root if root.is_dir() else root.parent for root in roots))

    parallel = len(files) >= PARALLEL_WRITE_FILES
    with open_writer(location, rebuild, parallel, wait) as session:
        # only what lies under the given paths: unchanged files, files that disappeared
        known = session.stored_sources([str(root) for root in roots])
        # committee names already in the archive: a slip in a new file resolves to them
        committees = CommitteeRegistry(session.stored_committees())
        # files that disappeared from under the given folders: their items go in this run,
        # so they hold no meeting against a file that has taken their place (a moved file)
        departed = {
            source
            for source in known
            if any(is_under(Path(source), root) for root in roots) and not Path(source).exists()
        }
        claims = Claims(session, folders, departed)
        for path in files:
            file_report = FileReport(str(path), "indexed")
            report.files.append(file_report)
            parsed = _parse(path, manifest_values[path], committees, known, file_report)
            if parsed is None:
                continue
            meeting, digest = parsed
            if str(path) in known:
                session.remove_source(str(path))
            claims.offer(meeting, path, digest, file_report)
        claims.finish()

        for source in sorted(departed):
            session.remove_source(source)
            report.removed.append(source)

        if rebuild and not session.added:
            # a rebuild from files that all failed would empty the index: refuse instead
            session.cancel()
            raise IndexingError("no minutes could be read; the index was not rebuilt")
        if session.added or session.removed_something or rebuild:
            session.commit()
        else:
            session.cancel()
    return report


def _parse(
    path: Path,
    manifest_values: dict[str, object],
    committees: CommitteeRegistry,
    known: dict[str, str],
    file_report: FileReport,
) -> tuple[Meeting, str] | None:
    """The file's meeting and content hash, or None (with the reason in the report)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        file_report.status, file_report.error = "failed", f"cannot read: {error.strerror}"
        return None
    digest = hashlib.sha256(data).hexdigest()
    if known.get(str(path)) == digest:
        file_report.status = "unchanged"
        return None
    try:
        meeting = read_file(path, data, manifest_values, committees)
    except CompanionFile as error:  # a manifest read with the file it describes: no failure
        file_report.status, file_report.error = "skipped", str(error)
        return None
    except ReaderError as error:
        file_report.status, file_report.error = "failed", str(error)
        return None
    except Exception as error:  # a reader bug must not sink the batch
        log.exception("reading %s failed", path)
        file_report.status = "failed"
        file_report.error = f"internal error: {type(error).__name__}: {error}"
        return None
    file_report.format = meeting.source_format
    file_report.meeting_id = meeting_id_for(meeting)
    file_report.kind = meeting.kind
    file_report.items = sum(key is not None for key in item_keys(meeting))
    file_report.warnings = list(meeting.warnings)
    return meeting, digest
