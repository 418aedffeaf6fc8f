"""Plain-text minutes (text copied from a municipality's minutes page): the fallback reader.

Items start with "Punkt N Title"; an optional header gives committee, date, place and
participants; an optional last line "Source URL: …" gives the page the text came from.

>>> meeting = READER.read(b"Punkt 1 Meddelelser\\n\\nBeslutning\\nTaget til efterretning", "x.txt")
>>> [(item.number, item.title, item.decision) for item in meeting.items]
[(1, 'Meddelelser', 'Taget til efterretning')]
"""

from __future__ import annotations

import re

from indexer.danish_dates import find_date, find_time
from indexer.model import Meeting
from indexer.readers.base import ReaderError
from indexer.readers.lines import (
    PUNKT,
    SECTION_MARKER,
    build_item,
    find_items,
    join_url_wraps,
    split_glued_headings,
)
from indexer.readers.textutil import clean_text, decode_bytes, looks_binary

_ITEM_LINE = re.compile(r"^\s*punkt\s+\d+", re.IGNORECASE | re.MULTILINE)
_MARKUP = re.compile(r"^\s*<(?:\?xml|!doctype|html|[a-z][\w:.-]*[\s>/])", re.IGNORECASE)
_SOURCE = re.compile(r"^source\s*url\s*:\s*(?P<url>\S+)\s*$", re.IGNORECASE)
_FOLD = {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"}


def committee_from_slug(url: str, text: str) -> str | None:
    """The committee a minutes URL names, spelled as the text spells it (else from the slug).

    >>> committee_from_slug("http://x.dk/dagsorden/teknik-og-miljoeudvalget-14-05-2019",
    ...                     "Sagen forelægges Teknik- og Miljøudvalget.")
    'Teknik- og Miljøudvalget'
    >>> committee_from_slug("http://x.dk/dagsorden/oekonomiudvalget-1-2-2020", "")
    'Oekonomiudvalget'
    """
    slug = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    slug = re.sub(r"(?:-\d{1,4}){3}$", "", slug)
    words = [word for word in slug.split("-") if word]
    if not words or any(word.isdigit() for word in words):
        return None
    letter = {folded: f"(?:{char}|{folded})" for char, folded in _FOLD.items()}
    patterns = []
    for word in words:
        pattern = re.escape(word)
        for folded, alternative in letter.items():
            pattern = pattern.replace(folded, alternative)
        patterns.append(pattern)
    found = re.search(r"\b" + r"[\s\-]+".join(patterns) + r"\b", text, re.IGNORECASE)
    if found:
        name = " ".join(found.group(0).split())
        return name[0].upper() + name[1:]
    name = " ".join(words)
    return name[0].upper() + name[1:]


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
        before = [line for line in lines[:index] if not _is_furniture(line)]
        if before and meeting.committee is None and find_date(before[-1]) is None:
            meeting.committee = before[-1]
        after = lines[index + 1 : index + 2]
        if after and meeting.place is None and not _is_furniture(after[0]):
            place = re.sub(r"^(?:i|på|sted:|mødested:)\s+", "", after[0], flags=re.IGNORECASE)
            meeting.place = place if not find_date(place) else None
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


class TextReader:
    name = "text"

    def sniff(self, head: bytes, path: str) -> bool:
        if not head or looks_binary(head) or head.lstrip().startswith(b"%PDF-"):
            return False
        text = decode_bytes(head)
        if _MARKUP.match(text.lstrip("\ufeff")):
            return False
        return bool(_ITEM_LINE.search(text))

    def read(self, data: bytes, path: str) -> Meeting:
        if not data.strip():
            raise ReaderError("empty file: no minutes in it")
        if looks_binary(data[:8192]):
            raise ReaderError("binary data, not plain-text minutes")
        lines = clean_text(decode_bytes(data)).split("\n")
        meeting = Meeting(source_path=path, source_format=self.name)
        kept = []
        for line in lines:
            if match := _SOURCE.match(line):
                meeting.source = match["url"]
            else:
                kept.append(line)
        lines = split_glued_headings(join_url_wraps(kept))
        header, raw_items = find_items(lines, (PUNKT,))
        if not raw_items:
            raise ReaderError('no agenda items found (no line like "Punkt 1 Title")')
        parse_header(header, meeting)
        if meeting.source:
            slug = meeting.source.rstrip("/").rsplit("/", 1)[-1]
            meeting.date = meeting.date or find_date(slug)
            meeting.committee = meeting.committee or committee_from_slug(
                meeting.source, "\n".join(lines)
            )
        meeting.items = [build_item(raw) for raw in raw_items]
        return meeting


READER = TextReader()
