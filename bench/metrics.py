"""Ranking metrics over graded judgments: recall@10, MRR and nDCG@10.

``ranking`` is the list of item ids a system returned, best first; ``judged``
maps the relevant ids to their grade (2 = about it, 1 = mentions it). Ids not
in ``judged`` are not relevant.

>>> judged = {"a": 2, "b": 1}
>>> recall_at(["x", "a", "b"], judged), reciprocal_rank(["x", "a", "b"], judged)
(1.0, 0.5)
>>> round(ndcg_at(["b", "a"], judged), 3)
0.797
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CUTOFF = 10


def recall_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = CUTOFF) -> float:
    """Share of the relevant items found in the first ``k``; at most ``k`` are asked for.

    With more than ``k`` relevant items a perfect top ``k`` still scores 1.0.

    >>> recall_at(["a", "x"], {"a": 1, "b": 2})
    0.5
    >>> recall_at(["a"], {"a": 1, "b": 1, "c": 1}, k=1)
    1.0
    """
    relevant = {item for item, grade in judged.items() if grade > 0}
    if not relevant:
        return 1.0
    found = len(relevant & set(ranking[:k]))
    return found / min(len(relevant), k)


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int]) -> float:
    """1 / the rank of the first relevant item (any grade), 0 when none was returned.

    >>> reciprocal_rank(["x", "y", "a"], {"a": 1})
    0.3333333333333333
    """
    for rank, item in enumerate(ranking, start=1):
        if judged.get(item, 0) > 0:
            return 1.0 / rank
    return 0.0


def _dcg(grades: Iterable[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of the first ``k``, gain 2^grade - 1.

    >>> ndcg_at(["a", "b"], {"a": 2, "b": 1}), ndcg_at([], {"a": 2})
    (1.0, 0.0)
    """
    ideal = _dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 1.0
    return _dcg(judged.get(item, 0) for item in ranking[:k]) / ideal


@dataclass(frozen=True)
class Scores:
    """The three figures for one query, or their means over many."""

    recall: float
    mrr: float
    ndcg: float

    def as_dict(self) -> dict[str, float]:
        return {"recall@10": self.recall, "mrr": self.mrr, "ndcg@10": self.ndcg}


def score(ranking: Sequence[str], judged: Mapping[str, int]) -> Scores:
    return Scores(
        recall_at(ranking, judged), reciprocal_rank(ranking, judged), ndcg_at(ranking, judged)
    )


def mean(scores: Sequence[Scores]) -> Scores:
    """The per-metric means (1.0 each for no queries).

    >>> mean([Scores(1.0, 0.5, 1.0), Scores(0.0, 0.5, 0.5)])
    Scores(recall=0.5, mrr=0.5, ndcg=0.75)
    """
    if not scores:
        return Scores(1.0, 1.0, 1.0)
    count = len(scores)
    return Scores(
        sum(s.recall for s in scores) / count,
        sum(s.mrr for s in scores) / count,
        sum(s.ndcg for s in scores) / count,
    )
