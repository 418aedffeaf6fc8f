"""Text for generated minutes, assembled from the real corpus in ``data/``.

The real minutes are read once with Referat's own readers; their sections are cut
into sentences and pooled by section kind. Generated paragraphs mix real sentences,
sentences from a word-bigram chain trained on the same text (so the vocabulary and
its frequencies stay Danish-municipal, while the corpus does not repeat itself), and
a few template sentences naming a topic from the Danish word list (the long tail of
rare words a real archive has).
"""

from __future__ import annotations

import random
import re
import textwrap
from collections import defaultdict
from pathlib import Path

from bench.vocabulary import TOPIC_STEMS
from indexer.documents import meeting_id_for
from indexer.manifest import Manifests
from indexer.pipeline import iter_files, read_file
from indexer.readers.base import ReaderError
from indexer.readers.lines import GLUED_LIST_NUMBER, PUNKT, SECTION_MARKER, glued_list_number
from indexer.readers.sections import canonical_heading
from indexer.references import find_case_numbers

# The fixed test corpus (data/ before the Greve archive joined it, and the eDoc PDF): the
# generated corpora, and the figures measured on them, stay the same when data/ grows.
DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "bundled"
WORDLIST = Path("/usr/share/dict/danish")

#: canonical section heading → pool kind
POOL_OF = {
    "Sammendrag": "summary",
    "Sagsfremstilling": "case",
    "Baggrund": "case",
    "Beskrivelse": "case",
    "Indstilling": "recommendation",
    "Vurdering": "case",
    "Økonomiske konsekvenser og finansiering": "economy",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_UNWANTED = re.compile(r"https?://|www\.|\bpunkt\s+\d|\bpkt\.|@|\t|[|•·]", re.IGNORECASE)
_FALLBACK_TOPICS = ("trafikplan", "skolestruktur", "klimaplan", "boligpolitik", "sundhedspolitik")


def split_sentences(text: str) -> list[str]:
    """Sentences of a section text, line wraps joined.

    >>> split_sentences("Udvalget drøfter\\nplanen. Herefter godkendes den.")
    ['Udvalget drøfter planen.', 'Herefter godkendes den.']
    """
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        sentences += [s for s in _SENTENCE_END.split(flat) if s]
    return sentences


def _usable(sentence: str) -> bool:
    return (
        25 <= len(sentence) <= 350
        and sentence[:1].isupper()
        and sentence[-1] in ".!?"
        and not _UNWANTED.search(sentence)
        and not find_case_numbers(sentence)
    )


def line_is_safe(line: str) -> bool:
    """Whether a line of body text stays body text when the text reader reads it back.

    >>> line_is_safe("Udvalget godkendte planen for 2019.")
    True
    >>> line_is_safe("Sagsfremstilling"), line_is_safe("Punkt 4 om trafik"), line_is_safe("drift. 2.")
    (False, False, False)
    """
    stripped = line.strip()
    if not stripped or canonical_heading(stripped) is not None:
        return False
    if PUNKT.match(stripped) or SECTION_MARKER.match(stripped) or re.match(r"\d{1,4}\.", stripped):
        return False
    if re.match(r"source\s*url\s*:", stripped, re.IGNORECASE):
        return False
    if re.search(r"[a-zæøå0-9)\"”][.!?][A-ZÆØÅ]", stripped):
        return False  # would be split as a glued heading
    glued = GLUED_LIST_NUMBER.match(stripped)
    return glued is None or glued_list_number(stripped, int(glued["num"])) is None


def wrap(paragraph: str, width: int) -> list[str]:
    """A paragraph as lines no wider than ``width`` (roughly), each safe for the reader.

    >>> wrap("Udvalget drøfter planen og godkender den.", 20)
    ['Udvalget drøfter', 'planen og godkender', 'den.']
    """
    lines = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
    merged: list[str] = []
    for line in lines:
        if merged and not line_is_safe(merged[-1]):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    while len(merged) > 1 and not line_is_safe(merged[-1]):
        last = merged.pop()
        merged[-1] = f"{merged[-1]} {last}"
    return merged


class TextPool:
    """Sentence pools per section kind, a bigram chain, titles and topic words."""

    def __init__(self, data_dir: Path = DATA_DIR, wordlist: Path = WORDLIST) -> None:
        self.pools: dict[str, list[str]] = defaultdict(list)
        self.titles: list[str] = []
        self._chain: dict[str, list[str]] = defaultdict(list)
        self._starts: list[str] = []
        root = data_dir.resolve()
        manifests = Manifests()
        meetings: set[str] = set()
        for path in iter_files(root):
            try:
                meeting = read_file(path, path.read_bytes(), manifests.values_for(path))
            except ReaderError:
                continue
            if meeting_id_for(meeting) in meetings:  # the same meeting from a second file
                continue
            meetings.add(meeting_id_for(meeting))
            for item in meeting.items:
                if 8 <= len(item.title) <= 90 and _usable(item.title + "."):
                    self.titles.append(item.title)
                for section in item.sections:
                    kind = POOL_OF.get(canonical_heading(section.heading) or "")
                    if kind is None:
                        continue
                    for sentence in split_sentences(section.text):
                        if _usable(sentence):
                            self.pools[kind].append(sentence)
                            self._learn(sentence)
        for kind in ("summary", "case", "recommendation", "economy"):
            if not self.pools[kind]:
                self.pools[kind] = list(self.pools["case"]) or ["Sagen forelægges udvalget."]
        self.topics = _topic_words(wordlist) or list(_FALLBACK_TOPICS)

    def _learn(self, sentence: str) -> None:
        words = sentence.split()
        self._starts.append(words[0])
        for first, second in zip(words, [*words[1:], ""], strict=True):
            self._chain[first].append(second)

    def chain_sentence(self, rng: random.Random) -> str:
        """A new sentence from the bigram chain (Danish words, plausible order)."""
        word = rng.choice(self._starts)
        words = [word]
        while len(words) < 40:
            following = self._chain.get(word)
            if not following:
                break
            word = rng.choice(following)
            if not word:
                break
            words.append(word)
        sentence = " ".join(words).rstrip(",;:")
        return sentence if sentence[-1:] in ".!?" else sentence + "."

    def sentence(self, kind: str, rng: random.Random, topic: str, town: str) -> str:
        roll = rng.random()
        if roll < 0.55:
            return rng.choice(self.pools[kind])
        if roll < 0.88:
            candidate = self.chain_sentence(rng)
            return candidate if _usable(candidate) else rng.choice(self.pools[kind])
        return rng.choice(_TEMPLATES).format(
            topic=topic, town=town, amount=rng.randint(1, 95), other=rng.choice(self.topics)
        )

    def paragraph(self, kind: str, rng: random.Random, topic: str, town: str) -> str:
        return " ".join(self.sentence(kind, rng, topic, town) for _ in range(rng.randint(1, 4)))

    def section_text(
        self, kind: str, rng: random.Random, topic: str, town: str, paragraphs: int
    ) -> str:
        """Paragraphs of wrapped lines, separated by blank lines, as the reader gives them."""
        return "\n\n".join(
            "\n".join(wrap(self.paragraph(kind, rng, topic, town), rng.choice((80, 90, 95))))
            for _ in range(paragraphs)
        )


_TEMPLATES = (
    "Sagen vedrører {topic} i {town}.",
    "Forvaltningen vurderer, at {topic} kan gennemføres inden for en ramme på {amount} mio. kr.",
    "Der er i budgettet afsat midler til {topic} og {other}.",
    "Udvalget besluttede på sit seneste møde at se nærmere på {topic}.",
    "Borgerne i {town} har i høringsperioden haft mulighed for at kommentere {topic}.",
    "Administrationen foreslår, at {topic} evalueres efter to år.",
)


def _topic_words(wordlist: Path) -> list[str]:
    """Nouns from the Danish word list that name something a committee decides on."""
    if not wordlist.is_file():
        return []
    words = []
    for line in wordlist.read_text(encoding="utf-8", errors="replace").splitlines():
        word = line.strip()
        if (
            9 <= len(word) <= 24
            and word.isalpha()
            and word.islower()
            and any(word.endswith(stem) for stem in TOPIC_STEMS)
        ):
            words.append(word)
    return words
