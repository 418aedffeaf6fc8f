"""Stable, readable identifiers for meetings and agenda items.

An item id is ``{organisation}/{committee}/{YYYY-MM-DD}/{number}``, each part a
slug; a meeting id is the item id without its last part.

>>> slugify("Erhvervs- og Beskæftigelsesudvalget")
'erhvervs-og-beskaeftigelsesudvalget'
>>> item_id("Ballerup", "Erhvervs- og Beskæftigelsesudvalget", "2019-05-14", 6)
'ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6'
>>> meeting_id_of("ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6")
'ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14'
"""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII slug: æ→ae, ø→oe, å→aa, other accents dropped, runs of the rest → "-"."""
    text = text.translate(_DANISH).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", text).strip("-") or "ukendt"


def meeting_id(organisation: str, committee: str, date_key: str) -> str:
    """``date_key`` is an ISO date, or a stand-in for an undated meeting."""
    return f"{slugify(organisation)}/{slugify(committee)}/{date_key}"


def item_id(organisation: str, committee: str, date_key: str, number: int) -> str:
    return f"{meeting_id(organisation, committee, date_key)}/{number}"


def meeting_id_of(item_id: str) -> str:
    return item_id.rsplit("/", 1)[0]
