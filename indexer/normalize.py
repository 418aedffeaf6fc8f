"""The normalisation stage: what the readers leave raw, made uniform for the index.

``normalize`` works on the typed model only (no I/O). It **mutates the meeting it is
given and returns that same object**; running it twice changes nothing more (it is
idempotent, warnings included).

What it does:

* the organisation is made canonical ("Ballerup Kommune" → "Ballerup"); when neither
  the manifest nor the document states it, it is guessed (and ``meeting.guessed`` says
  from where): first from URLs (the source, attachment links), then from the text
  (:mod:`indexer.organisations`);
* the meeting's committee becomes its canonical name (:mod:`indexer.committees`),
  resolved against the known committees when a registry is given;
* each item's outcome, remark flag and votes come from its decision text
  (:mod:`indexer.outcome`); an agenda ("dagsorden") or an empty decision is ``ukendt``;
* each earlier-treatment reference gets committee, date and item numbers parsed
  from its text (:mod:`indexer.references`); the text is kept;
* a decision dated before the meeting becomes an earlier treatment, and a closed item
  keeps only its title and decision (:mod:`indexer.item_rules`), whatever the reader;
* an item without a case number gets the first one its sections mention;
* titles are whitespace-normalised;
* a librarian is warned about decision wordings that were not recognised,
  duplicate item numbers and gaps in the numbering.

>>> from indexer.model import AgendaItem, Meeting
>>> meeting = normalize(Meeting(committee="Økonomiudvalgets møde",
...                             items=[AgendaItem(1, " Budget\\n2020 ", decision="Anbefales.")]))
>>> meeting.committee, meeting.items[0].title, meeting.items[0].outcome
('Økonomiudvalget', 'Budget 2020', 'anbefalet')
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.committees import CommitteeRegistry, canonical_committee
from indexer.item_rules import keep_public_parts, separate_earlier_decisions
from indexer.model import AgendaItem, Meeting
from indexer.organisations import (
    canonical_organisation,
    organisation_in_url,
    publisher_in_text,
)
from indexer.outcome import classify_decision
from indexer.references import find_case_numbers, parse_reference

_QUOTE_LENGTH = 80


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _quote(text: str) -> str:
    line = _one_line(text)
    return line if len(line) <= _QUOTE_LENGTH else line[: _QUOTE_LENGTH - 1].rstrip() + "…"


def _warn_once(meeting: Meeting, message: str) -> None:
    if message not in meeting.warnings:
        meeting.warn(message)


def _committee(
    name: str | None, committees: CommitteeRegistry | None, organisation: str | None
) -> str | None:
    if not name or not name.strip():
        return name
    if committees is not None:
        return committees.add(name, organisation)
    return canonical_committee(name, organisation) or name


def _meeting_urls(meeting: Meeting) -> list[str]:
    urls = [meeting.source or ""]
    urls.extend(a.url or "" for item in meeting.items for a in item.attachments)
    return [url for url in urls if url]


def _item_text(item: AgendaItem) -> str:
    return "\n".join([item.title, *(section.text for section in item.sections), item.decision])


def infer_organisation(meeting: Meeting) -> None:
    """The organisation, canonical; guessed from URLs, then text, when nobody states it.

    >>> from indexer.model import Attachment
    >>> meeting = Meeting(items=[AgendaItem(1, "Budget", attachments=[
    ...     Attachment("Bilag 1", "https://dagsordener.greve.dk/vis/pdf/bilag/1")])])
    >>> infer_organisation(meeting)
    >>> meeting.organisation, meeting.guessed["organisation"]
    ('Greve', 'url: https://dagsordener.greve.dk/vis/pdf/bilag/1')
    """
    if meeting.organisation and meeting.organisation.strip():
        meeting.organisation = canonical_organisation(meeting.organisation)
        return
    for url in _meeting_urls(meeting):
        if found := organisation_in_url(url):
            meeting.guess("organisation", found.name, f"url: {url}")
            return
    header = "\n".join(part for part in (meeting.committee, meeting.place) if part)
    mention = publisher_in_text(header) or publisher_in_text(
        "\n\n".join(_item_text(item) for item in meeting.items), headers=False
    )
    if mention:
        meeting.guess("organisation", mention.organisation.name, f"text: '{mention.wording}'")


def _normalize_item(
    item: AgendaItem, meeting: Meeting, committees: CommitteeRegistry | None
) -> None:
    item.title = _one_line(item.title)
    separate_earlier_decisions(item, meeting.date)
    if left_out := keep_public_parts(item):
        _warn_once(
            meeting,
            f"item {item.number} is closed: {left_out} part(s) besides the decision left out",
        )
    if meeting.kind == "dagsorden" or not item.decision.strip():
        item.outcome, item.decision_remark, item.votes = "ukendt", False, None
    else:
        decision = classify_decision(item.decision)
        item.outcome, item.decision_remark, item.votes = (
            decision.outcome,
            decision.remark,
            decision.votes,
        )
        if decision.outcome == "ukendt":
            _warn_once(
                meeting,
                f"item {item.number}: unrecognised decision wording: '{_quote(item.decision)}'",
            )
    for reference in item.references:
        parsed = parse_reference(reference.text, committees, meeting.organisation)
        reference.committee = parsed.committee or _committee(
            reference.committee, committees, meeting.organisation
        )
        reference.date = parsed.date or reference.date
        reference.numbers = parsed.numbers or reference.numbers
    if not item.case_number:
        for section in item.sections:
            found = find_case_numbers(section.text)
            if found:
                item.case_number = found[0]
                break


def _check_numbering(meeting: Meeting) -> None:
    counts = Counter(item.number for item in meeting.items)
    duplicates = sorted(number for number, count in counts.items() if count > 1)
    if duplicates:
        listed = ", ".join(map(str, duplicates))
        _warn_once(meeting, f"duplicate item numbers: {listed}")
    if counts:
        missing = sorted(set(range(min(counts), max(counts) + 1)) - set(counts))
        if missing:
            listed = ", ".join(map(str, missing[:20])) + (" …" if len(missing) > 20 else "")
            _warn_once(meeting, f"item numbering has gaps: {listed} missing")


def normalize(meeting: Meeting, committees: CommitteeRegistry | None = None) -> Meeting:
    """Normalise ``meeting`` in place and return it (see the module docstring).

    ``committees``: the committee names already known (e.g. from the index); variants
    with a slip resolve to them, and new names are added to it.
    """
    infer_organisation(meeting)
    meeting.committee = _committee(meeting.committee, committees, meeting.organisation)
    for item in meeting.items:
        _normalize_item(item, meeting, committees)
    _check_numbering(meeting)
    return meeting
