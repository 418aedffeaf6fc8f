"""What the words of a query rank by, beside what they match: words typed together.

A query's words must all match somewhere in an item. Among the items that match, one where
two typed words stand next to each other as typed ("Greve Strandvej", "barnets lov",
"Karlslunde Idrætscenter") is far more likely to be about them than one that has "Greve"
in one section and "strandvej" inside "Klimastrandvej" in another; more so when those
words are in its title. And a word written as the user typed it is better evidence than a
compound that merely contains it. These clauses only rank: the parser puts them beside
the query in an :class:`~search.querytree.AndMaybe`, so they never add or remove a match,
and every engine that scores the query tree scores them.

>>> together = WordsTogether()
>>> together.add(["greve", "strandvej"])
>>> print(*together.clauses().parts, sep="\\n")  # doctest: +NORMALIZE_WHITESPACE
Phrase(field='exact', words=('greve', 'strandvej'), boost=2.0)
And(parts=(Phrase(field='exact', words=('greve', 'strandvej'), boost=1.0),
           Term(field='title', text='grev', boost=1.0),
           Term(field='title', text='strandvej', boost=1.0)))
Term(field='exact', text='greve', boost=1.0)
Term(field='exact', text='strandvej', boost=1.0)
"""

from __future__ import annotations

from itertools import pairwise

from search import querytree as qt
from search.analysis import analyze
from search.fields import EXACT_FIELD

#: two typed words found next to each other (a word pair of the exact text), relative to a
#: match of a word in the case text; the sweep in the README found 1-3 alike, 1 a bit weaker
PAIR_BOOST = 2.0
#: the title's words once more where they stand together in the item (a title phrase)
TITLE_PAIR_BOOST = 1.0
#: a word written as typed, not only a stem or a compound part
WORD_BOOST = 1.0


class WordsTogether:
    """Runs of words a user typed next to each other (exact forms, as the exact field
    holds them); an operator, a field, a phrase or a parenthesis ends a run."""

    def __init__(self) -> None:
        self.runs: list[list[str]] = [[]]

    def add(self, words: list[str] | None) -> None:
        """The exact words of the next plain word typed; None or [] ends the run."""
        if words:
            self.runs[-1].extend(words)
        else:
            self.stop()

    def stop(self) -> None:
        if self.runs[-1]:
            self.runs.append([])

    def clauses(self) -> qt.Node | None:
        """What ranks the items a query matches, or None when nothing was typed."""
        pairs = list(dict.fromkeys(pair for run in self.runs for pair in pairwise(run)))
        words = list(dict.fromkeys(word for run in self.runs for word in run))
        ranking: list[qt.Node] = []
        for pair in pairs:
            ranking.append(qt.Phrase(EXACT_FIELD, pair, PAIR_BOOST))
            stems = [stem for word in pair for stem in analyze(word)]
            if len(stems) == 2:  # neither word is a stop word
                titled = (qt.Term("title", stem, TITLE_PAIR_BOOST) for stem in stems)
                ranking.append(qt.And((qt.Phrase(EXACT_FIELD, pair), *titled)))
        ranking += [qt.Term(EXACT_FIELD, word, WORD_BOOST) for word in words]
        if not ranking:
            return None
        return ranking[0] if len(ranking) == 1 else qt.Or(tuple(ranking))
