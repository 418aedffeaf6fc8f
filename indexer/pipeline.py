"""The indexing run: files → readers → normalise → documents → one atomic index change.

A file that fails is reported with its reason and skipped; the rest of the batch
goes on. Unchanged files (same content hash) are not read again; files that
disappeared from under the given folders lose their items; a file that now fails
keeps what it had in the index. Documents stream into one writer as files are
parsed (memory stays bounded) and are published in one commit at the end.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.committees import CommitteeRegistry
from indexer.compressed import decompressed, uncompressed_name
from indexer.danish_dates import find_date
from indexer.documents import meeting_documents, meeting_id_for
from indexer.links import resolve_links
from indexer.manifest import MANIFEST_NAME, Manifest, ManifestError, apply_manifest
from indexer.model import Meeting
from indexer.normalize import normalize
from indexer.readers import SNIFF_BYTES, ReaderError, detect_reader
from indexer.readers.base import CompanionFile
from indexer.report import FileReport, IndexReport
from search.engine import IndexWriter, open_writer

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


def manifest_values_for(path: Path, manifests: dict[Path, Manifest | None]) -> dict[str, object]:
    values: dict[str, object] = {}
    for folder in reversed(path.parents):
        if folder not in manifests:
            continue
        manifest = manifests[folder]
        if manifest is not None:
            values.update(manifest.lookup(path))
    return values


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
    return meeting


PARALLEL_WRITE_FILES = (
    200  # below this, starting whoosh's writer processes costs more than it saves
)


def index_paths(paths: Iterable[Path], location: str | Path, rebuild: bool = False) -> IndexReport:
    """Index files and folders into the index at ``location`` (a folder or an OpenSearch
    URL, see :mod:`search.engine`); see the module docstring for the rules."""
    roots = [Path(p) for p in paths]
    report = IndexReport(index_dir=str(location))
    missing = [root for root in roots if not root.exists()]
    for root in missing:
        report.files.append(FileReport(str(root), "failed", error="no such file or folder"))
    roots = [root.resolve() for root in roots if root.exists()]
    if not roots:
        raise IndexingError("none of the given paths exists: " + ", ".join(map(str, missing)))

    manifests: dict[Path, Manifest | None] = {}
    try:
        for root in roots:
            folder = root if root.is_dir() else root.parent
            manifests[folder] = Manifest.load(folder)
    except ManifestError as error:
        raise IndexingError(str(error)) from error

    files = list(dict.fromkeys(path for root in roots for path in iter_files(root)))
    if not files:
        raise IndexingError("no files found in the given paths; the index was not changed")

    parallel = len(files) >= PARALLEL_WRITE_FILES
    with open_writer(location, rebuild, parallel) as session:
        known = session.stored_sources()
        # committee names already in the archive: a slip in a new file resolves to them
        committees = CommitteeRegistry(session.stored_committees())
        claims = _Claims(session, list(manifests))
        for path in files:
            file_report = FileReport(str(path), "indexed")
            report.files.append(file_report)
            parsed = _parse(path, manifests, committees, known, file_report)
            if parsed is None:
                continue
            meeting, digest = parsed
            if str(path) in known:
                session.remove_source(str(path))
            claims.offer(meeting, path, digest, file_report)
        claims.finish()

        for source in known:
            under_root = any(_is_under(Path(source), root) for root in roots)
            if under_root and not Path(source).exists():
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
    manifests: dict[Path, Manifest | None],
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
        meeting = read_file(path, data, manifest_values_for(path, manifests), committees)
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
    file_report.items = len(meeting.items)
    file_report.warnings = list(meeting.warnings)
    return meeting, digest


def shown_name(path: Path, folders: list[Path]) -> str:
    """The file as the librarian knows it: relative to the folder that was indexed (the
    deepest, if folders nest), never the server's absolute path.

    >>> shown_name(Path("/srv/data/aarhus/m.html"), [Path("/srv/data"), Path("/srv/x")])
    'aarhus/m.html'
    >>> shown_name(Path("/srv/elsewhere/m.html"), [Path("/srv/data")])
    'm.html'
    """
    containing = [folder for folder in folders if _is_under(path, folder)]
    if not containing:
        return path.name
    deepest = max(containing, key=lambda folder: len(folder.parts))
    return path.relative_to(deepest).as_posix()


def _is_under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class _Claims:
    """One meeting, one set of items: minutes beat an agenda; otherwise the first source wins.

    Minutes are written at once. An agenda waits until the end of the run, since its
    minutes may still come; it is small, and agendas are few. A meeting already in the
    index from another source keeps that source unless minutes replace a stored agenda.
    """

    def __init__(self, session: IndexWriter, folders: list[Path]) -> None:
        self.session = session
        self.folders = folders  # the folders indexed, to name files as the librarian does
        self.holders: dict[str, tuple[str, str]] = {}  # meeting id → (kind, source)
        self.waiting: dict[str, tuple[Meeting, str, str]] = {}  # agendas: (meeting, source, hash)

    def offer(self, meeting: Meeting, path: Path, digest: str, file_report: FileReport) -> None:
        meeting_id, source = file_report.meeting_id or "", str(path)
        holder = self.holders.get(meeting_id)
        if holder is None:
            stored = [
                entry
                for entry in self.session.stored_items(meeting_id)
                if entry.source_path != source
            ]
            if stored:
                holder = (stored[0].kind, stored[0].source_path)
                if meeting.kind == "referat" and holder[0] == "dagsorden":
                    for entry in stored:
                        self.session.remove_item(entry.id)
                    file_report.warnings.append(f"replaces the agenda from {holder[1]}")
                    holder = None
        elif meeting.kind == "referat" and holder[0] == "dagsorden":
            skipped = self.waiting.pop(meeting_id)
            file_report.warnings.append(f"replaces the agenda from {skipped[1]}")
            holder = None
        if holder is not None:
            what = "minutes" if holder[0] == "referat" else "agenda"
            file_report.status = "skipped"
            file_report.error = f"the same meeting is already indexed ({what}) from {holder[1]}"
            return
        self.holders[meeting_id] = (meeting.kind, source)
        if meeting.kind == "dagsorden":
            self.waiting[meeting_id] = (meeting, source, digest)
        else:
            self._write(meeting, source, digest)

    def finish(self) -> None:
        for meeting, source, digest in self.waiting.values():
            self._write(meeting, source, digest)
        self.waiting.clear()

    def _write(self, meeting: Meeting, source: str, digest: str) -> None:
        shown = shown_name(Path(source), self.folders)
        for document in meeting_documents(meeting, source, digest, shown):
            self.session.add(document)
