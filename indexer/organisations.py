"""Denmark's 98 municipalities and 5 regions: who published a meeting.

Referat shows an organisation by its short name ("Greve", "København", "Region
Hovedstaden"); documents name it officially ("Greve Kommune", "Københavns Kommune",
"Bornholms Regionskommune"), by its council ("Aarhus Byråd") or through a web address
("https://dagsordener.greve.dk/…", "kk.dk"). This module finds the organisation in each.

>>> organisation_in_url("https://dagsordener.greve.dk/vis/pdf/bilag/1").name
'Greve'
>>> organisation_in_text("REFERAT Aarhus Byråd d. 27-08-2025").name
'Aarhus'
>>> canonical_organisation("Københavns Kommune")
'København'

What counts as naming the publisher in a text (:func:`organisation_in_text`):

* only an *institution* counts: "Greve Kommune", "Aarhus Byråd", "Byrådet i Greve",
  "Region Sjælland"; a bare place name ("Greve Strand", "i Aarhus") never does;
* a header-like line (one whose other words are capitalised, dates or small words:
  "Greve Kommune", "REFERAT Aarhus Byråd d. 27-08-2025") near the top or the bottom of
  the text names the publisher: the first one wins;
* otherwise, in running text, the institution named most often wins, if strictly more
  often than any other; a partner or a comparison ("aftale med Solrød Kommune",
  "mellem …", "fra …", "end …", lists such as "Glostrup Kommune og Albertslund Kommune")
  does not count.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import urlsplit

from indexer.organisation_table import MUNICIPALITIES, REGIONS

OrganisationKind = Literal["kommune", "region"]


@dataclass(frozen=True)
class Organisation:
    """One municipality or region.

    ``name`` is how Referat shows it; ``official`` how documents name it; ``stems`` the
    forms that stand before "Kommune" or "Byråd" ("Københavns"); ``domains`` its web
    domains (every subdomain, such as dagsordener.greve.dk, belongs to it).
    """

    name: str
    official: str
    kind: OrganisationKind
    stems: tuple[str, ...]
    domains: tuple[str, ...]


def _municipality(name: str, domains: str, official: str) -> Organisation:
    official = official or f"{name} Kommune"
    stem = official.rsplit(" ", 1)[0]
    return Organisation(
        name, official, "kommune", tuple(dict.fromkeys((stem, name))), tuple(domains.split())
    )


ORGANISATIONS: tuple[Organisation, ...] = (
    *(_municipality(*row) for row in MUNICIPALITIES),
    *(
        Organisation(f"Region {part}", f"Region {part}", "region", (part,), (domain,))
        for part, domain in REGIONS
    ),
)

_FOLDS = (("aa", "a"), ("å", "a"), ("ae", "a"), ("æ", "a"), ("oe", "o"), ("ø", "o"))


def name_key(text: str) -> str:
    """A comparison key: lower case, æ/ø/å and their ASCII spellings alike, letters only.

    >>> name_key("Lyngby-Taarbæk") == name_key("lyngby-tårbaek") == "lyngbytarbak"
    True
    """
    key = unicodedata.normalize("NFC", text).lower()
    for written, folded in _FOLDS:
        key = key.replace(written, folded)
    return re.sub(r"[^a-z0-9]", "", key)


@cache
def _by_key() -> dict[str, Organisation]:
    keys: dict[str, Organisation] = {}
    for organisation in ORGANISATIONS:
        names = (organisation.name, organisation.official, *organisation.stems)
        for name in names:
            keys[name_key(name)] = organisation
        for domain in organisation.domains:
            keys[domain] = organisation
    return keys


def organisation_named(name: str) -> Organisation | None:
    """The organisation a name stands for: short, official, genitive, slug or domain.

    >>> organisation_named("ballerup").official
    'Ballerup Kommune'
    >>> organisation_named("Roskilde Festival") is None
    True
    """
    text = " ".join((name or "").split())
    if not text:
        return None
    keys = _by_key()
    if text.lower() in keys:  # a domain
        return keys[text.lower()]
    key = name_key(text)
    if key in keys:
        return keys[key]
    bare = re.sub(r"s?(?:regionskommune|kommune)s?$", "", key)
    return keys.get(bare) if bare else None


def canonical_organisation(name: str) -> str:
    """The name Referat shows: "ballerup" and "Ballerup Kommune" are "Ballerup".

    A name not in the table is kept as written (whitespace tidied): Referat indexes
    organisations it does not know, it only cannot recognise them elsewhere.

    >>> canonical_organisation("Bornholms Regionskommune"), canonical_organisation("Testby")
    ('Bornholm', 'Testby')
    """
    found = organisation_named(name)
    return found.name if found else " ".join((name or "").split())


def organisation_in_url(url: str) -> Organisation | None:
    """The organisation whose web domain a URL is on (any subdomain), else None.

    >>> organisation_in_url("http://ballerup.dk/dagsorden/x").name
    'Ballerup'
    >>> organisation_in_url("https://www.retsinformation.dk/eli/lta/2019/1234") is None
    True
    """
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or ""
    except ValueError:
        return None
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or labels[-1] != "dk":
        return None
    domain = ".".join(labels[-2:])
    keys = _by_key()
    if domain in keys:
        return keys[domain]
    # "<name>.dk", "<name>kommune.dk", "<name>-kommune.dk" for a domain the table lacks
    return keys.get(name_key(re.sub(r"-?kommune$", "", labels[-2])) or "-")


_ORGANISATION_WORDS = r"(?:\s+(?i:regionskommunes?|kommunes?))?"


@cache
def _affix_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    stems = sorted(
        (s for o in ORGANISATIONS for s in o.stems if o.kind == "kommune"), key=len, reverse=True
    )
    regions = "|".join(
        _stem_pattern(s) for o in ORGANISATIONS if o.kind == "region" for s in o.stems
    )
    name = (
        rf"(?:(?P<place>{'|'.join(_stem_pattern(s) for s in stems)})s?{_ORGANISATION_WORDS}"
        rf"|Region\s+(?P<region>{regions})s?)"
    )
    leading = re.compile(rf"^{name}(?:\s*[-–:,]\s*|\s+)(?P<rest>\S.*)$", re.DOTALL)
    trailing = re.compile(rf"^(?P<rest>.*?\S)\s+(?:i|for)\s+{name}$", re.DOTALL)
    return leading, trailing


def split_organisation(name: str) -> tuple[Organisation | None, str]:
    """An organisation named before or after a body's name, and the name without it.

    >>> found, rest = split_organisation("Aarhus Byråd")
    >>> found.name, rest
    ('Aarhus', 'Byråd')
    >>> split_organisation("Regionsrådet i Region Midtjylland")[1]
    'Regionsrådet'
    >>> split_organisation("Økonomiudvalget")
    (None, 'Økonomiudvalget')
    """
    text = " ".join(unicodedata.normalize("NFC", name or "").split())
    for pattern in _affix_patterns():
        match = pattern.match(text)
        if match:
            stem = match["place"] or match["region"]
            stems = _mention_pattern()[1]
            return stems[_fold_stem(stem)], match["rest"]
    return None, text


# --- finding the publisher in text --------------------------------------------------------


def _capitalise_upper_words(text: str) -> str:
    """Upper-case words capitalised ("GREVE KOMMUNE" → "Greve Kommune"); lengths unchanged."""
    return re.sub(
        r"\b[A-ZÆØÅ][A-ZÆØÅ-]+\b",
        lambda m: "-".join(part.capitalize() for part in m.group(0).split("-")),
        unicodedata.normalize("NFC", text),
    )


def _fold_stem(stem: str) -> str:
    return stem.replace("aa", "å").replace("Aa", "Å")


def _stem_pattern(stem: str) -> str:
    """A stem matching "å" and "aa" alike ("Århus Kommune", "Aarhus Kommune")."""
    return re.escape(stem).replace("å", "(?:å|aa)").replace("Å", "(?:Å|Aa)")


_INSTITUTION = (
    r"(?i:regionskommunes?|kommunes?|byråd(?:et|s)?|kommunalbestyrelse(?:n|s)?"
    r"|borgerrepræsentation(?:en|s)?)"
)
_COUNCIL = r"(?:Byrådet|Kommunalbestyrelsen|Borgerrepræsentationen)"
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w-])", r"(?![\w-])"


@cache
def _mention_pattern() -> tuple[re.Pattern[str], dict[str, Organisation]]:
    stems: dict[str, Organisation] = {}
    for organisation in ORGANISATIONS:
        for stem in organisation.stems:
            stems[_fold_stem(stem)] = organisation
    regions = [stem for stem, found in stems.items() if found.kind == "region"]
    places = [stem for stem, found in stems.items() if found.kind == "kommune"]
    alternation = "|".join(_stem_pattern(s) for s in sorted(places, key=len, reverse=True))
    region_alternation = "|".join(_stem_pattern(s) for s in regions)
    stems["H"] = stems["Hovedstaden"]  # "Region H" is how Region Hovedstaden is often written
    pattern = re.compile(
        rf"{_EDGE_BEFORE}(?:(?P<place>{alternation})s?\s+{_INSTITUTION}"
        rf"|{_COUNCIL}\s+i\s+(?P<place_after>{alternation})"
        rf"|Region\s+(?P<region>{region_alternation}|H)s?){_EDGE_AFTER}"
    )
    return pattern, stems


@dataclass(frozen=True)
class _Mention:
    organisation: Organisation
    start: int
    end: int
    line: int


def _mentions(text: str) -> list[_Mention]:
    pattern, stems = _mention_pattern()
    found: list[_Mention] = []
    for match in pattern.finditer(text):
        stem = _fold_stem(match["place"] or match["place_after"] or match["region"])
        line = text.count("\n", 0, match.start())
        found.append(_Mention(stems[stem], match.start(), match.end(), line))
    return found


# Words that may stand beside the name on a header line: "REFERAT Aarhus Byråd d. 27-08-2025".
_HEADER_SMALL_WORDS = frozenset(
    {"og", "i", "for", "af", "d", "den", "til", "kl", "fra", "ved", "nr", "side", "om", "med"}
)
_HEADER_ZONE = 15  # lines from the top (and a third of that from the bottom) a header sits in
# A partner or a comparison, not the publisher: "aftale med Solrød Kommune".
_COUNTERPART_BEFORE = re.compile(
    r"(?:\b(?:med|mellem|fra|end|imod|mod|overfor|nabokommunen?|nabokommunerne)"
    r"(?:\s+(?:i|hos|på|for))?|,|\b(?:og|eller|samt))\s*$",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(r"^\s*(?:,|og\b|eller\b|samt\b)", re.IGNORECASE)


def _is_header_line(line: str, mention: str) -> bool:
    rest = line.replace(mention, " ", 1)
    if re.search(r"[.!?:;]\s*$", rest.strip()) and len(rest.split()) > 3:
        return False
    for word in re.findall(r"[\wæøåÆØÅ]+", rest):
        if word[0].islower() and word.lower() not in _HEADER_SMALL_WORDS:
            return False
    return True


@dataclass(frozen=True)
class PublisherMention:
    """An organisation named as a text's publisher, and the words that name it."""

    organisation: Organisation
    wording: str


