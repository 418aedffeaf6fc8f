"""Precedents on a generated archive: every planted reference resolves, every history is in date order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.generate import MINUTES, Generator
from indexer.pipeline import index_paths
from search.service import SearchService

ITEMS = 900


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, dict[str, Any]]:
    out = tmp_path_factory.mktemp("generated")
    Generator(out, ITEMS, seed=11).run()
    report = index_paths([out / MINUTES], out / "index")
    assert not report.failed, report.to_text()
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    service = SearchService(out / "index")
    yield service, truth
    service.close()


def test_every_planted_reference_resolves_and_every_dangling_one_stays_unresolved(
    archive: tuple[SearchService, dict[str, Any]],
) -> None:
    service, truth = archive
    assert truth["references"], "the generator planted no references"
    wrong = []
    for planted in truth["references"]:
        item = service.get_item(planted["item"])
        assert item is not None, planted["item"]
        found = [
            reference for reference in item["references"] if reference["text"] == planted["text"]
        ]
        assert found, f"{planted['item']} lost the citation {planted['text']!r}"
        if found[0]["id"] != planted["target"]:
            wrong.append((planted["item"], planted["text"], found[0]["id"], planted["target"]))
    assert not wrong, wrong[:5]


def test_every_matter_is_one_history_in_date_order(
    archive: tuple[SearchService, dict[str, Any]],
) -> None:
    service, truth = archive
    assert truth["matters"]
    for matter in truth["matters"]:
        for item_id in matter["items"]:
            item = service.get_item(item_id)
            assert item is not None
            history = item["history"]
            ids = [step["id"] for step in history]
            assert set(matter["items"]) <= set(ids), (item_id, matter["case_number"])
            dates = [step["date"] for step in history if step["date"]]
            assert dates == sorted(dates), item_id
            assert ids.count(item_id) == 1
