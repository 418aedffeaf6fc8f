"""The fixed vocabulary of decision outcomes: slugs in data and API, Danish labels in the UI.

>>> OUTCOME_LABELS["taget-til-efterretning"]
'Taget til efterretning'
"""

from __future__ import annotations

OUTCOME_LABELS: dict[str, str] = {
    "godkendt": "Godkendt",
    "anbefalet": "Anbefalet",
    "taget-til-efterretning": "Taget til efterretning",
    "droeftet": "Drøftet",
    "udsat": "Udsat",
    "afvist": "Afvist",
    "oversendt": "Oversendt",
    "ingen": "Ingen beslutning",
    "ukendt": "Ukendt",
}

OUTCOMES: tuple[str, ...] = tuple(OUTCOME_LABELS)


def outcome_label(slug: str) -> str:
    return OUTCOME_LABELS.get(slug, slug)
