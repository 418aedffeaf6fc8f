"""The one-pass analyzers give exactly the token streams of the filter chains they stand for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.analysis_fingerprint import corpus_documents
from search.analysis import (
    DanishAnalyzer,
    _exact_chain,
    _stemmed_chain,
    exact_analyzer,
    stemmed_analyzer,
)
from search.compounds import CompoundSplitter, default_splitter, set_default_splitter

OPTIONS: list[dict[str, Any]] = [
    {"mode": "index"},
    {"mode": "index", "positions": True, "chars": True, "boosts": True},
    {"mode": "index", "positions": True, "chars": True, "removestops": False},
    {"mode": "query", "positions": True, "chars": True},
    {"mode": "query", "positions": True, "removestops": False},
    {"mode": "index", "positions": True, "start_pos": 7, "chars": True, "start_char": 100},
    {"mode": "query", "keeporiginal": True, "positions": True},
    {"mode": "query", "tokenize": False, "positions": True, "chars": True},
]

TEXTS = [
    "Flygtningene fik kontanthjælp i 2016-2017 og i 2018/19, jf. pkt. 3 i EMN-2025-008468.",
    "Kultur-, Fritids- og Idrætsudvalget og fleks- eller skånejob; i alt 9,164 mio. kr.",
    "og i en af de – 04.12.2012 – Økonomiudvalget: lokalplanforslaget for Århus-området",
    "",
    "  - , &  ",
]


def stream(analyzer: Any, text: str, options: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            t.text,
            getattr(t, "pos", None),
            getattr(t, "startchar", None),
            getattr(t, "endchar", None),
            t.stopped,
            t.boost,
            getattr(t, "original", None),
        )
        for t in analyzer(text, **options)
    ]


def texts_of_the_corpus(corpus_dir: Path) -> list[str]:
    documents = corpus_documents(corpus_dir, limit=40)
    return [value for doc in documents for value in doc.values() if isinstance(value, str)]


@pytest.mark.parametrize("options", OPTIONS)
def test_the_one_pass_analyzers_equal_their_chains(
    corpus_dir: Path, options: dict[str, Any]
) -> None:
    stemmed, exact = stemmed_analyzer(), exact_analyzer()
    assert isinstance(stemmed, DanishAnalyzer) and isinstance(exact, DanishAnalyzer)
    for text in TEXTS + texts_of_the_corpus(corpus_dir):
        for analyzer, chain in ((stemmed, _stemmed_chain()), (exact, _exact_chain())):
            # twice: the second time every word comes from the memo
            assert stream(analyzer, text, options) == stream(chain, text, options)
            assert stream(analyzer, text, options) == stream(chain, text, options)


def test_the_memo_follows_a_replaced_compound_splitter() -> None:
    previous = default_splitter()
    word = "vejbumpforslaget"
    before = [t.text for t in stemmed_analyzer()(word, mode="index")]
    try:
        set_default_splitter(CompoundSplitter({"vejbump", "forslaget"}))
        after = [t.text for t in stemmed_analyzer()(word, mode="index")]
        assert after == [t.text for t in _stemmed_chain()(word, mode="index")]
        assert "vejbump" in after and after != before
    finally:
        set_default_splitter(previous)
    assert [t.text for t in stemmed_analyzer()(word, mode="index")] == before


def test_suspended_compounds_are_found_only_around_anchors_as_everywhere() -> None:
    import random

    from search.compounds import _SUSPENDED, _suspended_matches

    rng = random.Random(3)
    pieces = ["Kultur", "-", ",", " ", "\n", "og", "OG", "eller", "samt", "&", "Fritids", "x-"]
    pieces += ["Idrætsudvalget", "fleks", "skånejob", "1", "²", "_", ".", "a", "(", "é", "- og "]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        everywhere = [(m.span(), m.groups()) for m in _SUSPENDED.finditer(text)]
        assert [(m.span(), m.groups()) for m in _suspended_matches(text)] == everywhere, text
