"""A whole result set as rows to take away: CSV for (Danish) Excel and JSON Lines.

Rows are made one at a time from :meth:`search.service.SearchService.scan`, so an
export of 100,000 items streams in little memory. One row per item: id, organisation
(the municipality), committee, date, number, title, outcome, closed, case number and
the item's permalink. JSON Lines keeps the API's values (slugs, booleans, ISO dates);
the CSV is for people: Danish column names and labels, ``;`` between values (Danish
Excel reads ``,`` as the decimal comma), CRLF line ends, and a byte-order mark so Excel
reads UTF-8 (æ, ø, å) right. Dates stay ISO (2019-05-14), which Excel reads as dates in
every locale.

>>> row = export_row(_EXAMPLE, lambda item_id: "https://referat.example/punkt/" + item_id)
>>> row["permalink"]
'https://referat.example/punkt/o/c/2019-05-14/3'
>>> csv_line(row)
'o/c/2019-05-14/3;Ballerup;Erhvervsudvalget;2019-05-14;3;"Studietur; Stockholm";Godkendt;nej;;https://referat.example/punkt/o/c/2019-05-14/3\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from search.fields import StoredItem
from search.outcomes import outcome_label

FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = (
    "id", "organisation", "committee", "date", "number", "title", "outcome", "closed",
    "case_number", "permalink",
)  # fmt: skip
CSV_HEADINGS = (
    "id", "kommune", "udvalg", "dato", "punkt", "titel", "udfald", "lukket", "sagsnummer",
    "link",
)  # fmt: skip
BOM = "\ufeff"
#: a cell Excel would read as a formula (=, +, -, @) is written with a leading apostrophe
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_EXAMPLE: Any = {
    "id": "o/c/2019-05-14/3", "organisation": "Ballerup", "committee": "Erhvervsudvalget",
    "date": "2019-05-14", "number": 3, "title": "Studietur; Stockholm", "outcome": "godkendt",
    "closed": False, "case_number": None,
}  # fmt: skip


def export_row(item: StoredItem, permalink: Callable[[str], str]) -> dict[str, Any]:
    """The export row of one item; ``permalink`` turns an item id into its absolute URL."""
    return {
        "id": item["id"],
        "organisation": item.get("organisation"),
        "committee": item.get("committee"),
        "date": item.get("date") or None,
        "number": item["number"],
        "title": item["title"],
        "outcome": item["outcome"],
        "closed": item["closed"],
        "case_number": item.get("case_number"),
        "permalink": permalink(item["id"]),
    }


def _cell(value: Any) -> str:
    """A value as Excel should see it.

    >>> _cell(True), _cell(None), _cell("=1+1"), _cell(12)
    ('ja', '', "'=1+1", '12')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_line(row: dict[str, Any]) -> str:
    """One CSV line (``;``-separated, CRLF), outcomes as their Danish labels."""
    values = [_cell(outcome_label(v) if k == "outcome" else v) for k, v in row.items()]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The byte-order mark and the heading, then one line per row."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(CSV_HEADINGS)
    yield BOM + buffer.getvalue()
    for row in rows:
        yield csv_line(row)


def jsonl_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line (UTF-8, ``\\n``)."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def export_lines(
    items: Iterable[StoredItem], export_format: str, permalink: Callable[[str], str]
) -> Iterator[str]:
    """``items`` in ``export_format`` (one of :data:`FORMATS`), a line at a time."""
    rows = (export_row(item, permalink) for item in items)
    return csv_lines(rows) if export_format == "csv" else jsonl_lines(rows)
