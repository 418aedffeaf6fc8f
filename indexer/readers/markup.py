"""Helpers shared by the XML and HTML readers: safe parsing, HTML fragments to text, item fields.

Every parser here is XXE-safe: no external entities, no DTD loading, no network.

>>> html_to_text("<p>Center for IT indstiller, at</p><ol><li>Planen&nbsp;godkendes.</li></ol>")
'Center for IT indstiller, at\\n\\n1. Planen godkendes.'
>>> parse_timestamp("04-12-2012 13:00:00")
(datetime.date(2012, 12, 4), '13:00')
"""

from __future__ import annotations

import datetime
import re

import lxml.html
from lxml import etree

from indexer.danish_dates import find_date
from indexer.model import AgendaItem, Meeting, Reference, Section
from indexer.readers.base import ReaderError
from indexer.readers.sections import KNOWN_HEADINGS, canonical_heading
from indexer.readers.textutil import clean_text, decode_bytes

# XML 1.0 forbids these characters even as character references ("&#xC;" in eDoc exports).
_BAD_CHAR_REF = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2\d|3[01]));"
)
_BAD_CHAR = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PROLOG = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*"
    rb"(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*"
    rb"<([\w:.-]+)",
    re.DOTALL,
)
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")
_DATE_LIKE = re.compile(r"\d{4}-\d\d-\d\d|\d{1,2}[.\-/]\d{1,2}[.\-/]\d{4}")
_SPELLINGS = frozenset(spelling for group in KNOWN_HEADINGS.values() for spelling in group)
_PLACEHOLDERS = frozenset({"tomt indhold", "intet indhold", "ingen tekst", "-", "."})


def safe_xml_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _safe_html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def root_tag(head: bytes) -> str | None:
    """The name of the first element of an XML/HTML file, after declarations and comments.

    >>> root_tag(b"<?xml version='1.0'?><!-- x --><Publication>")
    'Publication'
    """
    match = _PROLOG.match(head)
    return match.group(1).decode("ascii", "replace") if match else None


