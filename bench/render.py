"""Generated meetings as plain-text minutes, in the layout of Ballerup's minutes pages.

The text reader (:mod:`indexer.readers.text`) must read a rendered meeting back into
exactly the meeting that was rendered; :mod:`bench.verify` checks that it does.
"""

from __future__ import annotations

import datetime
import random

from bench import vocabulary as vocab
from bench.textpool import line_is_safe
from indexer.model import Meeting


def danish_date(day: datetime.date) -> str:
    """A date as Danish minutes write it.

    >>> danish_date(datetime.date(2018, 6, 12))
    '12. juni 2018'
    """
    return f"{day.day}. {vocab.DANISH_MONTHS[day.month - 1]} {day.year}"


def reference_text(style: str, committee: str, day: datetime.date, number: int) -> str:
    """An earlier treatment as the publishing system of ``style`` writes it.

    >>> reference_text("dated", "Økonomiudvalget", datetime.date(2018, 6, 12), 8)
    'Økonomiudvalget den 12. juni 2018 Punkt 8'
    >>> reference_text("fields", "Byrådet", datetime.date(2025, 8, 27), 10)
    'Udvalg: Byrådet / Dato: 27-08-2025 / Punktnummer: 10'
    """
    if style == "fields":
        return f"Udvalg: {committee} / Dato: {day:%d-%m-%Y} / Punktnummer: {number}"
    if style == "comma":
        return f"{committee}, {danish_date(day)}, punkt {number}"
    return f"{committee} den {danish_date(day)} Punkt {number}"


def render_title(number: int, title: str, closed: bool, rng: random.Random) -> list[str]:
    """The item heading; a long title wraps over lines as on minutes pages.

    >>> render_title(3, "Studietur til Stockholm", False, random.Random(1))
    ['Punkt 3 Studietur til Stockholm']
    """
    head = f"Punkt {number} " + ("LUKKET " if closed else "")
    words, lines = title.split(), [head.rstrip()]
    for word in words:
        if len(lines[-1]) + len(word) > 60 and len(lines) < 4 and line_is_safe(word):
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}"
    if not all(line_is_safe(line) for line in lines[1:]):
        return [head + title]
    return lines


def render(meeting: Meeting) -> str:
    """The meeting as plain-text minutes (header, participants, "Punkt N" items, source)."""
    rng = random.Random(meeting.source)
    day = meeting.date or datetime.date(2007, 1, 1)
    lines = ["Dagsorden"] if meeting.kind == "dagsorden" else []
    lines += [
        meeting.committee or "",
        f"{vocab.WEEKDAYS[day.weekday()]} den {danish_date(day)} - kl. {meeting.time}",
        meeting.place or "",
        "",
        "Deltagere",
        "",
    ]
    lines += [f"{person} - Deltog" for person in meeting.participants]
    if meeting.absentees:
        lines += ["", "Afbud/Fraværende", ""] + [f"{p} - Afbud" for p in meeting.absentees]
    empty_indhold = rng.random() < 0.5
    for item in meeting.items:
        lines += ["", *render_title(item.number, item.title, item.closed, rng), ""]
        for section in item.sections:
            if section.heading == "Tekst":
                lines += [section.text, ""]
                continue
            if section.heading == "Sammendrag" and empty_indhold:
                lines += ["Indhold", ""]
            lines += [section.heading, "", section.text, ""]
    lines += ["", f"Source URL: {meeting.source}", ""]
    return "\n".join(lines)
