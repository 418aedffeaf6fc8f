"""The librarian's manifest: metadata the files lack or get wrong.

A ``manifest.toml`` applies to the files below its folder, wherever it lies: in a
folder given to ``referat index``, in a subfolder of it, or above it. Keys are paths
relative to the manifest: a file, or a folder ending in "/" whose values apply to every
file below it; within one manifest the longest matching key wins. Where several
manifests apply to a file, each value comes from the nearest manifest that sets it
(:class:`Manifests`), so indexing a folder or one of its subfolders gives the same
meetings the same metadata, and the same ids.

>>> m = Manifest({"ballerup/": {"organisation": "Ballerup"},
...               "ballerup/a.txt": {"date": datetime.date(2016, 11, 8)}}, Path("/data"))
>>> m.lookup(Path("/data/ballerup/a.txt"))["organisation"], m.lookup(Path("/data/ballerup/a.txt"))["date"]
('Ballerup', datetime.date(2016, 11, 8))
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.model import Meeting

MANIFEST_NAME = "manifest.toml"
KEYS = ("organisation", "committee", "date", "time", "place", "source", "kind")


class ManifestError(Exception):
    """The manifest cannot be used; the message names the file and the problem."""


@dataclass
class Manifest:
    entries: dict[str, dict[str, Any]]
    root: Path

    @classmethod
    def load(cls, root: Path) -> Manifest | None:
        """The manifest in folder ``root``, or None when it has none."""
        path = root / MANIFEST_NAME
        if not path.is_file():
            return None
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ManifestError(f"{path}: not valid TOML: {error}") from error
        entries: dict[str, dict[str, Any]] = {}
        for key, values in data.items():
            if not isinstance(values, dict):
                raise ManifestError(f'{path}: "{key}" must be a table of values')
            unknown = set(values) - set(KEYS)
            if unknown:
                raise ManifestError(f'{path}: "{key}" has unknown keys {sorted(unknown)}')
            entries[key] = {
                name: _checked(path, key, name, value) for name, value in values.items()
            }
        return cls(entries, root.resolve())

    def lookup(self, file: Path) -> dict[str, Any]:
        """Merged values for ``file``: folder entries first, then more specific ones."""
        try:
            relative = file.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return {}
        merged: dict[str, Any] = {}
        matching = [
            key
            for key in self.entries
            if key == relative or (key.endswith("/") and relative.startswith(key)) or key == "/"
        ]
        for key in sorted(matching, key=len):
            merged.update(self.entries[key])
        return merged


class Manifests:
    """Every manifest that applies to the files being indexed, each read once.

    >>> import tempfile
    >>> top = Path(tempfile.mkdtemp())
    >>> (top / "sub").mkdir()
    >>> _ = (top / MANIFEST_NAME).write_text('["sub/"]\\norganisation = "A"\\ncommittee = "C"\\n')
    >>> _ = (top / "sub" / MANIFEST_NAME).write_text('["/"]\\norganisation = "B"\\n')
    >>> Manifests().values_for(top / "sub" / "x.txt")
    {'organisation': 'B', 'committee': 'C'}
    """

    def __init__(self) -> None:
        self._folders: dict[Path, Manifest | None] = {}

    def values_for(self, file: Path) -> dict[str, Any]:
        """The manifest values for ``file``: from the manifests of its folder and every
        folder above it, the nearest one's value winning (raises ManifestError)."""
        values: dict[str, Any] = {}
        for folder in reversed(file.resolve().parents):
            manifest = self._manifest(folder)
            if manifest is not None:
                values.update(manifest.lookup(file))
        return values

    def _manifest(self, folder: Path) -> Manifest | None:
        if folder not in self._folders:
            self._folders[folder] = Manifest.load(folder)
        return self._folders[folder]


def _checked(path: Path, key: str, name: str, value: Any) -> Any:
    if name == "date":
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as error:
            raise ManifestError(
                f'{path}: "{key}" date must be YYYY-MM-DD, not {value!r}'
            ) from error
    if name == "kind" and value not in ("referat", "dagsorden"):
        raise ManifestError(f'{path}: "{key}" kind must be "referat" or "dagsorden"')
    if not isinstance(value, str):
        raise ManifestError(f'{path}: "{key}" {name} must be text')
    return value


def apply_manifest(meeting: Meeting, values: dict[str, Any]) -> Meeting:
    """Manifest values win over what the file said; what the librarian states is not a guess."""
    for name, value in values.items():
        setattr(meeting, name, value)
        meeting.guessed.pop(name, None)
    return meeting
