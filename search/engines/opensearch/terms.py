"""Term statistics as Whoosh computes them: the key terms of a text (similar items) and
the spellings of a word (Mente du), from the exact field.

The archive's statistics come from the term vector of an artificial document holding the
words in question; with several shards they are the statistics of the shard that document
is routed to, which in an archive spread evenly over its shards differ little.
"""

from __future__ import annotations

import math
from collections import Counter

from search.analysis import exact_analyzer
from search.engines.opensearch.reads import Reader
from search.fields import EXACT_FIELD


class TermStatistics:
    """Key terms and spelling candidates of one index (see the module docstring)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def key_terms(self, text: str, limit: int) -> list[tuple[str, float]]:
        """As Whoosh's ``key_terms_from_text`` (the Bo1 model) on the exact field: the
        text's words weighted by how often they occur in it against how common they are in
        the archive."""
        weights = Counter(exact_analyzer().texts(text, "index"))
        documents, in_archive = self.in_archive(list(weights))
        scored = [
            (bo1(weights[word], count, documents), word) for word, count in in_archive.items()
        ]
        if not scored:
            return []
        norm = bo1_normaliser(max(score for score, _ in scored), documents)
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [(word, score / norm) for score, word in scored[:limit]]

    def spelling_candidates(self, word: str, limit: int) -> list[str]:
        """Exact-field words within two edits (first letter kept), the most frequent in the
        archive first, as Whoosh's corrector orders them (the term suggester finds them)."""
        body = {
            "size": 0,
            "suggest": {
                "spelling": {
                    "text": word,
                    "term": {
                        "field": EXACT_FIELD,
                        "suggest_mode": "always",
                        "max_edits": 2,
                        "prefix_length": 1,
                        "min_word_length": 2,
                        "accuracy": 0.1,
                        # a number above 1 counts items: however common the word, look
                        "max_term_freq": 2**31 - 1,
                        "max_inspections": 10,
                        "size": max(limit, 10),
                    },
                }
            },
        }
        answer = self.reader.search("looking for spellings", body)
        candidates = {
            option["text"]
            for entry in answer.get("suggest", {}).get("spelling", [])
            for option in entry["options"]
        } - {word}
        _, in_archive = self.in_archive(sorted(candidates))
        # as Whoosh's corrector: the `limit` greatest (frequency, word), listed by frequency,
        # then alphabetically (so of equally frequent words the alphabetically last are kept)
        kept = sorted(in_archive.items(), key=lambda pair: (pair[1], pair[0]))[-limit:]
        return [word for word, _ in sorted(kept, key=lambda pair: (-pair[1], pair[0]))]

    def in_archive(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """The number of items with exact text, and how often each of ``words`` occurs in
        the archive's exact text (words it does not hold are left out)."""
        if not words:
            return 1, {}
        body = {
            "doc": {EXACT_FIELD: " ".join(words)},
            "fields": [EXACT_FIELD],
            "term_statistics": True,
            "field_statistics": True,
            "positions": False,
            "offsets": False,
        }
        reader = self.reader
        answer = reader.call(
            "weighing words", lambda: reader.client.termvectors(index=reader.index, body=body)
        )
        vector = answer.get("term_vectors", {}).get(EXACT_FIELD)
        if not vector:
            return 1, {}
        documents = max(1, int(vector["field_statistics"]["doc_count"]))
        counts = {term: int(stats.get("ttf") or 0) for term, stats in vector["terms"].items()}
        return documents, {term: count for term, count in counts.items() if count}


def bo1(weight: float, in_archive: int, documents: int) -> float:
    """Whoosh's Bo1 score of a word (``whoosh.classify.Bo1Model.score``).

    >>> round(bo1(3, 10, 1000), 3)  # three times in the text, ten times in 1,000 items
    19.989
    """
    f = in_archive / documents
    return weight * math.log((1.0 + f) / f, 2) + math.log(1.0 + f, 2)


def bo1_normaliser(best: float, documents: int) -> float:
    """Whoosh's Bo1 normaliser (``Bo1Model.normalizer``)."""
    if not best:
        return 1.0
    f = best / documents
    return (best * math.log((1.0 + f) / f) + math.log(1.0 + f)) / math.log(2.0)
