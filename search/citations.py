"""How to cite an agenda item: a Danish reference to copy, and files for reference managers.

A citation names the municipality, the committee, the meeting date (in Danish), the item
number and title, and the item's permalink. The files are CSL-JSON (Zotero, Citavi,
pandoc), RIS (EndNote, Mendeley) and BibTeX; an item is cited as a report of a public
body's meeting.

>>> link = "https://referat.example/punkt/ballerup/ebu/2019-05-14/3"
>>> danish_citation(_EXAMPLE, link)
'Ballerup Kommune, Erhvervs- og Beskæftigelsesudvalget: referat af mødet 14. maj 2019, punkt 3: »Studietur til Stockholm«. https://referat.example/punkt/ballerup/ebu/2019-05-14/3'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from search.dates import danish_date

FORMATS = ("csl-json", "ris", "bibtex")
MEDIA_TYPES = {
    "csl-json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
}
EXTENSIONS = {"csl-json": "json", "ris": "ris", "bibtex": "bib"}

_EXAMPLE: Any = {
    "id": "ballerup/ebu/2019-05-14/3", "organisation": "Ballerup",
    "committee": "Erhvervs- og Beskæftigelsesudvalget", "date": "2019-05-14", "number": 3,
    "title": "Studietur til Stockholm", "kind": "referat", "case_number": None,
}  # fmt: skip


def publisher(item: Mapping[str, Any]) -> str:
    """The body that published the minutes: its official name when the index knows it,
    else "<organisation> Kommune" ("" when the organisation is unknown).

    >>> publisher({"organisation": "Aarhus"}), publisher({"organisation": None})
    ('Aarhus Kommune', '')
    >>> publisher({"organisation": "København", "organisation_name": "Københavns Kommune"})
    'Københavns Kommune'
    >>> publisher({"organisation": "Region Midtjylland"})
    'Region Midtjylland'
    """
    official = (item.get("organisation_name") or "").strip()
    if official:
        return official
    organisation = (item.get("organisation") or "").strip()
    if not organisation:
        return ""
    if re.search(r"(kommune|region)", organisation, re.IGNORECASE):
        return organisation
    return f"{organisation} Kommune"


def _document(item: Mapping[str, Any]) -> str:
    return "dagsorden til mødet" if item.get("kind") == "dagsorden" else "referat af mødet"


def danish_citation(item: Mapping[str, Any], permalink: str) -> str:
    """The item as a Danish reference, ready to paste into a case note."""
    author = ", ".join(part for part in (publisher(item), item.get("committee") or "") if part)
    title = item.get("title") or "uden titel"
    when = danish_date(item.get("date"))
    return (
        f"{author or 'Ukendt udvalg'}: {_document(item)} {when}, punkt {item['number']}: "
        f"»{title}«. {permalink}"
    )


def _issued(item: Mapping[str, Any]) -> dict[str, Any] | None:
    date = item.get("date") or ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return None
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def csl_json(item: Mapping[str, Any], permalink: str) -> list[dict[str, Any]]:
    """CSL-JSON: a list with one "report" entry (the form reference managers import)."""
    entry: dict[str, Any] = {
        "id": item["id"],
        "type": "report",
        "title": f"Punkt {item['number']}: {item.get('title') or 'uden titel'}",
        "container-title": item.get("committee") or "",
        "author": [{"literal": item.get("committee") or publisher(item) or "Ukendt udvalg"}],
        "publisher": publisher(item),
        "genre": "Dagsorden" if item.get("kind") == "dagsorden" else "Referat",
        "language": "da",
        "URL": permalink,
    }
    if issued := _issued(item):
        entry["issued"] = issued
    if item.get("case_number"):
        entry["number"] = item["case_number"]
    return [entry]


def ris(item: Mapping[str, Any], permalink: str) -> str:
    r"""RIS: one "RPRT" record, CRLF line ends as the format asks.

    >>> ris(_EXAMPLE, "https://x/punkt/1").splitlines()[:3]
    ['TY  - RPRT', 'TI  - Punkt 3: Studietur til Stockholm', 'AU  - Erhvervs- og Beskæftigelsesudvalget']
    """
    lines = [
        ("TY", "RPRT"),
        ("TI", f"Punkt {item['number']}: {item.get('title') or 'uden titel'}"),
        ("AU", item.get("committee") or publisher(item) or "Ukendt udvalg"),
        ("PB", publisher(item)),
        ("T2", item.get("committee") or ""),
        ("DA", (item.get("date") or "").replace("-", "/")),
        ("PY", (item.get("date") or "")[:4]),
        ("M3", "Dagsorden" if item.get("kind") == "dagsorden" else "Referat"),
        ("SN", item.get("case_number") or ""),
        ("LA", "da"),
        ("UR", permalink),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def _bibtex_text(text: str) -> str:
    """Text inside a BibTeX field: TeX's special characters escaped.

    >>> _bibtex_text("50 % & {mere}")
    '50 \\\\% \\\\& \\\\{mere\\\\}'
    """
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex_key(item: Mapping[str, Any]) -> str:
    """A citation key from the id: ``ballerup-ebu-2019-05-14-3``."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", item["id"]).strip("-")


def bibtex(item: Mapping[str, Any], permalink: str) -> str:
    """BibTeX: one ``@techreport`` (UTF-8; biber and modern BibTeX read it)."""
    fields = [
        ("title", f"Punkt {item['number']}: {item.get('title') or 'uden titel'}"),
        ("author", "{" + _bibtex_text(item.get("committee") or "Ukendt udvalg") + "}"),
        ("institution", publisher(item)),
        ("type", "Dagsorden" if item.get("kind") == "dagsorden" else "Referat"),
        ("number", item.get("case_number") or ""),
        ("year", (item.get("date") or "")[:4]),
        ("date", item.get("date") or ""),
        ("language", "danish"),
        ("url", permalink),
    ]
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _bibtex_text(value)}}}"
        for name, value in fields
        if value
    )
    return f"@techreport{{{bibtex_key(item)},\n{body}\n}}\n"


def citation_file(item: Mapping[str, Any], permalink: str, file_format: str) -> str:
    """The citation in ``file_format`` (one of :data:`FORMATS`) as text."""
    if file_format == "csl-json":
        return json.dumps(csl_json(item, permalink), ensure_ascii=False, indent=2) + "\n"
    if file_format == "ris":
        return ris(item, permalink)
    return bibtex(item, permalink)
