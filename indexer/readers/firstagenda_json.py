"""FirstAgenda publication API JSON: one file is one meeting.

Most Danish municipalities publish their minutes through FirstAgenda's
``dagsordener.<kommune>.dk`` sites, whose pages read ``/api/agenda/dagsorden/{id}``:

* ``Udvalg.Navn`` is the committee, ``Moede`` the meeting (``Dato``, ``Sted``,
  ``Moededeltagere`` with ``Absent``/``ParticipationCancelled``). ``Moede.Navn`` says
  "Dagsorden" also for concluded meetings, so the kind comes from what the meeting
  contains: minutes when any item carries a decision, else an agenda.
* ``Dagsordenpunkter`` are the items: ``Punktnummer``, ``Navn`` (the title),
  ``SagsNummer``, one HTML field (:mod:`indexer.readers.firstagenda_fields`) and
  ``Bilag`` (attachments by id, served by the publisher's site).
* A closed item is marked only by a "Lukket:" title prefix (``IsOpen`` means nothing):
  it keeps its title, without the prefix, and its decision; nothing else, even where
  the file carries more.
* Links are absolute, to the publisher's own site (the host of the file's own links),
  never relative to wherever Referat runs.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import urlsplit

from indexer.committees import committee_key
from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Reference, Section
from indexer.readers.base import ReaderError
from indexer.readers.firstagenda_fields import (
    is_history,
    item_sections,
    split_absentees,
    treatments,
)
from indexer.readers.markup import sort_and_check_items

_CLOSED = re.compile(r"^\s*lukket(?:\s+punkt)?\s*[:\-–]\s*", re.IGNORECASE)
_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_ZERO_ID = "00000000-0000-0000-0000-000000000000"


class FirstAgendaJsonReader:
    name = "firstagenda-json"

    def sniff(self, head: bytes, path: str) -> bool:
        """A JSON object with FirstAgenda's agenda keys ("Dagsordenpunkter", "Moede")."""
        if not _JSON_START.match(head[:64]):
            return False
        return b'"Dagsordenpunkter"' in head or (b'"Moede"' in head and b'"Udvalg"' in head)

    def read(self, data: bytes, path: str) -> Meeting:
        agenda = _load(data)
        meeting = Meeting(source_path=path, source_format=self.name)
        base = _publisher_base(agenda)
        committee = _text(_object(agenda.get("Udvalg")).get("Navn"))
        meeting.committee = committee or None
        details = _object(agenda.get("Moede"))
        meeting.date, meeting.time = _when(details)
        meeting.place = _text(details.get("Sted")) or None
        _read_participants(details, meeting)
        meeting_id = _text(agenda.get("Id"))
        if base and meeting_id and meeting_id != _ZERO_ID:
            meeting.source = f"{base}/vis?id={meeting_id}"
        for position, raw in enumerate(_list(agenda.get("Dagsordenpunkter")), 1):
            item = _read_item(_object(raw), position, base, meeting)
            if item is not None:
                meeting.items.append(item)
        if not meeting.items:
            raise ReaderError("the FirstAgenda agenda has no items (Dagsordenpunkter is empty)")
        meeting.kind = _kind(meeting)
        sort_and_check_items(meeting)
        return meeting


