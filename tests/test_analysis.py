"""Danish analysis: the same forms at index and query time."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.analysis import analyze, exact_analyzer, fold, stemmed_analyzer
from search.compounds import CompoundSplitter, default_splitter


def indexed(text: str) -> set[str]:
    return {token.text for token in stemmed_analyzer()(text, mode="index")}


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("flygtning", "Integration af flygtninge i kommunen"),
        ("virksomhed", "Besøg hos virksomhederne i Ballerup"),
        ("lokalplan", "Forslag til lokalplanen blev vedtaget"),
        ("beslutning", "Udvalgets beslutninger"),
        ("borger", "borgerne i ressourceforløb"),
        ("okonomi", "Økonomiske konsekvenser"),
        ("oekonomi", "økonomi og finansiering"),
        ("aarhus", "Århus Kommune"),
        ("århus", "Aarhus Byråd"),
        ("kontanthjaelp", "modtagere af kontanthjælp"),
        ("Kontanthjælp", "KONTANTHJÆLP"),
        ("2016", "budget 2016-2017"),
        ("EMN-2025-008468", "Sagsnummer EMN-2025-008468"),
    ],
)
def test_a_query_word_finds_its_forms(query: str, document: str) -> None:
    assert set(analyze(query)) <= indexed(document)


@pytest.mark.parametrize(
    ("part", "compound"),
    [
        ("lokalplan", "lokalplanforslaget"),
        ("forslag", "lokalplanforslaget"),
        ("kontanthjælp", "kontanthjælpsmodtagere"),
        ("modtager", "kontanthjælpsmodtagere"),
        ("indsats", "beskæftigelsesindsatsen"),
        ("rehabilitering", "rehabiliteringsforløb"),
        ("studietur", "studieturen"),
    ],
)
def test_a_part_of_a_compound_finds_the_compound(part: str, compound: str) -> None:
    assert set(analyze(part)) <= indexed(compound)


def test_a_query_for_the_whole_compound_is_not_split() -> None:
    assert analyze("lokalplanforslag") == ["lokalplanforslag"]


@pytest.mark.parametrize(
    "word",
    [
        "forhandling",
        "indstilling",
        "partnerskab",
        "samarbejde",
        "undersøgelse",
        "virksomheder",
        "bestemmelse",
        "overenskomst",
        "betalingen",
        "institutioner",
        "udvalget",
        "uddannelse",
        "medarbejderne",
        "beslutningen",
    ],
)
def test_common_words_are_not_split(word: str) -> None:
    assert default_splitter().split(word) == []


def test_without_a_lexicon_nothing_is_split() -> None:
    assert CompoundSplitter(set()).split("lokalplanforslaget") == []


def test_exact_analysis_keeps_inflections_apart() -> None:
    exact = exact_analyzer()
    assert [t.text for t in exact("flygtninge")] != [t.text for t in exact("flygtning")]


@pytest.mark.parametrize(
    ("typed", "written"),
    [("okonomi", "økonomi"), ("oekonomi", "økonomi"), ("aarhus", "århus"), ("hjaelp", "hjælp")],
)
def test_folding_meets_spellings_without_danish_letters(typed: str, written: str) -> None:
    assert fold(typed) == fold(written)


def test_stop_words_do_not_reach_the_index() -> None:
    assert "og" not in indexed("Erhvervs- og Beskæftigelsesudvalget")


def test_a_missing_lexicon_is_reported_and_nothing_breaks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from search import compounds

    monkeypatch.setenv("REFERAT_LEXICON", str(tmp_path / "missing.txt"))
    assert compounds.lexicon_words() == set()
    assert "no Danish lexicon" in caplog.text


def test_a_lexicon_can_be_named_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from search import compounds

    lexicon = tmp_path / "ord.dic"
    lexicon.write_text("skole/ABC\nbyggeri\n", encoding="utf-8")
    monkeypatch.setenv("REFERAT_LEXICON", str(lexicon))
    assert compounds.lexicon_words() == {"skole", "byggeri"}
    assert CompoundSplitter(compounds.lexicon_words()).split("skolebyggeri") == ["skole", "byggeri"]


@pytest.mark.parametrize(
    ("text", "whole_word"),
    [
        ("ansat i fleks- eller skånejob", "fleksjob"),
        ("kontanthjælps- og uddannelseshjælpsmodtagere", "kontanthjælpsmodtagere"),
        ("Erhvervs- og Beskæftigelsesudvalget", "erhvervsudvalget"),
        ("Kultur-, Fritids- og Idrætsudvalget", "fritidsudvalget"),
        ("social- og sundhedsområdet", "socialområdet"),
    ],
)
def test_a_suspended_compound_is_found_by_its_whole_word(text: str, whole_word: str) -> None:
    assert set(analyze(whole_word)) <= indexed(text)


@pytest.mark.parametrize("text", ["3-4 uger", "Ballerup - Herlev", "IT- og", "fleks- eller"])
def test_hyphens_that_are_not_suspended_compounds_add_nothing(text: str) -> None:
    plain = {token.text for token in stemmed_analyzer()(text.replace("-", " "), mode="index")}
    assert {token for token in indexed(text) if token.isalpha()} <= plain
