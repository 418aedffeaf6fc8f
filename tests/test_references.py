"""Earlier-treatment citations and case numbers, parsed out of their many written forms."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.committees import CommitteeRegistry
from indexer.model import Reference
from indexer.references import find_case_numbers, item_numbers, parse_reference

D = datetime.date

REFERENCES: list[tuple[str, str | None, datetime.date | None, list[int]]] = [
    # Ballerup plain text and eDoc/PDF
    ("Social- og Sundhedsudvalget den 14. august 2018 Punkt 7",
     "Social- og Sundhedsudvalget", D(2018, 8, 14), [7]),
    ("Erhvervs- og Beskæftigelsesudvalget den 12. juni 2018 Punkt 8 ",
     "Erhvervs- og Beskæftigelsesudvalget", D(2018, 6, 12), [8]),
    ("Erhvervs- og Beskæftigelsesudvalget den 13. september 2016, Punkt 7",
     "Erhvervs- og Beskæftigelsesudvalget", D(2016, 9, 13), [7]),
    ("Tidligere behandling: Erhvervs- og Beskæftigelsesudvalget den 17. august 2016 Punkt 2",
     "Erhvervs- og Beskæftigelsesudvalget", D(2016, 8, 17), [2]),
    ("Digitaliserings- og Teknologiudvalget den 26. februar 2019 Punkt 4 og 5",
     "Digitaliserings- og Teknologiudvalget", D(2019, 2, 26), [4, 5]),
    ("Kommunalbestyrelsen den 30. januar 2012 Punkt 5", "Kommunalbestyrelsen", D(2012, 1, 30), [5]),
    ("KMB IT-udvalget den 5. december 2012 Punkt 3", "KMB IT-udvalget", D(2012, 12, 5), [3]),
    # a comma right after a hyphen belongs to the name (found by the corpus generator)
    ("Kultur-, Fritids- og Idrætsudvalget den 3. marts 2020 Punkt 4",
     "Kultur-, Fritids- og Idrætsudvalget", D(2020, 3, 3), [4]),
    ("Klima-, Miljø- og Teknikudvalget, 26. september 2016, punkt 10",
     "Klima-, Miljø- og Teknikudvalget", D(2016, 9, 26), [10]),
    # FirstAgenda "Sagsforløb", with the separators the page and the readers use
    ("Udvalg: Aarhus Byråd, Dato: 27-08-2025, Punktnummer: 10", "Byrådet", D(2025, 8, 27), [10]),
    ("Udvalg: Aarhus Byråd / Dato: 27-08-2025 / Punktnummer: 10", "Byrådet", D(2025, 8, 27), [10]),
    ("Udvalg: Aarhus Byråd\nDato: 27-08-2025\n Punktnummer: 10", "Byrådet", D(2025, 8, 27), [10]),
    ("Udvalg: Magistraten\nDato: 02-09-2025\n Punktnummer: 12\nFremsendes til Aarhus Byråd, jf. "
     "punkt 4 i mødet den 2. september 2025.", "Magistraten", D(2025, 9, 2), [12]),
    ("Udvalg: Teknisk Udvalg Dato: 22-09-2025 Punktnummer: 2", "Teknisk Udvalg", D(2025, 9, 22), [2]),
    # a committee of several parts, as Greve's case histories name them
    ("Udvalg: Klima-, Teknik- og Miljøudvalget, Dato: 12-12-2022",
     "Klima-, Teknik- og Miljøudvalget", D(2022, 12, 12), []),
    ("Udvalg: Beskæftigelses- og Erhvervsudvalget 2022, Dato: 10-01-2022",
     "Beskæftigelses- og Erhvervsudvalget", D(2022, 1, 10), []),
    # Acadre and other systems
    ("Beslutning i Udvalget for Teknik og Miljø den 10-04-2013",
     "Udvalget for Teknik og Miljø", D(2013, 4, 10), []),
    ("Kommunalbestyrelsen, 26. september 2016, punkt 10", "Kommunalbestyrelsen", D(2016, 9, 26), [10]),
    ("Byrådet, tirsdag den 14. maj 2019, punkt 8", "Byrådet", D(2019, 5, 14), [8]),
    ("Økonomiudvalget den 3. maj 2019, punkt 4, 5 og 7", "Økonomiudvalget", D(2019, 5, 3), [4, 5, 7]),
    ("Sagen har tidligere været behandlet i Økonomiudvalget den 3. maj 2019",
     "Økonomiudvalget", D(2019, 5, 3), []),
    # dates with dots, ISO dates; genitive, typos in the name
    ("Økonomiudvalgets møde den 04.12.2012 pkt. 3", "Økonomiudvalget", D(2012, 12, 4), [3]),
    ("Teknisk Udvalg 2025-09-22 punkt 2", "Teknisk Udvalg", D(2025, 9, 22), [2]),
    ("Erhverv- og Beskæftigelsesudvalget den 13. september 2016, Punkt 7",
     "Erhvervs- og Beskæftigelsesudvalget", D(2016, 9, 13), [7]),
    ("TEKNISK UDVALG d. 22.09.2025 pkt. 4", "Teknisk Udvalg", D(2025, 9, 22), [4]),
    # parts that cannot be parsed stay empty
    ("Sagen blev behandlet den 3. maj 2019", None, D(2019, 5, 3), []),
    ("Økonomiudvalget, punkt 5", "Økonomiudvalget", None, [5]),
    ("Økonomiudvalget den 31. februar 2019", "Økonomiudvalget", None, []),
    ("Se bilag", None, None, []),
    ("", None, None, []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "committee", "date", "numbers"), REFERENCES)
def test_parse_reference(
    text: str, committee: str | None, date: datetime.date | None, numbers: list[int]
) -> None:
    assert parse_reference(text) == Reference(text, committee, date, numbers)


def test_raw_text_is_kept_as_written() -> None:
    text = "Erhvervs- og Beskæftigelsesudvalget den 12. juni 2018 Punkt 8 "
    assert parse_reference(text).text == text


def test_committee_with_a_typo_resolves_against_known_committees() -> None:
    registry = CommitteeRegistry(["Erhvervs- og Beskæftigelsesudvalget"])
    reference = parse_reference("Erhvervs- og Beskæftigelsesudvalgt den 8. november 2016", registry)
    assert reference.committee == "Erhvervs- og Beskæftigelsesudvalget"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Punkt 4 og 5", [4, 5]),
        ("punkt 4, 5 og 7", [4, 5, 7]),
        ("pkt. 3", [3]),
        ("Pkt 3", [3]),
        ("punkterne 2-4", [2, 3, 4]),
        ("Punktnummer: 10", [10]),
        ("punkt nr. 6", [6]),
        ("Punkt 7 og punkt 7", [7]),
        ("den 14. august 2018", []),
    ],
)
def test_item_numbers(text: str, numbers: list[int]) -> None:
    assert item_numbers(text) == numbers


@given(st.text(max_size=200))
def test_any_text_parses_without_error(text: str) -> None:
    assert parse_reference(text).text == text


CASE_NUMBERS: list[tuple[str, list[str]]] = [
    ("Sagsnr.: 2011-29298", ["2011-29298"]),
    ("Sagsnr.: 2012-28504\nDok.nr.: 2012-203438", ["2012-28504"]),
    ("Sags nr. 27.00.00-A00-1-12", ["27.00.00-A00-1-12"]),
    ("Sagsnummer: 00.01.00-A00-2-19.", ["00.01.00-A00-2-19"]),
    ("EMN-2025-008468", ["EMN-2025-008468"]),
    ("Sagsnr. 19/1234", ["19/1234"]),
    ("Sag nr.: 2019-001234", ["2019-001234"]),
    ("J.nr. 13/12345", ["13/12345"]),
    ("Acadre sagsnr.: 13/12345 og 13/12346", ["13/12345"]),
    ("Se også 27.00.00-A00-1-12 og EMN-2025-008468", ["27.00.00-A00-1-12", "EMN-2025-008468"]),
    ("Sagsnr.: 2011-29298 ... Sagsnr.: 2011-29298", ["2011-29298"]),
    ("Dok.nr.: 2012-203438", []),
    ("Sagsnummer: ikke oplyst", []),
    ("Ingen sag", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASE_NUMBERS)
def test_find_case_numbers(text: str, expected: list[str]) -> None:
    assert find_case_numbers(text) == expected
