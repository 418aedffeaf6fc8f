"""Where an item's title ends in laid-out text: at its case number or at its decision.

PDFs of closed items often print the title, the case number and the decision as one run
of lines ("Køb af landbrugsejendom" / "EMN-2025-007940" / "Tilbagesendes Magistrats-
afdelingen …"), sometimes on one line; the title is only the title.

>>> split_heading_at_case_number(["Punkt 12 Køb af landbrugsejendom EMN-2025-007940 Udsat"])
['Punkt 12 Køb af landbrugsejendom', 'EMN-2025-007940 Udsat']
>>> [ends_title(line) for line in ("EMN-2025-007940", "Tilbagesendes forvaltningen.", "i Kattrup")]
[True, True, False]
"""

from __future__ import annotations

import re

from indexer.outcome import classify_decision

# Case numbers recognisable without a label (as references.find_case_numbers knows them)
_CASE_NUMBER = re.compile(
    r"\b(?:[A-ZÆØÅ]{2,5}-(?:19|20)\d\d-\d{3,}|\d\d\.\d\d\.\d\d-[A-ZØ]\d\d-\d+-\d\d)\b"
)
_ITEM_HEADING = re.compile(r"^(?:punkt\s+)?\d{1,4}[.:)]?\s+\S", re.IGNORECASE)


def split_heading_at_case_number(lines: list[str]) -> list[str]:
    """Break an item heading line where a case number follows its title."""
    out: list[str] = []
    for line in lines:
        found = _CASE_NUMBER.search(line) if _ITEM_HEADING.match(line) else None
        if (
            found
            and line[: found.start()].strip()
            and not _ITEM_HEADING.fullmatch(line[: found.start()].strip() + " x")
        ):
            out.extend([line[: found.start()].rstrip(" ,-–"), line[found.start() :]])
        else:
            out.append(line)
    return out


def ends_title(line: str) -> bool:
    """Whether a line after a title's first line starts what follows it, not the title."""
    stripped = line.strip()
    if _CASE_NUMBER.match(stripped):
        return True
    # a decision sentence ("Godkendt.", "Tilbagesendes …") is no wrapped title
    return classify_decision(stripped).outcome != "ukendt"


def leading_case_number(line: str) -> tuple[str | None, str]:
    """A case number that opens a line, and the rest of the line.

    >>> leading_case_number("EMN-2025-007940 Tilbagesendes forvaltningen.")
    ('EMN-2025-007940', 'Tilbagesendes forvaltningen.')
    """
    found = _CASE_NUMBER.match(line.strip())
    if not found:
        return None, line
    return found[0], line.strip()[found.end() :].strip()