def _load(data: bytes) -> dict[str, Any]:
    try:
        agenda = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ReaderError(f"the JSON is not UTF-8 text: {error.reason}") from error
    except json.JSONDecodeError as error:
        raise ReaderError(
            f"not valid JSON (cut off or damaged?): {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from error
    if not isinstance(agenda, dict) or not isinstance(agenda.get("Dagsordenpunkter"), list):
        raise ReaderError("JSON without a list of Dagsordenpunkter: not a FirstAgenda agenda")
    return agenda


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _publisher_base(agenda: dict[str, Any]) -> str | None:
    """The site whose documents the file links to ("https://dagsordener.greve.dk")."""
    for raw in _list(agenda.get("Dagsordenpunkter")):
        for field in _list(_object(raw).get("Felter")):
            link = _text(_object(field).get("Link"))
            parts = urlsplit(link) if link.startswith(("http://", "https://")) else None
            if parts and parts.hostname:
                return f"{parts.scheme}://{parts.netloc}"
    return None


def _when(details: dict[str, Any]) -> tuple[datetime.date | None, str | None]:
    """Date and local time of "2022-01-10T08:00:00+01:00" (the publisher's own clock)."""
    for key in ("Dato", "MeetingBeginUtc"):
        try:
            moment = datetime.datetime.fromisoformat(_text(details.get(key)))
        except ValueError:
            continue
        return moment.date(), moment.strftime("%H:%M")
    return None, None


def _read_participants(details: dict[str, Any], meeting: Meeting) -> None:
    for raw in _list(details.get("Moededeltagere")):
        person = _object(raw)
        name = _text(person.get("Name"))
        if not name:
            continue
        absent = person.get("Absent") is True or person.get("ParticipationCancelled") is True
        (meeting.absentees if absent else meeting.participants).append(name)


def _number(raw: dict[str, Any]) -> int | None:
    for key in ("Punktnummer", "Number"):
        text = _text(str(raw.get(key) or ""))
        if text.isdigit():
            return int(text)
    return None


def _read_item(
    raw: dict[str, Any], position: int, base: str | None, meeting: Meeting
) -> AgendaItem | None:
    title = _text(raw.get("Navn")) or _text(raw.get("Caption"))
    number = _number(raw)
    if number is None:
        meeting.warn(f"agenda item {position} has no number and was skipped ({title[:60]!r})")
        return None
    closed = bool(_CLOSED.match(title))
    item = AgendaItem(number=number, title=_CLOSED.sub("", title) if closed else title)
    item.closed = closed
    if not item.title:
        meeting.warn(f"item {number} has no title")
    item.case_number = _text(raw.get("SagsNummer")) or _text(raw.get("CaseNumber")) or None
    html = "\n".join(
        field.get("Html") or ""
        for field in map(_object, _list(raw.get("Felter")))
        if isinstance(field.get("Html"), str)
    )
    sections = item_sections(html)
    if closed:
        _keep_only_the_decision(item, sections)
        return item
    # text before any heading that only repeats the title is no section
    sections = [s for s in sections if not (s.heading == "Tekst" and s.text == item.title)]
    item.sections = _with_history(sections, item, meeting)
    _split_decision_absentees(item)
    decisions = [s.text for s in item.sections if s.heading == "Beslutning" and s.text]
    item.decision = "\n\n".join(decisions)
    item.attachments = _attachments(raw, base)
    item.attachment_count = len(item.attachments)
    if not item.sections and item.attachments:
        # an item that is only its attachments (a year's questions and answers) is found by them
        titles = "\n".join(attachment.title for attachment in item.attachments)
        item.sections = [Section("Bilag", titles)]
    return item


def _keep_only_the_decision(item: AgendaItem, sections: list[Section]) -> None:
    """A closed item: its decision box, or (no headings at all) its whole text."""
    decisions = [s for s in sections if s.heading == "Beslutning"]
    if not decisions and all(s.heading == "Tekst" for s in sections):
        decisions = [Section("Beslutning", s.text) for s in sections]
    decision, _ = split_absentees("\n\n".join(s.text for s in decisions if s.text))
    item.sections = [Section("Beslutning", decision)] if decision else []
    item.decision = decision


def _split_decision_absentees(item: AgendaItem) -> None:
    for index, section in enumerate(item.sections):
        if section.heading != "Beslutning":
            continue
        decision, absent = split_absentees(section.text)
        if absent:
            item.sections[index] = Section("Beslutning", decision)
            item.sections.insert(
                index + 1, Section("Fraværende ved behandlingen", ", ".join(absent))
            )
        return


def _with_history(sections: list[Section], item: AgendaItem, meeting: Meeting) -> list[Section]:
    """Earlier treatments from "Sagens forløb"; this meeting's own entry is not one of them."""
    kept: list[Section] = []
    for section in sections:
        if not is_history(section.heading):
            kept.append(section)
            continue
        own_key = committee_key(meeting.committee or "")
        earlier = [
            treatment
            for treatment in treatments(section.text)
            if treatment.date != meeting.date or committee_key(treatment.committee) != own_key
        ]
        item.references.extend(Reference(text=t.citation()) for t in earlier)
        text = "\n\n".join(
            f"{t.date.strftime('%d-%m-%Y')} {t.committee}\n{t.decision}".strip() for t in earlier
        )
        if text:
            kept.append(Section("Tidligere behandling", text))
    return kept


def _attachments(raw: dict[str, Any], base: str | None) -> list[Attachment]:
    found: list[Attachment] = []
    for entry in map(_object, _list(raw.get("Bilag"))):
        title = _text(entry.get("Navn"))
        attachment_id = _text(entry.get("Id"))
        url = None
        if base and attachment_id:
            url = f"{base}/vis/pdf/bilag/{attachment_id}/?redirectDirectlyToPdf=false"
        if title or url:
            found.append(Attachment(title or "Bilag", url))
    return found


def _kind(meeting: Meeting) -> MeetingKind:
    return "referat" if any(item.decision.strip() for item in meeting.items) else "dagsorden"


READER = FirstAgendaJsonReader()
