"""What an indexing run did, per file: for the librarian, as text or JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

STATUS_ORDER = ("indexed", "unchanged", "skipped", "failed")


@dataclass
class FileReport:
    path: str
    status: str  # "indexed" | "unchanged" | "skipped" | "failed"
    format: str | None = None
    meeting_id: str | None = None
    kind: str | None = None
    items: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class IndexReport:
    index_dir: str
    files: list[FileReport] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(entry.status == "failed" for entry in self.files)

    def totals(self) -> dict[str, int]:
        statuses = Counter(entry.status for entry in self.files)
        return {
            "files": len(self.files),
            **{status: statuses.get(status, 0) for status in STATUS_ORDER},
            "meetings": len({e.meeting_id for e in self.files if e.status == "indexed"}),
            "items": sum(e.items for e in self.files if e.status == "indexed"),
            "warnings": sum(len(e.warnings) for e in self.files),
            "removed_files": len(self.removed),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index_dir,
            "totals": self.totals(),
            "files": [asdict(entry) for entry in self.files],
            "removed": self.removed,
        }

    def to_text(self) -> str:
        """A readable report: one line per file, its warnings indented, totals last."""
        lines: list[str] = []
        for entry in self.files:
            if entry.status == "indexed":
                detail = f"{entry.format}, {entry.items} items, {entry.meeting_id}"
                if entry.kind == "dagsorden":
                    detail += " (agenda)"
            elif entry.status == "unchanged":
                detail = "unchanged"
            else:
                detail = entry.error or ""
            lines.append(f"{entry.status.upper():9} {entry.path}: {detail}")
            lines.extend(f"          warning: {warning}" for warning in entry.warnings)
        for source in self.removed:
            lines.append(f"REMOVED   {source}: file no longer exists, its items were removed")
        totals = self.totals()
        lines.append(
            "{files} files: {indexed} indexed, {unchanged} unchanged, {skipped} skipped, "
            "{failed} failed; {meetings} meetings, {items} items, {warnings} warnings".format(
                **totals
            )
        )
        return "\n".join(lines)
