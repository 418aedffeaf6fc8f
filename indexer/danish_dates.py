"""Dates and times as Danish minutes write them.

>>> find_date("Tirsdag den 14. maj 2019 - kl. 13:00")
datetime.date(2019, 5, 14)
>>> find_date("beslutning den 04.12.2012 Punkt 3")
datetime.date(2012, 12, 4)
>>> find_time("Tirsdag den 14. maj 2019 - kl. 13:00")
'13:00'
"""

from __future__ import annotations

import datetime
import re

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WRITTEN = re.compile(
    rf"\b(?P<day>[0-3]?\d)\.?\s*(?P<month>{_MONTH_NAMES})\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[.\-/](?P<month>[01]?\d)[.\-/](?P<year>(?:19|20)\d\d)\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_TIME = re.compile(r"\bkl\.?\s*(?P<hour>[0-2]?\d)[.:](?P<minute>[0-5]\d)\b", re.IGNORECASE)


def _make(year: str, month: str | int, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_dates(text: str) -> list[datetime.date]:
    """All real dates in ``text``, in the order they appear.

    >>> find_dates("den 17. august 2016 og 2018-06-12")
    [datetime.date(2016, 8, 17), datetime.date(2018, 6, 12)]
    """
    found: list[tuple[int, datetime.date]] = []
    for match in _WRITTEN.finditer(text):
        month = MONTHS[match["month"].lower()]
        date = _make(match["year"], month, match["day"])
        if date:
            found.append((match.start(), date))
    for pattern in (_NUMERIC, _ISO):
        for match in pattern.finditer(text):
            date = _make(match["year"], match["month"], match["day"])
            if date:
                found.append((match.start(), date))
    return [date for _, date in sorted(found, key=lambda pair: pair[0])]


def find_date(text: str) -> datetime.date | None:
    """The first real date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def find_time(text: str) -> str | None:
    """The first clock time written "kl. 13:00" / "kl. 8.30", as "HH:MM"."""
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23:
        return None
    return f"{hour:02d}:{minute:02d}"
