"""bench.coverage: what the readers get out of a corpus, per format and per folder."""

from __future__ import annotations

from pathlib import Path

from bench.coverage import markdown, measure

CORPUS = Path(__file__).parent / "fixtures" / "bundled"


def test_the_test_corpus_is_measured_per_format_and_folder() -> None:
    by_format, by_folder, total = measure([CORPUS])
    assert sorted(by_format) == [
        "edoc-xml",
        "firstagenda-html",
        "pdf",
        "publication-xml",
        "text",
    ]
    assert by_folder["ballerup-edoc"].files == 2
    assert len(by_folder["ballerup-edoc"].meetings) == 1  # the PDF is the XML's meeting
    assert total.files == 6 and total.failed == 0
    assert len(total.meetings) == 5
    assert len(total.items) == 6 + 8 + 5 + 9 + 12
    cells = dict(zip(("files", "failed", "meetings", "items"), total.cells(), strict=False))
    assert cells == {"files": "6", "failed": "0", "meetings": "5", "items": "40"}
    # the manifest states every organisation: nothing is guessed
    assert not total.guessed


def test_without_a_manifest_guesses_are_counted(tmp_path: Path) -> None:
    text = CORPUS / "ballerup-text" / "002_1d0fbda90244606e.txt"
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / text.name).write_bytes(text.read_bytes())
    (tmp_path / "minutes" / "notes.txt").write_text("ingen punkter her", encoding="utf-8")
    by_format, by_folder, total = measure([tmp_path])
    assert total.guessed == {"organisation": 1}
    assert by_format["(failed)"].failed == 1
    assert by_folder["minutes"].files == 2
    table = markdown("format", by_format, total)
    assert "| text | 1 | 0 | 1 | 12 |" in table
    assert "organisation 1" in table
