"""Titles end where the case number or the decision starts; a closed item's title is its title."""

from __future__ import annotations

import pytest

from indexer.normalize import normalize
from indexer.readers.text import READER

# (item as laid out in the text, title, closed, case number, decision)
ITEMS = [
    # Aarhus council PDF, closed item: title, case number, decision on lines of their own
    ("Punkt 12 (Lukket) Køb af landbrugsejendom\nEMN-2025-007940\n"
     "Tilbagesendes Magistratsafdelingen for Teknik og Miljø.",
     "Køb af landbrugsejendom", True, "EMN-2025-007940",
     "Tilbagesendes Magistratsafdelingen for Teknik og Miljø."),
    # the same on one line
    ("Punkt 12 Lukket: Køb af landbrugsejendom EMN-2025-007940 Tilbagesendes forvaltningen.",
     "Køb af landbrugsejendom", True, "EMN-2025-007940", "Tilbagesendes forvaltningen."),
    # a wrapped open title goes on; its labelled case number and decision follow
    ("Punkt 3 Lokalplan 1234 for et boligområde ved\nKattrup Skov\nSagsnr.: 13/1234\n\n"
     "Beslutning\nGodkendt.",
     "Lokalplan 1234 for et boligområde ved Kattrup Skov", False, "13/1234", "Godkendt."),
    # a wrapped title may go on with a number ("2. behandling")
    ("Punkt 5 Budget 2024 for Kultur og Fritid -\n2. behandling\n\nBeslutning\nAnbefales.",
     "Budget 2024 for Kultur og Fritid - 2. behandling", False, None, "Anbefales."),
    # a decision sentence right under the title is no part of it
    ("Punkt 4 Meddelelser\nTaget til efterretning.", "Meddelelser", False, None, ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "title", "closed", "case_number", "decision"), ITEMS)
def test_titles_stop_at_case_number_and_decision(text, title, closed, case_number, decision):
    meeting = normalize(READER.read(f"Byrådet\n1. marts 2025\n\n{text}\n".encode(), "x.txt"))
    (item,) = meeting.items
    assert (item.title, item.closed, item.case_number, item.decision) == (
        title, closed, case_number, decision,
    )  # fmt: skip
