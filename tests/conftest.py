"""Shared fixtures: the readers' real files, the fixed test corpus and the bundled data/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer.report import IndexReport

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"  # every reader's real files
BUNDLED = FIXTURES / "bundled"  # the fixed test corpus: what data/ held before Greve, and the PDF


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


GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden() -> GoldenFiles:
    return GoldenFiles()


class GoldenFiles:
    """Compare a JSON-ready value with ``tests/golden/<name>.json``.

    Run with ``REFERAT_UPDATE_GOLDEN=1`` to (re)write the file; review the diff by hand
    before committing it: a golden file asserts what is *right*, not what the code did.
    """

    def check(self, name: str, value: object) -> None:
        import json
        import os

        path = GOLDEN / f"{name}.json"
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if os.environ.get("REFERAT_UPDATE_GOLDEN") or not path.exists():
            if not os.environ.get("REFERAT_UPDATE_GOLDEN"):
                pytest.fail(f"missing golden file {path}; run with REFERAT_UPDATE_GOLDEN=1")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def whoosh_index() -> Callable[[Path], Any]:
    """``whoosh_index(folder)``: an empty index of Referat's schema made by whoosh alone, for
    comparing whoosh's writers with Referat's fast paths (Referat's own writer publishes
    generations with checksums: search.engines.whoosh.store)."""
    from whoosh import index as whoosh_index

    from search.engines.whoosh.schema import build_schema
    from search.engines.whoosh.sums import INDEX_NAME

    def create(path: Path) -> Any:
        return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)

    return create


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the fixed test corpus, built once per test session (read-only use).

    The corpus is the one the relevance judgments and the pages' tests were written for;
    data/ (what ``make serve`` serves) may grow without changing them.
    """
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    report = index_paths([BUNDLED], index_dir)
    assert not report.failed, report.to_text()
    return index_dir


@pytest.fixture(scope="session")
def data_index(tmp_path_factory: pytest.TempPathFactory) -> DataIndex:
    """An index of the whole data/ folder (the Greve archive included), once per session."""
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("data") / "index"
    return DataIndex(index_dir, index_paths([DATA], index_dir))


class DataIndex:
    """Where data/ was indexed, and the run's report."""

    def __init__(self, path: Path, report: IndexReport) -> None:
        self.path = path
        self.report = report


@pytest.fixture(scope="session")
def service(bundled_index: Path):  # type: ignore[no-untyped-def]
    """A search service over the bundled corpus."""
    from search.service import SearchService

    svc = SearchService.open(bundled_index)
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def app(bundled_index: Path) -> Iterator[Flask]:
    """The web app over the bundled corpus."""
    from web import close_service, create_app

    app = create_app({"INDEX": str(bundled_index), "TESTING": True})
    yield app
    close_service(app)


@pytest.fixture
def make_app() -> Iterator[Callable[[dict[str, object]], Flask]]:
    """``create_app`` for one test; the apps' search services (open index files) are
    closed when the test ends."""
    from web import close_service, create_app

    made: list[Flask] = []

    def make(config: dict[str, object]) -> Flask:
        made.append(create_app(config))
        return made[-1]

    yield make
    for app in made:
        close_service(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


#: meetings of this generated corpus: enough files for the two-process writer (>= 200)
GENERATED_ITEMS = 4000
#: items kept per generated file, so that a whole run takes seconds
GENERATED_ITEMS_PER_FILE = 3


@pytest.fixture(scope="session")
def generated_minutes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of ~300 generated minutes files (bench.generate) of three items each:
    indexed through the two-process writer (read-only use: copy it to change it)."""
    import re

    from bench.generate import MINUTES, Generator

    out = tmp_path_factory.mktemp("generated")
    Generator(out, GENERATED_ITEMS, seed=3).run()
    cut = re.compile(rf"^Punkt {GENERATED_ITEMS_PER_FILE + 1} ", re.MULTILINE)
    for path in (out / MINUTES).rglob("*.txt"):
        text = path.read_text(encoding="utf-8")
        match = cut.search(text)
        if match:
            path.write_text(text[: match.start()], encoding="utf-8")
    return out / MINUTES