def organisation_in_text(text: str) -> Organisation | None:
    """The organisation a text names as its publisher (see the module docstring), else None.

    >>> organisation_in_text("Greve Kommune\\nReferat af Økonomiudvalgets møde").name
    'Greve'
    >>> organisation_in_text("Udvalget drøftede en aftale med Solrød Kommune om stier.") is None
    True
    >>> organisation_in_text("Borgerne på Greve Strand ønsker flere bænke.") is None
    True
    """
    found = publisher_in_text(text)
    return found.organisation if found else None


def publisher_in_text(text: str, *, headers: bool = True) -> PublisherMention | None:
    """Like :func:`organisation_in_text`, with the words found ("Århus Kommune").

    ``headers=False`` treats every line as running text (for item texts, whose first
    lines are titles, not a document header).

    >>> publisher_in_text("Referat\\nÅRHUS KOMMUNE\\nMagistraten").wording
    'ÅRHUS KOMMUNE'
    """
    original = unicodedata.normalize("NFC", text or "")
    folded = _capitalise_upper_words(original)
    mentions = _mentions(folded)
    if not mentions:
        return None
    lines = folded.split("\n")
    last_line = len(lines) - 1
    for mention in mentions if headers else ():
        in_zone = mention.line < _HEADER_ZONE or mention.line > last_line - _HEADER_ZONE // 3
        if in_zone and _is_header_line(lines[mention.line], folded[mention.start : mention.end]):
            return PublisherMention(mention.organisation, original[mention.start : mention.end])
    counts: Counter[Organisation] = Counter()
    first: dict[Organisation, _Mention] = {}
    for index, mention in enumerate(mentions):
        before = folded[max(0, mention.start - 40) : mention.start]
        if _COUNTERPART_BEFORE.search(before):
            continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        between = folded[mention.end : following.start] if following else ""
        if following and len(between) < 12 and _LIST_AFTER.match(between):
            continue
        counts[mention.organisation] += 1
        first.setdefault(mention.organisation, mention)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    mention = first[ranked[0][0]]
    return PublisherMention(mention.organisation, original[mention.start : mention.end])
