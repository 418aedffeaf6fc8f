"""Dates as Danish readers write them.

>>> danish_date("2019-05-14")
'14. maj 2019'
"""

from __future__ import annotations

import datetime

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def danish_date(iso: str | None) -> str:
    """``2019-05-14`` → ``14. maj 2019``; an unknown date reads "udateret".

    >>> danish_date(None), danish_date("2019-13-40")
    ('udateret', '2019-13-40')
    """
    if not iso:
        return "udateret"
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
