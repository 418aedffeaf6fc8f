"""The indexing run: files → readers → normalise → documents → one atomic index change.

A file that fails is reported with its reason and skipped; the rest of the batch
goes on. Unchanged files (same content hash) are not read again; files that
disappeared from under the given folders lose their items; a file that now fails
keeps what it had in the index. Everything is written in one commit.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.committees import CommitteeRegistry
from indexer.danish_dates import find_date
from indexer.documents import meeting_documents, meeting_id_for
from indexer.manifest import MANIFEST_NAME, Manifest, ManifestError, apply_manifest
from indexer.model import Meeting
from indexer.normalize import normalize
from indexer.readers import SNIFF_BYTES, ReaderError, detect_reader
from indexer.report import FileReport, IndexReport
from search.index import (
    Index,
    IndexChange,
    apply_change,
    indexed_committees,
    indexed_sources,
    items_of_meetings,
    open_or_create_index,
)

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 30 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024


class IndexingError(Exception):
    """The whole run failed (nothing was changed); the message says why."""


@dataclass
class ParsedFile:
    path: Path
    digest: str
    meeting: Meeting
    report: FileReport


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


def _manifest_for(path: Path, manifests: dict[Path, Manifest | None]) -> dict[str, object]:
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
    is_pdf = data.startswith(b"%PDF")
    limit = MAX_PDF_BYTES if is_pdf else MAX_TEXT_BYTES
    if len(data) > limit:
        raise ReaderError(
            f"file too large ({len(data) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB)"
        )
    reader = detect_reader(data[:SNIFF_BYTES], str(path))
    meeting = reader.read(data, str(path))
    meeting.source_path = str(path)
    meeting.source_format = meeting.source_format or reader.name
    apply_manifest(meeting, manifest_values)
    if meeting.date is None:
        meeting.date = find_date(path.name.replace("_", " "))
    meeting = normalize(meeting, committees)
    if not meeting.items:
        raise ReaderError("no agenda items found")
    if meeting.date is None:
        meeting.warn("no meeting date found; supply it in manifest.toml")
    if not meeting.committee:
        meeting.warn("no committee found; supply it in manifest.toml")
    return meeting


def index_paths(paths: Iterable[Path], index_dir: Path, rebuild: bool = False) -> IndexReport:
    """Index files and folders into ``index_dir``; see the module docstring for the rules."""
    roots = [Path(p) for p in paths]
    report = IndexReport(index_dir=str(index_dir))
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

    # a rebuild starts from nothing (and may replace an index of an older schema)
    ix = None if rebuild else open_or_create_index(index_dir)
    known = indexed_sources(ix) if ix else {}
    # committee names already in the archive: a slip in a new file resolves to them
    committees = CommitteeRegistry(indexed_committees(ix) if ix else [])
    change = IndexChange(rebuild=rebuild)
    parsed: list[ParsedFile] = []
    seen: set[str] = set()
    for root in roots:
        for path in iter_files(root):
            source = str(path)
            if source in seen:
                continue
            seen.add(source)
            file_report = FileReport(source, "indexed")
            report.files.append(file_report)
            try:
                data = path.read_bytes()
            except OSError as error:
                file_report.status, file_report.error = "failed", f"cannot read: {error.strerror}"
                continue
            digest = hashlib.sha256(data).hexdigest()
            if known.get(source) == digest:
                file_report.status = "unchanged"
                continue
            try:
                meeting = read_file(path, data, _manifest_for(path, manifests), committees)
            except ReaderError as error:
                file_report.status, file_report.error = "failed", str(error)
                continue
            except Exception as error:  # a reader bug must not sink the batch
                log.exception("reading %s failed", path)
                file_report.status = "failed"
                file_report.error = f"internal error: {type(error).__name__}: {error}"
                continue
            file_report.format = meeting.source_format
            file_report.meeting_id = meeting_id_for(meeting)
            file_report.kind = meeting.kind
            file_report.items = len(meeting.items)
            file_report.warnings = list(meeting.warnings)
            parsed.append(ParsedFile(path, digest, meeting, file_report))

    change.remove_ids |= _resolve_duplicates(ix, parsed)
    for entry in parsed:
        if entry.report.status != "indexed":
            continue
        if str(entry.path) in known:
            change.remove_sources.add(str(entry.path))
        change.documents.extend(meeting_documents(entry.meeting, str(entry.path), entry.digest))

    for source in known:
        under_root = any(_is_under(Path(source), root) for root in roots)
        if under_root and not Path(source).exists():
            change.remove_sources.add(source)
            report.removed.append(source)

    if not seen:
        raise IndexingError("no files found in the given paths; the index was not changed")
    if rebuild and not change.documents:
        # a rebuild from files that all failed would empty the index: refuse instead
        raise IndexingError("no minutes could be read; the index was not rebuilt")
    if change.documents or change.remove_sources or change.remove_ids or rebuild:
        apply_change(index_dir, change)
    return report


def _is_under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _resolve_duplicates(ix: Index | None, parsed: list[ParsedFile]) -> set[str]:
    """One meeting, one set of items: minutes beat an agenda; otherwise the first source wins.

    Marks the losing new files "skipped" and returns ids of stored agenda items to remove.
    """
    remove_ids: set[str] = set()
    by_meeting: dict[str, list[ParsedFile]] = {}
    for entry in parsed:
        by_meeting.setdefault(entry.report.meeting_id or "", []).append(entry)
    existing = items_of_meetings(ix, by_meeting) if ix else {}
    for meeting, entries in by_meeting.items():
        paths = {str(entry.path) for entry in entries}
        stored = [hit for hit in existing.get(meeting, []) if hit["source_path"] not in paths]
        holder = (stored[0]["kind"], stored[0]["source_path"]) if stored else None
        for entry in sorted(entries, key=lambda e: e.meeting.kind != "referat"):
            if holder is None:
                holder = (entry.meeting.kind, str(entry.path))
                continue
            if entry.meeting.kind == "referat" and holder[0] == "dagsorden":
                if stored and holder[1] == stored[0]["source_path"]:
                    remove_ids |= {hit["id"] for hit in stored}
                entry.report.warnings.append(f"replaces the agenda from {holder[1]}")
                holder = ("referat", str(entry.path))
                continue
            what = "minutes" if holder[0] == "referat" else "agenda"
            entry.report.status = "skipped"
            entry.report.error = f"the same meeting is already indexed ({what}) from {holder[1]}"
    return remove_ids