def parse_xml(data: bytes, what: str) -> tuple[etree._Element, list[str]]:
    """Parse XML safely; return the root and warnings. :class:`ReaderError` when nothing is usable.

    Control characters (raw or as character references) are blanked first: eDoc exports
    carry form feeds. A file that is not well-formed is read in recovery mode, with a warning.
    """
    data = _BAD_CHAR.sub(b" ", _BAD_CHAR_REF.sub(b" ", data))
    if not data.strip():
        raise ReaderError(f"empty file: no {what}")
    try:
        return etree.fromstring(data, safe_xml_parser()), []
    except etree.XMLSyntaxError as error:
        first_error = str(error)
    # A wrong or missing encoding declaration: decode ourselves and parse text.
    text = _DECLARATION.sub("", decode_bytes(data), count=1)
    try:
        return etree.fromstring(text.encode("utf-8"), safe_xml_parser()), []
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(data, safe_xml_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise ReaderError(f"not well-formed XML, no {what} could be read: {first_error}")
    return root, [f"the XML is damaged ({first_error}); only what could be recovered was read"]


def parse_html(data: bytes) -> lxml.html.HtmlElement:
    """Parse an HTML page safely, decoding it ourselves (saved pages often lack a charset)."""
    head = data[:2048].decode("ascii", "replace")
    declared = re.search(r"charset=[\"']?([\w-]+)", head, re.IGNORECASE)
    text: str | None = None
    if declared:
        try:
            text = data.decode(declared.group(1).lower().replace("utf-8", "utf-8-sig"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_bytes(data)
    text = _DECLARATION.sub("", text, count=1)
    if not text.strip():
        raise ReaderError("empty HTML file")
    try:
        return lxml.html.document_fromstring(text, parser=_safe_html_parser())
    except (etree.ParserError, ValueError) as error:
        raise ReaderError(f"HTML page could not be parsed: {error}") from error


def element_text(element: etree._Element | None) -> str:
    """All text inside an element, whitespace-normalised to one line."""
    if element is None:
        return ""
    return " ".join(clean_text("".join(element.itertext())).split())


# Elements that start a paragraph (blank line) and those that only start a new line.
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre"}
_LINE = {"div", "li", "tr", "dt", "dd", "section", "article"}
_PARA_BREAK, _LINE_BREAK = "\x02", "\x01"
_BREAKS = re.compile(r"[\x01\x02](?:[ \t\n\u00a0]*[\x01\x02])*")
_SKIP = {"script", "style", "head", "title", "noscript", "template"}


def _list_marker(parent: etree._Element, index: int) -> str:
    if parent.tag != "ol":
        return "- "
    try:
        number = int(parent.get("start", "1")) + index
    except ValueError:
        number = 1 + index
    style = f"{parent.get('type', '')} {parent.get('style', '')}".lower()
    if "alpha" in style or parent.get("type") in ("a", "A"):
        letter = chr(ord("A") + (number - 1) % 26)
        return f"{letter if 'upper' in style or parent.get('type') == 'A' else letter.lower()}. "
    return f"{number}. "


def _render(element: etree._Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP:
        return
    if tag == "br":
        out.append("\n")
        return
    if tag in _PARAGRAPH:
        out.append(_PARA_BREAK)
    elif tag in _LINE:
        out.append(_LINE_BREAK)
    if tag == "li":
        # The marker goes before the item's first words, even when they sit in a <p>.
        inner: list[str] = []
        _render_children(element, inner)
        parent = element.getparent()
        index = (
            [child for child in parent if child.tag == "li"].index(element)
            if parent is not None
            else 0
        )
        marker = _list_marker(parent, index) if parent is not None else "- "
        body = _BREAKS.sub(_merge_breaks, "".join(inner)).strip()
        out.append(_LINE_BREAK + marker + body + _LINE_BREAK)
        return
    _render_children(element, out)
    if tag in _PARAGRAPH:
        out.append(_PARA_BREAK)
    elif tag in _LINE:
        out.append(_LINE_BREAK)


def _render_children(element: etree._Element, out: list[str]) -> None:
    if element.text and isinstance(element.tag, str):
        out.append(re.sub(r"\s+", " ", element.text))
    for child in element:
        _render(child, out)
        if child.tail:
            out.append(re.sub(r"\s+", " ", child.tail))


def html_to_text(fragment: str | etree._Element) -> str:
    """An HTML fragment as plain text: paragraphs apart, list items and divs on their own lines.

    >>> html_to_text("<div>Udvalg: Magistraten</div><div> Punktnummer: 12</div>")
    'Udvalg: Magistraten\\nPunktnummer: 12'
    """
    if isinstance(fragment, str):
        if not fragment.strip():
            return ""
        try:
            root = lxml.html.fragment_fromstring(
                fragment, create_parent="div", parser=_safe_html_parser()
            )
        except (etree.ParserError, ValueError):
            return clean_text(re.sub(r"<[^>]*>", " ", fragment))
    else:
        root = fragment
    out: list[str] = []
    _render(root, out)
    text = _BREAKS.sub(_merge_breaks, "".join(out))
    return re.sub(r"\n{3,}", "\n\n", clean_text(text))


def _merge_breaks(match: re.Match[str]) -> str:
    # Adjacent block ends and starts make one break, a blank line if any block was a paragraph.
    return "\n\n" if _PARA_BREAK in match.group(0) else "\n"


def is_placeholder(text: str) -> bool:
    """Whether a field's text says nothing: empty, "Tomt indhold", only punctuation.

    >>> [is_placeholder(t) for t in ("Tomt indhold", " . ", "Ingen")]
    [True, True, False]
    """
    stripped = text.strip()
    return stripped.lower().rstrip(".") in _PLACEHOLDERS or not re.search(r"\w", stripped)


def heading_name(caption: str) -> str:
    """The heading a field caption stands for: canonical when known, else sentence case.

    A decision caption naming who decided keeps that wording, as in ``split_sections``.

    >>> heading_name("BESLUTNING")
    'Beslutning'
    >>> heading_name("PUNKTET BEHANDLET TIDLIGERE")
    'Tidligere behandling'
    >>> heading_name("FORRETNINGSUDVALGETS BESLUTNING")
    'Forretningsudvalgets beslutning'
    >>> heading_name("BORGMESTERENS AFDELINGS PÅTEGNING")
    'Borgmesterens afdelings påtegning'
    """
    caption = " ".join(caption.split()).rstrip(":").strip()
    canonical = canonical_heading(caption)
    if canonical is not None and caption.lower() in _SPELLINGS:
        return canonical
    if caption.isupper():
        return caption[:1] + caption[1:].lower()
    return caption


def parse_timestamp(text: str) -> tuple[datetime.date | None, str | None]:
    """A date and "HH:MM" time from a system timestamp ("15-05-2013 16:30:00", ISO, Danish)."""
    date = find_date(text)
    # Blank the date first so its digits ("04.12" of "04.12.2012") are not read as a time.
    clock = _CLOCK.search(_DATE_LIKE.sub(" ", text))
    time = f"{int(clock.group(1)):02d}:{clock.group(2)}" if clock else None
    return date, time


def fill_from_sections(item: AgendaItem) -> None:
    """Decision, decided-by and earlier treatments of an item, taken from its sections."""
    decisions = [s.text for s in item.sections if canonical_heading(s.heading) == "Beslutning"]
    item.decision = "\n\n".join(text for text in decisions if text)
    for section in item.sections:
        kind = canonical_heading(section.heading)
        if kind == "Beslutningen træffes af" and section.text and item.decided_by is None:
            item.decided_by = " ".join(section.text.split())
        elif kind == "Tidligere behandling":
            item.references.extend(
                Reference(text=line.strip()) for line in section.text.splitlines() if line.strip()
            )


def sort_and_check_items(meeting: Meeting) -> None:
    """Put items in number order (numbering and missing metadata are checked later, once)."""
    meeting.items.sort(key=lambda item: item.number)


def plain_section(heading: str, text: str) -> Section:
    """A section whose placeholder text ("Tomt indhold", ".") is made empty."""
    return Section(heading, "" if is_placeholder(text) else text)
