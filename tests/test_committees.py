"""Committee names: variants of one name become one committee."""

from __future__ import annotations

import pytest

from indexer.committees import CommitteeRegistry, canonical_committee, committee_key

CANONICAL: list[tuple[str, str]] = [
    # as the corpus writes them
    ("Erhvervs- og Beskæftigelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Sundheds- og Forebyggelsesudvalget", "Sundheds- og Forebyggelsesudvalget"),
    ("Teknisk Udvalg", "Teknisk Udvalg"),
    ("KMB IT-udvalget", "KMB IT-udvalget"),
    ("Aarhus Byråd", "Byrådet"),
    ("Magistraten", "Magistraten"),
    ("Udvalget for Teknik og Miljø", "Udvalget for Teknik og Miljø"),
    ("Børne- og Ungeudvalget", "Børne- og Ungeudvalget"),
    # genitive and the meeting around the name
    ("Erhverv- og Beskæftigelsesudvalgets møde", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Økonomiudvalgets", "Økonomiudvalget"),
    ("Kommunalbestyrelsens møde", "Kommunalbestyrelsen"),
    ("Teknisk Udvalgs møde", "Teknisk Udvalg"),
    ("Social- og Sundhedsudvalgets ekstraordinære møde", "Social- og Sundhedsudvalget"),
    ("Udvalget for Teknik og Miljøs møde", "Udvalget for Teknik og Miljø"),
    (
        "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2",
        "Sundheds- og Forebyggelsesudvalget",
    ),
    # dates, weekdays and times
    ("Økonomiudvalget den 14. maj 2019", "Økonomiudvalget"),
    ("Økonomiudvalget, tirsdag den 14. maj 2019 kl. 13:00", "Økonomiudvalget"),
    ("Økonomiudvalget 14.05.2019", "Økonomiudvalget"),
    ("Byrådets møde 2019-05-14", "Byrådet"),
    ("Erhvervs- og Beskæftigelsesudvalget d. 8/11-2016", "Erhvervs- og Beskæftigelsesudvalget"),
    # heading words
    ("Referat for Teknisk Udvalg", "Teknisk Udvalg"),
    ("Dagsorden for Byrådet", "Byrådet"),
    ("Referat fra Økonomiudvalgets møde den 3. maj 2019 kl. 15.00", "Økonomiudvalget"),
    ("Åbent referat - Økonomiudvalget", "Økonomiudvalget"),
    ("Erhvervs- og Beskæftigelsesudvalget - Referat", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Møde i Økonomiudvalget", "Økonomiudvalget"),
    ("Dagsorden for Udvalget for Teknik og Miljøs møde 10-04-2013", "Udvalget for Teknik og Miljø"),
    # case and whitespace
    ("TEKNISK UDVALG", "Teknisk Udvalg"),
    ("ERHVERVS- OG BESKÆFTIGELSESUDVALGET", "Erhvervs- og Beskæftigelsesudvalget"),
    ("UDVALGET FOR TEKNIK OG MILJØ", "Udvalget for Teknik og Miljø"),
    ("økonomiudvalget", "Økonomiudvalget"),
    ("  Social-  og   Sundhedsudvalget ", "Social- og Sundhedsudvalget"),
    ("Kultur-og Fritidsudvalget", "Kultur- og Fritidsudvalget"),
    ("Kultur - og Fritidsudvalget", "Kultur- og Fritidsudvalget"),
    # a missing linking "s"
    ("Sundhed- og Forebyggelsesudvalget", "Sundheds- og Forebyggelsesudvalget"),
    ("Beskæftigelse- og Integrationsudvalget", "Beskæftigelses- og Integrationsudvalget"),
    ("Beskæftigelseudvalget", "Beskæftigelsesudvalget"),
    # no linking "s" where Danish has none
    ("Social- og Sundhedsudvalget", "Social- og Sundhedsudvalget"),
    ("Teknik- og Miljøudvalget", "Teknik- og Miljøudvalget"),
    ("Fagudvalg 2", "Fagudvalg 2"),
    ("", ""),
]


# A committee is its body: not its term, not its organisation's name, one form of the council.
# Names as FirstAgenda (Udvalg.Navn, "Sagens forløb"), PDF headers and case histories give them.
BODIES: list[tuple[str, str]] = [
    # Greve's ten FirstAgenda committees
    ("Byråd 2022-2025", "Byrådet"),
    ("Økonomiudvalget", "Økonomiudvalget"),
    ("Klima-, Teknik- og Miljøudvalget", "Klima-, Teknik- og Miljøudvalget"),
    ("Kultur- og Fritidsudvalget", "Kultur- og Fritidsudvalget"),
    ("Skole-, Børne- og Ungeudvalget", "Skole-, Børne- og Ungeudvalget"),
    ("Beskæftigelses- og Erhvervsudvalget", "Beskæftigelses- og Erhvervsudvalget"),
    ("Plan- og Tryghedsudvalget", "Plan- og Tryghedsudvalget"),
    ("Social- og Handicapudvalget", "Social- og Handicapudvalget"),
    ("Sundheds- og Omsorgsudvalget", "Sundheds- og Omsorgsudvalget"),
    (".Spørgsmål / Svar til Byrådet 2022-2025", "Spørgsmål / Svar til Byrådet"),
    # "…udvalg" takes the definite form, but not after a genitive
    ("Økonomiudvalg", "Økonomiudvalget"),
    ("Børne- og Ungeudvalg", "Børne- og Ungeudvalget"),
    ("Hennys testudvalg", "Hennys testudvalg"),
    ("Kommunens udvalg", "Kommunens udvalg"),
    # a term, written as Greve's case histories and other systems write it
    ("Beskæftigelses- og Erhvervsudvalget 2022", "Beskæftigelses- og Erhvervsudvalget"),
    ("Økonomiudvalget 2018-2021", "Økonomiudvalget"),
    ("Kommunalbestyrelsen (2022-2025)", "Kommunalbestyrelsen"),
    ("Byrådet 2018 - 2021", "Byrådet"),
    ("Byråd, valgperioden 2022-2025", "Byrådet"),
    ("Regionsrådet 2022-25", "Regionsrådet"),
    # the same body in an earlier term, as FirstAgenda marks its retired record
    ("Økonomiudvalget (slettet 10-01-2022)", "Økonomiudvalget"),
    ("Plan- og Udviklingsudvalget (slettet 10-01-2022)", "Plan- og Udviklingsudvalget"),
    # the council, whatever its form
    ("Byrådet", "Byrådet"),
    ("BYRÅDET", "Byrådet"),
    ("byråd", "Byrådet"),
    ("Byrådets møde", "Byrådet"),
    ("Byrådet - ekstraordinært møde", "Byrådet"),
    ("Kommunalbestyrelse", "Kommunalbestyrelsen"),
    ("Kommunalbestyrelsens ordinære møde", "Kommunalbestyrelsen"),
    ("Regionsråd", "Regionsrådet"),
    ("Borgerrepræsentationen", "Borgerrepræsentationen"),
    # its own organisation's name is not part of it
    ("Aarhus Byråd", "Byrådet"),
    ("REFERAT Aarhus Byråd d. 27-08-2025", "Byrådet"),
    ("Greve Byråd", "Byrådet"),
    ("Byrådet i Greve", "Byrådet"),
    ("Københavns Borgerrepræsentation", "Borgerrepræsentationen"),
    ("Bornholms Regionskommunes Kommunalbestyrelse", "Kommunalbestyrelsen"),
    ("Kommunalbestyrelsen i Syddjurs Kommune", "Kommunalbestyrelsen"),
    ("Regionsrådet i Region Midtjylland", "Regionsrådet"),
    ("Region Hovedstadens Forretningsudvalg", "Forretningsudvalget"),
    ("Greve Kommunes Økonomiudvalg", "Økonomiudvalget"),
    # the definite form of a one-word committee
    ("Økonomiudvalg", "Økonomiudvalget"),
    ("Kultur- og Fritidsudvalg", "Kultur- og Fritidsudvalget"),
    # other bodies keep their names
    ("Magistraten", "Magistraten"),
    ("Teknisk Udvalg", "Teknisk Udvalg"),
    ("Fagudvalg 2", "Fagudvalg 2"),
    ("Greve Kommune", "Greve Kommune"),
    ("Aarhus Kommunes Ældreråd", "Ældreråd"),
]


@pytest.mark.parametrize(("name", "expected"), BODIES)
def test_a_committee_is_its_body(name: str, expected: str) -> None:
    assert canonical_committee(name) == expected
    assert canonical_committee(expected) == expected


def test_another_organisations_council_keeps_its_name() -> None:
    assert canonical_committee("Aarhus Byråd", "Aarhus") == "Byrådet"
    assert canonical_committee("Aarhus Byråd", "Aarhus Kommune") == "Byrådet"
    assert canonical_committee("Aarhus Byråd", "Greve") == "Aarhus Byråd"
    assert CommitteeRegistry().resolve("Aarhus Byråd", "Greve") == "Aarhus Byråd"


def test_term_and_form_variants_share_one_key() -> None:
    variants = ["Byråd 2022-2025", "Byrådet", "Greve Byråd", "byråd", "Byrådets møde"]
    assert len({committee_key(name) for name in variants}) == 1


@pytest.mark.parametrize(("name", "expected"), CANONICAL)
def test_canonical_committee(name: str, expected: str) -> None:
    assert canonical_committee(name) == expected


def test_canonical_form_is_stable() -> None:
    for _, expected in CANONICAL:
        assert canonical_committee(expected) == expected


def test_key_ignores_case_punctuation_and_definite_form() -> None:
    assert committee_key("Økonomiudvalg") == committee_key("ØKONOMIUDVALGET")


KNOWN = [
    "Erhvervs- og Beskæftigelsesudvalget",
    "Teknisk Udvalg",
    "Teknik- og Miljøudvalget",
    "Socialudvalget",
    "Skoleudvalget",
    "Børne- og Ungeudvalget",
    "Fagudvalg 1",
    "KMB IT-udvalget",
    "Økonomiudvalget",
]

RESOLVED: list[tuple[str, str]] = [
    ("Erhverv- og Beskæftigelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Erhvervs- og Beskæftigelsesudvalgt", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Erhvervs- og Beskæftgelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Erhvervs og Beskæftigelsesudvalget", "Erhvervs- og Beskæftigelsesudvalget"),
    ("Teknisk udvalg", "Teknisk Udvalg"),
    ("Teknisk Udvalgs møde", "Teknisk Udvalg"),
    ("kmb it-udvalget", "KMB IT-udvalget"),
    ("Økonomiudvalg", "Økonomiudvalget"),
    ("Teknik og Miljøudvalget", "Teknik- og Miljøudvalget"),
    ("Socialudvalgt", "Socialudvalget"),
]

KEPT_APART: list[str] = [
    "Teknik- og Miljøudvalget den 3. maj 2019",  # resolves to itself, not to "Teknisk Udvalg"
    "Børneudvalget",
    "Fagudvalg 2",
    "Kultur- og Fritidsudvalget",
    "Magistraten",
]


@pytest.mark.parametrize(("variant", "known"), RESOLVED)
def test_registry_maps_variant_to_known_spelling(variant: str, known: str) -> None:
    assert CommitteeRegistry(KNOWN).resolve(variant) == known


@pytest.mark.parametrize("name", KEPT_APART)
def test_registry_keeps_different_committees_apart(name: str) -> None:
    resolved = CommitteeRegistry(KNOWN).resolve(name)
    assert resolved == canonical_committee(name)


def test_teknisk_udvalg_is_not_teknik_og_miljoe() -> None:
    registry = CommitteeRegistry(["Teknik- og Miljøudvalget"])
    assert registry.resolve("Teknisk Udvalg") == "Teknisk Udvalg"


def test_registry_does_not_choose_between_two_equally_close_committees() -> None:
    registry = CommitteeRegistry(["Socialudvalget", "Specialudvalget"])
    assert registry.resolve("Spcialudvalget") == "Spcialudvalget"


def test_a_different_short_word_is_a_different_committee() -> None:
    registry = CommitteeRegistry(["Planudvalg A", "Fagudvalg 1"])
    assert registry.resolve("Planudvalg B") == "Planudvalg B"
    assert registry.resolve("Fagudvalg 2") == "Fagudvalg 2"


def test_known_names_are_not_merged_into_each_other() -> None:
    registry = CommitteeRegistry(["Planudvalg A", "Planudvalg B"])
    assert registry.known == ["Planudvalg A", "Planudvalg B"]


def test_typo_in_a_long_word_is_forgiven() -> None:
    assert CommitteeRegistry(["Byrådet"]).resolve("Byrået") == "Byrådet"


def test_add_registers_new_committees_and_returns_known_spelling() -> None:
    registry = CommitteeRegistry()
    assert registry.add("Erhvervs- og Beskæftigelsesudvalget") == (
        "Erhvervs- og Beskæftigelsesudvalget"
    )
    assert registry.add("ERHVERV- OG BESKÆFTIGELSESUDVALGETS MØDE") == (
        "Erhvervs- og Beskæftigelsesudvalget"
    )
    assert registry.add("Teknisk Udvalg") == "Teknisk Udvalg"
    assert registry.known == ["Erhvervs- og Beskæftigelsesudvalget", "Teknisk Udvalg"]
