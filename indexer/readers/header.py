"""The header of minutes: committee, date, time, place and participants, from plain lines.

Whatever system printed it, a header names the meeting's committee near its date, among
heading words that name nothing ("Referat", "Mødedato", "Mødested", "Side 1",
"Indholdsfortegnelse") and meeting names that are no committee ("Ekstraordinært PUK").
The committee is therefore the first header line that names a deciding body (udvalg, byråd,
kommunalbestyrelse, råd, nævn, …) once its heading words and date are cut off ("REFERAT
Aarhus Byråd d. 27-08-2025"); only when no line names one is the line above the date taken,
and never a heading word. The line is returned as written: normalisation makes the name
canonical and finds the organisation in it.

>>> m = Meeting()
>>> parse_header(["REFERAT Aarhus Byråd d. 27-08-2025", "Mødedato", "27-08-2025 kl. 19:00",
...               "Mødested", "Rådhuset, Byrådssalen"], m)
>>> (m.committee, str(m.date), m.time, m.place)
('REFERAT Aarhus Byråd d. 27-08-2025', '2025-08-27', '19:00', 'Rådhuset, Byrådssalen')
"""

from __future__ import annotations

import re

from indexer.committees import canonical_committee
from indexer.danish_dates import find_date, find_time
from indexer.model import Meeting
from indexer.readers.lines import SECTION_MARKER

