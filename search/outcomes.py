"""The fixed vocabulary of decision outcomes: slugs in data and API, Danish labels in the UI.

>>> OUTCOME_LABELS["taget-til-efterretning"]
'Taget til efterretning'
"""

from __future__ import annotations

from search.analysis import fold

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


#: words a user types for how a matter ended, as written (not stemmed: "udsatte borgere"
#: are vulnerable citizens, "godkendelse" is a title word) → the outcome they name
_TYPED: dict[str, tuple[str, ...]] = {
    "afvist": ("afvist", "afslag", "afslået", "forkastet", "nedstemt"),
    "udsat": ("udsat", "udskudt"),
    "godkendt": ("godkendt", "vedtaget"),
    "anbefalet": ("anbefalet",),
    "droeftet": ("drøftet",),
    "oversendt": ("oversendt",),
}
_TYPED_OUTCOMES = {fold(word): outcome for outcome, words in _TYPED.items() for word in words}


def typed_outcome(word: str) -> str | None:
    """The outcome a word typed in a query names, if it names one (any spelling of æ/ø/å).

    >>> typed_outcome("Afslag"), typed_outcome("udsatte"), typed_outcome("droeftet")
    ('afvist', None, 'droeftet')
    """
    return _TYPED_OUTCOMES.get(fold(word.lower()))
