"""Which file holds a meeting: one meeting, one set of items, whatever number of copies.

The same meeting arrives from several files: an agenda and later its minutes, eDoc XML
and the PDF of the same minutes, or a copy that lacks what the other one knows (a copy of
Ballerup's minutes without the manifest that names Ballerup). A meeting is recognised by
its id (organisation, committee, date) and, when the ids differ, by its contents
(:func:`indexer.documents.content_key`) where the metadata does not contradict it.

- Minutes beat an agenda of the same meeting.
- Of two copies, the one that knows more of organisation, committee and date is kept; the
  other is reported as skipped (or its stored items are replaced).
- Otherwise the first source wins: a meeting already in the index keeps its file.

Minutes are written at once. An agenda waits until the end of the run, since its minutes
may still come; it is small, and agendas are few. Within one run a better copy that comes
after a worse one already written is skipped; the next run, which reads skipped files
again, replaces the worse one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.documents import content_key, meeting_documents, meeting_id_for
from indexer.model import Meeting
from indexer.report import FileReport
from search.engine import IndexWriter, StoredEntry

UNKNOWN_PARTS = ("ukendt", "udateret-")


@dataclass(frozen=True)
class Holder:
    """The file that holds a meeting in the index (or will, at the end of this run)."""

    meeting_id: str
    kind: str
    source: str


def known_parts(meeting_id: str) -> list[str | None]:
    """Organisation, committee and date of a meeting id, None where the id says unknown.

    >>> known_parts("ukendt/ukendt/udateret-1a2b3c4d"), known_parts("greve/byraadet/2023-01-30")
    ([None, None, None], ['greve', 'byraadet', '2023-01-30'])
    """
    parts = meeting_id.split("/")
    return [None if part.startswith(UNKNOWN_PARTS) else part for part in parts]


def same_meeting(one: str, other: str) -> bool:
    """Whether two meeting ids can name one meeting: no part known on both sides differs.

    >>> same_meeting("ukendt/ukendt/udateret-1a2b", "ballerup/ebu/2016-11-08")
    True
    >>> same_meeting("ballerup/ebu/2016-11-08", "ballerup/ebu/2017-11-08")
    False
    """
    return all(
        a is None or b is None or a == b
        for a, b in zip(known_parts(one), known_parts(other), strict=True)
    )


def knows_more(one: str, other: str) -> bool:
    """Whether meeting id ``one`` knows more of organisation, committee and date than ``other``.

    >>> knows_more("ballerup/ebu/2016-11-08", "ukendt/ebu/2016-11-08")
    True
    """
    count = lambda meeting_id: sum(part is not None for part in known_parts(meeting_id))  # noqa: E731
    return count(one) > count(other)


class Claims:
    """The claims of one indexing run (see the module docstring)."""

    def __init__(self, session: IndexWriter, folders: list[Path], departed: set[str]) -> None:
        self.session = session
        self.folders = folders  # the folders indexed, to name files as the librarian does
        self.departed = departed  # sources whose items this run removes
        self.holders: dict[str, Holder] = {}  # meeting id → its holder in this run
        self.by_contents: dict[str, Holder] = {}  # content key → holder in this run
        self.waiting: dict[str, tuple[Meeting, str, str]] = {}  # agendas: (meeting, source, hash)

    def offer(self, meeting: Meeting, path: Path, digest: str, file_report: FileReport) -> None:
        meeting_id, source = meeting_id_for(meeting), str(path)
        holder = self._holder_by_id(meeting, meeting_id, source, file_report)
        contents = content_key(meeting)
        if holder is None and contents:
            holder = self._holder_by_contents(meeting, meeting_id, contents, source, file_report)
        if holder is not None:
            what = "minutes" if holder.kind == "referat" else "agenda"
            file_report.status = "skipped"
            file_report.error = f"the same meeting is already indexed ({what}) from {holder.source}"
            return
        mine = Holder(meeting_id, meeting.kind, source)
        self.holders[meeting_id] = mine
        if contents:
            self.by_contents[contents] = mine
        if meeting.kind == "dagsorden":
            self.waiting[meeting_id] = (meeting, source, digest)
        else:
            self._write(meeting, source, digest)

    def _holder_by_id(
        self, meeting: Meeting, meeting_id: str, source: str, file_report: FileReport
    ) -> Holder | None:
        holder = self.holders.get(meeting_id)
        if holder is None:
            stored = self._stored(self.session.stored_items(meeting_id), source)
            if not stored:
                return None
            holder = Holder(meeting_id, stored[0].kind, stored[0].source_path)
            if meeting.kind == "referat" and holder.kind == "dagsorden":
                self._remove(stored)
                file_report.warnings.append(f"replaces the agenda from {holder.source}")
                return None
            return holder
        if meeting.kind == "referat" and holder.kind == "dagsorden":
            skipped = self.waiting.pop(meeting_id)
            file_report.warnings.append(f"replaces the agenda from {skipped[1]}")
            return None
        return holder

    def _holder_by_contents(
        self,
        meeting: Meeting,
        meeting_id: str,
        contents: str,
        source: str,
        file_report: FileReport,
    ) -> Holder | None:
        """The holder of a copy of this meeting under another id, unless this one replaces it."""
        earlier = self.by_contents.get(contents)
        if earlier is not None and same_meeting(earlier.meeting_id, meeting_id):
            if meeting.kind == "referat" and earlier.kind == "dagsorden":
                self.waiting.pop(earlier.meeting_id, None)
                file_report.warnings.append(f"replaces the agenda from {earlier.source}")
                return None
            return earlier  # already written: the first copy of this run stays
        copies = [
            entry
            for entry in self._stored(self.session.stored_copies(contents), source)
            if same_meeting(_meeting_of(entry), meeting_id)
        ]
        if not copies:
            return None
        stored = Holder(_meeting_of(copies[0]), copies[0].kind, copies[0].source_path)
        replaces_agenda = meeting.kind == "referat" and stored.kind == "dagsorden"
        if replaces_agenda or (
            knows_more(meeting_id, stored.meeting_id) and meeting.kind == stored.kind
        ):
            self._remove(copies)
            what = "agenda" if replaces_agenda else "copy"
            file_report.warnings.append(
                f"replaces the {what} from {stored.source} (indexed as {stored.meeting_id})"
            )
            return None
        return stored

    def _stored(self, entries: list[StoredEntry], source: str) -> list[StoredEntry]:
        """Entries held by another file that this run does not remove anyway."""
        return [
            entry
            for entry in entries
            if entry.source_path != source and entry.source_path not in self.departed
        ]

    def _remove(self, entries: list[StoredEntry]) -> None:
        for entry in entries:
            self.session.remove_item(entry.id)

    def finish(self) -> None:
        for meeting, source, digest in self.waiting.values():
            self._write(meeting, source, digest)
        self.waiting.clear()

    def _write(self, meeting: Meeting, source: str, digest: str) -> None:
        shown = shown_name(Path(source), self.folders)
        for document in meeting_documents(meeting, source, digest, shown):
            self.session.add(document)


def _meeting_of(entry: StoredEntry) -> str:
    return entry.id.rsplit("/", 1)[0]


def shown_name(path: Path, folders: list[Path]) -> str:
    """The file as the librarian knows it: relative to the folder that was indexed (the
    deepest, if folders nest), never the server's absolute path.

    >>> shown_name(Path("/srv/data/aarhus/m.html"), [Path("/srv/data"), Path("/srv/x")])
    'aarhus/m.html'
    >>> shown_name(Path("/srv/elsewhere/m.html"), [Path("/srv/data")])
    'm.html'
    """
    containing = [folder for folder in folders if is_under(path, folder)]
    if not containing:
        return path.name
    deepest = max(containing, key=lambda folder: len(folder.parts))
    return path.relative_to(deepest).as_posix()


def is_under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
