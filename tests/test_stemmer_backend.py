"""The C stemmer (PyStemmer) that snowballstemmer runs must stem exactly as the Snowball
Danish stemmer written in Python: an index built with one is searched with the other."""

from __future__ import annotations

from pathlib import Path

import pytest
import snowballstemmer
from snowballstemmer.danish_stemmer import DanishStemmer

from search import analysis

WORD_LIST = Path("/usr/share/dict/danish")


def test_the_analysis_runs_the_c_stemmer() -> None:
    assert type(snowballstemmer.stemmer("danish")).__module__ == "Stemmer"
    assert type(analysis._STEMMER).__module__ == "Stemmer"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("kontanthjælpen", "kontanthjælp"),
        ("lokalplanerne", "lokalplan"),
        ("indsatsen", "indsats"),
        ("godkendelse", "godkend"),
        ("udvalgets", "udvalg"),
    ],
)
def test_danish_stems(word: str, stem: str) -> None:
    assert analysis._STEMMER.stemWord(word) == DanishStemmer().stemWord(word) == stem


def test_every_word_of_the_danish_word_list_stems_alike() -> None:
    """Debian's wdanish (installed by make test's system-deps): 318k words."""
    words = [line.strip().lower() for line in WORD_LIST.read_text("utf-8").splitlines()]
    python = DanishStemmer()
    differ = [w for w in words if w and python.stemWord(w) != analysis._STEMMER.stemWord(w)]
    assert differ == []
