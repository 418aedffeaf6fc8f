"""Minutes as lines of plain text: line repairs, item headings and items, shared by text and PDF.

Text copied from minutes pages and text extracted from PDFs look alike: an item starts
with a heading line ("Punkt 2 Meddelelser", "2. Meddelelser", or "2." alone with the title
below), its title may wrap over a few lines, and section headings are plain lines.

>>> raw = find_items(["Punkt 1 Meddelelser", "", "Beslutning", "Taget til efterretning"])[1]
>>> item = build_item(raw[0])
>>> (item.number, item.title, item.decision)
(1, 'Meddelelser', 'Taget til efterretning')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.model import AgendaItem, Attachment, Reference, Section
from indexer.readers.sections import canonical_heading, split_sections
from indexer.readers.titles import ends_title, leading_case_number, split_heading_at_case_number

#: item heading styles, tried in this order by readers that accept several
PUNKT = re.compile(r"^punkt\s+(?P<num>\d{1,4})\b\s*[:.)]?\s*(?P<rest>.*)$", re.IGNORECASE)
BARE = re.compile(r"^(?P<num>\d{1,4})\.(?P<rest>)$")
NUMBERED = re.compile(r"^(?P<num>\d{1,4})\.\s+(?P<rest>\S.*)$")

_CLOSED = re.compile(r"^(?:lukket(?:\s+punkt)?\b|\(lukket\))\s*[:\-–]?\s*", re.IGNORECASE)
_TITLE_START = re.compile(r"^[\"'“„«(]?[A-ZÆØÅÉÜ0-9§]")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…|\s{2,}|\t)\s*\d+$")
_METADATA = re.compile(
    r"^(?:sags?\s*nr|sagsnummer|dok(?:ument)?\.?\s*nr|j\.?\s*nr|journalnr|sagsid)\b", re.IGNORECASE
)
_CASE_NUMBER = re.compile(
    r"^(?:sags?\s*nr|sagsnummer)\.?\s*:?\s*(?P<number>\S*\d\S*)", re.IGNORECASE
)
_REFERENCE = re.compile(r"\bden\s+\d{1,2}\.\s*[a-zæøå]+\s+\d{4},?\s+punkt\s+\d+", re.IGNORECASE)
SECTION_MARKER = re.compile(
    r"^(?P<kind>åben|åbent|åbne|lukket|lukkede)\s+(?:referat|dagsorden|møde|del|punkter|sager)$",
    re.IGNORECASE,
)
_COUNT = re.compile(r"^(?P<count>\d+)\s+bilag\b", re.IGNORECASE)
_DOC_PREFIX = re.compile(r"^\d{4}\s*[-–]\s*\d+\s+-\s+")
# a numbered attachment list ("1 Åben Opsamlingsnotat …"): number and access column go
_NUMBERED_ATTACHMENT = re.compile(r"^\d{1,3}[.)]?\s+(?:(?:åben|åbent|lukket|offentlig)\s+)?", re.I)
_NO_ATTACHMENTS = re.compile(r"^(?:ingen|intet|ingen bilag)\.?$", re.IGNORECASE)
_URL_END = re.compile(r"(?:https?://|www\.)\S+$")
_URL_CONTINUATION = re.compile(r"^[a-z0-9][^\s]*[\-/?=&_%#][^\s]*$|^[a-z0-9][^\s]*[\-/?=&_%#]?$")
GLUED_LIST_NUMBER = re.compile(r"^(?P<text>.*\S)(?P<space> ?)(?P<num>[1-9]\d?)\.$")
# A heading glued after a sentence's end: it holds no [.!?], so it starts after the last one.
_GLUED_HEADING = re.compile(r"(?<=[a-zæøå0-9)\"”][.!?])[A-ZÆØÅ][^.!?]*$")
_ABBREVIATIONS = {"nr.", "stk.", "pkt.", "kap.", "jf.", "jfr.", "pr.", "ca.", "kl.", "bl.a.", "nr"}
MAX_TITLE_LINES = 4
MAX_GAP = 20


def join_url_wraps(lines: list[str]) -> list[str]:
    """Join a URL broken over lines by the page width.

    >>> join_url_wraps(["se https://x.dk/at-indgaa-aftal", "er-truer-med-at-opsige-", "Tak."])
    ['se https://x.dk/at-indgaa-aftaler-truer-med-at-opsige-', 'Tak.']
    """
    out: list[str] = []
    for line in lines:
        if (
            out
            and _URL_END.search(out[-1])
            and line
            and " " not in line
            and re.search(r"[\-/?=&_%#]", line)
            and _URL_CONTINUATION.match(line)
        ):
            out[-1] += line
        else:
            out.append(line)
    return out


def split_glued_headings(lines: list[str]) -> list[str]:
    """Split a section heading glued to the end of the sentence before it.

    >>> split_glued_headings(["på medarbejdere.Bilag", "1 bilag"])
    ['på medarbejdere.', 'Bilag', '1 bilag']
    """
    out: list[str] = []
    for line in lines:
        match = _GLUED_HEADING.search(line)
        if match and canonical_heading(match[0]) is not None:
            out.extend([line[: match.start()], match[0]])
        else:
            out.append(line)
    return out


def glued_list_number(line: str, expected: int) -> tuple[int, str] | None:
    if not (line.endswith(".") and line[-2:-1].isdigit()):
        return None  # what GLUED_LIST_NUMBER needs, checked without running it on every line
    match = GLUED_LIST_NUMBER.match(line)
    if not match:
        return None
    number, text = int(match["num"]), match["text"].rstrip()
    if number not in (expected, 1):
        return None
    before = text[-1]
    if match["space"]:
        # "drift. 2." is an entry number; "punkt 2." and "stk. 2." are not
        last_word = text.split()[-1].lower()
        if before not in ".:;!?)" or last_word in _ABBREVIATIONS or len(last_word) <= 3:
            return None
    elif (
        before.isdigit()
        or before == "§"
        or (before == "," and text[-2:-1].isdigit())
        or (before.isupper() and text[-2:-1].isupper())
    ):
        return None  # "1,1." "CO2." are numbers, not list entries
    return number, text


def strip_list_numbers(lines: list[str]) -> list[str]:
    """Move list numbers glued to the end of an entry's first line to its start.

    Web pages flattened to text put the number of an ordered list after the entry's
    first line; a number counts only when it continues the list (or starts a new one).

    >>> strip_list_numbers(["har drøftet1.", "sagen.", "Virksomhedsbesøg.2.", "for 2018.3.",
    ...                     "idet 90 pct.", "tages til efterretning. 4.", "jf. punkt 5."])
    ['1. har drøftet', 'sagen.', '2. Virksomhedsbesøg.', '3. for 2018.', 'idet 90 pct.', \
'4. tages til efterretning.', 'jf. punkt 5.']
    """
    out: list[str] = []
    expected = 1
    for line in lines:
        found = glued_list_number(line, expected)
        if found is None:
            out.append(line)
            continue
        number, text = found
        out.append(f"{number}. {text}")
        expected = number + 1
    return out


def join_false_headings(lines: list[str]) -> list[str]:
    """Join a heading word to the next line when that line goes on in lower case.

    A wrapped table cell or sentence can leave "Forslag" alone on a line; a real
    heading is followed by a new sentence, a number or a blank line.

    >>> join_false_headings(["Forslag", "til nyt budget", "Beslutning", "Godkendt"])
    ['Forslag til nyt budget', 'Beslutning', 'Godkendt']
    """
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and canonical_heading(out[-1]) is not None:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


@dataclass
class RawItem:
    """An item heading and the lines of its body, before sections are made."""

    number: int
    title: str
    closed: bool
    start: int
    title_end: int
    body: list[str] = field(default_factory=list)


def _title_lines(lines: list[str], start: int, first: str) -> tuple[list[str], int]:
    """The title's lines from ``start`` on (after a heading's own text ``first``) and the end."""
    parts = [first] if first else []
    index = start
    if not parts:  # a bare "2." has its title on the next non-empty line
        while index < len(lines) and not lines[index] and index - start < 3:
            index += 1
    while index < len(lines) and len(parts) < MAX_TITLE_LINES:
        line = lines[index]
        if (
            not line
            or canonical_heading(line) is not None
            or _METADATA.match(line)
            or _REFERENCE.search(line)
            or any(style.match(line) for style in (PUNKT, BARE))
            or _next_heading(line)
            or SECTION_MARKER.match(line)
            or (parts and ends_title(line))
        ):
            break
        parts.append(line)
        index += 1
    return parts, index


def _candidate(lines: list[str], index: int, style: re.Pattern[str]) -> RawItem | None:
    match = style.match(lines[index])
    if not match:
        return None
    rest = match["rest"].strip()
    closed = bool(_CLOSED.match(rest))
    rest = _CLOSED.sub("", rest)
    # a title starts in upper case, unless a case number right below says it is one
    lower_ok = bool(rest) and _metadata_next(lines, index + 1)
    if rest and ((not _TITLE_START.match(rest) and not lower_ok) or _TOC_ENTRY.search(rest)):
        return None
    parts, end = _title_lines(lines, index + 1, rest)
    if style is NUMBERED and index > 0 and lines[index - 1] and not _structure_follows(lines, end):
        return None  # inside a paragraph, "2. Title" is a list entry unless case data follows
    title = " ".join(" ".join(parts).split())
    if not title or len(title) > 300 or not (_TITLE_START.match(title) or lower_ok):
        return None
    return RawItem(int(match["num"]), title, closed, index, end)


def _next_heading(line: str) -> bool:
    """A "N. Title" line starts the next item; "2. behandling" of a wrapped title does not."""
    numbered = NUMBERED.match(line)
    return bool(numbered and _TITLE_START.match(numbered["rest"]))


def _metadata_next(lines: list[str], start: int) -> bool:
    following = next((line for line in lines[start : start + 3] if line), "")
    return bool(_METADATA.match(following))


def _structure_follows(lines: list[str], start: int) -> bool:
    """Whether a case number, reference or section heading follows within a few lines."""
    following: list[str] = []
    for line in lines[start : start + 6]:
        # another item heading or a part marker ("Åbne sager") ends what belongs to this one
        if SECTION_MARKER.match(line) or any(s.match(line) for s in (PUNKT, BARE, NUMBERED)):
            break
        if line:
            following.append(line)
    following = following[:3]
    return any(
        _METADATA.match(line) or _REFERENCE.search(line) or canonical_heading(line)
        for line in following
    )


def _content_lines(lines: list[str]) -> int:
    return sum(1 for line in lines if line and not line.isdigit())


def find_items(
    lines: list[str], styles: tuple[re.Pattern[str], ...] = (PUNKT,)
) -> tuple[list[str], list[RawItem]]:
    """The lines before the first item, and the items, with the first heading style that has any.

    Item numbers must increase; a line like "Punkt 1 er ikke behandlet, …" inside a
    decision is no heading. When numbering starts again after items with (almost) no
    body, those were a table of contents and are dropped.
    """
    lines = split_heading_at_case_number(lines)
    for style in styles:
        header, items = _find_items(lines, style)
        if items:
            return header, items
    return lines, []


def _find_items(lines: list[str], style: re.Pattern[str]) -> tuple[list[str], list[RawItem]]:
    found = [c for i in range(len(lines)) if (c := _candidate(lines, i, style)) is not None]
    accepted: list[RawItem] = []
    for position, candidate in enumerate(found):
        if not accepted:
            accepted.append(candidate)
            continue
        last = accepted[-1]
        if candidate.number > last.number:
            later = [c.number for c in found[position + 1 :]]
            skipped = any(last.number < n < candidate.number for n in later)
            if candidate.number - last.number <= MAX_GAP and not skipped:
                accepted.append(candidate)
            continue
        nexts = [*accepted[1:], candidate]
        bodies = [
            lines[item.title_end : nxt.start] for item, nxt in zip(accepted, nexts, strict=True)
        ]
        restarts = candidate.number <= accepted[0].number
        if restarts and all(_content_lines(body) <= 2 for body in bodies):
            accepted = [candidate]  # the earlier run was a table of contents
    if not accepted:
        return lines, []
    ends = [item.start for item in accepted[1:]] + [len(lines)]
    closed_from = _closed_marker_positions(lines, accepted[0].start)
    for item, end in zip(accepted, ends, strict=True):
        item.body = lines[item.title_end : end]
        item.closed = item.closed or closed_from(item.start)
    return lines[: accepted[0].start], accepted


@dataclass
class _ClosedAt:
    markers: list[tuple[int, bool]]

    def __call__(self, position: int) -> bool:
        state = False
        for index, closed in self.markers:
            if index < position:
                state = closed
        return state


def _closed_marker_positions(lines: list[str], first_item: int) -> _ClosedAt:
    # markers before the first item belong to a table of contents, not to the items
    markers = [
        (index, match["kind"].lower().startswith("luk"))
        for index, line in enumerate(lines)
        if index > first_item and (match := SECTION_MARKER.match(line))
    ]
    return _ClosedAt(markers)


def _resume_after_attachments(sections: list[Section]) -> list[Section]:
    """Give text that follows a "Bilag" count back to the section it interrupted."""
    out: list[Section] = []
    for section in sections:
        paragraphs = re.split(r"\n\s*\n", section.text, maxsplit=1)
        previous = next((s.heading for s in reversed(out) if s.heading != "Bilag"), None)
        if section.heading == "Bilag" and len(paragraphs) == 2 and previous is not None:
            rest = paragraphs[1].strip()
            # document numbers of a listed column ("222359/12") have no letters: not prose
            looks_listed = all(
                _DOC_PREFIX.match(line) or _COUNT.match(line) or not re.search(r"[^\W\d_]", line)
                for line in rest.splitlines()
                if line
            )
            if rest and not looks_listed:
                out.append(Section("Bilag", paragraphs[0].strip()))
                out.append(Section(previous, rest))
                continue
        out.append(section)
    return out


def _attachments(text: str) -> tuple[int, list[Attachment]]:
    count = 0
    attachments: list[Attachment] = []
    for line in text.splitlines():
        if not line or _NO_ATTACHMENTS.match(line):
            continue
        if match := _COUNT.match(line):
            count += int(match["count"])
        elif _NUMBERED_ATTACHMENT.match(line):
            attachments.append(Attachment(_NUMBERED_ATTACHMENT.sub("", line)))
        elif _DOC_PREFIX.match(line) or not attachments:
            attachments.append(Attachment(_DOC_PREFIX.sub("", line)))
        else:  # a title wrapped over two lines
            attachments[-1].title += " " + line
    return count, attachments


def build_item(raw: RawItem) -> AgendaItem:
    """An :class:`AgendaItem` from a heading and its body lines (sections, decision, …)."""
    body = join_false_headings(strip_list_numbers(raw.body))
    sections = _resume_after_attachments(split_sections(body))
    sections = [s for s in sections if s.heading != "Indhold" or s.text]
    item = AgendaItem(number=raw.number, title=raw.title, closed=raw.closed, sections=sections)
    decisions = []
    for section in sections:
        kind = canonical_heading(section.heading) or section.heading
        if kind == "Beslutning" and section.text:
            decisions.append(section.text)
        elif kind == "Beslutningen træffes af" and section.text and item.decided_by is None:
            item.decided_by = " ".join(section.text.split())
        elif kind == "Tidligere behandling":
            item.references += [Reference(line) for line in section.text.splitlines() if line]
        elif kind == "Bilag":
            count, attachments = _attachments(section.text)
            item.attachment_count += count
            item.attachments += attachments
    if raw.closed and not decisions and sections and sections[0].heading == "Tekst":
        # a closed item prints only its decision, often without a heading
        lead = []
        for line in sections[0].text.splitlines():
            case, rest = leading_case_number(line)
            item.case_number = item.case_number or case
            if not _METADATA.match(rest):
                lead.append(rest)
        decision = "\n".join(lead).strip()
        if decision:
            sections.append(Section("Beslutning", decision))
            decisions.append(decision)
    item.decision = "\n\n".join(decisions)
    item.attachment_count = max(item.attachment_count, len(item.attachments))
    if sections and sections[0].heading == "Tekst":
        lead = sections[0].text.split("\n\n")[0].splitlines()
        for line in lead:
            if (match := _CASE_NUMBER.match(line)) and item.case_number is None:
                item.case_number = match["number"]
            elif _REFERENCE.search(line) and not _METADATA.match(line):
                item.references.append(Reference(line))
    return item
