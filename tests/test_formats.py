"""The fast Danish formats index exactly what whoosh's own formats index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from whoosh.fields import TEXT
from whoosh.writing import SegmentWriter

import search.engines.whoosh.schema as whoosh_schema
from bench.analysis_fingerprint import corpus_documents, fingerprint_index
from search.analysis import DanishAnalyzer, exact_analyzer, stemmed_analyzer
from search.engines.whoosh.formats import DanishFrequency, DanishPositions, indexed_forms
from search.engines.whoosh.schema import build_schema
from search.engines.whoosh.wordpairs import word_pair_analyzer

CORPUS = Path(__file__).resolve().parent / "fixtures" / "bundled"
TEXT_FIELDS = ["title", "casetext", "decision", "committee_text", "exact"]


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    return list(corpus_documents(CORPUS))


@pytest.mark.parametrize("mode", ["index", "query"])
@pytest.mark.parametrize("analyzer", [stemmed_analyzer(), exact_analyzer()], ids=["stem", "exact"])
def test_forms_and_texts_are_the_texts_and_positions_of_the_token_stream(
    documents: list[dict[str, Any]], analyzer: DanishAnalyzer, mode: str
) -> None:
    compared = 0
    for document in documents:
        for name in TEXT_FIELDS:
            text = document.get(name) or ""
            tokens = [(t.text, t.pos) for t in analyzer(text, positions=True, mode=mode)]
            texts, positions = analyzer.forms(text, mode)
            assert list(zip(texts, positions, strict=True)) == tokens
            assert analyzer.texts(text, mode) == texts
            assert analyzer.texts(text, mode) == texts  # now from the memo of kept forms
            compared += len(tokens)
    assert compared > 10_000


def test_word_pairs_come_from_the_fast_path_as_from_the_filter() -> None:
    text = "Budget 2016-2017 blev taget til efterretning. Fleks- eller skånejob."
    analyzer = word_pair_analyzer()
    tokens = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
    found = indexed_forms(analyzer, text, {"mode": "index"})
    assert found is not None
    assert list(zip(*found, strict=True)) == tokens
    assert ("taget til", 3) in tokens


@pytest.mark.parametrize(
    ("value", "kwargs"),
    [(["a", "list"], {"mode": "index"}), ("text", {"mode": "index", "chars": True})],
)
def test_values_and_options_the_fast_path_does_not_cover_go_the_ordinary_way(
    value: Any, kwargs: dict[str, Any]
) -> None:
    assert indexed_forms(exact_analyzer(), value, kwargs) is None


def test_the_schema_uses_the_fast_formats_for_every_danish_text_field() -> None:
    schema = build_schema()
    for name in schema.names():
        if isinstance(schema[name].analyzer, DanishAnalyzer) or name == "exact_pairs":
            assert type(schema[name].format) in (DanishFrequency, DanishPositions), name


def whooshs_own_text(analyzer: Any, phrase: bool, stored: bool = False) -> TEXT:
    return TEXT(analyzer=analyzer, phrase=phrase, stored=stored)


def test_an_index_built_with_the_fast_formats_equals_one_built_with_whooshs(
    documents: list[dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    whoosh_index: Callable[[Path], Any],
) -> None:
    (tmp_path / "fast").mkdir()
    (tmp_path / "plain").mkdir()
    fast = SegmentWriter(whoosh_index(tmp_path / "fast"))
    with monkeypatch.context() as patch:
        patch.setattr(whoosh_schema, "danish_text", whooshs_own_text)
        plain = SegmentWriter(whoosh_index(tmp_path / "plain"))
    assert type(plain.schema["exact"].format) is not DanishFrequency
    for document in documents:
        fast.add_document(**document)
        plain.add_document(**document)
    fast.commit()
    plain.commit()
    assert fingerprint_index(tmp_path / "fast") == fingerprint_index(tmp_path / "plain")
