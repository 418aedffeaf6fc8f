"""An OpenSearch location as users write it (``--index URL``): what is read from it, and a
clear message for what cannot be (no node needed)."""

from __future__ import annotations

import pytest

from search.engine import IndexUnavailable, engine_kind
from search.engines.opensearch.connection import parse_location


@pytest.mark.parametrize(
    ("written", "hosts", "name", "shards", "replicas"),
    [
        ("http://127.0.0.1:9200/referat", ["http://127.0.0.1:9200"], "referat", 1, None),
        ("http://localhost/arkiv/", ["http://localhost:9200"], "arkiv", 1, None),
        (
            "https://a.example.dk:9201,b.example.dk:9202/referat",
            ["https://a.example.dk:9201", "https://b.example.dk:9202"],
            "referat",
            1,
            None,
        ),
        (
            "http://127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203/referat?shards=3&replicas=1",
            ["http://127.0.0.1:9201", "http://127.0.0.1:9202", "http://127.0.0.1:9203"],
            "referat",
            3,
            1,
        ),
        ("HTTP://[::1]:9200/r_2", ["http://[::1]:9200"], "r_2", 1, None),
    ],
)
def test_a_location_names_hosts_an_index_and_how_to_create_it(
    written: str, hosts: list[str], name: str, shards: int, replicas: int | None
) -> None:
    place = parse_location(written)
    assert (place.hosts, place.name, place.shards, place.replicas) == (
        hosts,
        name,
        shards,
        replicas,
    )
    assert engine_kind(written) == "opensearch"


def test_credentials_are_used_but_never_shown() -> None:
    place = parse_location("https://referat:hemmeligt@search.example.dk:9200/referat")
    assert (place.username, place.password) == ("referat", "hemmeligt")
    assert "hemmeligt" not in place.shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("http://127.0.0.1:9200", "the last part must name the index"),
        ("http://127.0.0.1:9200/", "the last part must name the index"),
        ("http://127.0.0.1:9200/Referat", "lower-case"),
        ("http://127.0.0.1:9200/_referat", "lower-case"),
        ("http://127.0.0.1:9200/a/b", "lower-case"),
        ("http://127.0.0.1:99999/referat", "is not host:port"),
        ("http://127.0.0.1:92x0/referat", "is not host:port"),
        ("http:///referat", "names no host"),
        ("http://127.0.0.1:9200/referat?shards=0", "shards must be a whole number from 1"),
        ("http://127.0.0.1:9200/referat?replicas=en", "replicas must be a whole number"),
        ("http://127.0.0.1:9200/referat?size=3", "unknown option 'size'"),
        ("http://bruger:hemmeligt@127.0.0.1:9200", "the last part must name the index"),
    ],
)
def test_a_location_that_cannot_be_read_says_why(written: str, message: str) -> None:
    with pytest.raises(IndexUnavailable, match="is not an OpenSearch index location") as raised:
        parse_location(written)
    assert message in str(raised.value)
    assert "hemmeligt" not in str(raised.value)
