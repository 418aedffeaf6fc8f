"""bench.run: a long run keeps what it measured when a later stage fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import run as bench_run


@pytest.fixture
def bench_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The benchmark's cache (generated corpora, indexes) in the test's own folder."""
    monkeypatch.setattr(bench_run, "CACHE", tmp_path / "cache")
    return tmp_path


def test_the_opensearch_figures_are_saved_before_the_whoosh_build(
    bench_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OpenSearch half of a 1M run takes ~20 minutes before Whoosh's build starts."""
    measured = {"location": "http://node/bench", "search": {"full": {}}, "pages": {}}

    def opensearch_run(*_: Any, **__: Any) -> dict[str, Any]:
        return measured

    class Nodes:
        def __enter__(self) -> Any:
            return type("Cluster", (), {"urls": ["http://127.0.0.1:1"]})()

        def __exit__(self, *_: Any) -> None:
            return None

    def whoosh_build(*_: Any) -> dict[str, Any]:
        raise SystemExit("indexing failed: the machine went away")

    monkeypatch.setattr(bench_run, "opensearch_run", opensearch_run)
    monkeypatch.setattr(bench_run, "opensearch_lines", lambda name, run: [f"{name}: measured"])
    monkeypatch.setattr("bench.opensearch.local_nodes", lambda *_: Nodes())
    monkeypatch.setattr(bench_run, "build_index", whoosh_build)
    saved = bench_cache / "figures.json"

    with pytest.raises(SystemExit, match="machine went away"):
        bench_run.main(["--items", "30", "--engine", "opensearch", "--no-fts5",
                        "--json", str(saved)])  # fmt: skip

    figures = json.loads(saved.read_text())
    assert figures["opensearch"] == {"node": measured}
    assert figures["items"] == 30
    assert "build" not in figures and "referat" not in figures
