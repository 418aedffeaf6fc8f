"""Shared fixtures: the readers' real files, the fixed test corpus and the bundled data/,
indexes of the corpus in both engines, and a real OpenSearch node.

The fixtures that give an index (``bundled_index``, ``index_location`` and what builds on
them: ``service``, ``app``, ``client``) are parametrized by engine: every test using them
runs against the embedded Whoosh index and against an index on a real OpenSearch node, with
the same body. The node is started once per session, on free ports, in a folder under /tmp
(OpenSearch's system user cannot enter pytest's private tmp folders), and stopped at the
end. A node that cannot start FAILS the tests that need it, with the reason: it never skips
them. ``pytest -m "not opensearch"`` leaves the OpenSearch variants out while developing.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from opensearchpy import OpenSearch

from indexer.report import IndexReport
from referat.opensearch_install import OpenSearchError
from referat.opensearch_nodes import LocalCluster

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

#: the engines every engine-neutral test runs against (the OpenSearch one is marked, so
#: ``-m "not opensearch"`` leaves it out)
ENGINES = ["whoosh", pytest.param("opensearch", marks=pytest.mark.opensearch)]


# -- a real OpenSearch node ------------------------------------------------------------------


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
def opensearch_workdir() -> Iterator[Path]:
    """A folder OpenSearch's system user may enter (pytest's tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="referat-opensearch-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def failing_with_the_reason() -> Iterator[None]:
    """An OpenSearch that cannot start fails the test (never skips it), saying why."""
    try:
        yield
    except OpenSearchError as error:
        pytest.fail(f"OpenSearch could not start: {error}", pytrace=False)


def started(directory: Path, size: int) -> LocalCluster:
    cluster = LocalCluster.plan(directory, size)
    with failing_with_the_reason():
        cluster.start()
    return cluster


@pytest.fixture(scope="session")
def opensearch_node(opensearch_workdir: Path) -> Iterator[LocalCluster]:
    """One real node for the whole session (``.urls[0]``); stopped when the session ends."""
    node = started(opensearch_workdir / "single", 1)
    yield node
    node.stop()


@pytest.fixture(scope="session")
def opensearch_client(opensearch_node: LocalCluster) -> OpenSearch:
    return OpenSearch(hosts=opensearch_node.urls, timeout=30)


def new_index_url(node: LocalCluster, prefix: str = "test") -> str:
    """The location of an index that does not exist yet on ``node``, under a fresh name."""
    return f"{node.urls[0]}/{prefix}-{uuid.uuid4().hex[:10]}"


def drop_opensearch_index(client: OpenSearch, url: str) -> None:
    """Remove what Referat made for the location ``url``: its indices and its writer lock."""
    name = url.rsplit("/", 1)[-1].split("?")[0]
    client.indices.delete(index=f"{name}.*", params={"allow_no_indices": "true"})


# -- indexes in both engines -----------------------------------------------------------------


@pytest.fixture(scope="session", params=ENGINES)
def bundled_index(request: pytest.FixtureRequest) -> str:
    """An index of the fixed test corpus, built once per test session and engine (read-only
    use): a folder (Whoosh) or a URL (OpenSearch).

    The corpus is the one the relevance judgments and the pages' tests were written for;
    data/ (what ``make serve`` serves) may grow without changing them.
    """
    return str(request.getfixturevalue(f"{request.param}_bundled_index"))


@pytest.fixture(scope="session")
def opensearch_bundled_index(
    opensearch_node: LocalCluster, opensearch_client: OpenSearch
) -> Iterator[str]:
    """The fixed test corpus in an index on the session's OpenSearch node."""
    from indexer.pipeline import index_paths

    location = new_index_url(opensearch_node, "bundled")
    report = index_paths([BUNDLED], location)
    assert not report.failed, report.to_text()
    yield location
    drop_opensearch_index(opensearch_client, location)


@pytest.fixture(params=ENGINES)
def index_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test builds its own index, in each engine: a folder that does not exist yet,
    or a URL naming an index that does not exist yet; removed afterwards."""
    if request.param == "whoosh":
        yield str(tmp_path / "index")
        return
    node: LocalCluster = request.getfixturevalue("opensearch_node")
    client: OpenSearch = request.getfixturevalue("opensearch_client")
    location = new_index_url(node)
    yield location
    drop_opensearch_index(client, location)


@pytest.fixture(params=ENGINES)
def missing_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An index location in each engine where no index was ever built."""
    if request.param == "whoosh":
        return str(tmp_path / "nothing")
    return new_index_url(request.getfixturevalue("opensearch_node"), "nothing")


@pytest.fixture(scope="session")
def data_index(tmp_path_factory: pytest.TempPathFactory) -> DataIndex:
    """An index of the whole data/ folder (the Greve archive included), once per session."""
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("data") / "index"
    return DataIndex(index_dir, index_paths([DATA], index_dir))


@pytest.fixture(scope="session")
def data_service(data_index: DataIndex):  # type: ignore[no-untyped-def]
    """A search service over data/ in Whoosh (the session's ``data_index``)."""
    from search.service import SearchService

    svc = SearchService.open(data_index.path)
    yield svc
    svc.close()


class DataIndex:
    """Where data/ was indexed, and the run's report."""

    def __init__(self, path: Path, report: IndexReport) -> None:
        self.path = path
        self.report = report


@pytest.fixture(scope="session")
def service(bundled_index: str):  # type: ignore[no-untyped-def]
    """A search service over the bundled corpus."""
    from search.service import SearchService

    svc = SearchService.open(bundled_index)
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def app(bundled_index: str) -> Iterator[Flask]:
    """The web app over the bundled corpus."""
    from web import close_service, create_app

    app = create_app({"INDEX": bundled_index, "TESTING": True})
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


# -- one engine's index alone: tests of an engine's own parts, and engines compared ----------


@pytest.fixture(scope="session")
def whoosh_bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixed test corpus in a Whoosh index folder."""
    from indexer.pipeline import index_paths

    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    report = index_paths([BUNDLED], index_dir)
    assert not report.failed, report.to_text()
    return index_dir


@pytest.fixture(scope="session")
def whoosh_service(whoosh_bundled_index: Path):  # type: ignore[no-untyped-def]
    """A search service over the Whoosh index of the bundled corpus."""
    from search.service import SearchService

    svc = SearchService.open(whoosh_bundled_index)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def opensearch_service(opensearch_bundled_index: str):  # type: ignore[no-untyped-def]
    """A search service over the OpenSearch index of the bundled corpus."""
    from search.service import SearchService

    svc = SearchService.open(opensearch_bundled_index)
    yield svc
    svc.close()


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
