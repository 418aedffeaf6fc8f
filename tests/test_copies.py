"""One meeting, once: copies of the same minutes are one meeting, also when a copy lacks
the organisation, committee or date the other one knows (in both engines: the writers'
``stored_copies``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.pipeline import index_paths
from tests.test_pipeline import MINUTES, item_ids, write

BUNDLED = Path(__file__).parent / "fixtures" / "bundled"
BALLERUP_TEXT = BUNDLED / "ballerup-text"
#: the two Ballerup text minutes: 9 items (no header: the manifest names committee and
#: date) and 12 items (a header with committee and date, no organisation)
ITEMS = 21


@pytest.fixture
def copy_without_manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "kopi"
    shutil.copytree(BALLERUP_TEXT, folder)
    return folder


def test_a_copy_without_the_manifest_indexed_later_is_skipped(
    index_location: str, copy_without_manifest: Path
) -> None:
    index = index_location
    index_paths([BUNDLED], index)
    before = item_ids(index)
    report = index_paths([copy_without_manifest], index)
    assert [f.status for f in report.files] == ["skipped", "skipped"]
    assert all("already indexed" in (f.error or "") for f in report.files)
    assert item_ids(index) == before


def test_a_copy_that_knows_more_replaces_the_one_that_knew_less(
    index_location: str, copy_without_manifest: Path
) -> None:
    index = index_location
    first = index_paths([copy_without_manifest], index)
    assert any("ukendt" in (f.meeting_id or "") for f in first.files)  # the 2016 copy: no committee
    report = index_paths([BUNDLED], index)
    replaced = [f for f in report.files if any("replaces the copy" in w for w in f.warnings)]
    assert len(replaced) >= 1
    ids = item_ids(index)
    assert not [item for item in ids if "ukendt" in item or "udateret" in item]
    assert len([item for item in ids if "erhvervs-og-beskaeftigelsesudvalget" in item]) == ITEMS


def test_copies_in_one_run_are_indexed_once(
    index_location: str, copy_without_manifest: Path
) -> None:
    index = index_location
    report = index_paths([BUNDLED, copy_without_manifest], index)
    assert (
        sum(f.status == "skipped" and "already indexed" in (f.error or "") for f in report.files)
        >= 2
    )
    ballerup_text = [i for i in item_ids(index) if "erhvervs" in i or "ukendt" in i]
    assert len(ballerup_text) == ITEMS


def test_the_same_text_under_two_known_dates_is_two_meetings(tmp_path: Path) -> None:
    """Recurring wording ("the same standard agenda") must not merge real meetings."""
    long_minutes = MINUTES.replace(
        "Borgerne ønsker vejbump på Skolevej ved skolen.",
        "Borgerne ønsker vejbump på Skolevej ved skolen. " * 20,
    )
    write(tmp_path / "a", "feb.txt", long_minutes)
    write(tmp_path / "a", "mar.txt", long_minutes.replace("3. februar", "3. marts"))
    report = index_paths([tmp_path / "a"], tmp_path / "index")
    assert [f.status for f in report.files] == ["indexed", "indexed"]
    assert len(item_ids(tmp_path / "index")) == 4


def test_short_generic_meetings_are_not_taken_for_copies(tmp_path: Path) -> None:
    """Two undated agendas with the same few titles and no text are not known to be one."""
    short = "Punkt 1 Godkendelse af dagsorden\n\nPunkt 2 Eventuelt\n"
    write(tmp_path / "a", "x.txt", "Teknisk Udvalg\n\n" + short)
    write(tmp_path / "a", "y.txt", "Teknisk Udvalg\n\n" + short)
    report = index_paths([tmp_path / "a"], tmp_path / "index")
    assert [f.status for f in report.files] == ["indexed", "indexed"]
