"""Page furniture of laid-out minutes (PDF, DOCX): tables of contents and label columns.

Whatever system made the document, a table of contents is a heading ("Indholdsfortegnelse",
or the column labels "Punkt nr." and "Side") followed by entries that end in a page number,
often after dot leaders; it names every item once more and must never become one. A
two-column table of labels and values ("Sagsnr.: | 12/27845") comes out of pdftotext as
the column of labels, then the column of values; pairing them again makes the layouts agree.

>>> strip_table_of_contents(["Referat", "Indholdsfortegnelse", "Punkt nr.", "715.", "Side",
...     "Kulturkommune 2017........2", "", "715. Kulturkommune 2017", "Sagsnr.: 12/1"])
['Referat', '', '715. Kulturkommune 2017', 'Sagsnr.: 12/1']
>>> pair_label_columns(["Sagsnr.:", "Sagen afgøres i:", "", "12/27845", "Byrådet", "", "Resumé"])
['Sagsnr.: 12/27845', 'Sagen afgøres i: Byrådet', '', 'Resumé']
"""

from __future__ import annotations

import re

from indexer.model import Meeting
from indexer.readers.base import ReaderError
from indexer.readers.header import parse_header
from indexer.readers.lines import (
    BARE,
    NUMBERED,
    PUNKT,
    build_item,
    find_items,
    join_url_wraps,
    split_glued_headings,
)
from indexer.readers.sections import canonical_heading

_TOC_HEADING = re.compile(
    r"^(?:indholdsfortegnelse|indhold|dagsordenens punkter|oversigt over punkter)\s*:?$",
    re.IGNORECASE,
)
# column labels of a contents table: "Punkt nr.", "Side", "Punkt nr. Side", "Nr. Titel Side"
_TOC_LABELS = re.compile(
    r"^(?:(?:punkt\s*(?:nr\.?)?|pkt\.?|nr\.?|side(?:tal)?|titel|emne|sag)\s*:?\s*){1,3}$",
    re.IGNORECASE,
)
_LEADER_ENTRY = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,})\s*\d{1,4}\s*$")
_NUMBER_ONLY = re.compile(r"^(?:\d{1,4}\.?|side\s*:?\s*\d*)$", re.IGNORECASE)
MAX_TOC_GAP = 4  # lines of wrapped entry titles between two entries


def _is_toc_entry(line: str) -> bool:
    return bool(_LEADER_ENTRY.search(line))


def strip_table_of_contents(lines: list[str]) -> list[str]:
    """Lines without the table of contents: its heading, column labels and entries.

    The contents end at its last entry (a line ending in a page number after dot leaders)
    that follows the heading without a long run of other text; an entry is what names an
    item a second time, so a contents with no entry at all is left alone.
    """
    out = list(lines)
    index = 0
    while index < len(out):
        line = out[index].strip()
        if not (_TOC_HEADING.match(line) or (_TOC_LABELS.match(line) and "side" in line.lower())):
            index += 1
            continue
        last_entry, gap, cursor = None, 0, index + 1
        while cursor < len(out) and gap <= MAX_TOC_GAP:
            current = out[cursor].strip()
            if _is_toc_entry(current):
                last_entry, gap = cursor, 0
            elif current and not (_TOC_LABELS.match(current) or _NUMBER_ONLY.match(current)):
                gap += 1
            cursor += 1
        if last_entry is None:
            index += 1
            continue
        del out[index : last_entry + 1]
    return out


_LABEL = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ. /-]{1,40}:$")
_LABELLED = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ. /-]{1,40}:\s")
_CASE_LABEL = re.compile(r"^(?:sags?\s*nr|sagsnummer|j\.?\s*nr|journalnr)\.?\s*:$", re.IGNORECASE)


def _is_label(line: str) -> bool:
    return bool(_LABEL.match(line)) and canonical_heading(line) is None and not PUNKT.match(line)


def pair_label_columns(lines: list[str]) -> list[str]:
    """Join labels ("Sagsnr.:") to their values when a table's columns came out one by one.

    A run of labels, then (after blank lines) as many value lines, is a label/value table:
    one label pairs with the value at its position. A single label pairs only when it is
    a case-number label, so "Deltagere:" followed by one name is left for the header.
    """
    out: list[str] = []
    index = 0
    while index < len(lines):
        run_end = index
        while run_end < len(lines) and _is_label(lines[run_end].strip()):
            run_end += 1
        labels = [line.strip() for line in lines[index:run_end]]
        if not labels or (len(labels) == 1 and not _CASE_LABEL.match(labels[0])):
            out.append(lines[index])
            index += 1
            continue
        start = run_end
        while start < len(lines) and not lines[start].strip():
            start += 1
        values = lines[start : start + len(labels)]
        after = start + len(labels)
        fits = len(values) == len(labels) and all(
            value.strip()
            and not _is_label(value.strip())
            and not _LABELLED.match(value.strip())  # "Sagsbehandler: …" is a field of its own
            and canonical_heading(value) is None
            for value in values
        )
        if not fits or (after < len(lines) and lines[after].strip() and len(labels) > 1):
            out.extend(lines[index:run_end])
            index = run_end
            continue
        out.extend(f"{label} {value.strip()}" for label, value in zip(labels, values, strict=True))
        index = after
    return out


# A signature page closes the minutes: what follows is names, never part of the last item.
_SIGNATURES = re.compile(r"^(?:underskriftsside|underskrifter|underskriftsblad)\s*:?$", re.I)


def drop_signature_page(lines: list[str]) -> list[str]:
    """The lines before a signature page ("Underskriftsside" and the members' names).

    >>> drop_signature_page(["Beslutning", "Godkendt", "Underskriftsside", "Anne Bo (A)"])
    ['Beslutning', 'Godkendt']
    """
    for index, line in enumerate(lines):
        if _SIGNATURES.match(line.strip()):
            return lines[:index]
    return lines


def read_laid_out(
    lines: list[str], first_page: list[str] | None, meeting: Meeting, what: str
) -> None:
    """Items and header of a laid-out document's lines (PDF pages, DOCX paragraphs).

    The first page's own header (when pages are known) names committee and date; the
    lines before the first item fill only what it left empty.
    """
    lines = pair_label_columns(strip_table_of_contents(drop_signature_page(lines)))
    lines = split_glued_headings(join_url_wraps(lines))
    header, raw_items = find_items(lines, (PUNKT, BARE, NUMBERED))
    if not raw_items:
        raise ReaderError(f"no agenda items found in the {what}")
    if first_page is not None:
        parse_header(strip_table_of_contents(first_page), meeting)
    parse_header(header, meeting)
    meeting.items = [build_item(raw) for raw in raw_items]
