"""Splitting Danish compounds into their parts, with a lexicon of real words.

Danish writes "kontanthjælpsmodtagere" and "lokalplanforslaget" as one word; a
citizen searching "lokalplan" still expects to find them. A word is split where
both sides are known words, allowing the linking elements "s" and "e" on the
first part. Known prefixes and derivational endings never count as parts, so
"forhandling" is not "for + handling" and "partnerskab" is not "partner + skab".

The lexicon is Debian's Danish word list (package ``wdanish``) when installed,
or the file named by ``REFERAT_LEXICON``, complemented by the vocabulary of the
indexed minutes; without any lexicon nothing is split.

>>> splitter = CompoundSplitter({"lokalplan", "lokal", "plan", "forslaget", "kontanthjælp",
...                              "modtagere", "kontant", "hjælp", "handling", "partner", "skab"})
>>> splitter.split("lokalplanforslaget")
['lokalplan', 'forslaget', 'lokal', 'plan']
>>> splitter.split("kontanthjælpsmodtagere")
['kontanthjælp', 'modtagere', 'kontant', 'hjælp']
>>> splitter.split("forhandling"), splitter.split("partnerskab")
([], [])

A first part may itself be a compound of two words, and no linking element is assumed
where the words meet without one:

>>> splitter = CompoundSplitter({"ryge", "stop", "top", "kurser", "job", "afklaring", "forløb"})
>>> splitter.split("rygestopkurser"), splitter.split("rygestop")
(['rygestop', 'kurser', 'ryge', 'stop'], ['ryge', 'stop'])
>>> splitter.split("jobafklaringsforløb")
['jobafklaring', 'forløb', 'job', 'afklaring']
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

LEXICON_PATHS = (Path("/usr/share/dict/danish"),)

MIN_WORD = 8  # shorter words are almost never compounds of two real words
# Splitting tries every cut, so its work grows with the square of a word's length. The
# longest words of the Danish word list have 35 letters and a compound has at most three
# parts here; a longer "word" is a pasted run of letters or glued text, not a compound.
MAX_WORD = 64
MIN_PART = 3

# First parts that are prefixes or particles, not nouns: "for|handling", "ind|stilling".
BLOCKED_HEADS = frozenset(
    [
        "af",
        "an",
        "be",
        "bi",
        "de",
        "for",
        "fore",
        "frem",
        "gen",
        "hen",
        "ind",
        "med",
        "mis",
        "mod",
        "ned",
        "om",
        "op",
        "over",
        "på",
        "sam",
        "til",
        "ud",
        "under",
        "u",
        "van",
        "ved",
        "efter",
        "imellem",
        "igennem",
        "gennem",
        "mellem",
        "uden",
    ]
)
# Second parts that are derivational endings even when the lexicon lists them as words.
BLOCKED_TAILS = frozenset(
    [
        "skab",
        "skaber",
        "skabet",
        "skaberne",
        "hed",
        "heden",
        "heder",
        "dom",
        "dommen",
        "else",
        "elsen",
        "ning",
        "ningen",
        "lig",
        "lige",
        "ligt",
        "ende",
        "agtig",
        "bar",
        "somt",
        "som",
        "sel",
        "ster",
        "ing",
        "inger",
        "ingen",
        "isme",
        "ist",
        "iske",
        "isk",
        "else",
        "elses",
        "ion",
        "ioner",
        "ionen",
        "ionens",
        "ions",
        "ionerne",
        # "-ering" and "-lighed" nouns: "organise|ring", "fremkomme|lighed" are no compounds
        "ring",
        "ringen",
        "ringer",
        "rings",
        "lighed",
        "ligheden",
        "ligheder",
    ]
)
LINKING = ("s", "e")
VOWELS = frozenset("aeiouyæøå")
MIN_TAIL_AFTER_COMPOUND = 4  # "fordelin|gen": short tails after a two-word head are mostly noise


class CompoundSplitter:
    """Splits compounds using a set of known lower-case words."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if len(word) >= MIN_PART)
        self._split = lru_cache(maxsize=200_000)(self._split_uncached)

    def __len__(self) -> int:
        return len(self.words)

    def split(self, word: str) -> list[str]:
        """The parts of ``word`` (longest first part, then its own parts), or [] if it is not a compound."""
        return list(self._split(word))

    def _is_part(self, part: str) -> bool:
        return len(part) >= MIN_PART and part in self.words

    def _head(self, head: str) -> str | None:
        """The first part as a word, without a linking element."""
        if head in BLOCKED_HEADS:
            return None
        # Prefer the lemma: word lists also hold genitives ("sags", "erhvervs").
        if head[-1] in LINKING and head[:-1] not in BLOCKED_HEADS and self._is_part(head[:-1]):
            return head[:-1]
        return head if self._is_part(head) else None

    def _compound_head(self, head: str, depth: int) -> str | None:
        """A first part that is itself a compound of two words ("rygestop|kurser")."""
        for candidate in (head[:-1], head) if head[-1] in LINKING else (head,):
            if candidate not in BLOCKED_HEADS and self._split_uncached(candidate, depth + 1):
                return candidate
        return None

    def _split_uncached(self, word: str, depth: int = 0) -> tuple[str, ...]:
        if not MIN_WORD <= len(word) <= MAX_WORD or depth > 1 or not word.isalpha():
            return ()
        # First with word heads only; a compound head only when no two words make the word.
        for compound_heads in (False, True) if depth == 0 else (False,):
            found = self._split_at_best_cut(word, depth, compound_heads)
            if found:
                return found
        return ()

    def _split_at_best_cut(self, word: str, depth: int, compound_heads: bool) -> tuple[str, ...]:
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            tail = word[cut:]
            if tail in BLOCKED_TAILS or not self._is_part(tail):
                continue
            if compound_heads and len(tail) < MIN_TAIL_AFTER_COMPOUND:
                continue
            head = (
                self._compound_head(word[:cut], depth) if compound_heads else self._head(word[:cut])
            )
            if head is None:
                continue
            if (
                head != word[:cut]
                and head[-1] in VOWELS | {"s"}
                and self._is_whole_tail(word, cut - 1, depth if compound_heads else None)
            ):
                # "ryge|stop", "hørings|svar" rather than "ryge-s-top", "hørings-s-var": after a
                # vowel or an "s" the letter more likely starts the next word than links.
                head, tail = word[: cut - 1], word[cut - 1 :]
            parts = [head, tail]
            parts += [p for p in self._split_uncached(head, depth + 1) if p not in parts]
            return tuple(parts)
        return ()

    def _is_whole_tail(self, word: str, cut: int, compound_depth: int | None) -> bool:
        """Whether word[:cut] and word[cut:] are both parts (the head may be a compound)."""
        tail, head = word[cut:], word[:cut]
        if tail in BLOCKED_TAILS or not self._is_part(tail) or head in BLOCKED_HEADS:
            return False
        if compound_depth is not None:
            return bool(self._split_uncached(head, compound_depth + 1))
        return self._is_part(head)


