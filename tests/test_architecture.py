"""Dependencies point one way: readers → model → documents → engines → service → web and CLI.

Checked on the source itself (every import statement, including those inside functions),
so a shortcut through the layers fails here before it spreads.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("search", "indexer", "web", "referat")


def imports_of(path: Path, package: str | None = None) -> set[str]:
    """Every module ``path`` imports (absolute names; relative imports resolved against
    ``package``, by default the one ``path`` is in)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                found.add(node.module)
    return found


def modules(*parts: str) -> list[Path]:
    return sorted((ROOT.joinpath(*parts)).rglob("*.py"))


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """Per file, the imports that start with one of ``forbidden``."""
    bad: dict[str, list[str]] = {}
    for path in paths:
        names = sorted(
            name
            for name in imports_of(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if names:
            bad[str(path.relative_to(ROOT))] = names
    return bad


def engine_independent_search_modules() -> list[Path]:
    return [p for p in modules("search") if "engines" not in p.relative_to(ROOT).parts]


@pytest.mark.parametrize(
    ("paths", "forbidden"),
    [
        (modules("search"), ("indexer", "web", "referat", "flask")),
        (modules("indexer"), ("web", "referat", "flask", "search.engines")),
        (modules("indexer", "readers"), ("whoosh", "opensearchpy", "flask", "search")),
        (modules("web"), ("indexer", "referat", "whoosh", "opensearchpy", "search.engines")),
        (modules("search", "engines", "whoosh"), ("search.engines.opensearch", "opensearchpy")),
        (modules("search", "engines", "opensearch"), ("search.engines.whoosh", "whoosh")),
    ],
    ids=[
        "search-knows-no-caller",
        "indexer-knows-no-engine",
        "readers-know-only-the-model",
        "web-knows-only-the-service",
        "whoosh-engine-knows-no-other-engine",
        "opensearch-engine-knows-no-other-engine",
    ],
)
def test_dependencies_point_one_way(paths: list[Path], forbidden: tuple[str, ...]) -> None:
    assert offending(paths, forbidden) == {}


def test_the_engine_independent_search_modules_use_whoosh_only_for_text_analysis() -> None:
    """Analysis is built from whoosh's analysis package (a filter library, not the engine);
    nothing else outside search/engines may touch whoosh or an engine."""
    bad = offending(
        engine_independent_search_modules(),
        ("whoosh.index", "whoosh.query", "whoosh.searching", "whoosh.fields", "whoosh.writing",
         "whoosh.scoring", "whoosh.sorting", "whoosh.collectors", "search.engines", "numpy"),
    )  # fmt: skip
    assert bad == {}
    whoosh_users = {
        str(p.relative_to(ROOT))
        for p in engine_independent_search_modules()
        if any(name.split(".")[0] == "whoosh" for name in imports_of(p))
    }
    assert whoosh_users <= {"search/analysis.py"}


def test_the_checker_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import json\ndef f():\n    from indexer.model import Meeting\nfrom .schema import x\n"
    )
    assert imports_of(sample, "search.engines.whoosh") == {
        "json",
        "indexer.model",
        "search.engines.whoosh.schema",
    }
