"""Checksums of an index generation: what Referat wrote, and whether it is still so.

Each generation of the index (one whoosh table of contents, ``_referat_<n>.toc``) has a
checksum file beside it, ``_referat_<n>.sums``, written before the table of contents is
published. It records the schema version, the number of items, and the size and CRC-32 of
the table of contents and of every segment file the generation uses, and ends with a
checksum of itself. Segment files never change once written, so each file's checksum is
computed once, when its segment is written, and carried on to later generations: a file
damaged later never gets a fresh checksum that would hide the damage.

:func:`verify` checks a generation cheaply (every size, the table of contents and the
files up to :data:`SMALL_FILE` bytes: facet and length columns) or thoroughly (every byte:
``referat check``, and a writer before it builds on the generation).

>>> sums = Sums(3, "9.1", 2, FileSum(10, 1), {"referat_a.pst": FileSum(5, 2)})
>>> Sums.from_text(sums.to_text()) == sums
True
"""

from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

INDEX_NAME = "referat"
SUMS_FORMAT = 1
#: files up to this size are read whole when a generation is opened (the columns of facets
#: and field lengths: a few hundred KB at 100k items); larger ones only by a thorough check
SMALL_FILE = 4 * 1024 * 1024
_CHUNK = 1024 * 1024

_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")
#: the segment part of a segment file's name, as whoosh names them ("referat_k3x9.pst")
SEGMENT_FILE = re.compile(rf"^({INDEX_NAME}_[0-9a-z]+)\.[A-Za-z0-9_.]+$")


def toc_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.toc"


def sums_name(generation: int) -> str:
    return f"_{INDEX_NAME}_{generation}.sums"


def latest_generation(folder: Path) -> int:
    """The newest published generation in ``folder`` (-1 when there is none).

    >>> latest_generation(Path("/nonexistent"))
    -1
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return -1
    found = [int(m.group(1)) for m in map(_TOC.match, names) if m]
    return max(found, default=-1)


class SumsUnreadable(Exception):
    """The checksum file is missing (``missing``) or damaged."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class FileSum:
    size: int
    crc: int


@dataclass
class Sums:
    """The checksums of one generation (see the module docstring)."""

    generation: int
    schema_version: str
    items: int
    toc: FileSum
    files: dict[str, FileSum] = field(default_factory=dict)

    def to_text(self) -> str:
        body = json.dumps(
            {
                "format": SUMS_FORMAT,
                "generation": self.generation,
                "schema_version": self.schema_version,
                "items": self.items,
                "toc": [self.toc.size, f"{self.toc.crc:08x}"],
                "files": {
                    name: [one.size, f"{one.crc:08x}"] for name, one in sorted(self.files.items())
                },
            },
            sort_keys=True,
        )
        return f"{body}\n{zlib.crc32(body.encode('utf-8')):08x}\n"

    @classmethod
    def from_text(cls, text: str) -> Sums:
        """Parse a checksum file's text (raises SumsUnreadable when it is damaged)."""
        body, _, rest = text.partition("\n")
        try:
            if int(rest.strip(), 16) != zlib.crc32(body.encode("utf-8")):
                raise ValueError("checksum mismatch")
            data = json.loads(body)
            return cls(
                generation=int(data["generation"]),
                schema_version=str(data["schema_version"]),
                items=int(data["items"]),
                toc=_file_sum(data["toc"]),
                files={str(name): _file_sum(value) for name, value in data["files"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise SumsUnreadable(f"its checksum file is damaged ({error})") from error


def _file_sum(value: list[object]) -> FileSum:
    size, crc = value
    return FileSum(int(str(size)), int(str(crc), 16))


def file_sum(path: Path, flush: bool = False) -> FileSum:
    """Size and CRC-32 of the file at ``path`` (read whole); ``flush``: a file just written,
    made sure to be on disk first."""
    crc, size = 0, 0
    with path.open("rb") as handle:
        if flush:
            os.fsync(handle.fileno())
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return FileSum(size, crc)


def read_sums(folder: Path, generation: int) -> Sums:
    try:
        text = (folder / sums_name(generation)).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise SumsUnreadable("its checksum file is missing", missing=True) from error
    except (UnicodeDecodeError, OSError) as error:
        raise SumsUnreadable(f"its checksum file cannot be read ({error})") from error
    sums = Sums.from_text(text)
    if sums.generation != generation:
        raise SumsUnreadable(f"its checksum file belongs to generation {sums.generation}")
    return sums


def write_sums(folder: Path, sums: Sums) -> None:
    """Write the checksum file whole or not at all, and on disk before it counts."""
    final = folder / sums_name(sums.generation)
    partial = folder / f"{final.name}.part"
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(sums.to_text())
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(final)


def verify(folder: Path, sums: Sums, thorough: bool) -> list[str]:
    """What in ``folder`` differs from ``sums``, one plain-English line per file (empty when
    nothing does). Cheap unless ``thorough``: see the module docstring."""
    problems: list[str] = []
    for name, expected in [(toc_name(sums.generation), sums.toc), *sorted(sums.files.items())]:
        problem = _differs(folder / name, expected, thorough or expected.size <= SMALL_FILE)
        if problem:
            problems.append(f"{name}: {problem}")
    return problems


def _differs(path: Path, expected: FileSum, read: bool) -> str | None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if size != expected.size:
        return f"size {size:,} bytes, {expected.size:,} were written"
    if read:
        try:
            actual = file_sum(path)
        except OSError as error:
            return f"cannot be read ({error.strerror})"
        if actual.crc != expected.crc:
            return "content differs from what was written (checksum mismatch)"
    return None


def segment_files(names: list[str], segment_id: str) -> list[str]:
    """The files of one segment among ``names``.

    >>> segment_files(["referat_ab.pst", "referat_ab.year.col", "referat_cd.pst"], "referat_ab")
    ['referat_ab.pst', 'referat_ab.year.col']
    """
    return sorted(name for name in names if name.startswith(f"{segment_id}."))
