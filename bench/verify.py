"""Read generated minutes back with Referat's own pipeline and compare with what was generated.

The generator keeps the :class:`~indexer.model.Meeting` it rendered; the real reader,
manifest and normalisation must give exactly that back (sections, decisions, outcomes,
case numbers, references parsed to the committee, date and item number cited).
"""

from __future__ import annotations

from pathlib import Path

from indexer.model import Meeting
from indexer.pipeline import read_file


def meeting_differences(expected: Meeting, actual: Meeting) -> list[str]:
    """What the reader got differently from what was generated (empty when equal)."""
    problems: list[str] = []
    for name in ("organisation", "committee", "date", "time", "place", "kind", "source"):
        if getattr(expected, name) != getattr(actual, name):
            problems.append(f"{name}: {getattr(expected, name)!r} != {getattr(actual, name)!r}")
    for name in ("participants", "absentees"):
        if getattr(expected, name) != getattr(actual, name):
            problems.append(f"{name} differ")
    if [i.number for i in expected.items] != [i.number for i in actual.items]:
        return [*problems, "item numbers differ"]
    for want, got in zip(expected.items, actual.items, strict=True):
        where = f"item {want.number}"
        for name in ("title", "closed", "decision", "outcome", "decided_by", "case_number"):
            if getattr(want, name) != getattr(got, name):
                problems.append(
                    f"{where} {name}: {getattr(want, name)!r} != {getattr(got, name)!r}"
                )
        if want.attachment_count != got.attachment_count:
            problems.append(
                f"{where} attachments: {want.attachment_count} != {got.attachment_count}"
            )
        want_sections = [(s.heading, s.text) for s in want.sections]
        got_sections = [(s.heading, s.text) for s in got.sections]
        if want_sections != got_sections:
            problems.append(f"{where} sections: {want_sections!r} != {got_sections!r}")
        cited = [(r.text, r.committee, r.date, r.numbers) for r in want.references]
        if cited != [(r.text, r.committee, r.date, r.numbers) for r in got.references]:
            problems.append(f"{where} references differ")
    return problems


def read_back(path: Path, organisation: str) -> Meeting:
    """A generated file as the indexing pipeline reads it (reader, manifest values, normalise)."""
    return read_file(path, path.read_bytes(), {"organisation": organisation})
