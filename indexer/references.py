"""Earlier treatments ("Tidligere behandling", "Sagsforløb") and case numbers, parsed.

A citation names a committee, a date and one or more item numbers, in whatever
order and punctuation the publishing system uses:

>>> ref = parse_reference("Social- og Sundhedsudvalget den 14. august 2018 Punkt 7")
>>> ref.committee, ref.date, ref.numbers
('Social- og Sundhedsudvalget', datetime.date(2018, 8, 14), [7])
>>> parse_reference("Udvalg: Aarhus Byråd, Dato: 27-08-2025, Punktnummer: 10").committee
'Byrådet'
>>> find_case_numbers("Sagsnr.: 2011-29298\\nDok.nr.: 2012-203438")
['2011-29298']

Whatever cannot be parsed stays None / empty; the raw text is always kept.
"""

from __future__ import annotations

import re

from indexer.committees import CommitteeRegistry, canonical_committee
from indexer.danish_dates import find_date
from indexer.model import Reference

_LEAD = re.compile(
    r"^\s*(?:(?:tidligere\s+behandling(?:er)?|sagsforløb|behandling)\s*:?\s*)?"
    r"(?:(?:sagen\s+(?:har\s+)?(?:tidligere\s+)?(?:været\s+|er\s+|blev\s+)?)?"
    r"(?:tidligere\s+)?behandlet\s+(?:i|på|af)\s+|beslutning\s+i\s+|referat\s+fra\s+"
    r"|møde\s+i\s+)?",
    re.IGNORECASE,
)
_FIELD = re.compile(
    r"\b(?P<name>udvalg|dato|punktnummer|punkt\s*nr|mødedato)\.?\s*:\s*"
    # a comma right after a hyphen belongs to the name: "Udvalg: Klima-, Teknik- og Miljøudvalget"
    r"(?P<value>.*?)\s*(?=(?:(?<!-),|[;/\n]|\s+-\s+)\s*|\s+\b(?:udvalg|dato|punktnummer|punkt\s*nr"
    r"|mødedato)\.?\s*:|$)",
    re.IGNORECASE | re.DOTALL,
)
_NUMBER_LIST = r"\d+(?:\s*(?:,|og|&|-|–|til)\s*\d+)*"
_ITEMS = re.compile(
    rf"\b(?:punkt(?:nummer|erne|nr)?|pkt|dagsordenspunkt)\.?\s*(?:nr\.?\s*)?:?\s*({_NUMBER_LIST})",
    re.IGNORECASE,
)
# Where the committee name ends in a free-form citation; a comma before a lower-case word
# is inside the name ("Udvalget for plan, udvikling og kultur").
_NAME_END = re.compile(
    r"(?<!-),(?!\s*[a-zæøå])|\s+(?:den|d\.)\s+\d|\s+\d{1,2}[./-]|\s+\d{1,2}\.?\s+[a-zæøå]+\.?\s+\d{4}"
    r"|\s+(?:19|20)\d\d-|\s+(?:punkt|pkt|dagsordenspunkt)\b|\s+(?:mandag|tirsdag|onsdag"
    r"|torsdag|fredag|lørdag|søndag)\b",
    re.IGNORECASE,
)
# A committee, council or board: what a citation's first words must name.
_BODY_WORD = re.compile(
    r"udvalg|bestyrelse|råd(?:et|s)?\b|magistrat|repræsentation|nævn|forum|komit|direktion"
    r"|borgmester|forsamling",
    re.IGNORECASE,
)


def item_numbers(text: str) -> list[int]:
    """Item numbers cited after "Punkt"/"pkt."/"Punktnummer:", ranges expanded.

    >>> item_numbers("Punkt 4, 5 og 7; pkt. 9-11")
    [4, 5, 7, 9, 10, 11]
    """
    numbers: list[int] = []
    for match in _ITEMS.finditer(text):
        for part in re.split(r"\s*(?:,|og|&)\s*", match[1]):
            bounds = [int(n) for n in re.split(r"\s*(?:-|–|til)\s*", part) if n.isdigit()]
            if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= 50:
                expanded = list(range(bounds[0], bounds[1] + 1))
            else:
                expanded = bounds[:1]
            numbers.extend(n for n in expanded if n not in numbers)
    return numbers


