"""The manifest Acadre MM writes beside a published meeting XML.

Its values are stored as *attribute names* on empty fields (``<field name="Referat"/>``,
``<field sysid="1863"/>``, ``<field date="2013-06-20 10:30"/>``). It names the committee,
the meeting and the agenda (by ``sysid``), and lists the produced documents
(``producedAgenda``): each with its XML's number (``xmlFusionID``), its type (1 agenda,
2 minutes), a comment ("Referat PUK") and whether it is published.

How it is found: a meeting XML and its manifest share the agenda's ``sysid``. The reader
looks for a manifest with that id among the XML files in the meeting file's own folder
(names holding the id first); without one the meeting is still read, with a warning.

>>> manifest, _ = parse_manifest(b'<root><table name="agenda"><fields><field name="Referat"/>'
...     b'<field sysid="18"/></fields></table><table name="producedAgenda"><fields>'
...     b'<field xmlFusionID="36"/><field type="2"/><field publish="1"/></fields></table></root>')
>>> manifest.agenda_id, manifest.document_for("referat_agenda-36.xml").kind
('18', 'referat')
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from indexer.model import MeetingKind
from indexer.readers.base import ReaderError
from indexer.readers.markup import parse_timestamp, parse_xml, root_tag

MANIFEST_HEAD = 4096  # a manifest is a couple of KB; its marker is in its first records
MAX_MANIFEST_BYTES = 1 << 20
_MARKER = re.compile(rb'<table name="producedAgenda"|<field sysid="\d+"\s*/?>')


def is_manifest(head: bytes) -> bool:
    """Whether a file's first bytes are an Acadre manifest (values as attribute names)."""
    return root_tag(head) == "root" and bool(_MARKER.search(head))


@dataclass
class ProducedDocument:
    fusion_id: str
    kind: MeetingKind
    published: bool


@dataclass
class AcadreManifest:
    agenda_id: str
    committee: str | None = None
    meeting_name: str | None = None
    date: datetime.date | None = None
    documents: list[ProducedDocument] = field(default_factory=list)

    def document_for(self, file_name: str) -> ProducedDocument | None:
        """The produced document a meeting file is (its number in the name), else the published one."""
        numbers = set(re.findall(r"\d+", file_name))
        for document in self.documents:
            if document.fusion_id and document.fusion_id in numbers:
                return document
        published = [document for document in self.documents if document.published]
        return published[-1] if published else None


def _attributes(fields: etree._Element | None) -> dict[str, str]:
    """``<field name="x"/><field sysid="1"/>`` → {"name": "x", "sysid": "1"} (first wins)."""
    values: dict[str, str] = {}
    for element in fields.iterfind("field") if fields is not None else ():
        for key, value in element.attrib.items():
            values.setdefault(str(key), str(value).strip())
    return values


def parse_manifest(data: bytes) -> tuple[AcadreManifest | None, str | None]:
    """The manifest's values, or None and a warning when it cannot be used."""
    try:
        root, _ = parse_xml(data, "Acadre manifest")
    except ReaderError as error:
        return None, f"the Acadre manifest beside the file is unusable: {error}"
    agenda = _attributes(root.find("table[@name='agenda']/fields"))
    if not agenda.get("sysid"):
        return None, "the Acadre manifest beside the file names no agenda"
    committee = _attributes(root.find("table[@name='committee']/fields"))
    meeting = _attributes(root.find("table[@name='meeting']/fields"))
    manifest = AcadreManifest(
        agenda_id=agenda["sysid"],
        committee=committee.get("name") or None,
        meeting_name=meeting.get("name") or None,
        date=parse_timestamp(meeting.get("date", ""))[0],
    )
    for fields in root.iterfind("table[@name='producedAgenda']/fields"):
        values = _attributes(fields)
        comment = values.get("comment", "").lower()
        minutes = values.get("type") == "2" or comment.startswith("referat")
        manifest.documents.append(
            ProducedDocument(
                fusion_id=values.get("xmlFusionID", ""),
                kind="referat" if minutes else "dagsorden",
                published=values.get("publish") == "1",
            )
        )
    return manifest, None


def _agenda_id(head: bytes) -> str | None:
    match = re.search(rb'<table name="agenda"><fields>.*?<field sysid="(\d+)"', head, re.DOTALL)
    return match.group(1).decode() if match else None


def find_manifest(meeting_file: Path, agenda_id: str) -> bytes | None:
    """The bytes of the manifest for ``agenda_id`` in the meeting file's folder, if any."""
    folder = meeting_file.parent
    if not agenda_id or not folder.is_dir():
        return None
    path = _manifests_in(str(folder), folder.stat().st_mtime_ns).get(agenda_id)
    return path.read_bytes() if path is not None else None


@lru_cache(maxsize=64)
def _manifests_in(folder: str, mtime_ns: int) -> dict[str, Path]:
    """Agenda id → manifest file, for one folder as it is now (the cache key has its mtime).

    Scanning a folder once, not once per meeting file, keeps an archive of thousands of
    Acadre files linear.
    """
    found: dict[str, Path] = {}
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() != ".xml" or not path.is_file():
            continue
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            continue
        with path.open("rb") as handle:
            head = handle.read(MANIFEST_HEAD)
        if is_manifest(head) and (agenda_id := _agenda_id(head)) is not None:
            found.setdefault(agenda_id, path)
    return found
