"""Fixed word lists for the corpus generator: municipalities, committees, people, wordings.

Everything here is data, not logic: real Danish municipality names, committee names as
municipalities write them, and the decision wordings the outcome classifier knows
(taken from its test table, so every generated decision has a known outcome).
"""

from __future__ import annotations

#: the 98 Danish municipalities (2007 structure)
MUNICIPALITIES: tuple[str, ...] = (
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholm", "Brøndby",
    "Brønderslev", "Dragør", "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe", "Fredensborg",
    "Fredericia", "Frederiksberg", "Frederikshavn", "Frederikssund", "Furesø", "Faaborg-Midtfyn",
    "Gentofte", "Gladsaxe", "Glostrup", "Greve", "Gribskov", "Guldborgsund", "Haderslev",
    "Halsnæs", "Hedensted", "Helsingør", "Herlev", "Herning", "Hillerød", "Hjørring",
    "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup", "Hørsholm", "Ikast-Brande",
    "Ishøj", "Jammerbugt", "Kalundborg", "Kerteminde", "Kolding", "København", "Køge",
    "Langeland", "Lejre", "Lemvig", "Lolland", "Lyngby-Taarbæk", "Læsø", "Mariagerfjord",
    "Middelfart", "Morsø", "Norddjurs", "Nordfyns", "Nyborg", "Næstved", "Odder", "Odense",
    "Odsherred", "Randers", "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal",
    "Rødovre", "Samsø", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø",
    "Stevns", "Struer", "Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby",
    "Vallensbæk", "Varde", "Vejen", "Vejle", "Vesthimmerland", "Viborg", "Vordingborg", "Ærø",
    "Aabenraa", "Aalborg", "Aarhus",
)  # fmt: skip

#: municipalities whose council calls itself "Byrådet" (the others: "Kommunalbestyrelsen")
CITY_COUNCILS = frozenset(
    {
        "Aarhus", "Aalborg", "Odense", "Esbjerg", "Vejle", "Horsens", "Randers", "Kolding",
        "Silkeborg", "Herning", "Holstebro", "Viborg", "Skanderborg", "Fredericia", "Roskilde",
        "Næstved", "Slagelse", "Svendborg", "Sønderborg", "Hjørring", "Frederikshavn", "Skive",
    }
)  # fmt: skip

ECONOMY_COMMITTEE = "Økonomiudvalget"

#: standing committees (fagudvalg); each municipality has a handful of them
STANDING_COMMITTEES: tuple[str, ...] = (
    "Teknik- og Miljøudvalget", "Børne- og Ungeudvalget", "Social- og Sundhedsudvalget",
    "Kultur- og Fritidsudvalget", "Erhvervs- og Beskæftigelsesudvalget", "Beskæftigelsesudvalget",
    "Miljø- og Klimaudvalget", "Plan- og Boligudvalget", "Skole- og Uddannelsesudvalget",
    "Sundheds- og Forebyggelsesudvalget", "Ældre- og Handicapudvalget", "Teknisk Udvalg",
    "Digitaliserings- og Teknologiudvalget", "Klima-, Miljø- og Teknikudvalget",
    "Kultur-, Fritids- og Idrætsudvalget", "Social-, Sundheds- og Ældreudvalget",
    "Udvalget for Teknik og Miljø", "Børne- og Skoleudvalget", "Socialudvalget",
    "Sundhedsudvalget", "Erhvervs- og Turismeudvalget", "Landdistriktsudvalget",
)  # fmt: skip

#: local boards and councils ({place} is a town); an archive that holds them has thousands
#: of committees (``bench.generate --local-committees``)
LOCAL_COMMITTEES: tuple[str, ...] = (
    "Lokalrådet for {place}", "Landsbyrådet i {place}", "Skolebestyrelsen ved {place} Skole",
    "Bestyrelsen for {place} Idrætscenter", "Forældrebestyrelsen i {place} Børnehus",
    "Brugerrådet for {place} Plejecenter", "Ungdomsskolebestyrelsen i {place}",
    "Bylauget i {place}",
)  # fmt: skip

#: committees cited in earlier treatments that the generated corpus never holds
UNKNOWN_COMMITTEES: tuple[str, ...] = (
    "Folkeoplysningsudvalget", "Handicaprådet", "Ældrerådet", "Integrationsrådet",
    "Beredskabsudvalget", "Hegnsynsnævnet",
)  # fmt: skip

#: the administration that proposes (first line of "Indstilling")
CENTRES: tuple[str, ...] = (
    "Center for By, Erhverv og Miljø", "Center for Arbejdsmarked", "Center for Social og Sundhed",
    "Center for Skoler, Institutioner og Kultur", "Center for Økonomi og Personale",
    "Teknik og Miljø", "Børn og Unge", "Sundhed og Omsorg", "Borgmesterens Afdeling",
    "Forvaltningen", "Direktionen", "Kultur og Borgerservice",
)  # fmt: skip

FIRST_NAMES: tuple[str, ...] = (
    "Anne", "Mette", "Hanne", "Susanne", "Lene", "Maria", "Kirsten", "Camilla", "Pia", "Tina",
    "Jens", "Peter", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Niels", "Rasmus", "Morten",
    "Jesper", "Ole", "Per", "Allan", "Dennis", "Sussie", "Musa", "Anja", "Johan", "Steen",
    "Ina", "Jette", "Carsten", "Birgitte", "Frederik", "Ida", "Emma", "Ahmet", "Fatima", "Bo",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Holtze", "Kekec", "Wandel",
    "Riis", "Vaaben", "Müller", "Ringsdal", "Lindved", "Bjerregaard", "Kjeldsen", "Munk",
)  # fmt: skip

