"""Rules every item obeys whatever reader made it: closed items stay closed, and a decision
dated before the meeting is an earlier treatment, not this meeting's decision.

Both rules run in :func:`indexer.normalize.normalize`, after the manifest has had its say
on the date, so no reader has to get them right on its own.

>>> import datetime
>>> from indexer.model import AgendaItem, Section
>>> item = AgendaItem(7, "Kulturkommune", sections=[
...     Section("Beslutning i Udvalget for Kultur den 10-04-2013", "Punktet genoptages."),
...     Section("Beslutning i Udvalget for Kultur den 20-06-2013", "Punktet blev drøftet.")])
>>> separate_earlier_decisions(item, datetime.date(2013, 6, 20))
>>> item.decision, [s.heading for s in item.sections], item.references[0].text
('Punktet blev drøftet.', ['Tidligere behandling', 'Beslutning i Udvalget for Kultur den 20-06-2013'], \
'Beslutning i Udvalget for Kultur den 10-04-2013')
"""

from __future__ import annotations

import datetime

from indexer.danish_dates import find_date
from indexer.model import AgendaItem, Reference, Section
from indexer.readers.sections import canonical_heading, decision_text

EARLIER_TREATMENT = "Tidligere behandling"


def separate_earlier_decisions(item: AgendaItem, meeting_date: datetime.date | None) -> None:
    """Decision sections whose heading dates them before ``meeting_date`` become earlier treatments.

    Acadre, eDoc and DOCX minutes repeat the decisions of earlier meetings on the same item
    ("Beslutning i Udvalget … den 10-04-2013"); only the one dated this meeting (or undated)
    is this meeting's decision. An earlier one keeps its text, under "Tidligere behandling"
    with its heading as first line, and its heading becomes a :class:`Reference`.
    """
    if meeting_date is None:
        return
    earlier = [
        index
        for index, section in enumerate(item.sections)
        if canonical_heading(section.heading) == "Beslutning"
        and (dated := find_date(section.heading)) is not None
        and dated < meeting_date
    ]
    if not earlier:
        return
    for index in earlier:
        section = item.sections[index]
        text = f"{section.heading}\n{section.text}".strip()
        item.sections[index] = Section(EARLIER_TREATMENT, text)
        if not any(reference.text == section.heading for reference in item.references):
            item.references.append(Reference(text=section.heading))
    item.decision = decision_text(item.sections)


def keep_public_parts(item: AgendaItem) -> int:
    """Strip a closed item to its title and decision; return how many parts were left out.

    Some exports carry a closed item's full case text (eDoc Fujitsu's HTML does); it must
    never reach the index. Attachment titles go too: they often name the private matter.
    The case number and citations of earlier treatments stay: they are identifiers that
    let the item's history be found, not case text.

    >>> closed = AgendaItem(5, "Salg af grund", closed=True, sections=[
    ...     Section("Sagsfremstilling", "Køber er …"), Section("Beslutning", "Godkendt")])
    >>> keep_public_parts(closed), [s.heading for s in closed.sections]
    (1, ['Beslutning'])
    """
    if not item.closed:
        return 0
    kept = [s for s in item.sections if canonical_heading(s.heading) == "Beslutning"]
    left_out = sum(1 for s in item.sections if s not in kept and s.text.strip())
    left_out += len(item.attachments)
    item.sections = kept
    item.attachments = []
    item.attachment_count = 0
    return left_out
