"""Decision texts normalised into Referat's fixed outcome vocabulary (``search.outcomes``).

Municipalities word the same decision in many ways ("Indstillingen godkendt",
"Tiltrådt", "Et flertal i udvalget kunne tiltræde indstillingen"). This module maps
such wordings to one slug, and says ``ukendt`` rather than guess when a wording is
not recognised.

>>> classify_decision("Indstillingen godkendt med denne bemærkning:\\nUnge får adgang.")
Decision(outcome='godkendt', remark=True, votes=None)
>>> classify_decision("Indstilles til godkendelse").outcome
'anbefalet'
>>> classify_decision("Ikke godkendt").outcome
'afvist'

How a text is read:

* The text is split into paragraphs (blank lines). An item decided by several bodies
  (committee, then council) has one paragraph per decision; the outcome is that of
  the *last* paragraph with a recognisable decision.
* A paragraph is split into clauses (sentences, lines that start a new sentence,
  vote counts). Each clause is folded (lower case, "aa" → "å", punctuation dropped).
* Text after a remark marker ("med denne bemærkning:", "med den ændring, at",
  "Udvalget bemærker, at") is the remark, not the decision: it is not classified.
  Paragraphs that follow such a marker count only when they open with a decision.
* Within a paragraph the outcomes have a priority (:data:`PRIORITY`): a rejection
  outweighs an approval ("Ændringsforslaget ... Indstillingen er forkastet"), an
  approval outweighs "drøftet". Weak signals ("Ny sag forelægges", "Udvalget
  besluttede, at …") count only when nothing stronger is said, in the paragraph or in
  the decision as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from search.outcomes import OUTCOMES


@dataclass(frozen=True)
class Decision:
    """What a decision text says: outcome slug, whether a remark was added, the votes."""

    outcome: str = "ukendt"
    remark: bool = False
    votes: str | None = None


#: strongest first; within one paragraph the strongest recognised outcome wins
PRIORITY: tuple[str, ...] = (
    "afvist",
    "udsat",
    "godkendt",
    "anbefalet",
    "oversendt",
    "taget-til-efterretning",
    "droeftet",
    "ingen",
)

# --- building blocks of the patterns (they run on folded clauses) ---------------------
# Items of a decision numbered as the recommendation's points: "1.-4.", "1 og 3", "Punkterne a) - e)".
_POINT = r"(?:\d+(?:\s+[a-i](?:\s*-\s*[a-i])?)?)"  # "1", "1 a -i" ("1. a)-i)")
_ENUMERATION = (
    r"(?:(?:vedrørende|vedr|ad)\s+)?"
    rf"(?:{_POINT}(?:\s*(?:,|og|-)\s*{_POINT})*"
    r"|(?:indstillings)?punkt(?:erne|et)?\s+(?:\d+|[a-h])(?:\s*(?:,|og|-)\s*(?:\d+|[a-h]))*)"
)
# A clause start, or a clause joined by a conjunction: "…, og indstillingen blev godkendt";
# a leading enumeration belongs to the clause: "1.-4. Udvalget undlod at tage stilling".
_START = rf"(?:^(?:{_ENUMERATION}\s+)?|,\s*(?:og|hvorefter|herefter|derefter|hvorpå)\s+)"
# Danish puts the verb second after an opening adverbial: "Med stemmerne 11 for og 9 imod
# godkendte Byrådet …", "Herefter godkendte udvalget …".
_ADVERBIAL = (
    r"(?:med\s+stemmer(?:ne)?\s+\d+\s+for(?:\s+(?:og\s+)?(?:\d+|ingen)\s+imod)?(?:\s+for)?"
    r"|enstemmigt|herefter|derefter|endeligt|yderligere|samtidig)\s+"
)
_OPENING = _START + _ADVERBIAL
_NUMBERS = r"(?:\s+(?:punkt|pkt|nr)?\s*\d+(?:\s*(?:,|og|-)\s*\d+)*)?"
# A subject before a participle: a definite noun ("Indstillingen", "Anlægsbevillingen"),
# optionally in genitive form and with item numbers ("Indstillingens punkt 1 og 2").
_NOUN = (
    r"(?:[\wæøå-]+s\s+)?"
    r"(?:[\wæøå-]*(?:en|et|ne)|[\wæøå-]*(?:indstilling|forslag|sag|punkt|pkt|ansøgning))"
    r"(?:\s+af\s+(?:sagen|punktet))?" + _NUMBERS
)
# Subjects that can be rejected: the proposal itself, not an amendment ("ændringsforslag").
_REJECTABLE = (
    r"(?:[\wæøå-]+s\s+)?(?:indstilling|forslag|sag|punkt|ansøgning|anmodning|beslutningsforslag)"
    r"(?:en|et)?" + _NUMBERS
)
_AUX = r"(?:(?:blev|er|var|bliver)\s+)?"
_ADV = r"(?:(?:enstemmigt|endeligt|hermed|herefter|derefter|således|dermed|delvist|delvis)\s+)?"
# The deciding body: "Udvalget", "Et flertal i Økonomiudvalget (A, V og C)", "Teknisk Udvalg".
_BODY = (
    r"(?:et\s+(?:enigt|samlet)\s+[\wæøå-]*udvalg|et\s+flertal|flertallet|[\wæøå-]*udvalget"
    r"|(?:[\wæøå-]+,?\s+){1,4}og\s+[\wæøå-]+udvalget"
    r"|udvalget\s+for\s+[\wæøå-]+(?:\s+og\s+[\wæøå-]+)?"
    r"|[\wæøå]+\s+udvalg|kommunalbestyrelsen|byrådet|regionsrådet|borgerrepræsentationen"
    r"|magistraten|bestyrelsen)"
    # each token atomic: "og" is both a word and a party code; trying both is exponential
    r"(?:[\s,]+(?>(?:i|af|bestående|og|[\wæøå-]+-|[\wæøå-]*udvalget|[\wæøå]{1,2}|\d+"
    r"|herefter|derefter|dog|enstemmigt|således|hermed|endeligt)(?=[\s,]|$)))*\s+"
)
# The body after a verb in second place: "… godkendte Byrådet", "… godkendte byrådet".
_BODY_AFTER = (
    r"\s+(?:[\wæøå-]*udvalget|[\wæøå]+\s+udvalg|kommunalbestyrelsen|byrådet|regionsrådet"
    r"|borgerrepræsentationen|magistraten|bestyrelsen)\b"
)
_THEN = r"(?:herefter\s+|derfor\s+|dog\s+|enstemmigt\s+)?"
# "Udvalget drøftede sagen og godkendte indstillingen": the decision is the last verb.
_ALSO = r"(?:(?:[\wæøå-]+\s+){1,6}?og\s+)?"
_BY = _START + f"(?:{_ADVERBIAL})?" + _BODY + _ALSO
# "Byrådet besluttede, at …" and "Med stemmerne 13 for og 7 imod besluttede Byrådet, at …"
_DECIDED = (
    rf"(?:{_BY}besluttede|{_OPENING}besluttede{_BODY_AFTER}),?\s+(?:at\s+)?(?:[\wæøå-]+\s+){{0,2}}?"
)
# a member's motion sent on to a committee "to be dealt with" (or not)
_REALITY = (
    r"(?:sende|sendes|oversende|oversendes)(?:\s+[\wæøå-]+){0,2}?\s+til\s+realitetsbehandling\b"
)


@dataclass(frozen=True)
class _Rule:
    outcome: str
    pattern: re.Pattern[str]
    weak: bool = False


def _rules(outcome: str, *patterns: str, weak: bool = False) -> list[_Rule]:
    return [_Rule(outcome, re.compile(pattern), weak) for pattern in patterns]


RULES: list[_Rule] = [
    *_rules(
        "afvist",
        _START + rf"(?:{_REJECTABLE}\s+)?{_AUX}{_ADV}ikke\s+"
        r"(?:godkendt|godkendes|tiltrådt|tiltrædes|vedtaget|vedtages|anbefalet|anbefales"
        r"|bevilget|bevilges|imødekommet|imødekommes)\b",
        _START + rf"(?:{_REJECTABLE}\s+)?(?:kan|kunne)\s+ikke\s+"
        r"(?:godkendes|tiltrædes|anbefales|imødekommes|vedtages)\b",
        _START + rf"(?:{_REJECTABLE}\s+)?(?:godkendes|tiltrædes|anbefales|vedtages|indstilles"
        r"|imødekommes)\s+ikke\b",
        _START + rf"(?:{_REJECTABLE}\s+)?{_AUX}{_ADV}"
        r"(?:forkastet|forkastes|afvist|afvises|afslået|afslås|faldt|nedstemt)\b",
        _START + r"afslag\b",
        # a member's motion the body does not send on to be dealt with is rejected
        _DECIDED + r"(?:ikke|ej)\s+(?:at\s+)?" + _REALITY,
        _BY + r"(?:(?:kunne|kan|vil|ville)\s+ikke\s+(?:tiltræde|godkende|anbefale|følge)"
        r"|ønsker\s+ikke\s+at\s+tilslutte\s+sig"
        r"|afviste|afviser|forkastede|forkaster"
        r"|(?:godkendte|tiltrådte|anbefalede|godkender|tiltræder|anbefaler)\s+ikke"
        r"|stemte\s+imod\s+(?:indstillingen|forslaget))\b",
    ),
    *_rules(
        "udsat",
        _START + rf"(?:{_NOUN}\s+)?{_AUX}{_ADV}(?:udsat|udsættes|udskudt|udskydes)\b",
        _BY + rf"(?:udsatte|udsætter|udskød|udskyder|besluttede\s+{_THEN}at\s+udsætte"
        rf"|ønskede\s+{_THEN}at\s+udsætte|ønskede\s+sagen\s+udsat)\b",
        r"\b(?:tilbagesendes|tilbagesendt|sendes\s+tilbage|sendt\s+tilbage|tilbagevises)\b",
        _BY + r"(?:[\wæøå]+\s+og\s+)?(?:besluttede\s+(?:at|af)\s+|beslutter\s+at\s+)?"
        r"(?:sende|sender|sendte)\s+(?:sagen|punktet|forslaget)\s+tilbage\b",
        _START + r"(?:sagen|punktet|forslaget)\s+(?:blev\s+)?taget\s+af\s+dagsorden(?:en)?\b",
    ),
    *_rules(
        "godkendt",
        _START + rf"(?:{_NOUN}\s+)?{_AUX}{_ADV}"
        r"(?:godkendt|godkendes|tiltrådt|tiltrædes|vedtaget|vedtages|bevilget|bevilges"
        r"|imødekommet|imødekommes)\b",
        _START + r"indstillingen\s+(?:blev\s+)?(?:følges|fulgt)$",
        _START + r"(?:godkendt\s+)?som\s+indstillet\b",
        _START + r"(?:[\wæøå-]+\s+)?(?:er\s+)?enige?\s+i\s+indstillingen\b",
        # a subject of several words, with the auxiliary: "Program for byrådsmødet blev godkendt"
        _START + rf"(?:[\wæøå-]+\s+){{1,6}}?(?:blev|er)\s+{_ADV}"
        r"(?:godkendt|tiltrådt|vedtaget|bevilget|imødekommet)\b",
        _OPENING
        + r"(?:godkendte|godkender|tiltrådte|tiltræder|vedtog|vedtager|bevilgede)"
        + _BODY_AFTER,
        # an appointment or election made is the decision taken
        _START + r"(?:[\wæøå-]+\s+){1,4}?blev\s+(?:udpeget|valgt|genvalgt)\b",
        _BY + r"(?:(?:kunne|kan|vil)\s+(?:tiltræde|godkende)"
        r"|udpegede|udpeger|valgte|vælger|genvalgte|pegede\s+på|tilsluttede\s+sig"
        r"|tilslutter\s+sig"
        r"|godkendte|godkender|tiltrådte|tiltræder|vedtog|vedtager|bevilgede|bevilger"
        rf"|besluttede\s+{_THEN}at\s+(?:godkende|tiltræde|følge)|(?:følger|fulgte)\s+indstillingen"
        r"|(?:er|var)\s+enige?\s+i\s+indstillingen)\b",
    ),
    *_rules(
        "anbefalet",
        _START + rf"(?:{_NOUN}\s+)?{_AUX}{_ADV}(?:anbefales|anbefalet)\b",
        r"\bindstilles\b(?:\s+[\wæøå-]+){0,4}?\s+(?:godkendelse|godkendt|vedtagelse|tiltrædelse)\b",
        _OPENING + r"(?:anbefaler|anbefalede)" + _BODY_AFTER,
        _BY + rf"(?:anbefaler|anbefalede|besluttede\s+{_THEN}at\s+anbefale"
        r"|(?:kunne|kan)\s+anbefale|indstiller)\b",
        r"\bmed\s+(?:udvalgets\s+|sin\s+|en\s+)?anbefaling\b",
        r"\bmed\s+indstilling\s+om\s+(?:godkendelse|vedtagelse)\b",
    ),
    *_rules(
        "oversendt",
        r"\b(?:oversendes|oversendt|fremsendes|fremsendt|videresendes|videresendt)\b",
        _DECIDED + r"(?:at\s+)?" + _REALITY,
        _BY + r"(?:[\wæøå-]+\s+){0,4}?(?:oversender|oversendte|videresender|videresendte"
        r"|fremsender|fremsendte)\b",
        r"\bsendes\s+(?:videre|til)\b(?!\s+høring)",
        r"\b(?:sende|sender|sendte)\s+(?:[\wæøå-]+\s+){0,8}?til\s+(?:videre\s+)?behandling\s+i\b",
    ),
    *_rules(
        "taget-til-efterretning",
        r"\btil\s+(?:efterretning|orientering)\b",
        # slips: "taget efterretning", "til efterefterretning", "til efterretningen"
        r"\b(?:taget|tages)\s+(?:til\s+)?(?:efter)?efterretning(?:en)?\b",
        # an orientation given: "Formanden orienterede om …", "Orientering om …"
        _START + r"(?:[\wæøå-]+\s+){0,4}?(?:orienterede|orienterer)\s+"
        r"(?:(?:også|desuden|endvidere|kort)\s+)?(?:om|yderligere|udvalget|byrådet|kort)\b",
        _START + r"(?:der\s+var\s+)?(?:en\s+)?(?:gensidig\s+|kort\s+)?orientering\s+om\b",
        _BY + r"modtog\b",
        _START + r"(?:[\wæøå-]+\s+)?(?:blev\s+)?orienteret\b",
        _BY + r"(?:blev|er)\s+orienteret\b",
        _START + r"(?:orientering|meddelelse)(?:en|erne|r)?\s+(?:blev\s+)?(?:givet|modtaget)\b",
    ),
    *_rules(
        "droeftet",
        r"\bdrøft(?:et|ede)\b",
        _START + r"(?:der\s+var\s+(?:en\s+)?)?drøftelse(?:n)?\s+(?:af|om|mellem|og)\b",
    ),
    *_rules(
        "ingen",
        r"^(?:intet|ingen)(?:\s+(?:bemærkninger|kommentarer|beslutning|at\s+bemærke"
        r"|at\s+referere|til\s+referat|yderligere))?$",
        # nothing to report or ask: "Der var ingen orienteringer", "Ingen spørgsmål"
        r"^(?:der\s+(?:var|er)\s+)?(?:intet|ingen|ikke\s+nogen)\s+(?:[\wæøå-]+\s+)?"
        r"(?:orientering(?:er|spunkter)?|spørgsmål|henvendelser|punkter|meddelelser"
        r"|sager|at\s+berette|at\s+orientere\s+om)\b",
        # a meeting for information or dialogue, with nothing to decide
        _START + r"(?:[\wæøå-]*mødet?|introduktion(?:en)?|oplægget|præsentationen|rundvisningen)"
        r"(?:\s+[\wæøå-]+){0,4}?\s+blev\s+(?:af)?holdt$",
        _BY + r"besvarede\s+(?:[\wæøå]+\s+)?spørgsmål",
        # the body took no position (a party abstaining is a vote, not the decision)
        r"^(?:undlod|undlader)(?:\s+at\s+tage\s+stilling)?$",
        _BY + r"(?:undlod|undlader)\s+at\s+tage\s+stilling"
        r"(?:\s+til\s+(?:indstillingen|indstillingerne|sagen|forslaget))?(?:$|,|\s+idet\b)",
    ),
    *_rules(
        "udsat",
        r"\bny\s+sag\s+(?:forelægges|fremlægges|fremsendes|udarbejdes)\b",
        r"\b(?:forelægges|fremlægges|behandles)\s+(?:igen|på\s+ny|senere|på\s+et\s+senere\s+møde)\b",
        r"\bgenoptages\b",
        _START + rf"(?:{_NOUN}\s+)?{_AUX}ikke\s+behandlet\b",
        weak=True,
    ),
    # the body decided something of its own, without a "no" in it: "Udvalget besluttede, at
    # møderne begynder kl. 17.00", "Det blev besluttet, at …"; only when nothing else is said
    *_rules(
        "godkendt",
        _BY + r"(?:besluttede|beslutter)\b(?!.*\bikke\b)",
        _START + r"det\s+blev\s+besluttet\b(?!.*\bikke\b)",
        weak=True,
    ),
]

assert {rule.outcome for rule in RULES} <= set(OUTCOMES)

# Marks the start of a remark; what follows is the remark, not the decision.
_REMARK = re.compile(
    r"\bmed\s+(?:den|denne|følgende|flg|de|disse|en|sin|sine)?\s*"
    r"(?:bemærkning|bemærkninger|tilføjelse|tilføjelser|ændring|ændringer|præcisering)\b"
    r"|(?<![\wæøå-])[\wæøå-]*(?:udvalget|byrådet|kommunalbestyrelsen|magistraten)\s+bemærker\b"
)
_NEGATED = re.compile(r"\bikke\s+(?:\S+\s+)?$")
_ABBREVIATIONS = re.compile(r"\b(pkt|jf|jfr|nr|kl|evt|ca|vedr|inkl|stk|bl\.a|f\.eks|m\.v|m\.m)\.")
_CLAUSE_BREAK = re.compile(
    r"\n(?=\s*[A-ZÆØÅ])"  # a line that starts a new sentence (lines that wrap start lower-case)
    r"|(?<!\d)[.!?;:]+(?=\s|$)|(?<=\d)\.(?=\s+[A-ZÆØÅ])"
    r"|(?<=\(\d\))|(?<=\(\d\d\))"  # "For stemte: B og C (3) Imod stemte: …"
)
_VOTE = re.compile(
    r"\b(?:for|imod)\s+stemte\b|\bstemte\s+(?:for|imod)\b|\bundlod\s+at\s+stemme\b"
    r"|\bhverken\s+for\s+eller\s+imod\b",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lower-case, Danish letters for their ASCII spellings, punctuation dropped.

    >>> fold("  Indstillingen  TILTRAADT (enstemmigt).")
    'indstillingen tiltrådt enstemmigt'
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")
    text = re.sub(r"[‐‑‒–—]", "-", text)
    text = re.sub(r"[^\w\s,-]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,-")


def _clauses(paragraph: str) -> list[str]:
    protected = _ABBREVIATIONS.sub(r"\1", paragraph)
    pieces = (fold(piece) for piece in _CLAUSE_BREAK.split(protected) if piece)
    return [piece for piece in pieces if piece]


@dataclass
class _Reading:
    outcome: str | None = None
    remark: bool = False
    weak: bool = False  # the outcome rests on weak signals only ("Sagen genoptages")


def _match(rule: _Rule, clause: str, opening_only: bool = False) -> bool:
    for found in rule.pattern.finditer(clause):
        if opening_only and found.start() > 0:
            continue
        if rule.outcome == "afvist":
            return True
        # "ikke drøftet", "ikke taget til efterretning"; a minority is not the decision
        if _NEGATED.search(clause[: found.start()]) or re.search(r"\bikke\b", found.group(0)):
            continue
        if "mindretal" in found.group(0):
            continue
        return True
    return False


def _read_paragraph(paragraph: str, opening_only: bool) -> _Reading:
    """The outcome of one paragraph; ``opening_only`` when it may be the body of a remark."""
    clauses: list[str] = []
    reading = _Reading()
    for clause in _clauses(paragraph):
        marker = _REMARK.search(clause)
        if marker:
            reading.remark = True
            clauses.append(clause[: marker.start()].strip(" ,"))
            break
        clauses.append(clause)
    if opening_only:
        clauses = clauses[:1]
    found = {
        rule.outcome: rule.weak
        for rule in reversed(RULES)  # a strong rule of an outcome overrides its weak one
        if not (opening_only and rule.weak)
        and any(_match(rule, clause, opening_only) for clause in clauses if clause)
    }
    strong = [outcome for outcome in PRIORITY if outcome in found and not found[outcome]]
    weak = [outcome for outcome in PRIORITY if outcome in found]
    if strong or weak:
        reading.outcome = (strong or weak)[0]
        reading.weak = not strong
    return reading


def find_votes(text: str) -> str | None:
    """The vote sentences of a decision, as written, joined by a space.

    >>> find_votes("For stemte: B, I og C (3)\\nImod stemte: Ø, F, V og A (7)\\nForkastet.")
    'For stemte: B, I og C (3) Imod stemte: Ø, F, V og A (7)'
    """
    votes: list[str] = []
    for line in text.splitlines():
        if not _VOTE.search(line):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", line.strip()):
            if not _VOTE.search(sentence):
                continue
            counts = list(re.finditer(r"\(\s*\d+\s*\)", sentence))
            if counts and not _VOTE.search(sentence[counts[-1].end() :]):
                sentence = sentence[: counts[-1].end()]
            votes.append(sentence.strip())
    return " ".join(votes) or None


def classify_decision(text: str) -> Decision:
    """Normalise a decision text into an outcome slug, a remark flag and the votes.

    >>> classify_decision("Sagen blev udsat uden behandling.")
    Decision(outcome='udsat', remark=False, votes=None)
    >>> classify_decision("Anbefales.\\n\\nGodkendt.").outcome  # committee, then council
    'godkendt'
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    readings: list[tuple[int, _Reading]] = []
    in_remark = False
    for index, paragraph in enumerate(paragraphs):
        reading = _read_paragraph(paragraph, opening_only=in_remark)
        if reading.outcome:
            readings.append((index, reading))
        elif readings and reading.remark:
            readings[-1][1].remark = True  # "Indstillingen godkendt\n\nUdvalget bemærker, at …"
        in_remark = reading.remark or (in_remark and not reading.outcome)
    if not readings:
        return Decision("ukendt", False, find_votes(text or ""))
    # a paragraph of weak signals only does not overrule a decision before it:
    # "Punktet blev drøftet.\n\nSagen genoptages på næste møde" was discussed
    if any(not reading.weak for _, reading in readings):
        while readings[-1][1].weak:
            readings.pop()
    # the votes of the last decision may stand in the paragraphs just before it
    start = readings[-2][0] + 1 if len(readings) > 1 else 0
    _, last = readings[-1]
    votes = find_votes("\n\n".join(paragraphs[start:]))
    return Decision(last.outcome or "ukendt", last.remark, votes)


__all__ = ["PRIORITY", "RULES", "Decision", "classify_decision", "find_votes", "fold"]
