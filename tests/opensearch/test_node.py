"""One real OpenSearch node: it answers, analyses Danish with the common analysis module, runs
Painless scripts, and a node that cannot start says why."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opensearchpy import OpenSearch

from referat import opensearch_nodes
from referat.opensearch_install import VERSION, OpenSearchError
from referat.opensearch_nodes import LocalCluster

pytestmark = pytest.mark.opensearch

DANISH_SNOWBALL = {"type": "snowball", "language": "Danish"}
DANISH_STOP = {"type": "stop", "stopwords": "_danish_"}
DECOMPOUNDER = {"type": "dictionary_decompounder", "word_list": ["kontanthjælp", "modtagere"]}


def test_the_node_answers_with_its_version_and_health(
    opensearch_client: OpenSearch, opensearch_node: LocalCluster
) -> None:
    assert opensearch_client.info()["version"]["number"] == VERSION
    health = opensearch_client.cluster.health()
    assert health["status"] in {"green", "yellow"}
    assert health["number_of_nodes"] == 1
    assert opensearch_node.urls[0].startswith("http://127.0.0.1:")


def test_the_installed_modules_are_loaded(opensearch_client: OpenSearch) -> None:
    nodes = opensearch_client.nodes.info(metric="plugins")["nodes"]
    (node,) = nodes.values()
    assert {module["name"] for module in node["modules"]} >= {
        "analysis-common",
        "lang-painless",
        "transport-netty4",
    }


@pytest.fixture(scope="module")
def analysis_index(opensearch_client: OpenSearch) -> Iterator[str]:
    """An index whose only job is to define the filters the table below uses."""
    filters = {"da_snowball": DANISH_SNOWBALL, "da_stop": DANISH_STOP, "parts": DECOMPOUNDER}
    body = {"settings": {"number_of_replicas": 0, "analysis": {"filter": filters}}}
    opensearch_client.indices.create(index="analysis-check", body=body)
    yield "analysis-check"
    opensearch_client.indices.delete(index="analysis-check")


@pytest.mark.parametrize(
    ("filters", "text", "tokens"),
    [
        # Danish Snowball stems the genitive and the definite ending
        (["lowercase", "da_snowball"], "Økonomiudvalgets", ["økonomiudvalg"]),
        (["lowercase", "da_snowball"], "kommunerne", ["kommun"]),
        # scandinavian_folding lets "okonomi", "oekonomi" and "økonomi" meet
        (
            ["lowercase", "scandinavian_folding", "da_snowball"],
            "Økonomiudvalgets",
            ["okonomiudvalg"],
        ),
        (["lowercase", "scandinavian_folding"], "Århus Aarhus", ["arhus", "arhus"]),
        (
            ["lowercase", "scandinavian_folding"],
            "kontanthjælp oekonomi",
            ["kontanthjalp", "okonomi"],
        ),
        # Danish stop words
        (["lowercase", "da_stop"], "taget til efterretning", ["taget", "efterretning"]),
        # a compound keeps itself and adds the parts found in the word list
        (
            ["lowercase", "parts"],
            "kontanthjælpsmodtagere",
            ["kontanthjælpsmodtagere", "kontanthjælp", "modtagere"],
        ),
    ],
)
def test_danish_analysis_from_the_common_analysis_module(
    opensearch_client: OpenSearch,
    analysis_index: str,
    filters: list[str],
    text: str,
    tokens: list[str],
) -> None:
    body = {"tokenizer": "standard", "filter": filters, "text": text}
    analysed = opensearch_client.indices.analyze(index=analysis_index, body=body)
    assert [token["token"] for token in analysed["tokens"]] == tokens


def test_painless_executes_a_script(opensearch_client: OpenSearch) -> None:
    script = {"script": {"source": "params.a * 2 + 1", "params": {"a": 20}}}
    answer = opensearch_client.transport.perform_request(
        "POST", "/_scripts/painless/_execute", body=script
    )
    assert answer["result"] == "41"


def test_a_script_score_orders_search_hits(opensearch_client: OpenSearch) -> None:
    index = "script-score-check"
    opensearch_client.indices.create(index=index, body={"settings": {"number_of_replicas": 0}})
    try:
        for number, title in [(1, "lokalplan"), (3, "lokalplan Kattrup"), (2, "lokalplan nord")]:
            opensearch_client.index(index=index, id=str(number), body={"n": number, "t": title})
        opensearch_client.indices.refresh(index=index)
        query: dict[str, Any] = {
            "function_score": {
                "query": {"match": {"t": "lokalplan"}},
                "script_score": {"script": {"source": "doc['n'].value * 10"}},
                "boost_mode": "replace",
            }
        }
        hits = opensearch_client.search(index=index, body={"query": query})["hits"]["hits"]
        assert [(hit["_id"], hit["_score"]) for hit in hits] == [("3", 30), ("2", 20), ("1", 10)]
    finally:
        opensearch_client.indices.delete(index=index)


def test_a_taken_port_is_refused_before_anything_starts(opensearch_workdir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cluster = LocalCluster.plan(opensearch_workdir / "taken", 1, port, port + 1)
        with pytest.raises(OpenSearchError, match=f"port {port} on 127.0.0.1 is taken"):
            cluster.start()
    assert not (opensearch_workdir / "taken" / "node-1").exists()


def test_a_node_that_dies_while_starting_shows_its_last_log_lines(
    opensearch_workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opensearch_nodes, "HEAP", "1k")  # the JVM refuses such a heap
    cluster = LocalCluster.plan(opensearch_workdir / "dies", 1)
    with pytest.raises(OpenSearchError) as raised:
        cluster.start(timeout=60)
    message = str(raised.value)
    assert "node-1 stopped while starting" in message
    assert "Last lines of" in message
    assert "heap" in message.lower()
    assert cluster.pid(cluster.nodes[0]) is None
