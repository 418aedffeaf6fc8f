"""A deterministic generator of realistic Danish minutes, for benchmarks and precedent tests.

``python -m bench.generate --items 10000 --seed 1 --out /tmp/gen10k`` writes, under
``minutes/`` (the folder to index), one plain-text minutes file per meeting (the format
:mod:`indexer.readers.text` reads), a
``manifest.toml`` naming each folder's organisation, and ``truth.json``: every planted
earlier-treatment reference (with the item it points at, or null when it points outside
the corpus) and every matter (case number) treated more than once.

Each organisation is generated on its own, in date order, so a citation always points at
an item that was really generated earlier. Matters move the way they do in a
municipality: a standing committee recommends, Økonomiudvalget recommends, the council
decides; a postponed item comes back at the committee's next meeting. Files are written
as they are made, so a million items never sit in memory.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import vocabulary as vocab
from bench.plan import FIRST_YEAR, MIN_ITEMS, Organisation, item_counts, organisations, schedule
from bench.render import reference_text, render
from bench.textpool import TextPool
from indexer.model import AgendaItem, Meeting, Reference, Section
from search.ids import item_id, slugify

CLOSED_SHARE = 0.08
MINUTES = "minutes"  # the folder to index; truth.json stays outside it
ITEMS_PER_ORGANISATION = 4000


@dataclass
class Treatment:
    committee: str
    date: datetime.date
    number: int
    item_id: str


@dataclass
class Matter:
    """One case (sag), with one case number, treated by one or more committees in turn."""

    case_number: str
    title: str
    topic: str
    town: str
    route: list[str]
    ready: datetime.date
    treatments: list[Treatment] = field(default_factory=list)


class Generator:
    """Writes one organisation's meetings at a time; see the module docstring."""

    def __init__(
        self,
        out: Path,
        items: int,
        seed: int,
        pool: TextPool | None = None,
        organisations_count: int | None = None,
        local_committees: int = 0,
    ) -> None:
        """``organisations_count`` municipalities (default: one per 4,000 items), each
        with ``local_committees`` local boards besides its standing committees."""
        self.out = out
        self.minutes = out / MINUTES
        self.items = items
        self.seed = seed
        self.rng = random.Random(seed)
        self.pool = pool or TextPool()
        count = organisations_count or round(items / ITEMS_PER_ORGANISATION)
        count = max(1, min(len(vocab.MUNICIPALITIES), count))
        self.orgs = organisations(count, self.rng, local_committees)
        self.references = 0
        self.matters = 0

    def run(self, on_meeting: Callable[[Meeting, Path], None] | None = None) -> dict[str, Any]:
        """Write everything; ``on_meeting`` sees each meeting after its file is written."""
        self.out.mkdir(parents=True, exist_ok=True)
        references_part = self.out / ".truth-references.part"
        matters_part = self.out / ".truth-matters.part"
        with references_part.open("w") as refs, matters_part.open("w") as matters:
            for org, budget in zip(self.orgs, self._budgets(), strict=True):
                for meeting, path in self.organisation_meetings(org, budget, refs, matters):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(render(meeting), encoding="utf-8")
                    if on_meeting is not None:
                        on_meeting(meeting, path)
        self._write_manifest()
        summary = {
            "seed": self.seed,
            "items": self.items,
            "organisations": [org.name for org in self.orgs],
            "planted_references": self.references,
            "matters": self.matters,
        }
        self._write_truth(summary, references_part, matters_part)
        return summary

    def _budgets(self) -> list[int]:
        share, extra = divmod(self.items, len(self.orgs))
        return [share + (1 if i < extra else 0) for i in range(len(self.orgs))]

    def organisation_meetings(
        self, org: Organisation, budget: int, refs: Any, matters: Any
    ) -> Iterator[tuple[Meeting, Path]]:
        rng = random.Random(f"{self.seed}/{org.name}")
        per_year = max(1, min(11, round(budget / 15 / (19 * len(org.committees)))))
        plan = schedule(org, per_year, rng)
        if budget < MIN_ITEMS * len(plan):
            plan = sorted(rng.sample(plan, max(1, budget // 12)), key=lambda p: p[0])
        counts = item_counts(len(plan), budget, rng)
        queues: dict[str, list[Matter]] = {c: [] for c in org.committees}
        state = _State(org, rng, self.pool, queues)
        for (day, committee), count in zip(plan, counts, strict=True):
            meeting = state.meeting(day, committee, count)
            for entry in state.planted:
                refs.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.references += len(state.planted)
            for matter in state.finished:
                self._write_matter(org, matter, matters)
            state.planted, state.finished = [], []
            path = self.minutes / org.slug / slugify(committee) / f"{day.isoformat()}.txt"
            yield meeting, path
        for queue in queues.values():
            for matter in queue:
                self._write_matter(org, matter, matters)

    def _write_matter(self, org: Organisation, matter: Matter, out: Any) -> None:
        if len(matter.treatments) < 2:
            return
        self.matters += 1
        entry = {
            "organisation": org.name,
            "case_number": matter.case_number,
            "title": matter.title,
            "items": [t.item_id for t in matter.treatments],
        }
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def _write_manifest(self) -> None:
        lines = ["# Generated by bench.generate: the organisation of each folder.", ""]
        for org in self.orgs:
            lines += [f'["{org.slug}/"]', f'organisation = "{org.name}"', ""]
            (self.minutes / org.slug).mkdir(parents=True, exist_ok=True)
            own = f'# Generated by bench.generate.\n["/"]\norganisation = "{org.name}"\n'
            (self.minutes / org.slug / "manifest.toml").write_text(own, encoding="utf-8")
        (self.minutes / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")

    def _write_truth(self, summary: dict[str, Any], references: Path, matters: Path) -> None:
        target = self.out / "truth.json"
        with target.open("w", encoding="utf-8") as out:
            head = json.dumps(summary, ensure_ascii=False)[:-1]
            out.write(head + ',\n"references": [\n')
            _copy_as_array(references, out)
            out.write('],\n"matters": [\n')
            _copy_as_array(matters, out)
            out.write("]}\n")
        references.unlink()
        matters.unlink()


def _copy_as_array(part: Path, out: Any) -> None:
    with part.open(encoding="utf-8") as lines:
        first = True
        for line in lines:
            out.write(("" if first else ",\n") + line.rstrip("\n"))
            first = False
    out.write("\n")


class _State:
    """One organisation's matters in flight, and the making of its meetings."""

    def __init__(
        self, org: Organisation, rng: random.Random, pool: TextPool, queues: dict[str, list[Matter]]
    ) -> None:
        self.org, self.rng, self.pool, self.queues = org, rng, pool, queues
        self.case_counters: dict[int, int] = {}
        self.planted: list[dict[str, Any]] = []
        self.finished: list[Matter] = []

    def meeting(self, day: datetime.date, committee: str, count: int) -> Meeting:
        rng = self.rng
        agenda = rng.random() < 0.03
        members = self._members(committee, day.year)
        absent = rng.sample(members, rng.choice((0, 0, 0, 1, 1, 2)))
        url = f"https://www.{self.org.slug}.dk/politik/dagsordener-og-referater/"
        meeting = Meeting(
            organisation=self.org.name,
            committee=committee,
            date=day,
            time=rng.choice(vocab.MEETING_TIMES),
            place=rng.choice(("Rådhuset, mødelokale ", "Byrådssalen, ", "Mødelokale "))
            + str(rng.randint(1, 12)),
            participants=[m for m in members if m not in absent],
            absentees=absent,
            kind="dagsorden" if agenda else "referat",
            source=f"{url}{slugify(committee)}-{day:%d-%m-%Y}",
        )
        closed = sorted(rng.random() < CLOSED_SHARE for _ in range(count))
        due = [m for m in self.queues[committee] if m.ready < day][: max(0, count - 2)]
        for number, is_closed in enumerate(closed, start=1):
            if is_closed:
                item = self._closed_item(number)
            elif number == 1 and rng.random() < 0.4:
                item = self._announcements(number)
            else:
                matter = due.pop(0) if due else None
                if matter is not None:
                    self.queues[committee].remove(matter)
                item = self._case_item(meeting, number, matter)
            if agenda:
                item.sections = [s for s in item.sections if s.heading != "Beslutning"]
                item.decision, item.outcome = "", "ukendt"
            meeting.items.append(item)
        return meeting

    def _members(self, committee: str, year: int) -> list[str]:
        term = (year - 2006) // 4
        key = (committee, term)
        if key not in self.org.members:
            size = 9 if committee == vocab.ECONOMY_COMMITTEE else 7
            if committee == self.org.council:
                size = self.rng.choice((19, 21, 25))
            names: dict[str, str] = {}
            while len(names) < size:
                name = f"{self.rng.choice(vocab.FIRST_NAMES)} {self.rng.choice(vocab.LAST_NAMES)}"
                names.setdefault(name, f"{name} ({self.rng.choice(vocab.PARTIES)})")
            self.org.members[key] = list(names.values())
        return self.org.members[key]

    def _closed_item(self, number: int) -> AgendaItem:
        decision = self.rng.choice(("Godkendt", "Intet", "Taget til efterretning"))
        outcome = {"Godkendt": "godkendt", "Intet": "ingen"}.get(decision, "taget-til-efterretning")
        return AgendaItem(
            number=number,
            title=self.rng.choice(vocab.CLOSED_TITLES),
            closed=True,
            sections=[Section("Beslutning", decision)],
            decision=decision,
            outcome=outcome,
        )

    def _announcements(self, number: int) -> AgendaItem:
        text = self.pool.section_text("case", self.rng, "meddelelser", self._town(), 2)
        decision = self.rng.choice(
            vocab.DECISIONS["taget-til-efterretning"] + vocab.DECISIONS["ingen"]
        )
        outcome = "ingen" if decision in vocab.DECISIONS["ingen"] else "taget-til-efterretning"
        return AgendaItem(
            number=number,
            title="Meddelelser",
            sections=[Section("Beskrivelse", text), Section("Beslutning", decision)],
            decision=decision,
            outcome=outcome,
        )

    def _town(self) -> str:
        return self.rng.choice(vocab.LAST_NAMES[:20]) + self.rng.choice(vocab.TOWN_SUFFIXES)

    def _new_matter(self, committee: str, day: datetime.date) -> Matter:
        rng, org = self.rng, self.org
        topic, town = rng.choice(self.pool.topics), self._town()
        if rng.random() < 0.25 and self.pool.titles:
            title = rng.choice(self.pool.titles)
        else:
            title = rng.choice(vocab.TITLE_TEMPLATES).format(
                topic=topic, town=town, n=rng.randint(1, 450), year=day.year,
                year2=day.year + 1, month=vocab.DANISH_MONTHS[rng.randint(0, 11)],
                place=rng.choice(vocab.LAST_NAMES) + rng.choice(vocab.STREET_SUFFIXES),
                committee_area=slugify(committee).split("-")[0],
            )  # fmt: skip
            title = title[0].upper() + title[1:]
        counter = self.case_counters.setdefault(
            day.year, 10000 + org.index * 5000 + rng.randint(0, 300)
        )
        self.case_counters[day.year] = counter + 1
        case = (
            f"{day.year}-{counter}" if org.case_style == "year" else f"EMN-{day.year}-{counter:06d}"
        )
        route: list[str] = []
        roll = rng.random()
        if committee not in (vocab.ECONOMY_COMMITTEE, org.council) and roll < 0.3:
            route = [vocab.ECONOMY_COMMITTEE, org.council]
        elif committee == vocab.ECONOMY_COMMITTEE and roll < 0.5:
            route = [org.council]
        elif roll > 0.92:
            route = [committee]  # a status or follow-up on the same matter later on
        return Matter(case, title, topic, town, route, day)

    def _case_item(self, meeting: Meeting, number: int, matter: Matter | None) -> AgendaItem:
        rng, org, pool = self.rng, self.org, self.pool
        committee, day = meeting.committee or "", meeting.date or datetime.date(FIRST_YEAR, 1, 1)
        matter = matter or self._new_matter(committee, day)
        this_id = item_id(org.name, committee, day.isoformat(), number)
        outcome = self._outcome(committee, matter)
        decision = rng.choice(vocab.DECISIONS[outcome])
        sections: list[Section] = []
        if rng.random() < 0.85:
            sections.append(Section("Tekst", f"Sagsnr.: {matter.case_number}"))
        references = self._references(matter, this_id, day)
        if references:
            texts = "\n\n".join(reference.text for reference in references)
            sections.append(Section("Tidligere behandling", texts))
        topic, town = matter.topic, matter.town
        sections.append(Section("Sammendrag", pool.section_text("summary", rng, topic, town, 1)))
        if rng.random() < 0.3:
            sections.append(Section("Baggrund", pool.section_text("case", rng, topic, town, 2)))
        paragraphs = rng.randint(2, 5)
        sections.append(
            Section("Sagsfremstilling", pool.section_text("case", rng, topic, town, paragraphs))
        )
        if rng.random() < 0.2:
            sections.append(Section("Vurdering", pool.section_text("case", rng, topic, town, 1)))
        economy = (
            "Ingen økonomiske konsekvenser"
            if rng.random() < 0.5
            else pool.section_text("economy", rng, topic, town, 1)
        )
        sections.append(Section("Økonomiske konsekvenser og finansiering", economy))
        attachments = rng.choice((0, 0, 1, 1, 2, 3, 5))
        sections.append(Section("Bilag", f"{attachments} bilag"))
        decided_by = matter.route[-1] if matter.route else committee
        sections.append(Section("Beslutningen træffes af", decided_by))
        recommendation = pool.section_text("recommendation", rng, topic, town, 1)
        sections.append(
            Section(
                "Indstilling", f"{rng.choice(vocab.CENTRES)} indstiller, at\n\n{recommendation}"
            )
        )
        sections.append(Section("Beslutning", decision))
        self._advance(matter, Treatment(committee, day, number, this_id), outcome)
        return AgendaItem(
            number=number,
            title=matter.title,
            sections=sections,
            decision=decision,
            outcome=outcome,
            decided_by=decided_by,
            references=references,
            attachment_count=attachments,
            case_number=matter.case_number if sections[0].heading == "Tekst" else None,
        )

    def _outcome(self, committee: str, matter: Matter) -> str:
        if matter.route and matter.route[0] != committee and self.rng.random() < 0.9:
            return "anbefalet"
        outcomes, weights = zip(*vocab.OUTCOME_WEIGHTS.items(), strict=True)
        return self.rng.choices(outcomes, weights)[0]

    def _references(self, matter: Matter, this_id: str, day: datetime.date) -> list[Reference]:
        cited: list[tuple[str, datetime.date, int, str | None]] = [
            (t.committee, t.date, t.number, t.item_id) for t in reversed(matter.treatments)
        ]
        if self.rng.random() < 0.08:  # a treatment outside the corpus
            committee = self.rng.choice((*vocab.UNKNOWN_COMMITTEES, vocab.ECONOMY_COMMITTEE))
            when = day - datetime.timedelta(days=self.rng.randint(20, 400))
            if committee == vocab.ECONOMY_COMMITTEE:
                when = when.replace(year=self.rng.randint(2001, FIRST_YEAR - 1), day=1)
            cited.append((committee, when, self.rng.randint(1, 20), None))
        references = []
        for committee, when, number, target in cited:
            text = reference_text(self.org.reference_style, committee, when, number)
            references.append(Reference(text, committee, when, [number]))
            self.planted.append({"item": this_id, "text": text, "target": target})
        return references

    def _advance(self, matter: Matter, treatment: Treatment, outcome: str) -> None:
        matter.treatments.append(treatment)
        matter.ready = treatment.date
        if outcome == "udsat":
            self.queues[treatment.committee].append(matter)
            return
        if matter.route and matter.route[0] == treatment.committee:
            matter.route.pop(0)
        if matter.route:
            if matter.route[0] == treatment.committee:  # a follow-up months later
                matter.ready = treatment.date + datetime.timedelta(days=self.rng.randint(90, 400))
            self.queues[matter.route[0]].append(matter)
        else:
            self.finished.append(matter)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--organisations", type=int, help="municipalities (default: one per 4,000 items, ≤ 98)"
    )
    parser.add_argument(
        "--local-committees", type=int, default=0, help="local boards per municipality"
    )
    args = parser.parse_args(argv)
    summary = Generator(
        args.out, args.items, args.seed, None, args.organisations, args.local_committees
    ).run()
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
