"""Plain-text minutes (text copied from a municipality's minutes page): the fallback reader.

Items start with "Punkt N Title"; an optional header gives committee, date, place and
participants; an optional last line "Source URL: …" gives the page the text came from.

>>> meeting = READER.read(b"Punkt 1 Meddelelser\\n\\nBeslutning\\nTaget til efterretning", "x.txt")
>>> [(item.number, item.title, item.decision) for item in meeting.items]
[(1, 'Meddelelser', 'Taget til efterretning')]
"""

from __future__ import annotations

import re

from indexer.danish_dates import find_date
from indexer.model import Meeting
from indexer.readers.base import ReaderError
from indexer.readers.header import parse_header
from indexer.readers.lines import (
    PUNKT,
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
