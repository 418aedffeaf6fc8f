"""Shared fixtures: the real corpus copied into tests/fixtures/corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def corpus_bytes() -> CorpusReader:
    return CorpusReader()


class CorpusReader:
    """``corpus_bytes("ballerup-text/002_1d0fbda90244606e.txt")`` → the file's bytes."""

    def __call__(self, relative: str) -> bytes:
        return (CORPUS / relative).read_bytes()
