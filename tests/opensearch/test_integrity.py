"""``referat check``, a damaged index and a busy one, on OpenSearch (against a real node).

What "intact" means on a cluster (search.engines.opensearch.integrity): the index is not
red, was built under this layout, and holds as many items as its last commit left.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearchpy import OpenSearch

from indexer.pipeline import index_paths
from referat.cli import main
from search.engine import IndexBusy, IndexDamaged, check_index, open_writer
from search.engines.opensearch import connection, writerlock
from search.engines.opensearch.indices import create_index, current_index
from search.service import SearchService
from tests.opensearch.test_engine import ids, item, location, minutes_folder

pytestmark = pytest.mark.opensearch
__all__ = ["location"]  # the fixture, shared with test_engine


def lose_an_item(client: OpenSearch, url: str, item_id: str) -> None:
    """An item gone behind Referat's back (as when a shard's every copy was lost)."""
    index = current_index(client, connection.parse_location(url))
    assert index is not None
    client.delete(index=index, id=item_id, params={"refresh": "true"})


def test_an_intact_index_checks_ok_from_the_engine_the_writer_and_the_cli(
    location: str, tmp_path: Path
) -> None:
    index_paths([minutes_folder(tmp_path, [3, 4])], location)
    found = check_index(location)
    assert found.ok and found.items == 4 and found.parts >= 1 and found.size > 0
    service = SearchService.open(location)
    try:
        assert service.engine.check().ok
    finally:
        service.close()
    with open_writer(location) as writer:
        assert writer.check().ok and writer.check().items == 4
        writer.cancel()
    result = CliRunner().invoke(main, ["check", "--index", location, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["items"] == 4


def test_a_lost_item_is_damage_the_writer_refuses_until_a_rebuild(
    location: str, opensearch_client: OpenSearch, tmp_path: Path
) -> None:
    folder = minutes_folder(tmp_path, [3, 4])
    index_paths([folder], location)
    lose_an_item(opensearch_client, location, item(4, 2))
    found = check_index(location)
    assert not found.ok and found.damaged == [
        "the index holds 3 items; its last commit left 4 (1 lost)"
    ]
    result = CliRunner().invoke(main, ["check", "--index", location])
    assert result.exit_code == 1 and "DAMAGED" in result.output
    with pytest.raises(IndexDamaged, match=r"holds 3 items.*--rebuild"):
        open_writer(location)
    assert not index_paths([folder], location, rebuild=True).failed
    assert check_index(location).ok
    assert item(4, 2) in ids(location)


def test_an_unfinished_build_and_an_unfinished_commit_are_leftovers_not_damage(
    location: str, opensearch_client: OpenSearch, tmp_path: Path
) -> None:
    folder = minutes_folder(tmp_path, [3])
    index_paths([folder], location)
    place = connection.parse_location(location)
    leftover = create_index(opensearch_client, place)
    # a commit of tmu-3.txt that died after its first removal, as the writer lock records it
    commit = {
        "index": current_index(opensearch_client, place),
        "sources": [str(folder / "tmu-3.txt")],
    }
    lock = {"host": "elsewhere", "pid": 1, "renewed": 0, "released": True, "commit": commit}
    opensearch_client.index(index=writerlock.LOCK_INDEX, id=place.name, body=lock)
    lose_an_item(opensearch_client, location, item(3, 2))
    found = check_index(location)
    assert found.ok, found.damaged
    assert leftover in found.leftovers
    assert any("unfinished commit" in entry for entry in found.leftovers)
    index_paths([folder], location)  # the next run repairs both
    found = check_index(location)
    assert found.ok and found.leftovers == [] and found.items == 2


def test_a_second_writer_waits_for_the_first_then_gives_up(location: str, tmp_path: Path) -> None:
    index_paths([minutes_folder(tmp_path, [3])], location)
    first = open_writer(location)
    started = time.monotonic()
    with pytest.raises(IndexBusy, match=r"another process is writing .*pid"):
        open_writer(location, wait=1.0)
    assert time.monotonic() - started >= 1.0
    threading.Timer(1.0, first.cancel).start()
    with open_writer(location, wait=30.0) as second:  # waited until the first let go
        second.cancel()
