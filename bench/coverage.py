"""What the readers get out of a corpus: per format and per source folder.

``python -m bench.coverage [PATHS…] [--json PATH]`` reads every file below the given
folders (default: data/) exactly as ``referat index`` does (manifests included, where
there are any) and prints two Markdown tables, by format and by folder: files, files
that failed, meetings, items found, and the share of items with a committee, a date and
a title, the share of decided items (those with a decision text) whose outcome was
recognised, closed items, and the values that were guessed rather than read
(``Meeting.guessed``, per field). It knows no reader by name: a format that is added
shows up by itself.

>>> row = Tally()
>>> row.add_meeting("m1", ["organisation"], [(True, True, True, True, False, False)])
>>> row.cells()[3:]
['1', '100 %', '100 %', '100 %', '0 % of 1', '0', 'organisation 1']
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.committees import CommitteeRegistry
from indexer.documents import meeting_id_for
from indexer.manifest import Manifests
from indexer.model import Meeting
from indexer.pipeline import iter_files, read_file
from indexer.readers.base import CompanionFile, ReaderError

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = (
    "files",
    "failed",
    "meetings",
    "items",
    "committee",
    "date",
    "title",
    "outcome recognised (of decided)",
    "closed",
    "guessed (meetings)",
)

#: per item: has committee, has date, has title, decided, outcome recognised, closed
ItemFacts = tuple[bool, bool, bool, bool, bool, bool]


@dataclass
class Tally:
    """The counts behind one row of a table."""

    files: int = 0
    failed: int = 0
    meetings: set[str] = field(default_factory=set)
    items: list[ItemFacts] = field(default_factory=list)
    guessed: Counter[str] = field(default_factory=Counter)

    def add_meeting(self, meeting_id: str, guessed: list[str], items: list[ItemFacts]) -> None:
        self.files += 1
        if meeting_id not in self.meetings:  # the same meeting from a second file counts once
            self.meetings.add(meeting_id)
            self.items.extend(items)
            self.guessed.update(guessed)

    def add_failure(self) -> None:
        self.files += 1
        self.failed += 1

    def share(self, index: int) -> str:
        return f"{_percent(sum(facts[index] for facts in self.items), len(self.items))}"

    def cells(self) -> list[str]:
        decided = [facts for facts in self.items if facts[3]]
        recognised = sum(facts[4] for facts in decided)
        guessed = ", ".join(f"{name} {count}" for name, count in sorted(self.guessed.items()))
        return [
            str(self.files),
            str(self.failed),
            str(len(self.meetings)),
            str(len(self.items)),
            self.share(0),
            self.share(1),
            self.share(2),
            f"{_percent(recognised, len(decided))} of {len(decided)}",
            str(sum(facts[5] for facts in self.items)),
            guessed or "–",
        ]

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(HEADER, self.cells(), strict=True))


def _percent(part: int, whole: int) -> str:
    """A share in whole percents, never rounded to all or nothing when it is not.

    >>> _percent(2913, 2922), _percent(1, 3), _percent(0, 0)
    ('99.7 %', '33 %', '–')
    """
    if not whole:
        return "–"
    share = 100 * part / whole
    if 0 < share < 0.5 or 99.5 <= share < 100:
        return f"{share:.1f} %"
    return f"{share:.0f} %"


def item_facts(meeting: Meeting) -> list[ItemFacts]:
    return [
        (
            bool(meeting.committee),
            meeting.date is not None,
            bool(item.title.strip()),
            bool(item.decision.strip()),
            bool(item.decision.strip()) and item.outcome != "ukendt",
            item.closed,
        )
        for item in meeting.items
    ]


def measure(roots: list[Path]) -> tuple[dict[str, Tally], dict[str, Tally], Tally]:
    """(by format, by folder, all) for the files below ``roots``."""
    by_format: dict[str, Tally] = {}
    by_folder: dict[str, Tally] = {}
    total = Tally()
    committees = CommitteeRegistry()  # as in an indexing run: a slip joins a known committee
    manifests = Manifests()
    for root in roots:
        root = root.resolve()
        for path in iter_files(root):
            folder = str(path.parent.relative_to(root)) if root.is_dir() else path.parent.name
            folder = folder if folder != "." else "(top level)"
            try:
                values = manifests.values_for(path)
                meeting = read_file(path, path.read_bytes(), values, committees)
            except CompanionFile:  # a manifest, read with the file it describes: no failure
                for tally in (
                    by_format.setdefault("(read with another file)", Tally()),
                    by_folder.setdefault(folder, Tally()),
                    total,
                ):
                    tally.files += 1
                continue
            except ReaderError:
                for tally in (by_format.setdefault("(failed)", Tally()), total):
                    tally.add_failure()
                by_folder.setdefault(folder, Tally()).add_failure()
                continue
            facts = item_facts(meeting)
            guessed = sorted(meeting.guessed)
            for tally in (
                by_format.setdefault(meeting.source_format, Tally()),
                by_folder.setdefault(folder, Tally()),
                total,
            ):
                tally.add_meeting(meeting_id_for(meeting), guessed, facts)
    return by_format, by_folder, total


def markdown(title: str, rows: dict[str, Tally], total: Tally) -> str:
    lines = [
        f"| {title} | " + " | ".join(HEADER) + " |",
        "|---" * (len(HEADER) + 1) + "|",
    ]
    for name in sorted(rows):
        lines.append(f"| {name} | " + " | ".join(rows[name].cells()) + " |")
    lines.append("| **all** | " + " | ".join(total.cells()) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DATA])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    by_format, by_folder, total = measure(args.paths)
    print(markdown("format", by_format, total))
    print()
    print(markdown("folder", by_folder, total))
    if args.json:
        figures = {
            "by_format": {name: tally.as_dict() for name, tally in by_format.items()},
            "by_folder": {name: tally.as_dict() for name, tally in by_folder.items()},
            "all": total.as_dict(),
        }
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
