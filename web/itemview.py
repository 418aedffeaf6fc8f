"""An item as its page shows it: each thing once, paragraphs as the author wrote them.

The stored item keeps everything the source said, for searching: the decision both as
``decision`` and as its section, the attachment count both as ``attachments`` and as a
"Bilag: 2 bilag" section, earlier treatments as a section, as ``references`` and in the
``history``. The page shows each of them in one place: the decision in its box, the
attachments under "Om punktet", the matter's course under "Sagsforløb" (with the
source's own account of it one click away).

Text extracted from pages and PDFs keeps the source's line wrapping; :func:`paragraphs`
joins a line to the next where the break was a wrap, not the author's.
"""

from __future__ import annotations

import re
from typing import Any

DECISION_HEADINGS = re.compile(r"^beslutning\b|\bbeslutning den\b|\bbeslutning\s*$", re.I)
ATTACHMENT_HEADING = re.compile(r"^bilag\b", re.I)
EARLIER_HEADING = re.compile(r"^tidligere behandling", re.I)
_ATTACHMENT_COUNT = re.compile(r"^\s*(\d+|ingen)\s*(bilag)?\.?\s*$", re.I)

#: words a sentence never ends with: a break after them is always a wrap
_NEVER_LAST_WORDS = (
    "og eller samt men i på til af for fra med om ved under over efter mellem mod hos uden "
    "at der som en et den det de hvis når jf. fx bl.a. ca. nr. pr. evt. dvs. inkl. "
    "ekskl. vedr. iht. jævnfør vedrørende herunder ifølge omkring blandt gennem inden "
    "indenfor hvor hvilket hvilke end"
)
_NEVER_LAST = frozenset(_NEVER_LAST_WORDS.split())
_BLANK_LINES = re.compile(r"\n\s*\n")


def _wrapped(line: str, following: str) -> bool:
    """Whether the break between ``line`` and ``following`` was the source's wrapping.

    Line length tells nothing: lists of long items (bullets lost in extraction) fill
    their lines as wrapped prose does. What does: Danish capitalises only names and
    sentence starts, so a line going on in lower case continues the sentence, and a line
    ending in "og", "i", "for" or a comma cannot end one.
    """
    line, following = line.rstrip(), following.lstrip()
    if not line or not following or following.startswith(("-", "•", "–", "*")):
        return False
    last = line.split()[-1].lower()
    if line.endswith((":", ";")):
        return False
    if following[0].islower() or following[0] == "(":
        return True
    return last in _NEVER_LAST or line.endswith((",", "-"))


def reflow(paragraph: str) -> str:
    """One paragraph with its wrapped lines joined; list lines keep their breaks.

    >>> reflow("Center for Social- og\\nSundhed samt Center for Arbejdsmarked")
    'Center for Social- og Sundhed samt Center for Arbejdsmarked'
    >>> reflow("Talent\\nKapital")
    'Talent\\nKapital'
    """
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if not lines:
        return ""
    joined = [lines[0]]
    for line in lines[1:]:
        if _wrapped(joined[-1], line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return "\n".join(joined)


def paragraphs(text: str) -> list[str]:
    r"""Paragraphs of a section (blank lines part them), each re-flowed.

    >>> paragraphs("Baggrunden er en ny\nerhvervspark.\n\nTalent\nKapital")
    ['Baggrunden er en ny erhvervspark.', 'Talent\nKapital']
    """
    parts = (reflow(part) for part in _BLANK_LINES.split(text.strip()))
    return [part for part in parts if part]


def _same_text(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def is_decision_section(section: dict[str, str], decision: str) -> bool:
    """The section the decision box already shows (its heading or its very text).

    >>> is_decision_section({"heading": "Beslutning", "text": ""}, "")
    True
    >>> is_decision_section({"heading": "Indstilling", "text": "Godkendt"}, "Godkendt")
    True
    """
    heading = section["heading"]
    if DECISION_HEADINGS.search(heading) and "træffes af" not in heading.lower():
        return True
    return bool(decision.strip()) and _same_text(section["text"], decision)


def attachment_note(sections: list[dict[str, str]]) -> str | None:
    """What the source's "Bilag" sections say beyond a bare count ("0 bilag", "Ingen").

    >>> attachment_note([{"heading": "Bilag", "text": "0 bilag"}]) is None
    True
    >>> attachment_note([{"heading": "Bilag", "text": "5 bilag heraf 1 tilføjet"}])
    '5 bilag heraf 1 tilføjet'
    """
    notes = [
        " ".join(section["text"].split())
        for section in sections
        if section["text"].strip() and not _ATTACHMENT_COUNT.match(section["text"])
    ]
    return "; ".join(notes) or None


def item_view(item: dict[str, Any]) -> dict[str, Any]:
    """What the item page shows beside the item: sections without repetitions, the
    attachments' note, the source's account of earlier treatments, and the references
    the history does not already show."""
    decision = item.get("decision") or ""
    shown: list[dict[str, str]] = []
    attachments: list[dict[str, str]] = []
    earlier: list[str] = []
    for section in item.get("sections", []):
        heading = section["heading"]
        if ATTACHMENT_HEADING.match(heading):
            attachments.append(section)
        elif EARLIER_HEADING.match(heading):
            if section["text"].strip():
                earlier.append(section["text"])
        elif is_decision_section(section, decision) or not section["text"].strip():
            continue
        elif item.get("decided_by") and heading.lower().startswith("beslutningen træffes af"):
            continue  # the decision box says who decides
        else:
            shown.append(section)
    linked_titles = {(link.get("title") or "").strip() for link in item.get("attachment_links", [])}
    note = attachment_note(attachments)
    if note and all(line.strip() in linked_titles for line in note.split(";")):
        note = None  # the links say it already
    in_history = bool(item.get("history"))
    references = [
        reference
        for reference in item.get("references", [])
        if not (in_history and (reference.get("targets") or reference.get("id")))
    ]
    return {
        "sections": shown,
        "attachment_note": note,
        "earlier_text": "\n\n".join(earlier),
        "references": references,
    }
