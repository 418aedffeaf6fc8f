"""Committee names made canonical, so that variants of one name are one committee.

Minutes name the same committee in many ways: in genitive ("Økonomiudvalgets møde"),
with a heading around it ("Referat fra …", "… den 14. maj 2019"), in capitals, or
with a small slip ("Erhverv- og Beskæftigelsesudvalget" for "Erhvervs- og
Beskæftigelsesudvalget"). :func:`canonical_committee` repairs what can be repaired
from the name alone; :class:`CommitteeRegistry` maps what is left onto the
spellings already known (from the index), conservatively.

>>> canonical_committee("Referat fra Økonomiudvalgets møde den 14. maj 2019")
'Økonomiudvalget'
>>> canonical_committee("Erhverv- og Beskæftigelsesudvalgets møde")
'Erhvervs- og Beskæftigelsesudvalget'
>>> canonical_committee("TEKNISK UDVALG")
'Teknisk Udvalg'

A name is the body, not its organisation or its term: "Byråd 2022-2025", "Byrådet"
and, in Aarhus, "Aarhus Byråd" are all the council, ``Byrådet``; the organisation is a
separate part of every id. A council cited by another organisation keeps its name.

>>> canonical_committee("Byråd 2022-2025"), canonical_committee("Aarhus Byråd", "Aarhus")
('Byrådet', 'Byrådet')
>>> canonical_committee("Aarhus Byråd", "Greve")
'Aarhus Byråd'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from indexer.organisations import canonical_organisation, split_organisation

_PREFIX = re.compile(
    r"^(?:(?:åbent|lukket|endeligt|foreløbigt)\s+)?"
    r"(?:referat|dagsorden|beslutningsprotokol|protokol|beslutninger)"
    r"(?:\s*[:\-–]\s*|\s+(?:for|fra|af|til|over)\s+|\s+(?=[A-ZÆØÅ]))"
    r"|^(?:(?:ekstraordinært|ordinært)\s+)?møde(?:t)?\s+i\s+",
    re.IGNORECASE,
)
_SUFFIX_KIND = re.compile(
    r"\s*[-–:(]\s*(?:åbent\s+|lukket\s+)?(?:referat|dagsorden)\)?$", re.IGNORECASE
)
_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b"
# Where a date or time starts, everything to the end of the heading goes.
_DATE_TAIL = re.compile(
    rf"[\s,\-–]*(?:\b{_WEEKDAY}|\bden\s+\d|\bd\.\s*\d|\bkl\.?\s*\d"
    r"|\b\d{1,2}\.?\s*(?:[a-zæøå]+\.?\s+)?(?:19|20)\d\d\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d\d-\d\d-\d\d\b).*$",
    re.IGNORECASE | re.DOTALL,
)
_MEETING = re.compile(
    r"(?:'s|’s)?\s+(?:(?:ekstra)?ordinær[et]?\s+)?(?:møde|mødet|beslutning|beslutninger)$",
    re.IGNORECASE,
)
# Genitive of the bodies that meet: "Økonomiudvalgets", "Byrådets", "Kommunalbestyrelsens".
_GENITIVE = re.compile(
    r"(udvalget|udvalg|bestyrelsen|rådet|råd|magistraten|repræsentationen|nævnet|nævn"
    r"|forum|komitéen|komiteen|udvalgene)s$",
    re.IGNORECASE,
)
# A truncated first part of a compound takes the linking "s" its full compound would:
# "Sundhed- og …" → "Sundheds- og …" (suffix rule), "Erhverv-" → "Erhvervs-" (by word).
_LINKING_SUFFIXES = ("else", "hed", "ing", "tion", "sion", "skab", "dom", "ning")
_LINKING_WORDS = frozenset({"erhverv", "arbejdsmarked", "fritid", "landdistrikt", "trafik"})
_TRUNCATED = re.compile(r"\b([\wæøåÆØÅ]+)-(?=\s+(?:og|eller)\s|,)")
_HEAD_WITHOUT_S = re.compile(r"\b(\w+?(?:else|hed|ning|tion|sion))(udvalg)", re.IGNORECASE)
_SMALL_WORDS = frozenset({"og", "for", "i", "på", "af", "til", "med", "om", "eller"})
# A publishing system's note on a committee of an earlier term: "Økonomiudvalget (slettet 10-01-2022)".
_RETIRED = re.compile(
    r"\s*\((?:slettet|nedlagt|ophørt|udgået|historisk)\b[^)]*\)?\s*$", re.IGNORECASE
)
# An election period or a year is the committee's term, not its name: "Byråd 2022-2025".
_TERM = re.compile(
    r"(?:\s+|\s*[(\[]\s*)(?:valgperioden?\s+)?(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\s*[)\]]?$",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"udvalg|råd|bestyrelse|magistrat|repræsentation|nævn|forum|komit", re.IGNORECASE
)
# Each organisation has one council; whatever its form, it has one name.
_COUNCILS = {
    form: council
    for council, bare in (
        ("Byrådet", "byråd"),
        ("Kommunalbestyrelsen", "kommunalbestyrelse"),
        ("Regionsrådet", "regionsråd"),
        ("Borgerrepræsentationen", "borgerrepræsentation"),
    )
    for form in (council.lower(), bare)
}


def _needs_linking_s(word: str) -> bool:
    lower = word.lower()
    if lower.endswith("s"):
        return False
    return lower in _LINKING_WORDS or lower.endswith(_LINKING_SUFFIXES)


def _fix_case(name: str) -> str:
    letters = [char for char in name if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        words = name.lower().split(" ")
        return " ".join(
            word if word in _SMALL_WORDS and index else word[:1].upper() + word[1:]
            for index, word in enumerate(words)
        )
    return name[:1].upper() + name[1:]


def _body_name(name: str, organisation: str | None) -> str:
    """Without its own organisation's name, the council and "…udvalg" in the definite form
    (not after a genitive: "Hennys testudvalg" stays as it is).

    >>> _body_name("Økonomiudvalg", None), _body_name("Hennys testudvalg", None)
    ('Økonomiudvalget', 'Hennys testudvalg')
    >>> _body_name("Børne- og Ungeudvalg", None)
    'Børne- og Ungeudvalget'
    """
    found, rest = split_organisation(name)
    own = not organisation or canonical_organisation(organisation) == (found and found.name)
    if found is not None and _BODY.search(rest) and own:
        name = _fix_case(rest)
    if name.lower() in _COUNCILS:
        return _COUNCILS[name.lower()]
    words = name.split()
    if len(words) > 1 and re.fullmatch(r"[^\W\d_]+s", words[-2]) and words[-2].lower() != "og":
        return name  # a genitive before it makes the noun indefinite: "Kommunens udvalg"
    return re.sub(r"(?<=[a-zæøå])udvalg$", "udvalget", name)


def canonical_committee(name: str, organisation: str | None = None) -> str:
    """One spelling for one committee: no heading words, date, term, genitive or odd case.

    ``organisation``: the organisation whose minutes name the committee; its own name
    before a body ("Aarhus Byråd" in Aarhus) is dropped, another's is kept.

    >>> canonical_committee("Dagsorden for Udvalget for Teknik og Miljøs møde 10-04-2013")
    'Udvalget for Teknik og Miljø'
    >>> canonical_committee(".Spørgsmål / Svar til Byrådet 2022-2025")
    'Spørgsmål / Svar til Byrådet'
    """
    text = unicodedata.normalize("NFC", name or "")
    text = re.sub(r"\s+", " ", text.replace("–", "-")).strip()
    text = re.sub(r"^[^\wæøåÆØÅ]+", "", text)  # ".Spørgsmål …": a dot that sorts it first
    text = _RETIRED.sub("", text)
    text = re.sub(r"(\w)\s*-\s*(og|eller)\s+", r"\1- \2 ", text)
    for _ in range(2):  # "Åbent referat - Referat fra …"
        text = _PREFIX.sub("", text).strip()
    text = _SUFFIX_KIND.sub("", text)
    text = _DATE_TAIL.sub("", _TERM.sub("", text)).strip(" ,.:;-")
    text = _TERM.sub("", text).strip(" ,.:;-")
    ended_with_meeting = bool(_MEETING.search(text))
    text = _MEETING.sub("", text).strip(" ,.:;-")
    text = _GENITIVE.sub(r"\1", text)
    if ended_with_meeting and text.lower().startswith("udvalget for ") and text.endswith("s"):
        text = text[:-1]  # "Udvalget for Teknik og Miljøs møde"
    text = _TRUNCATED.sub(
        lambda m: m[1] + ("s-" if _needs_linking_s(m[1]) else "-"),
        text,
    )
    text = _HEAD_WITHOUT_S.sub(r"\1s\2", text)
    return _body_name(_fix_case(text), organisation) if text else ""


def _key_words(name: str) -> list[str]:
    return list(_cached_key_words(name))


# A run compares every meeting's committee with every committee it knows (thousands in a
# national archive): without the cache a 100k-item build spent most of its time here.
@functools.lru_cache(maxsize=65_536)
def _cached_key_words(name: str) -> tuple[str, ...]:
    words = re.findall(r"[\wæøå]+", canonical_committee(name).lower().replace("aa", "å"))
    if words and words[-1].endswith("udvalget"):
        words[-1] = words[-1][: -len("et")]
    return tuple(words)


def committee_key(name: str) -> str:
    """A folded comparison key: case, "aa"/"å", punctuation and "udvalget"/"udvalg" ignored.

    >>> committee_key("Erhvervs- og Beskæftigelsesudvalget")
    'erhvervsogbeskæftigelsesudvalg'
    """
    return "".join(_key_words(name))


def edit_distance(left: str, right: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous = list(range(len(right) + 1))
    for i, char in enumerate(left, 1):
        current = [i]
        for j, other in enumerate(right, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def is_slip_of(variant: str, known: str) -> bool:
    """True when ``variant`` differs from ``known`` only by a slip inside long words.

    Different committees differ by whole words ("Teknisk Udvalg", "Teknik- og
    Miljøudvalget") or by a short word ("Fagudvalg 1", "Fagudvalg 2"); a typo or a
    missing linking "s" changes a letter or two of a long word.

    >>> is_slip_of("Erhverv- og Beskæftigelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget")
    True
    >>> is_slip_of("Teknisk Udvalg", "Teknik- og Miljøudvalget")
    False
    """
    left, right = _key_words(variant), _key_words(known)
    if len(left) != len(right):
        return False
    total = 0
    for one, other in zip(left, right, strict=True):
        if one == other:
            continue
        if min(len(one), len(other)) < 5:
            return False
        limit = 1 if len(other) < 10 else 2
        distance = edit_distance(one, other, limit)
        if distance > limit:
            return False
        total += distance
    return total <= 2


class CommitteeRegistry:
    """The committee spellings already seen; variants resolve to them.

    >>> registry = CommitteeRegistry(["Erhvervs- og Beskæftigelsesudvalget", "Teknisk Udvalg"])
    >>> registry.resolve("Erhvervs- og Beskæftigelsesudvalgt")
    'Erhvervs- og Beskæftigelsesudvalget'
    >>> registry.resolve("Teknik- og Miljøudvalget")
    'Teknik- og Miljøudvalget'
    """

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._by_key: dict[str, str] = {}
        for name in known:  # trusted spellings (from the index): registered as they are
            canonical = canonical_committee(name)
            self._by_key.setdefault(committee_key(canonical), canonical)

    @property
    def known(self) -> list[str]:
        return sorted(self._by_key.values())

    def resolve(self, name: str, organisation: str | None = None) -> str:
        """The known spelling ``name`` is a variant of, else its canonical form."""
        canonical = canonical_committee(name, organisation)
        key = committee_key(canonical)
        if not key:
            return canonical
        if key in self._by_key:
            return self._by_key[key]
        close = {spelling for spelling in self._by_key.values() if is_slip_of(canonical, spelling)}
        # two known committees equally near: not our place to choose
        return close.pop() if len(close) == 1 else canonical

    def add(self, name: str, organisation: str | None = None) -> str:
        """Register ``name`` (or the known committee it is a variant of); return the spelling."""
        spelling = self.resolve(name, organisation)
        key = committee_key(spelling)
        if key and key not in self._by_key:
            self._by_key[key] = spelling
        return spelling
