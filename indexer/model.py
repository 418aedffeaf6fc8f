"""The typed contract between Referat's pipeline stages.

Every reader, whatever its input format, produces a :class:`Meeting` holding
:class:`AgendaItem` objects; every later stage (normalisation, documents for the
index) reads only these dataclasses. Readers fill in what the source says, as it
says it; :mod:`indexer.normalize` then derives outcomes and canonical names.

Example (what the plain-text reader makes of a small piece of minutes)::

    Meeting(
        organisation="Ballerup",
        committee="Erhvervs- og Beskæftigelsesudvalget",
        date=datetime.date(2019, 5, 14),
        time="13:00",
        items=[AgendaItem(
            number=3,
            title="Studietur til Stockholm",
            sections=[Section("Sammendrag", "…"), Section("Beslutning", "Indstillingen godkendt")],
            decision="Indstillingen godkendt",
        )],
    )
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

MeetingKind = Literal["referat", "dagsorden"]


@dataclass
class Section:
    """One headed part of an agenda item, in the order the minutes give it."""

    heading: str
    text: str


@dataclass
class Reference:
    """An earlier treatment of the same matter, as the minutes cite it.

    ``text`` is the raw citation ("Social- og Sundhedsudvalget den 14. august 2018
    Punkt 7"); the other fields are what could be parsed out of it.
    """

    text: str
    committee: str | None = None
    date: datetime.date | None = None
    numbers: list[int] = field(default_factory=list)


@dataclass
class Attachment:
    """A document attached to an item (bilag); ``url`` when the source links it."""

    title: str
    url: str | None = None


@dataclass
class AgendaItem:
    """One agenda item ("Punkt N"): the unit Referat indexes and shows."""

    number: int
    title: str
    closed: bool = False
    sections: list[Section] = field(default_factory=list)
    decision: str = ""
    outcome: str = "ukendt"
    decision_remark: bool = False
    votes: str | None = None
    decided_by: str | None = None
    references: list[Reference] = field(default_factory=list)
    attachment_count: int = 0
    attachments: list[Attachment] = field(default_factory=list)
    case_number: str | None = None


@dataclass
class Meeting:
    """One meeting of one committee, as read from one source file."""

    organisation: str | None = None
    committee: str | None = None
    date: datetime.date | None = None
    time: str | None = None
    place: str | None = None
    participants: list[str] = field(default_factory=list)
    absentees: list[str] = field(default_factory=list)
    kind: MeetingKind = "referat"
    source: str | None = None
    source_path: str = ""
    source_format: str = ""
    items: list[AgendaItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: field name → where its value was guessed from ({"organisation": "url: https://…"})
    guessed: dict[str, str] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        """Record something a librarian should look at; the meeting is still indexed."""
        self.warnings.append(message)

    def guess(self, name: str, value: object, source: str) -> None:
        """Set a value the document does not state, and record where it was inferred from.

        What a file states in its own metadata (a header field, an XML element) is *read*
        and set directly; a value inferred from body text, a URL, a file name or another
        item is *guessed*, and a librarian can see from where.

        >>> meeting = Meeting()
        >>> meeting.guess("organisation", "Greve", "url: https://dagsordener.greve.dk/")
        >>> meeting.organisation, meeting.guessed
        ('Greve', {'organisation': 'url: https://dagsordener.greve.dk/'})
        """
        if not hasattr(self, name) or name in ("items", "warnings", "guessed"):
            raise AttributeError(f"a meeting has no guessable field {name!r}")
        setattr(self, name, value)
        self.guessed[name] = source