def _committee(
    candidate: str, registry: CommitteeRegistry | None, organisation: str | None
) -> str | None:
    candidate = candidate.strip(" ,.:;-")
    if not candidate or len(candidate) > 100 or not _BODY_WORD.search(candidate):
        return None
    if registry:
        return registry.resolve(candidate, organisation) or None
    return canonical_committee(candidate, organisation) or None


def parse_reference(
    text: str, committees: CommitteeRegistry | None = None, organisation: str | None = None
) -> Reference:
    """Committee (canonical; resolved against ``committees`` if given), date and item numbers.

    ``organisation`` is the citing meeting's: its own council is named as it names it.

    >>> parse_reference("Beslutning i Udvalget for Teknik og Miljø den 10-04-2013").date
    datetime.date(2013, 4, 10)
    >>> parse_reference("Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013").committee
    'Udvalget for plan, udvikling og kultur (PUK)'
    >>> parse_reference("Digitaliserings- og Teknologiudvalget den 26. februar 2019 Punkt 4 og 5").numbers
    [4, 5]
    """
    raw = text or ""
    flat = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
    fields = {m["name"].lower().replace(" ", ""): m["value"] for m in _FIELD.finditer(raw)}
    if "udvalg" in fields:
        committee = _committee(fields["udvalg"], committees, organisation)
        date_text = fields.get("dato") or fields.get("mødedato") or flat
        date = find_date(date_text)
        cited = fields.get("punktnummer") or fields.get("punktnr")
        numbers = item_numbers(f"punkt {cited}") if cited else item_numbers(flat)
    else:
        body = _LEAD.sub("", flat, count=1)
        end = _NAME_END.search(body)
        committee = _committee(body[: end.start()] if end else body, committees, organisation)
        date = find_date(body)
        numbers = item_numbers(body)
    return Reference(text=raw, committee=committee, date=date, numbers=numbers)


_CASE_LABELLED = re.compile(
    r"\b(?:sags?\s*\.?\s*-?\s*(?:nr|nummer|id)|j\s*\.?\s*nr|journal\s*(?:nr|nummer)"
    r"|journalnummer|emne\s*nr)\.?\s*:?\s*"
    r"(?P<id>[A-ZÆØÅ0-9](?:[A-ZÆØÅ0-9./\-]*[A-ZÆØÅ0-9])?)",
    re.IGNORECASE,
)
# Identifiers recognisable without a label: "EMN-2025-008468", KLE "27.00.00-A00-1-12".
_CASE_BARE = re.compile(
    r"\b(?:[A-ZÆØÅ]{2,5}-(?:19|20)\d\d-\d{3,}|\d\d\.\d\d\.\d\d-[A-ZØ]\d\d-\d+-\d\d)\b"
)


def find_case_numbers(text: str) -> list[str]:
    """Case numbers ("Sagsnr.: 2011-29298", "EMN-2025-008468", …), in order, each once.

    Document numbers ("Dok.nr.") are not case numbers.

    >>> find_case_numbers("Sags nr. 27.00.00-A00-1-12. Se også EMN-2025-008468")
    ['27.00.00-A00-1-12', 'EMN-2025-008468']
    """
    found: list[tuple[int, str]] = []
    for match in _CASE_LABELLED.finditer(text or ""):
        if any(char.isdigit() for char in match["id"]):
            found.append((match.start("id"), match["id"]))
    for match in _CASE_BARE.finditer(text or ""):
        found.append((match.start(), match[0]))
    numbers: list[str] = []
    for _, number in sorted(found):
        if number not in numbers:
            numbers.append(number)
    return numbers
