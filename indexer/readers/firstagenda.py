"""FirstAgenda Publication pages (HTML saved after the page's scripts ran).

The header table (``table.dagsordeninfo``) gives committee, date and place; each item is
a ``tr.punktrow`` with its number in ``span.label``, title in ``h2.overskrift``, case number
in ``span.sagsnummer``, sections as ``h3`` + ``span.resume`` ("Beslutninger" first) and
attachments as ``a.bilag-link``. "Sagsforløb" lists earlier treatments as
"Udvalg: … / Dato: … / Punktnummer: …" followed by what was decided there.
"""

from __future__ import annotations

import re

import lxml.html

from indexer.danish_dates import find_date, find_time
from indexer.model import AgendaItem, Attachment, Meeting, MeetingKind, Reference, Section
from indexer.readers.base import ReaderError
from indexer.readers.markup import (
    element_text,
    fill_from_sections,
    heading_name,
    html_to_text,
    is_placeholder,
    parse_html,
    sort_and_check_items,
)
from indexer.readers.sections import canonical_heading

# Class names and localisation keys only FirstAgenda's publication pages carry; the
# items themselves may lie beyond the bytes a sniffer sees, behind a long script.
_MARKERS = (b"punktrow", b"dagsordeninfo", b"firstagenda", b"Meeting_Closed_Item")
_TREATMENT_FIELD = re.compile(r"^(Udvalg|Dato|Punktnummer|Punkt)\s*:\s*(.*)$", re.IGNORECASE)
# "Udvalg: Aarhus Byråd" in a case history names the municipality's own council.
_COUNCIL = re.compile(r"^Udvalg:\s*(\w[\w -]*?)\s+(?:Byråd|Kommunalbestyrelse)\s*$", re.MULTILINE)
_LOGO = re.compile(r"/([a-zæøå-]+)_logo\.\w+$", re.IGNORECASE)
# what a browser writes at the top of a page it saves ("Save as…")
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


class FirstAgendaReader:
    name = "firstagenda-html"

    def sniff(self, head: bytes, path: str) -> bool:
        """HTML with FirstAgenda's item rows, header table, API address or localisation keys."""
        lowered = head[:2048].lower()
        if b"<html" not in lowered and b"<!doctype html" not in lowered:
            return False
        return any(marker in head for marker in _MARKERS)

    def read(self, data: bytes, path: str) -> Meeting:
        page = parse_html(data)
        rows = [row for row in page.find_class("punktrow") if row.tag == "tr"]
        if not rows:
            raise ReaderError(
                "no agenda items (tr.punktrow) on the page: not a FirstAgenda meeting"
            )
        meeting = Meeting(source_path=path, source_format=self.name)
        if b"</html>" not in data[-4096:].lower():
            # HTML parsing never fails on a cut-off file: say that the last item may be partial.
            meeting.warn("the page does not end with </html>: it may be cut off")
        _read_header(page, meeting)
        meeting.source = _page_address(page, data)
        for row in rows:
            item = _read_item(row, meeting)
            if item is not None:
                meeting.items.append(item)
        if not meeting.items:
            raise ReaderError("no agenda item on the page has a number")
        meeting.kind = _kind(page, meeting)
        if organisation := _organisation(page, meeting):
            meeting.guess("organisation", *organisation)
        sort_and_check_items(meeting)
        return meeting


def _first(
    page: lxml.html.HtmlElement, css_class: str, inside: lxml.html.HtmlElement | None = None
) -> str:
    for scope in (inside, page):
        if scope is not None:
            for element in scope.find_class(css_class):
                if text := element_text(element):
                    return text
    return ""


def _read_header(page: lxml.html.HtmlElement, meeting: Meeting) -> None:
    info = next(iter(page.find_class("dagsordeninfo")), None)
    meeting.committee = _first(page, "udvalg", info) or None
    when = _first(page, "dato", info)
    meeting.date, meeting.time = find_date(when), find_time(when)
    meeting.place = _first(page, "sted", info) or None
    for cell in page.find_class("deltagere"):
        for line in html_to_text(cell).split("\n"):
            if line.strip():
                absent = "afbud" in line.lower() or "fraværende" in line.lower()
                (meeting.absentees if absent else meeting.participants).append(line.strip())


def _page_address(page: lxml.html.HtmlElement, data: bytes) -> str | None:
    """Where the page was published, when it says so: its ``<base>``, canonical link or
    og:url, or the "saved from" note a browser writes into a saved page. Attachment links
    are relative to it (``/vis/pdf/bilag/…``); without it the manifest's ``source`` must
    name the site.

    >>> _page_address(parse_html(b"<html><head></head></html>"),
    ...     b"<!-- saved from url=(0043)https://dagsordener.aarhus.dk/vis?id=7 -->")
    'https://dagsordener.aarhus.dk/vis?id=7'
    """
    candidates = [
        *page.xpath("//base/@href"),
        *page.xpath("//link[@rel='canonical']/@href"),
        *page.xpath("//meta[@property='og:url']/@content"),
    ]
    if saved := _SAVED_FROM.search(data[:4096]):
        candidates.append(saved.group(1).decode("ascii", "ignore"))
    for candidate in candidates:
        address = str(candidate).strip()
        if address.lower().startswith(("http://", "https://")):
            return address
    return None


