"""The fixed, published query mix of the benchmarks (bench.run, bench.load, bench.fts5).

Six kinds, as users search: one word, two words, a quoted phrase, a part of compounds,
a field query and an empty query that only filters. The words come from the real
minutes the generated corpus is built from, so every query matches something.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)

    def label(self) -> str:
        """The query as a person would write it, filters in brackets.

        >>> BenchQuery("filters", "", {"year": ["2019"]}).label()
        '[year=2019]'
        """
        shown = " ".join(f"{k}={'|'.join(v)}" for k, v in self.filters.items())
        return f"{self.q} [{shown}]".strip() if shown else self.q


def query_mix(case_number: str = "2019-10001") -> list[BenchQuery]:
    """The mix; ``case_number`` is one that exists in the corpus (see :func:`first_case_number`)."""
    return [
        BenchQuery("one-word", "kontanthjælp"),
        BenchQuery("one-word", "lokalplan"),
        BenchQuery("one-word", "borgere"),
        BenchQuery("one-word", "budget"),
        BenchQuery("two-words", "socialt frikort"),
        BenchQuery("two-words", "unge uddannelse"),
        BenchQuery("two-words", "økonomiske konsekvenser"),
        BenchQuery("phrase", '"taget til efterretning"'),
        BenchQuery("phrase", '"life science"'),
        BenchQuery("compound-part", "hjælp"),
        BenchQuery("compound-part", "modtagere"),
        BenchQuery("field", "titel:lokalplan"),
        BenchQuery("field", "beslutning:godkendt"),
        BenchQuery("field", f"sagsnr:{case_number}"),
        BenchQuery("filters", "", {"committee": ["Økonomiudvalget"]}),
        BenchQuery("filters", "", {"year": ["2019"], "outcome": ["godkendt"]}),
        BenchQuery("word+filters", "kontanthjælp", {"year": ["2016", "2017", "2018"]}),
    ]


def first_case_number(corpus: Path) -> str:
    """The case number of the first matter in ``truth.json``, read without loading the file."""
    truth = corpus / "truth.json"
    if truth.is_file():
        with truth.open(encoding="utf-8") as lines:
            in_matters = False
            for line in lines:
                if line.startswith('"matters"'):
                    in_matters = True
                elif in_matters and '"case_number": "' in line:
                    return line.split('"case_number": "', 1)[1].split('"', 1)[0]
    return "2019-10001"
