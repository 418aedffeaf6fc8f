"""Rules every reader's items obey: closed items keep title and decision; earlier decisions
are earlier treatments."""

from __future__ import annotations

import datetime

import pytest

from indexer.model import AgendaItem, Attachment, Meeting, Section
from indexer.normalize import normalize

MEETING_DAY = datetime.date(2013, 6, 20)


def meeting_with(item: AgendaItem, date: datetime.date | None = MEETING_DAY) -> Meeting:
    return Meeting(committee="Udvalget for Kultur", date=date, items=[item])


@pytest.mark.parametrize(
    ("headings", "decision", "earlier"),
    [
        # Acadre: three dated decisions, only the one of this meeting is its decision
        (
            [
                "Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013",
                "Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013",
            ],
            "tekst 2",
            ["Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013"],
        ),
        # eDoc: the committee's decision before the council's own of the same item
        (
            [
                "Økonomiudvalgets beslutning den 03.06.2013 Punkt 4",
                "Byrådets beslutning den 20.06.2013 Punkt 7",
            ],
            "tekst 2",
            ["Økonomiudvalgets beslutning den 03.06.2013 Punkt 4"],
        ),
        # undated and same-day decisions stay this meeting's
        (["Beslutning", "Beslutning den 20. juni 2013"], "tekst 1\n\ntekst 2", []),
    ],
)
def test_only_the_decision_dated_this_meeting_is_its_decision(headings, decision, earlier):
    sections = [Section(h, f"tekst {n}") for n, h in enumerate(headings, 1)]
    # as a reader leaves it: every decision section's text
    item = AgendaItem(1, "Sag", sections=sections, decision="\n\n".join(s.text for s in sections))
    normalize(meeting_with(item))
    assert item.decision == decision
    assert [reference.text for reference in item.references] == earlier
    assert sum(s.heading == "Tidligere behandling" for s in item.sections) == len(earlier)


def test_an_earlier_decision_keeps_its_text_and_parsed_citation():
    heading = "Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013"
    item = AgendaItem(1, "Sag", sections=[Section(heading, "Punktet genoptages.")])
    normalize(meeting_with(item))
    assert item.sections == [Section("Tidligere behandling", f"{heading}\nPunktet genoptages.")]
    reference = item.references[0]
    assert reference.committee == "Udvalget for plan, udvikling og kultur (PUK)"
    assert reference.date == datetime.date(2013, 4, 10)


def test_without_a_meeting_date_no_decision_is_moved():
    sections = [Section("Beslutning i Udvalget for Kultur den 10-04-2013", "Godkendt")]
    item = AgendaItem(1, "Sag", sections=list(sections), decision="Godkendt")
    normalize(meeting_with(item, date=None))
    assert item.sections == sections and item.decision == "Godkendt"


def test_a_closed_item_keeps_only_title_and_decision_whatever_the_reader_left():
    item = AgendaItem(
        5,
        "Køb af ejendom",
        closed=True,
        sections=[
            Section("Sagsfremstilling", "Sælger hedder Hansen"),
            Section("Beslutning", "Godkendt"),
        ],
        decision="Godkendt",
        attachments=[Attachment("Købsaftale Hansen.pdf")],
        attachment_count=1,
        case_number="13/27845",
    )
    meeting = normalize(meeting_with(item))
    assert item.sections == [Section("Beslutning", "Godkendt")]
    assert (item.attachments, item.attachment_count) == ([], 0)
    assert item.case_number == "13/27845" and item.outcome == "godkendt"
    assert "item 5 is closed: 2 part(s) besides the decision left out" in meeting.warnings


def test_normalizing_twice_changes_nothing_more():
    heading = "Beslutning i Udvalget for Kultur den 10-04-2013"
    item = AgendaItem(1, "Sag", sections=[Section(heading, "Udsat"), Section("Beslutning", "Ok")])
    meeting = normalize(meeting_with(item))
    before = (list(item.sections), list(item.references), list(meeting.warnings))
    normalize(meeting)
    assert (item.sections, item.references, meeting.warnings) == before
