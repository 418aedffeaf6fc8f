"""eDoc Fujitsu's HTML rendering of an agenda (its XSLT output: ``xslt…`` class names).

The page title says "<Udvalg> - Dagsorden - 2. maj 2017 kl. 10:00"; each item starts with a
``table.xsltTitleTableBegin`` (printed number, title), then ``table.xsltTitleTableEnd``
("Sagsnr.: …", "Sagsbehandler: …", "Åben"/"Lukket"), then ``div.xsltHeader`` headings each
followed by its content ``div``, and "Bilag:" with ``a.xsltAttachment`` links. Items after
the heading "Lukkede sager", or marked "Lukket", are closed: the page carries their full
text, and none of it is read beyond title and decision.
"""

from __future__ import annotations

import re

import lxml.html

from indexer.danish_dates import find_date, find_time
from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Section
from indexer.readers.base import ReaderError
from indexer.readers.markup import (
    element_text,
    heading_name,
    html_to_text,
    is_placeholder,
    parse_html,
    sort_and_check_items,
)
from indexer.readers.sections import canonical_heading, decision_text

_MARKERS = (b"xsltTitleTableBegin", b"xsltAgendaTitle", b"fujitsu.dk/agenda")
_NUMBER = re.compile(r"^(\d{1,4})\.?$")
_CASE = re.compile(r"^sags?\s*nr\.?\s*:\s*(?P<number>\S.*)?$", re.IGNORECASE)


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


class EdocFujitsuHtmlReader:
    name = "edoc-fujitsu-html"

    def sniff(self, head: bytes, path: str) -> bool:
        lowered = head[:4096].lower()
        if b"<html" not in lowered:
            return False
        return any(marker in head for marker in _MARKERS[:2]) or _MARKERS[2] in lowered

    def read(self, data: bytes, path: str) -> Meeting:
        page = parse_html(data)
        meeting = Meeting(source_path=path, source_format=self.name)
        _read_header(page, meeting)
        item: AgendaItem | None = None
        in_closed_part = False
        for element in page.iter("table", "div"):
            classes = _classes(element)
            if "xsltItemsHeader" in classes:
                in_closed_part = element_text(element).lower().startswith("lukke")
            elif "xsltTitleTableBegin" in classes:
                item = _start_item(element, in_closed_part, meeting)
            elif item is None:
                continue
            elif "xsltTitleTableEnd" in classes:
                _read_subtitles(element, item)
            elif "xsltHeader" in classes:
                _read_section(element, item)
        if not meeting.items:
            raise ReaderError("no agenda items (table.xsltTitleTableBegin) on the eDoc page")
        for each in meeting.items:
            each.decision = decision_text(each.sections)
            each.attachment_count = len(each.attachments)
        sort_and_check_items(meeting)
        return meeting


def _read_header(page: lxml.html.HtmlElement, meeting: Meeting) -> None:
    title = element_text(page.find(".//title"))
    parts = [part.strip() for part in title.split(" - ")]
    banner = next(iter(page.find_class("xsltAgendaTitle")), None)
    banner_lines = html_to_text(banner).split("\n") if banner is not None else []
    kind_word = next((p for p in [*parts, *banner_lines] if p.lower() in _KINDS), "")
    meeting.kind = _KINDS.get(kind_word.lower(), "dagsorden")
    named = [p for p in parts if p and p.lower() not in _KINDS and find_date(p) is None]
    named += [line for line in banner_lines if line and line.lower() not in _KINDS]
    meeting.committee = named[0] if named else None
    when = next(iter(page.find_class("xsltDateAndLocation")), None)
    when_text = html_to_text(when) if when is not None else title
    meeting.date = find_date(when_text) or find_date(title)
    meeting.time = find_time(when_text) or find_time(title)
    for line in when_text.split("\n"):
        if line.lower().startswith("mødested:"):
            meeting.place = line.split(":", 1)[1].strip() or None


_KINDS: dict[str, MeetingKind] = {"dagsorden": "dagsorden", "referat": "referat"}


def _start_item(table: lxml.html.HtmlElement, closed: bool, meeting: Meeting) -> AgendaItem | None:
    cells = [element_text(div) for div in table.find_class("xsltTitle")]
    number = next((m[1] for cell in cells if (m := _NUMBER.match(cell))), None)
    title = next((element_text(td) for td in table.find_class("xsltTitleText")), "")
    if number is None:
        meeting.warn(f"an agenda item without a number was skipped ({title[:60]!r})")
        return None
    item = AgendaItem(number=int(number), title=title, closed=closed)
    meeting.items.append(item)
    return item


def _read_subtitles(table: lxml.html.HtmlElement, item: AgendaItem) -> None:
    for div in table.find_class("xsltSubTitle"):
        text = element_text(div)
        if case := _CASE.match(text):
            item.case_number = (case["number"] or "").strip() or None
        elif text.lower() == "lukket":
            item.closed = True


def _read_section(header: lxml.html.HtmlElement, item: AgendaItem) -> None:
    """The heading ``div.xsltHeader`` and the content ``div`` after it (the links after "Bilag")."""
    heading = element_text(header).rstrip(":").strip()
    content = header.getnext()
    if heading.lower() == "bilag":
        while content is not None and content.tag == "div" and not _classes(content):
            for link in content.find_class("xsltAttachment") if not item.closed else ():
                url = (link.get("href") or "").replace("\\", "/") or None
                item.attachments.append(Attachment(element_text(link), url))
            content = content.getnext()
        return
    if content is None or content.tag != "div" or "xsltHeader" in _classes(content):
        return
    name = heading_name(heading) or "Tekst"
    if item.closed and canonical_heading(name) != "Beslutning":
        return  # a closed item's case text is never read, though the page shows it
    text = html_to_text(content)
    if is_placeholder(text):
        text = ""
    if text or canonical_heading(name) == "Beslutning":
        item.sections.append(Section(name, text))


READER = EdocFujitsuHtmlReader()
