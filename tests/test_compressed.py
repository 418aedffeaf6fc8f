"""gzip-compressed files are read as their content; broken ones are clear per-file errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import indexer.pipeline
from indexer.compressed import decompressed
from indexer.pipeline import index_paths, read_file
from indexer.readers.base import ReaderError
from indexer.serialize import meeting_to_dict

FIXTURES = Path(__file__).parent / "fixtures"
GREVE_JSON = FIXTURES / "firstagenda-json" / "greve_oekonomiudvalget_2022-12-12_7cc45fff.json"
PUBLICATION = FIXTURES / "corpus" / "ballerup-publication" / "Publication32.xml"


def comparable(path: Path, data: bytes) -> dict[str, object]:
    meeting = meeting_to_dict(read_file(path, data, {}))
    meeting.pop("source_path")
    return meeting


@pytest.mark.parametrize("source", [GREVE_JSON, PUBLICATION])
def test_a_gzip_file_gives_the_meeting_of_its_content(source: Path) -> None:
    plain = source.read_bytes()
    packed = gzip.compress(plain, compresslevel=9)
    assert comparable(source.with_name(source.name + ".gz"), packed) == comparable(source, plain)


def test_compression_is_recognised_by_content_not_by_name() -> None:
    packed = gzip.compress(GREVE_JSON.read_bytes())
    meeting = read_file(Path("moede.dat"), packed, {})
    assert meeting.source_format == "firstagenda-json"
    assert meeting.source_path == "moede.dat"


def test_several_gzip_members_are_one_content() -> None:
    plain = GREVE_JSON.read_bytes()
    middle = len(plain) // 2
    packed = gzip.compress(plain[:middle]) + gzip.compress(plain[middle:])
    assert decompressed(packed, limit=len(plain)) == plain


def test_a_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000, compresslevel=9)
    assert len(bomb) < 10_000
    with pytest.raises(ReaderError, match="expands beyond 1 MB"):
        decompressed(bomb, limit=1_000_000)


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_a_cut_off_gzip_file_is_refused(fraction: float) -> None:
    packed = gzip.compress(GREVE_JSON.read_bytes())
    with pytest.raises(ReaderError, match="gzip"):
        decompressed(packed[: int(len(packed) * fraction)], limit=10_000_000)


def test_damaged_gzip_data_is_refused() -> None:
    packed = bytearray(gzip.compress(GREVE_JSON.read_bytes()))
    for position in range(40, len(packed) - 20, 50):
        packed[position] ^= 0x5A
    with pytest.raises(ReaderError, match="damaged gzip data"):
        decompressed(bytes(packed), limit=10_000_000)


def test_an_empty_gzip_file_is_refused() -> None:
    with pytest.raises(ReaderError, match="empty"):
        decompressed(gzip.compress(b""), limit=1000)


def test_broken_gzip_and_json_files_are_reported_and_the_rest_is_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = GREVE_JSON.read_bytes()
    packed = gzip.compress(plain)
    folder = tmp_path / "greve"
    folder.mkdir()
    (folder / "good.json.gz").write_bytes(packed)
    (folder / "cut.json.gz").write_bytes(packed[: len(packed) // 2])
    (folder / "garbled.json.gz").write_bytes(packed[:20] + bytes(reversed(packed[20:])))
    (folder / "cut.json").write_bytes(plain[: len(plain) // 2])
    (folder / "cut-inside.json.gz").write_bytes(gzip.compress(plain[: len(plain) // 2]))
    (folder / "bomb.json.gz").write_bytes(gzip.compress(b" " * 3_000_000))
    monkeypatch.setattr(indexer.pipeline, "MAX_PDF_BYTES", 2_000_000)

    report = index_paths([folder], tmp_path / "index")

    by_name = {Path(entry.path).name: entry for entry in report.files}
    assert by_name["good.json.gz"].status == "indexed"
    assert by_name["good.json.gz"].items == 3
    expected_errors = {
        "cut.json.gz": "cut off",
        "garbled.json.gz": "damaged gzip data",
        "cut.json": "not valid JSON",
        "cut-inside.json.gz": "not valid JSON",
        "bomb.json.gz": "gzip bomb",
    }
    for name, message in expected_errors.items():
        entry = by_name[name]
        assert entry.status == "failed", name
        assert entry.error is not None and message in entry.error, (name, entry.error)
        assert "internal error" not in entry.error