def _kind(page: lxml.html.HtmlElement, meeting: Meeting) -> MeetingKind:
    headline = " ".join(
        element_text(element) for element in page.find_class("dato") if element.tag == "h1"
    ).lower()
    for button in page.xpath("//input[@type='button']/@value"):
        headline += " " + str(button).lower()
    if "referat" in headline:
        return "referat"
    if "dagsorden" in headline:
        return "dagsorden"
    return "referat" if any(item.decision for item in meeting.items) else "dagsorden"


def _organisation(page: lxml.html.HtmlElement, meeting: Meeting) -> tuple[str, str] | None:
    """The municipality and where the page names it: its council in a case history, its logo.

    The page states no publisher, so either is a guess (``Meeting.guessed``).
    """
    for item in meeting.items:
        for reference in item.references:
            citation = reference.text.split(",")[0]
            if council := _COUNCIL.match(citation):
                return council.group(1).strip(), f"text: '{citation}'"
    for source in page.xpath("//img/@src"):
        if logo := _LOGO.search(str(source)):
            return logo.group(1).replace("-", " ").title(), f"logo: {source}"
    return None


def _read_item(row: lxml.html.HtmlElement, meeting: Meeting) -> AgendaItem | None:
    labels = [
        element_text(label)
        for label in row.find_class("label")
        if "pdf-label" not in (label.get("class") or "")
    ]
    number_text = next((label for label in labels if label.isdigit()), "")
    title = _first(row, "overskrift")
    if not number_text:
        meeting.warn(f"an agenda item without a number was skipped ({title[:60]!r})")
        return None
    item = AgendaItem(number=int(number_text), title=title, closed=_is_closed(row, title))
    if not title:
        meeting.warn(f"item {item.number} has no title")
    item.case_number = _first(row, "sagsnummer") or None
    details = next(iter(row.find_class("punkt")), None)
    if details is None:
        details = next(iter(row.find_class("details")), None)
    item.sections = _sections(details) if details is not None else []
    fill_from_sections(item)
    for section in item.sections:
        if canonical_heading(section.heading) == "Tidligere behandling":
            treatments = _treatments(section.text)
            if treatments:
                item.references = [Reference(text=text) for text in treatments]
    for link in row.find_class("bilag-link"):
        item.attachments.append(Attachment(title=element_text(link), url=link.get("href") or None))
    item.attachment_count = len(item.attachments)
    return item


def _is_closed(row: lxml.html.HtmlElement, title: str) -> bool:
    if title.lower().startswith("lukket"):
        return True
    classes = (row.get("class") or "").lower()
    if "lukket" in classes or "closed" in classes:
        return True
    return any(
        (element.text or "").strip().lower().rstrip(".:") == "lukket punkt"
        for element in row.iter()
    )


def _sections(details: lxml.html.HtmlElement) -> list[Section]:
    """Each ``h3`` with the content after it, up to the next heading; nested containers skip."""
    sections: list[Section] = []
    for heading in details.iter("h3"):
        parts: list[str] = []
        sibling = heading.getnext()
        while sibling is not None and sibling.tag != "h3":
            if sibling.find(".//h3") is not None or sibling.find_class("bilag-link"):
                break
            parts.append(html_to_text(sibling))
            sibling = sibling.getnext()
        text = "\n".join(part for part in parts if part)
        wording = element_text(heading)
        if is_placeholder(text):
            text = ""
        if not wording and not text:
            continue
        if wording.lower() == "bilag" and sibling is not None and sibling.find_class("bilag-link"):
            continue
        sections.append(Section(heading_name(wording) if wording else "Tekst", text))
    if not sections and (text := html_to_text(details)):
        sections.append(Section("Tekst", text))
    return sections


def _treatments(text: str) -> list[str]:
    """One line per earlier treatment: "Udvalg: X, Dato: D, Punktnummer: N".

    >>> _treatments("Udvalg: Magistraten\\nDato: 02-09-2025\\nPunktnummer: 12\\nFremsendes.")
    ['Udvalg: Magistraten, Dato: 02-09-2025, Punktnummer: 12']
    """
    treatments: list[list[str]] = []
    for line in text.split("\n"):
        field = _TREATMENT_FIELD.match(line.strip())
        if field is None:
            continue
        if field.group(1).lower() == "udvalg" or not treatments:
            treatments.append([])
        treatments[-1].append(f"{field.group(1)}: {field.group(2).strip()}")
    return [", ".join(fields) for fields in treatments]


READER = FirstAgendaReader()