PARTIES: tuple[str, ...] = ("A", "A", "A", "V", "V", "C", "F", "Ø", "O", "B", "I", "Å", "D")

TOWN_SUFFIXES: tuple[str, ...] = ("by", "rup", "sted", "lev", "løse", "høj", "strup", "bjerg")
STREET_SUFFIXES: tuple[str, ...] = ("vej", "gade", "alle", "parken", "stien", "toften")

#: stems that make a dictionary word a plausible subject of an agenda item
TOPIC_STEMS: tuple[str, ...] = (
    "plan", "politik", "strategi", "skole", "vej", "center", "tilbud", "indsats", "område",
    "projekt", "pulje", "anlæg", "ordning", "aftale", "bolig", "park", "cykelsti", "idrætshal", "rådhus",
    "institution", "daginstitution", "bibliotek", "børnehave", "renovation", "kloak", "trafik",
    "cykel", "klima", "natur", "sundhed", "pleje", "handicap", "beskæftigelse", "uddannelse",
)  # fmt: skip

#: title templates; {topic} is a dictionary word, {place} a street, {town} a town
TITLE_TEMPLATES: tuple[str, ...] = (
    "Lokalplan nr. {n} for {place} - endelig vedtagelse",
    "Forslag til lokalplan nr. {n} for {town} - offentlig høring",
    "Anlægsbevilling til {topic} i {town}",
    "Budgetopfølgning pr. {month} {year}",
    "Regnskab {year} for {committee_area}",
    "Høring om {topic}",
    "Ansøgning om tilskud til {topic}",
    "Orientering om {topic}",
    "Kvalitetsrapport for {topic} {year}",
    "Temadrøftelse om {topic}",
    "Evaluering af {topic} i {town}",
    "Godkendelse af {topic} {year}-{year2}",
    "Status på {topic}",
    "Udbud af {topic}",
    "Takster for {topic} {year2}",
    "Principper for {topic}",
    "Salg af ejendom på {place} i {town}",
    "Trafiksikkerhed på {place}",
)  # fmt: skip

CLOSED_TITLES: tuple[str, ...] = (
    "Meddelelser", "Personalesag", "Salg af grund", "Køb af ejendom", "Udbud - tildeling af kontrakt",
    "Forslag til opgavebortfald og servicereduktioner", "Erstatningssag", "Klagesag",
)  # fmt: skip

#: (wording, outcome), every wording one the outcome classifier recognises
DECISIONS: dict[str, tuple[str, ...]] = {
    "godkendt": (
        "Indstillingen godkendt", "Indstillingen godkendt.", "Godkendt", "Godkendt.",
        "Indstillingen blev godkendt", "Godkendt som indstillet.", "Som indstillet.",
        "Sagen godkendt.", "Indstillingen tiltrådt", "Tiltrådt",
        "Et flertal i udvalget kunne tiltræde indstillingen", "Udvalget godkendte indstillingen.",
        "Indstillingen blev enstemmigt godkendt.", "Vedtaget",
        "Godkendt med den bemærkning, at tidsplanen justeres.",
        "For stemte: A, V og C (7) Imod stemte: Ø og F (2) Indstillingen er godkendt.",
    ),
    "anbefalet": (
        "Indstilles til godkendelse", "Anbefales godkendt.", "Anbefales",
        "Udvalget anbefaler indstillingen.", "Indstillingen anbefales over for byrådet.",
        "Indstilles til Kommunalbestyrelsens godkendelse.",
    ),
    "taget-til-efterretning": (
        "Taget til efterretning", "Taget til efterretning.", "Orienteringen taget til efterretning",
        "Udvalget blev orienteret", "Til orientering.", "Meddelelserne blev taget til efterretning.",
    ),
    "droeftet": ("Drøftet", "Drøftet.", "Sagen blev drøftet", "Udvalget drøftede sagen."),
    "udsat": (
        "Udsat", "Udsat til næste møde.", "Sagen blev udsat (uden behandling)",
        "Undersøges. Ny sag forelægges.", "Punktet udsættes til næste møde.",
    ),
    "afvist": (
        "Ikke godkendt.", "Indstillingen blev forkastet", "Udvalget kunne ikke tiltræde indstillingen.",
        "For stemte: B, I og C (3) Imod stemte: Ø, F, V og A (7) Indstillingen er forkastet.",
    ),
    "oversendt": (
        "Oversendes til Økonomiudvalget til behandling", "Sagen sendes videre til Kommunalbestyrelsen",
        "Videresendes til byrådet.",
    ),
    "ingen": ("Intet", "Intet.", "Ingen bemærkninger."),
}  # fmt: skip

#: how often each outcome ends an ordinary (open, standalone) item
OUTCOME_WEIGHTS: dict[str, float] = {
    "godkendt": 0.50,
    "taget-til-efterretning": 0.24,
    "anbefalet": 0.06,
    "droeftet": 0.06,
    "udsat": 0.04,
    "afvist": 0.03,
    "oversendt": 0.02,
    "ingen": 0.05,
}

DANISH_MONTHS: tuple[str, ...] = (
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS: tuple[str, ...] = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag")
MEETING_TIMES: tuple[str, ...] = ("08:30", "13:00", "15:00", "16:00", "16:30", "17:00")
