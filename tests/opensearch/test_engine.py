"""What only the OpenSearch engine has to get right, against a real node: the cluster's
errors as clear messages (CLI, pages, API), the alias swapped by a rebuild, changes
invisible until their commit, one writer at a time, and a commit that dies half-way
repaired by the next run.

The engine-neutral behaviour (indexing runs, searching, items, pages) is tested against both
engines by the tests in tests/ that use ``index_location``, ``bundled_index`` or ``service``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from opensearchpy import OpenSearch

from indexer.pipeline import index_paths
from referat.cli import main
from referat.opensearch_nodes import LocalCluster, free_ports
from search.engine import IndexBusy, IndexOutdated, IndexUnavailable, open_writer
from search.engines.opensearch import bulk, connection, writerlock
from search.engines.opensearch.indices import create_index, current_index
from search.engines.opensearch.mapping import index_body
from search.service import SearchRequest, SearchService
from tests.conftest import drop_opensearch_index, new_index_url
from tests.test_pipeline import MINUTES as ONE_MEETING

pytestmark = pytest.mark.opensearch

#: two items of a meeting on the {day}th of February 2020
MINUTES = ONE_MEETING.replace("den 3. februar", "den {day}. februar")


def minutes_folder(folder: Path, days: list[int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / f"tmu-{day}.txt").write_text(MINUTES.format(day=day), encoding="utf-8")
    (folder / "manifest.toml").write_text('["/"]\norganisation = "Testrup"\n', encoding="utf-8")
    return folder


def ids(location: str, q: str = "") -> set[str]:
    service = SearchService.open(location)
    try:
        return {hit["id"] for hit in service.search(SearchRequest(q=q, limit=100))["results"]}
    finally:
        service.close()


def item(day: int, number: int) -> str:
    return f"testrup/teknik-og-miljoeudvalget/2020-02-{day:02d}/{number}"


@pytest.fixture
def location(opensearch_node: LocalCluster, opensearch_client: OpenSearch) -> Iterator[str]:
    url = new_index_url(opensearch_node, "engine")
    yield url
    drop_opensearch_index(opensearch_client, url)


def physical_indices(client: OpenSearch, location: str) -> list[str]:
    name = location.rsplit("/", 1)[-1]
    return sorted(client.indices.get(index=f"{name}.*", params={"allow_no_indices": "true"}))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


# -- the cluster's errors --------------------------------------------------------------------


@pytest.fixture
def nothing_listening() -> str:
    """The location of an index on a port where no OpenSearch runs."""
    (port,) = free_ports(1)
    return f"http://127.0.0.1:{port}/referat"


def test_a_cluster_that_is_down_is_a_plain_message_everywhere(
    nothing_listening: str, tmp_path: Path, make_app: Callable[[dict[str, object]], Flask]
) -> None:
    with pytest.raises(IndexUnavailable, match=r"cannot reach OpenSearch at .*is it running"):
        SearchService.open(nothing_listening)
    code, output = run("search", "vejbump", "--index", nothing_listening)
    assert code == 1
    assert "cannot reach OpenSearch" in output
    code, output = run("index", str(minutes_folder(tmp_path, [3])), "--index", nothing_listening)
    assert (code, "cannot reach OpenSearch" in output) == (1, True)
    client = make_app({"INDEX": nothing_listening}).test_client()
    page = client.get("/?q=vejbump")
    assert page.status_code == 503
    assert "Søgeindekset kan ikke bruges lige nu" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    api = client.get("/api/search?q=vejbump")
    assert api.status_code == 503
    assert "try again later" in api.get_json()["error"]


#: the bundled corpus in OpenSearch alone (the fixture gives both engines by default)
in_opensearch = pytest.mark.parametrize("bundled_index", ["opensearch"], indirect=True)


@in_opensearch
def test_a_second_host_answers_when_the_first_is_down(
    nothing_listening: str, bundled_index: str
) -> None:
    dead = nothing_listening.rsplit("/", 1)[0].removeprefix("http://")
    both = bundled_index.replace("http://", f"http://{dead},", 1)
    assert ids(both, "studietur") == ids(bundled_index, "studietur") != set()


def test_the_cli_never_shows_a_traceback_for_a_cluster_that_is_down(nothing_listening: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "referat", "report", "--index", nothing_listening],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "cannot reach OpenSearch" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_red_index_is_unavailable_with_the_reason(
    location: str, opensearch_client: OpenSearch
) -> None:
    place = connection.parse_location(location)
    body = index_body(1, 0, place.name)
    # no node may hold its shard: its primary is never assigned, the index is red
    body["settings"]["routing.allocation.require._name"] = "nowhere"
    index = f"{place.name}.red"
    opensearch_client.indices.create(index=index, body=body, params={"wait_for_active_shards": "0"})
    opensearch_client.indices.put_alias(index=index, name=place.name)
    assert opensearch_client.cluster.health(index=index)["status"] == "red"
    service = SearchService.open(location)
    try:
        with pytest.raises(IndexUnavailable, match=r"failed while searching: .*cluster red\?\)"):
            service.search(SearchRequest(q="vejbump"))
        for command in (["search", "vejbump"], ["show", item(3, 1)], ["report"]):
            code, output = run(*command, "--index", location)
            assert code == 1 and "is the cluster red?" in output, output
    finally:
        service.close()


@in_opensearch
def test_a_cluster_too_slow_to_answer_is_a_timeout_message(
    bundled_index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "READ_TIMEOUT", 0.0001)
    with pytest.raises(IndexUnavailable, match="did not answer in time"):
        SearchService.open(bundled_index).search(SearchRequest(q="studietur"))


def test_an_index_of_another_layout_is_refused_until_rebuilt(
    location: str,
    opensearch_client: OpenSearch,
    tmp_path: Path,
    make_app: Callable[[dict[str, object]], Flask],
) -> None:
    folder = minutes_folder(tmp_path, [3])
    index_paths([folder], location)
    index = current_index(opensearch_client, connection.parse_location(location))
    opensearch_client.indices.put_mapping(
        index=index, body={"_meta": {"referat": {"version": "0", "alias": "x"}}}
    )
    with pytest.raises(IndexOutdated, match="--rebuild"):
        SearchService.open(location)
    with pytest.raises(IndexOutdated, match="--rebuild"):
        index_paths([folder], location)
    code, output = run("search", "vejbump", "--index", location)
    assert code == 1 and "schema 0" in output and "--rebuild" in output
    page = make_app({"INDEX": location}).test_client().get("/")
    assert page.status_code == 503
    assert "kør `referat index --rebuild`" in page.get_data(as_text=True)
    assert not index_paths([folder], location, rebuild=True).failed
    assert ids(location) == {item(3, 1), item(3, 2)}


def test_a_name_that_is_not_referats_alias_is_refused(
    opensearch_node: LocalCluster, opensearch_client: OpenSearch
) -> None:
    opensearch_client.indices.create(index="someone-elses")
    try:
        location = f"{opensearch_node.urls[0]}/someone-elses"
        with pytest.raises(IndexUnavailable, match="an index Referat did not make"):
            SearchService.open(location)
        with pytest.raises(IndexUnavailable, match="an index Referat did not make"):
            open_writer(location)
    finally:
        opensearch_client.indices.delete(index="someone-elses")


# -- writing ---------------------------------------------------------------------------------


def test_a_rebuild_moves_the_alias_and_removes_the_old_index(
    location: str, opensearch_client: OpenSearch, tmp_path: Path
) -> None:
    index_paths([minutes_folder(tmp_path / "a", [3])], location)
    (first,) = physical_indices(opensearch_client, location)
    service = SearchService.open(location)
    index_paths([minutes_folder(tmp_path / "b", [4])], location, rebuild=True)
    (second,) = physical_indices(opensearch_client, location)
    assert second != first
    assert current_index(opensearch_client, connection.parse_location(location)) == second
    assert {hit["id"] for hit in service.search(SearchRequest())["results"]} == {
        item(4, 1),
        item(4, 2),
    }
    service.close()


def test_searchers_see_a_change_only_when_it_is_committed(location: str, tmp_path: Path) -> None:
    index_paths([minutes_folder(tmp_path / "a", [3])], location)
    service = SearchService.open(location)
    from indexer.documents import meeting_documents
    from indexer.pipeline import read_file

    path = minutes_folder(tmp_path / "b", [4]) / "tmu-4.txt"
    meeting = read_file(path, path.read_bytes(), {"organisation": "Testrup"})
    with open_writer(location) as writer:
        for document in meeting_documents(meeting, str(path), "hash"):
            writer.add(document)
        writer.remove_item(item(3, 2))
        assert service.search(SearchRequest())["total"] == 2
        assert service.get_item(item(4, 1)) is None
        assert service.get_item(item(3, 2)) is not None
        writer.commit()
    assert {hit["id"] for hit in service.search(SearchRequest())["results"]} == {
        item(3, 1),
        item(4, 1),
        item(4, 2),
    }
    service.close()


def test_a_cancelled_change_leaves_the_index_as_it_was(location: str, tmp_path: Path) -> None:
    folder = minutes_folder(tmp_path, [3, 4])
    index_paths([folder], location)
    (folder / "tmu-3.txt").unlink()
    with open_writer(location) as writer:
        for source in writer.stored_sources():
            writer.remove_source(source)
        writer.cancel()
    assert ids(location) == {item(3, 1), item(3, 2), item(4, 1), item(4, 2)}


def test_a_failed_rebuild_leaves_the_old_index_and_nothing_else(
    location: str, opensearch_client: OpenSearch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_paths([minutes_folder(tmp_path / "a", [3])], location)
    before = physical_indices(opensearch_client, location)

    def refuse(self: Any, chunk: list[str]) -> None:
        raise IndexUnavailable("disk on fire")

    monkeypatch.setattr(bulk.BulkSender, "_write", refuse)
    with pytest.raises(IndexUnavailable, match="disk on fire"):
        index_paths([minutes_folder(tmp_path / "b", [4])], location, rebuild=True)
    assert physical_indices(opensearch_client, location) == before
    assert ids(location) == {item(3, 1), item(3, 2)}


def test_what_an_interrupted_build_left_behind_is_removed_by_the_next_writer(
    location: str, opensearch_client: OpenSearch, tmp_path: Path
) -> None:
    index_paths([minutes_folder(tmp_path, [3])], location)
    place = connection.parse_location(location)
    leftover = create_index(opensearch_client, place)
    assert leftover in physical_indices(opensearch_client, location)
    index_paths([minutes_folder(tmp_path, [4])], location)
    assert leftover not in physical_indices(opensearch_client, location)
    assert ids(location) == {item(3, 1), item(3, 2), item(4, 1), item(4, 2)}


def test_two_writers_at_once_the_second_is_refused(location: str, tmp_path: Path) -> None:
    index_paths([minutes_folder(tmp_path, [3])], location)
    with open_writer(location) as first:
        with pytest.raises(IndexBusy, match=r"another process is writing .*pid"):
            open_writer(location, wait=0.5)
        first.cancel()
    with open_writer(location) as again:  # released
        again.cancel()


def test_the_lock_of_a_writer_that_died_is_taken_over(
    location: str, opensearch_client: OpenSearch, tmp_path: Path
) -> None:
    index_paths([minutes_folder(tmp_path, [3])], location)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    lock = {"host": os.uname().nodename, "pid": int(dead.stdout), "renewed": 0, "commit": None}
    name = connection.parse_location(location).name
    opensearch_client.index(index=writerlock.LOCK_INDEX, id=name, body=lock)
    index_paths([minutes_folder(tmp_path, [4])], location)
    assert ids(location) == {item(3, 1), item(3, 2), item(4, 1), item(4, 2)}


def test_a_commit_that_dies_half_way_is_invisible_and_the_next_run_repairs_it(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = minutes_folder(tmp_path, [3, 4, 5])
    index_paths([folder], location)
    # the run to come: day 3 loses item 2, day 4 vanishes, day 6 is new
    (folder / "tmu-3.txt").write_text(MINUTES.format(day=3).split("Punkt 2")[0], encoding="utf-8")
    (folder / "tmu-4.txt").unlink()
    minutes_folder(folder, [6])
    real_write = bulk.BulkSender._write
    chunks: list[int] = []

    def die_after_the_first_chunk(self: Any, chunk: list[str]) -> None:
        chunks.append(len(chunk))
        if len(chunks) > 1:
            raise IndexUnavailable("the cluster went away")
        real_write(self, chunk)

    monkeypatch.setattr(bulk, "CHUNK_ACTIONS", 2)  # removals, then additions, two at a time
    monkeypatch.setattr(bulk.BulkSender, "_write", die_after_the_first_chunk)
    before = ids(location)
    with pytest.raises(IndexUnavailable, match="the cluster went away"):
        index_paths([folder], location)
    assert chunks[0] == 2  # the first chunk was written: two of the three removals
    assert ids(location) == before  # ... and is not visible
    monkeypatch.undo()
    report = index_paths([folder], location)
    assert not report.failed
    assert ids(location) == {item(3, 1), item(5, 1), item(5, 2), item(6, 1), item(6, 2)}
