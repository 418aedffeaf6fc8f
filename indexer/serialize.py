"""Meetings as plain JSON-ready dicts (golden files, reports, debugging).

>>> from indexer.model import Meeting
>>> meeting_to_dict(Meeting(committee="Teknisk Udvalg"))["committee"]
'Teknisk Udvalg'
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from indexer.model import Meeting


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(entry) for entry in value]
    if isinstance(value, dict):
        return {key: _plain(entry) for key, entry in value.items()}
    return value


def meeting_to_dict(meeting: Meeting) -> dict[str, Any]:
    """Every field of the meeting and its items, dates as ISO strings."""
    return dict(_plain(dataclasses.asdict(meeting)))