_KIND_LINE = re.compile(r"^(?:(?:åbent?|lukket)\s+)?(?P<kind>referat|dagsorden)$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:side|page)?\s*\d+\s*(?:(?:af|of|/|ud af)\s*\d+)?$", re.IGNORECASE)
_PRESENT = re.compile(r"^(?:deltagere|tilstede|til stede|mødedeltagere|medlemmer)\s*:?$", re.I)
_ABSENT = re.compile(r"^(?:afbud(?:/fraværende)?|fraværende(?:/afbud)?|fravær)\s*:?$", re.I)
_OTHER_BLOCK = re.compile(
    r"^(?:sekretær|referent|mødeleder|formand|øvrige deltagere|bemærkninger|indholdsfortegnelse"
    r"|indhold|mødested|sted)\s*:?$",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\s+[-–]\s+(?P<status>[a-zæøåA-ZÆØÅ ]+)$")
_ABSENT_STATUS = re.compile(r"^(?:afbud|fraværende|forfald|deltog ikke)", re.IGNORECASE)


def _people(block: list[str]) -> list[tuple[str, bool]]:
    """Names in a participants block, with whether each was absent.

    When most entries end with a status ("- Deltog"), an entry runs until its status, so a
    name that wrapped over two lines is joined; otherwise a line with an unclosed
    parenthesis continues on the next one.

    >>> _people(["Steen Pedersen (chef for By", "og Miljø) - Deltog", "Bo (C) - Afbud"])
    [('Steen Pedersen (chef for By og Miljø)', False), ('Bo (C)', True)]
    """
    with_status = sum(1 for line in block if _STATUS.search(line))
    status_mode = with_status * 2 > len(block)
    entries: list[str] = []
    pending = ""
    for line in block:
        pending = f"{pending} {line}".strip()
        if _STATUS.search(line) or (not status_mode and pending.count("(") <= pending.count(")")):
            entries.append(pending)
            pending = ""
    if pending:
        entries.append(pending)
    people = []
    for entry in entries:
        match = _STATUS.search(entry)
        status = match["status"] if match else ""
        name = entry[: match.start()] if match and ")" in entry[: match.start()] else entry
        people.append((" ".join(name.split()), bool(_ABSENT_STATUS.match(status))))
    return people


def _meeting_line(lines: list[str]) -> int | None:
    dated = [i for i, line in enumerate(lines) if find_date(line)]
    timed = [i for i in dated if find_time(lines[i])]
    return (timed or dated)[0] if dated else None


def parse_header(lines: list[str], meeting: Meeting) -> None:
    """Fill the meeting fields a header gives (committee, date, time, place, participants).

    Only fields still empty are set, so a reader can call it on several candidate headers.

    >>> m = Meeting()
    >>> parse_header(["Teknisk Udvalg", "Onsdag den 1. oktober 2025 - kl. 15:00",
    ...               "Rådhuset, lokale 1", "Deltagere", "Anne Bo (A) - Deltog",
    ...               "Afbud/Fraværende", "Ole Li (V) - Afbud"], m)
    >>> (m.committee, str(m.date), m.time, m.place, m.participants, m.absentees)
    ('Teknisk Udvalg', '2025-10-01', '15:00', 'Rådhuset, lokale 1', ['Anne Bo (A)'], ['Ole Li (V)'])
    """

    lines = [line for line in lines if line]
    index = _meeting_line(lines)
    if index is not None and meeting.date is None:
        meeting.date = find_date(lines[index])
        meeting.time = meeting.time or find_time(lines[index]) or find_time(" ".join(lines))
        meeting.place = meeting.place or _place(lines, index)
    if index is not None and meeting.committee is None:
        meeting.committee = _committee(lines, index)
    for line in lines:
        if match := _KIND_LINE.match(line):
            meeting.kind = "dagsorden" if match["kind"].lower() == "dagsorden" else "referat"
            break
    if meeting.participants or meeting.absentees:
        return
    block: list[str] | None = None
    blocks: list[tuple[bool, list[str]]] = []
    for line in lines:
        if _PRESENT.match(line) or _ABSENT.match(line):
            block = []
            blocks.append((bool(_ABSENT.match(line)), block))
        elif _OTHER_BLOCK.match(line) or _is_furniture(line) or _KIND_LINE.match(line):
            block = None
        elif block is not None:
            block.append(line)
    for absent_block, names in blocks:
        for name, absent in _people(names):
            (meeting.absentees if absent or absent_block else meeting.participants).append(name)


# Words that head a header's fields or pages and never name a committee.
_LABELS = frozenset(
    {
        "mødedato", "dato", "mødested", "sted", "tidspunkt", "tid", "mødetidspunkt", "mødetid",
        "dagsorden", "referat", "beslutningsprotokol", "protokol", "side", "indholdsfortegnelse",
        "indhold", "medlemmer", "deltagere", "fraværende", "afbud", "mødestart", "mødeslut",
        "start", "slut", "bemærkninger", "møde", "mødeleder", "formand", "sekretær", "referent",
        "lokale", "adresse", "punkt", "punkt nr", "punktnr", "sagsnr", "åbent møde",
        "lukket møde", "ekstraordinært møde", "ordinært møde", "åben", "åbent", "lukket",
        "udvalg", "mødenummer", "emne", "titel",
    }
)  # fmt: skip
_BODY = re.compile(
    r"udvalg|bestyrelse|byråd|regionsråd|råd(?:et)?\b|nævn|magistrat|repræsentation|forum"
    r"|komit[eé]|direktion|forsamling|borgmester",
    re.IGNORECASE,
)
_COMMITTEE_FIELD = re.compile(r"^(?:udvalg|udvalgsnavn|forum|organ)\s*:\s*(?P<name>\S.*)$", re.I)
_PLACE_FIELD = re.compile(r"^(?:mødested|sted|lokale)\s*:\s*(?P<place>\S.*)$", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"^(?:mødested|sted)\s*:?$", re.IGNORECASE)
_TIME_ONLY = re.compile(
    r"^(?:kl\.?\s*)?[0-2]?\d[.:][0-5]\d(?:\s*[-–]\s*(?:kl\.?\s*)?[0-2]?\d[.:][0-5]\d)?$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\((?:[A-ZÆØÅ]{1,2}|[a-zæøå][\wæøå ]*)\)\s*(?:[-–].*)?$")


def is_label(line: str) -> bool:
    """Whether a line is only a heading word, page label or column label.

    >>> [is_label(x) for x in ("Mødedato:", "Punkt nr. Side", "Side 2", "Teknisk Udvalg")]
    [True, True, True, False]
    """
    folded = " ".join(line.lower().replace(":", " ").replace(".", " ").split())
    if folded in _LABELS or _PAGE_NUMBER.match(line.strip()):
        return True
    words = folded.split()
    return bool(words) and all(
        word in {"punkt", "nr", "side", "sidetal", "titel"} for word in words
    )


def _committee(lines: list[str], index: int) -> str | None:
    """The header's committee: a labelled field, else the first line naming a deciding body,
    else the nearest line above the date that is neither a heading word nor a person."""
    for line in lines:
        if (field := _COMMITTEE_FIELD.match(line)) and not is_label(field["name"]):
            return field["name"].strip()
    # judged by its canonical form, returned as written: normalisation makes it canonical
    # later, once it knows the organisation the line may name ("REFERAT Aarhus Byråd …")
    candidates: list[tuple[int, str, str]] = []
    for position, line in enumerate(lines[: index + 1]):
        if _is_furniture(line) or is_label(line):
            continue
        name = canonical_committee(line)
        if name and not is_label(name) and len(name) <= 120 and find_date(name) is None:
            candidates.append((position, name, line.strip()))
    named = [line for _, name, line in candidates if _BODY.search(name)]
    if named:
        return named[0]
    above = [
        line for position, name, line in candidates if position < index and not _PERSON.search(name)
    ]
    return above[-1] if above else None


def _place(lines: list[str], index: int) -> str | None:
    """A labelled place ("Mødested: …" or the line after "Mødested"), else the line after the
    date that is not a clock time, heading word or date."""
    for position, line in enumerate(lines):
        if field := _PLACE_FIELD.match(line):
            return field["place"].strip()
        if _PLACE_LABEL.match(line) and position + 1 < len(lines):
            following = lines[position + 1]
            if not is_label(following) and not _is_furniture(following):
                return following
    for line in lines[index + 1 : index + 3]:
        if _TIME_ONLY.match(line.strip()):
            continue
        if _is_furniture(line) or is_label(line) or find_date(line):
            return None
        return re.sub(r"^(?:i|på)\s+", "", line, flags=re.IGNORECASE)
    return None


def _is_furniture(line: str) -> bool:
    """Page numbers, "Referat", "Dato: …" and block labels: header lines that name nothing."""
    return bool(
        _PAGE_NUMBER.match(line)
        or _KIND_LINE.match(line)
        or _PRESENT.match(line)
        or _ABSENT.match(line)
        or _OTHER_BLOCK.match(line)
        or re.match(r"^dato\s*:", line, re.IGNORECASE)
        or SECTION_MARKER.match(line)
    )
