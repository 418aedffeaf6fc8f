"""Who meets when: the organisations, their committees, meeting dates and item counts.

Standing committees meet early in the month, Økonomiudvalget a week later and the
council a week after that, so a matter can pass through all three in one month, as
it does in a municipality.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from bench import vocabulary as vocab
from search.ids import slugify

FIRST_YEAR, LAST_YEAR = 2007, 2025
MIN_ITEMS, MAX_ITEMS = 5, 25


@dataclass
class Organisation:
    name: str
    index: int
    council: str
    committees: list[str]
    reference_style: str
    case_style: str
    members: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return slugify(self.name)


def organisations(count: int, rng: random.Random, local: int = 0) -> list[Organisation]:
    """``count`` municipalities, each with 4-6 standing committees, Økonomiudvalget, its
    council and ``local`` local boards (named after its towns, so mostly its own).

    >>> orgs = organisations(2, random.Random(1), local=3)
    >>> # three boards, Økonomiudvalget and the council besides the standing committees
    >>> [len(set(org.committees) - set(vocab.STANDING_COMMITTEES)) for org in orgs]
    [5, 5]
    """
    names = rng.sample(vocab.MUNICIPALITIES, count)
    orgs = []
    for index, name in enumerate(names):
        council = "Byrådet" if name in vocab.CITY_COUNCILS else "Kommunalbestyrelsen"
        standing = rng.sample(vocab.STANDING_COMMITTEES, rng.randint(4, 6))
        # a separate stream, so that archives without local boards stay as they were
        boards = local_committees(local, random.Random(f"{name}/{rng.random()}")) if local else []
        orgs.append(
            Organisation(
                name=name,
                index=index,
                council=council,
                committees=[*standing, *boards, vocab.ECONOMY_COMMITTEE, council],
                reference_style=rng.choice(("dated", "dated", "fields", "comma")),
                case_style=rng.choice(("year", "year", "emn")),
            )
        )
    return orgs


def local_committees(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct local boards ("Lokalrådet for Jensenrup").

    >>> local_committees(2, random.Random(4))
    ['Landsbyrådet i Munkløse', 'Skolebestyrelsen ved Mortenbjerg Skole']
    """
    stems = (*vocab.LAST_NAMES, *vocab.FIRST_NAMES)
    possible = len(vocab.LOCAL_COMMITTEES) * len(stems) * len(vocab.TOWN_SUFFIXES)
    chosen: list[str] = []
    while len(chosen) < min(count, possible):
        place = rng.choice(stems) + rng.choice(vocab.TOWN_SUFFIXES)
        name = rng.choice(vocab.LOCAL_COMMITTEES).format(place=place)
        if name not in chosen:
            chosen.append(name)
    return chosen


def _meeting_day(year: int, month: int, weekday: int, week: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * week)


def schedule(
    org: Organisation, meetings_per_year: int, rng: random.Random
) -> list[tuple[datetime.date, str]]:
    """(date, committee) of every meeting, in date order; standing committees meet first."""
    months = [m for m in range(1, 13) if m != 7]
    meetings = []
    for committee in org.committees:
        week = 2 if committee == org.council else 1 if committee == vocab.ECONOMY_COMMITTEE else 0
        weekday = rng.randint(0, 3)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            chosen = sorted(rng.sample(months, min(len(months), meetings_per_year)))
            meetings += [(_meeting_day(year, m, weekday, week), committee) for m in chosen]
    return sorted(meetings, key=lambda pair: (pair[0], org.committees.index(pair[1])))


def item_counts(meetings: int, budget: int, rng: random.Random) -> list[int]:
    """Items per meeting, each 5–25 where possible, summing to exactly ``budget``."""
    mean = budget / max(1, meetings)
    counts = [max(MIN_ITEMS, min(MAX_ITEMS, round(rng.gauss(mean, 4)))) for _ in range(meetings)]
    low = 1 if mean < MIN_ITEMS else MIN_ITEMS
    high = MAX_ITEMS if mean <= MAX_ITEMS else budget
    while sum(counts) != budget:
        step = 1 if sum(counts) < budget else -1
        position = rng.randrange(meetings)
        if low <= counts[position] + step <= high:
            counts[position] += step
    return counts