def read_lexicon(path: Path) -> set[str]:
    """Lower-case single words of a word list (one per line; hunspell "/FLAGS" stripped)."""
    words: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            word = line.split("/", 1)[0].strip().lower()
            if word.isalpha():
                words.add(word)
    return words


def lexicon_words() -> set[str]:
    """The Danish lexicon available on this machine, or an empty set (logged) when there is none."""
    configured = os.environ.get("REFERAT_LEXICON")
    candidates = [Path(configured)] if configured else list(LEXICON_PATHS)
    for path in candidates:
        if path.is_file():
            return read_lexicon(path)
    log.warning("no Danish lexicon found (%s); compounds split by indexed words only", candidates)
    return set()


_default: CompoundSplitter | None = None


def default_splitter() -> CompoundSplitter:
    """The process-wide splitter: the lexicon, plus any vocabulary added with :func:`add_vocabulary`."""
    global _default
    if _default is None:
        _default = CompoundSplitter(lexicon_words())
    return _default


def add_vocabulary(words: Iterable[str]) -> None:
    """Let words seen in the minutes (place names, jargon) count as compound parts too."""
    global _default
    base = default_splitter().words
    extra = {word for word in words if word.isalpha() and len(word) >= 4} - base
    if extra:
        _default = CompoundSplitter(base | extra)


def set_default_splitter(splitter: CompoundSplitter | None) -> None:
    """Replace the process-wide splitter (tests; None re-reads the lexicon on next use)."""
    global _default
    _default = splitter


# "Erhvervs- og Beskæftigelsesudvalget", "fleks- eller skånejob", "Kultur-, Fritids- og
# Idrætsudvalget": first parts whose shared last part is written only once.
_SUSPENDED = re.compile(
    r"((?:\b[^\W\d_]{2,}-,?\s+)+)(?:og|eller|samt|&)\s+([^\W\d_]{4,})", re.IGNORECASE
)
# Every match of _SUSPENDED holds this (its last "-" up to the whole word's first letters)
# and lies in one run of letters, spaces, "-", "," and "&" (_ZONE is a superset of those).
_SUSPENDED_ANCHOR = re.compile(r"-,?\s+(?:og|eller|samt|&)\s+[^\W\d_]{4}", re.IGNORECASE)
_ZONE = re.compile(r"[\w\s,&-]*")


def _suspended_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SUSPENDED.finditer(text)``, run only on the stretches around an anchor.

    The pattern is tried at every word of the text otherwise, a few per cent of indexing.
    A stretch ends at a character no match can hold, so no match crosses it, and word
    boundaries at its start see the character before it.
    """
    reversed_text: str | None = None
    end = 0
    for anchor in _SUSPENDED_ANCHOR.finditer(text):
        if anchor.start() < end:
            continue  # in the stretch searched already
        if reversed_text is None:
            reversed_text = text[::-1]
        # _ZONE matches the empty string too, so both matches always exist
        before = _ZONE.match(reversed_text, len(text) - anchor.start())
        start = anchor.start() - len(before[0]) if before else 0
        after = _ZONE.match(text, anchor.end())
        end = after.end() if after else len(text)
        yield from _SUSPENDED.finditer(text, start, end)


def suspended_compounds(text: str) -> list[str]:
    """The whole words a Danish suspended compound stands for.

    >>> suspended_compounds("fleks- eller skånejob og kontanthjælps- og uddannelseshjælpsmodtagere")
    ['fleksjob', 'kontanthjælpsmodtagere']
    >>> suspended_compounds("Kultur-, Fritids- og Idrætsudvalget")
    ['Kulturudvalget', 'Fritidsudvalget']
    """
    words: list[str] = []
    for match in _suspended_matches(text):
        whole = match.group(2)
        parts = default_splitter().split(whole.lower())
        if len(parts) < 2:
            continue
        tail = whole[len(whole) - len(parts[1]) :]  # the last part as written
        for head in re.findall(r"([^\W\d_]{2,})-", match.group(1)):
            words.append(head + tail)
    return words
