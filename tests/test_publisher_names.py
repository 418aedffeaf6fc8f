"""Pages and citations name the publisher by its official name, whatever its grammar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from indexer.pipeline import index_paths
from tests.test_pipeline import MINUTES, write


@pytest.mark.parametrize(
    ("organisation", "official", "wrong"),
    [
        ("København", "Københavns Kommune", "København Kommune"),
        ("Region Midtjylland", "Region Midtjylland", "Region Midtjylland Kommune"),
        ("Bornholm", "Bornholms Regionskommune", "Bornholm Kommune"),
        ("Greve", "Greve Kommune", "Greve Kommune Kommune"),
    ],
)
def test_item_meeting_committee_and_citation_use_the_official_name(
    tmp_path: Path,
    make_app: Callable[[dict[str, object]], Flask],
    organisation: str,
    official: str,
    wrong: str,
) -> None:
    folder = tmp_path / "minutes"
    write(folder, "tmu.txt", MINUTES)
    write(folder, "manifest.toml", f'["tmu.txt"]\norganisation = "{organisation}"\n')
    report = index_paths([folder], tmp_path / "index")
    meeting_id = report.files[0].meeting_id
    assert meeting_id
    client = make_app({"INDEX": str(tmp_path / "index"), "TESTING": True}).test_client()
    committee_key = meeting_id.rsplit("/", 1)[0]
    pages = {
        "item": client.get(f"/punkt/{meeting_id}/1").get_data(as_text=True),
        "meeting": client.get(f"/moede/{meeting_id}").get_data(as_text=True),
        "committees": client.get("/udvalg").get_data(as_text=True),
        "committee": client.get(f"/udvalg/{committee_key}").get_data(as_text=True),
        "archive": client.get("/arkiv").get_data(as_text=True),
    }
    for name, html in pages.items():
        assert official in html, name
        if wrong != official:
            assert wrong not in html, name
    ris = client.get(f"/api/items/{meeting_id}/1?format=ris").get_data(as_text=True)
    assert official in ris
