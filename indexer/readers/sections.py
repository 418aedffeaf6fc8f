"""Section headings of Danish agenda items, and splitting plain lines into sections.

Minutes from every system use a small family of headings ("Sagsfremstilling",
"Indstilling", "Beslutning", …); their wording varies in case, in a trailing colon
and in the committee named in a decision heading ("Sundheds- og
Forebyggelsesudvalgets beslutning den 04.12.2012"). Text before the first heading,
and text under a heading we do not know, is kept: nothing is swallowed or dropped.

>>> canonical_heading("SAGSFREMSTILLING:")
'Sagsfremstilling'
>>> canonical_heading("Økonomiudvalgets beslutning den 10-04-2013")
'Beslutning'
>>> canonical_heading("Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013")
'Beslutning'
>>> canonical_heading("I lyset af Byrådets beslutning i budgetaftale 2017 om en") is None
True
>>> [s.heading for s in split_sections(["Sammendrag", "Kort.", "Beslutning", "Godkendt"])]
['Sammendrag', 'Beslutning']
>>> canonical_heading("Følgende deltog ikke i behandlingen af punktet:")
'Fraværende ved behandlingen'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.model import Section

#: canonical heading → the lower-case spellings minutes use for it
KNOWN_HEADINGS: dict[str, tuple[str, ...]] = {
    "Beskrivelse": ("beskrivelse",),
    "Tidligere behandling": (
        "tidligere behandling",
        "tidligere behandlinger",
        "punktet behandlet tidligere",
        "sagen har tidligere været behandlet",
        "sagsforløb",
    ),
    "Indhold": ("indhold",),
    "Sammendrag": ("sammendrag", "resume", "resumé", "kort fortalt", "præsentation"),
    "Baggrund": ("baggrund",),
    "Sagsfremstilling": (
        "sagsfremstilling",
        "sagsbeskrivelse",
        "sagen",
        "beskrivelse af sagen",
        "supplerende sagsfremstilling",
    ),
    "Vurdering": ("vurdering", "administrationens vurdering", "forvaltningens vurdering"),
    "Høring": ("høring", "høringssvar"),
    "Lovgrundlag": ("lovgrundlag", "retsgrundlag", "lovgivning"),
    "Økonomiske konsekvenser og finansiering": (
        "økonomiske konsekvenser og finansiering",
        "økonomiske konsekvenser",
        "økonomi",
        "økonomi og finansiering",
        "økonomiske forhold",
        "økonomi og organisatoriske konsekvenser",
        "økonomiske og organisatoriske konsekvenser",
    ),
    "Bilag": ("bilag", "bilagsliste"),
    "Beslutningen træffes af": ("beslutningen træffes af", "beslutningskompetence"),
    "Indstilling": (
        "indstilling",
        "forslag til beslutning",
        "beslutningspunkter",
        "indstillingen",
        "forslag",
        "forvaltningen foreslår",
        "administrationen foreslår",
        "forvaltningen indstiller",
        "administrationen indstiller",
    ),
    "Beslutning": ("beslutning", "beslutninger", "afgørelse"),
    # eDoc minutes end every decision with this label, often with nobody listed after it
    "Fraværende ved behandlingen": (
        "følgende deltog ikke i behandlingen af punktet",
        "følgende deltog ikke i behandlingen",
        "fraværende ved behandlingen",
    ),
}

_LOOKUP = {
    spelling: canonical for canonical, spellings in KNOWN_HEADINGS.items() for spelling in spellings
}

# "<Udvalg>s beslutning den 04.12.2012 [Punkt N]", "Beslutning i Udvalget for Teknik den 10-04-2013"
_DATED_DECISION = re.compile(
    r"^(?:[\wæøåÆØÅ.\- ]+s\s+)?beslutning(?:\s+i\s+[\wæøåÆØÅ.,()\- ]+?)?"
    r"(?:\s+(?:den|d\.)\s+[\d.\-/ a-zæøå]+?)?(?:\s+punkt\s+\d+)?\s*:?$",
    re.IGNORECASE,
)


def canonical_heading(line: str) -> str | None:
    """The canonical name of a section heading line, or None when the line is not one."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 120:
        return None
    key = text.lower()
    if key in _LOOKUP:
        return _LOOKUP[key]
    if "beslutning" in key and _DATED_DECISION.match(text) and _names_an_organ(text):
        return "Beslutning"
    return None


_ORGAN = re.compile(r"udvalg|bestyrelse|råd|nævn|forum|komit|borgmester|direktion", re.IGNORECASE)


def _names_an_organ(text: str) -> bool:
    """Whether the words around "beslutning" name who decided, not a sentence that wrapped.

    >>> _names_an_organ("I lyset af Kommunalbestyrelsens beslutning i budgetaftale 2017 om en")
    False
    >>> _names_an_organ("Beslutning i Udvalget for Teknik den 10-04-2013")
    True
    """
    before, _, after = re.split(r"(beslutning)", text, maxsplit=1, flags=re.IGNORECASE)
    # a committee name is capitalised words joined by "og" ("Sundheds- og Forebyggelsesudvalgets")
    if before.strip() and (
        not _ORGAN.search(before)
        or any(w[0].islower() and w not in ("og", "for") for w in before.split())
    ):
        return False
    place = re.sub(r"\s+(?:den|d\.)\s+.*$|\s+punkt\s+\d+$", "", after, flags=re.IGNORECASE)
    return not place.strip() or bool(_ORGAN.search(place))


def split_sections(lines: Iterable[str], first_heading: str = "Tekst") -> list[Section]:
    """Group lines under the headings that start them.

    Lines before the first heading become a section named ``first_heading``.
    A heading keeps its own wording when it carries information (a dated decision),
    otherwise the canonical name is used. Empty sections are kept: an empty
    "Beslutning" says something.
    """
    sections: list[Section] = []
    heading: str | None = None
    body: list[str] = []

    def flush() -> None:
        text = "\n".join(body).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
        if heading is not None:
            sections.append(Section(heading, text))
        elif text:
            sections.append(Section(first_heading, text))

    for line in lines:
        canonical = canonical_heading(line)
        if canonical is None:
            body.append(line)
            continue
        flush()
        wording = line.strip().rstrip(":").strip()
        heading = canonical if wording.lower() in _LOOKUP else wording
        body = []
    flush()
    return sections


def decision_text(sections: Iterable[Section]) -> str:
    """The text of every decision section, one paragraph each: an item's decision.

    >>> decision_text([Section("Indstilling", "At …"), Section("Beslutning", "Godkendt")])
    'Godkendt'
    """
    return "\n\n".join(
        s.text for s in sections if s.text and canonical_heading(s.heading) == "Beslutning"
    )


def section_kind(heading: str) -> str | None:
    """The canonical kind of a (possibly dated) section heading, for the schema's field mapping."""
    return canonical_heading(heading)
