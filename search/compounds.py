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
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

LEXICON_PATHS = (Path("/usr/share/dict/danish"),)

MIN_WORD = 8  # shorter words are almost never compounds of two real words
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
    ]
)
LINKING = ("s", "e")


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

    def _split_uncached(self, word: str, depth: int = 0) -> tuple[str, ...]:
        if len(word) < MIN_WORD or not word.isalpha() or depth > 1:
            return ()
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            tail = word[cut:]
            if tail in BLOCKED_TAILS or not self._is_part(tail):
                continue
            head = self._head(word[:cut])
            if head is None:
                continue
            parts = [head, tail]
            parts += [p for p in self._split_uncached(head, depth + 1) if p not in parts]
            return tuple(parts)
        return ()


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
