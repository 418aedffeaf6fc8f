"""Manifests in subfolders apply to the files below them, however the folders are given."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.pipeline import index_paths
from tests.test_pipeline import MINUTES, item_ids, write

TMU = "teknik-og-miljoeudvalget/2020-02-03"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A parent folder without a manifest, and a municipality's folder with one (as
    bench.generate writes them): reproduction 8."""
    top = tmp_path / "archive"
    write(top / "greve", "tmu.txt", MINUTES)
    write(top / "greve", "manifest.toml", '["/"]\norganisation = "Greve"\n')
    return top


def test_a_manifest_in_a_subfolder_applies_when_the_parent_folder_is_indexed(
    archive: Path, tmp_path: Path
) -> None:
    report = index_paths([archive], tmp_path / "index")
    assert report.files[0].meeting_id == f"greve/{TMU}"


def test_the_parent_and_the_subfolder_give_the_same_ids_and_no_item_twice(
    archive: Path, tmp_path: Path
) -> None:
    index_paths([archive / "greve"], tmp_path / "sub")
    index_paths([archive], tmp_path / "parent")
    assert item_ids(tmp_path / "sub") == item_ids(tmp_path / "parent")
    index_paths([archive / "greve"], tmp_path / "both")
    report = index_paths([archive], tmp_path / "both")
    assert report.files[0].status == "unchanged"
    assert item_ids(tmp_path / "both") == {f"greve/{TMU}/1", f"greve/{TMU}/2"}


@pytest.mark.parametrize(
    ("above", "below", "expected"),
    [
        # the nearer manifest wins where both set a value
        ('["greve/"]\norganisation = "Solrød"\n', '["/"]\norganisation = "Greve"\n', "greve"),
        # a manifest above still applies where the nearer one is silent
        ('["greve/"]\norganisation = "Greve"\n', '["tmu.txt"]\nplace = "Rådhuset"\n', "greve"),
        # keys are relative to the manifest that holds them
        ('["greve/tmu.txt"]\norganisation = "Greve"\n', '["other.txt"]\nplace = "X"\n', "greve"),
    ],
)
def test_each_value_comes_from_the_nearest_manifest_that_sets_it(
    tmp_path: Path, above: str, below: str, expected: str
) -> None:
    top = tmp_path / "archive"
    write(top / "greve", "tmu.txt", MINUTES)
    write(top, "manifest.toml", above)
    write(top / "greve", "manifest.toml", below)
    for given in (top, top / "greve", top / "greve" / "tmu.txt"):
        report = index_paths([given], tmp_path / f"index-{given.name}")
        assert report.files[0].meeting_id == f"{expected}/{TMU}"


def test_a_manifest_above_the_given_folder_applies_too(tmp_path: Path) -> None:
    top = tmp_path / "archive"
    write(top / "greve" / "2020", "tmu.txt", MINUTES)
    write(top, "manifest.toml", '["greve/"]\norganisation = "Greve"\n')
    report = index_paths([top / "greve" / "2020"], tmp_path / "index")
    assert report.files[0].meeting_id == f"greve/{TMU}"
