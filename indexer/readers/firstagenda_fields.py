"""The HTML of a FirstAgenda item (``Felter[].Html``) as sections, decision and case history.

The publication API gives each item one HTML field. Its markup varies between
committees and years, but what it means does not: a decision box first (an ``h3``
"Beslutning", or for a closed item just its paragraphs), then "Fremstilling" with the
case's sections under ``h2``/``h3``/``h4`` headings, then "Sagens forløb": one entry per
treatment, "DD-MM-YYYY <udvalg>" followed by what that body decided.

>>> sections = item_sections("<h3>Beslutning</h3><span>Godkendt.</span>"
...                          "<h3>Fremstilling</h3><h2>Resume</h2><p>Kort.</p>")
>>> [(s.heading, s.text) for s in sections]
[('Beslutning', 'Godkendt.'), ('Sammendrag', 'Kort.')]
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from indexer.danish_dates import find_date
from indexer.model import Section
from indexer.readers.markup import element_text, heading_name, html_to_text, is_placeholder
from indexer.readers.sections import canonical_heading

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MARK = "\ue000"  # a private-use character: where a heading stood in the rendered text
_HISTORY = frozenset({"sagens forløb", "sagsforløb"})
# "Fraværende: Tina Rottbøll" after a decision names who was absent, it is not the decision
_ABSENT = re.compile(
    r"^(?:fraværende|ikke\s+til\s+stede|afbud)(?:\s+under\s+punktet)?\s*(?::|\bfra\b)\s*",
    re.IGNORECASE,
)
_TREATMENT = re.compile(r"^(?P<date>\d{1,2}-\d{1,2}-\d{4})\s+(?P<committee>\S.*)$")
_NOT_RELEASED = re.compile(r"^beslutning\s+ikke\s+frigivet\.?$", re.IGNORECASE)


def looks_like_heading(wording: str) -> bool:
    """Whether a heading element's words are a heading, not content set in a heading tag.

    >>> [looks_like_heading(w) for w in ("Resume", "Tidsplan", "Kommunikation.", "")]
    [True, True, True, False]
    >>> looks_like_heading("Center for Politik indstiller, at orienteringen tages til efterretning.")
    False
    """
    words = wording.split()
    if not words or not re.search(r"[^\W\d_]", wording):
        return False
    if canonical_heading(wording) is not None:
        return True
    if len(words) > 8 or len(wording) > 80:
        return False
    return not (wording.rstrip().endswith(".") and len(words) > 2)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(
            html,
            create_parent="div",
            parser=lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True),
        )
    except (etree.ParserError, ValueError):
        return None


def item_sections(html: str) -> list[Section]:
    """The sections of an item's HTML, in order; text before any heading is "Tekst".

    Empty sections are dropped, except an empty decision. A heading of no words ends
    the section before it (what follows is "Tekst"); a whole sentence set as a heading
    stays in the text it belongs to.
    """
    root = _parse(html)
    if root is None:
        return []
    _mark_unheaded_decision(root)
    for heading in list(root.iter(*_HEADINGS)):
        wording = element_text(heading)
        if not wording:
            # an empty heading still ends the section before it: what follows is untitled
            heading.tag, heading.text = "p", _MARK + "Tekst"
            continue
        if not looks_like_heading(wording):
            continue
        for child in list(heading):
            heading.remove(child)
        heading.tag, heading.text = "p", _MARK + wording
    text = html_to_text(root)
    sections: list[Section] = []
    for index, part in enumerate(text.split(_MARK)):
        heading, _, body = part.partition("\n") if index else ("", "", part)
        body = "" if is_placeholder(body) else body.strip()
        name = heading_name(heading) if heading else "Tekst"
        if body or canonical_heading(name) == "Beslutning":
            sections.append(Section(name, body))
    return sections


def _mark_unheaded_decision(root: lxml.html.HtmlElement) -> None:
    """A decision without its heading: the first ``p.xsltFirstParagraph`` before any heading.

    FirstAgenda renders a decision field's first paragraph with that class, after an
    ``h3`` "Beslutning" in most years and on its own in others (then preceded only by the
    item's title, repeated).
    """
    headings = [element_text(h) for h in root.iter(*_HEADINGS)]
    if any(canonical_heading(wording) == "Beslutning" for wording in headings):
        return
    for element in root.iter():
        if element.tag in _HEADINGS:
            return
        if "xsltFirstParagraph" in (element.get("class") or "").split():
            marker = lxml.html.Element("p")
            marker.text = _MARK + "Beslutning"
            element.addprevious(marker)
            return


def split_absentees(decision: str) -> tuple[str, list[str]]:
    """A decision without its trailing absentee lines, and the names in them.

    >>> split_absentees("Byrådet godkendte indstillingen.\\n\\nFraværende: Tina Rottbøll")
    ('Byrådet godkendte indstillingen.', ['Tina Rottbøll'])
    """
    lines = decision.split("\n")
    for index, line in enumerate(lines):
        if _ABSENT.match(line.strip()):
            names = " ".join([_ABSENT.sub("", line.strip()), *lines[index + 1 :]])
            found = [n.strip() for n in re.split(r",|\bog\b|\n", names) if n.strip(" .")]
            return "\n".join(lines[:index]).strip(), found
    return decision, []


@dataclass
class Treatment:
    """One entry of "Sagens forløb": a body, a date and what it decided (maybe nothing yet)."""

    date: datetime.date
    committee: str
    decision: str

    def citation(self) -> str:
        """As FirstAgenda's pages cite a treatment; :mod:`indexer.references` parses it."""
        return f"Udvalg: {self.committee}, Dato: {self.date.strftime('%d-%m-%Y')}"


def treatments(text: str) -> list[Treatment]:
    """The entries of a "Sagens forløb" text; "Beslutning ikke frigivet" is no decision.

    >>> [(t.committee, t.decision) for t in treatments(
    ...     "28-03-2022 Økonomiudvalget\\nAnbefales.\\n04-04-2022 Byrådet\\nBeslutning ikke frigivet")]
    [('Økonomiudvalget', 'Anbefales.'), ('Byrådet', '')]
    """
    found: list[Treatment] = []
    for line in text.split("\n"):
        entry = _TREATMENT.match(line.strip())
        date = find_date(entry["date"]) if entry else None
        if entry and date:
            found.append(Treatment(date, entry["committee"].strip(), ""))
        elif found and line.strip() and not _NOT_RELEASED.match(line.strip()):
            joined = f"{found[-1].decision}\n{line.strip()}"
            found[-1].decision = joined.strip()
    return found


def is_history(heading: str) -> bool:
    return heading.strip().lower() in _HISTORY
