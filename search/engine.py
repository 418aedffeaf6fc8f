"""The seam between the search service and the engines that hold an index.

An engine stores :class:`search.fields.ItemDocument` s and answers, in the terms of the
field contract and the query tree (:mod:`search.querytree`), what the service asks: a
search with facets, items by id, the items of a meeting, term statistics. The service —
and through it the CLI, the web pages and the API — never knows which engine it has.

Two engines exist, chosen by where the index is: a folder is the embedded Whoosh index
(:mod:`search.engines.whoosh`, the default: no server needed); an ``http(s)://`` URL is an
OpenSearch cluster (:mod:`search.engines.opensearch`; several hosts separated by commas,
the last path part names the index). Engines know nothing of each other; each is imported
only when an index of its kind is opened. An engine module provides ``open_engine``,
``open_writer`` and ``check_index`` (see the functions of the same names below).

What every engine promises (README, "Guarantees"): a change is published whole or not at
all; one writer at a time (a second one waits a bounded time, then is refused with
:class:`IndexBusy`); a writer that dies leaves nothing the next writer cannot clean up; an
index that fails its integrity check is never searched or built on (:class:`IndexDamaged`)
until it is rebuilt from the source files.

>>> engine_kind("var/index"), engine_kind("http://127.0.0.1:9200/referat")
('whoosh', 'opensearch')
"""

from __future__ import annotations

import importlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from search.fields import ItemDocument, StoredItem
from search.querytree import Node

DEFAULT_LOCATION = "var/index"

Order = Literal["relevance", "newest", "oldest"]


class IndexUnavailable(Exception):
    """The index cannot be opened, read or written; the message says why in plain English."""


class IndexMissing(IndexUnavailable):
    """No index has been built at the location yet."""


class IndexOutdated(IndexUnavailable):
    """The index was built under another field contract or layout; it must be rebuilt."""


class IndexDamaged(IndexUnavailable):
    """Part of the index does not match what was written; it must be rebuilt from the
    source files (``referat check`` says what is damaged)."""


class IndexBusy(IndexUnavailable):
    """Another process is writing the index, and did not finish within the wait allowed."""


#: how long a writer waits for another one to finish before it gives up (seconds)
DEFAULT_WRITE_WAIT = 10.0


@dataclass
class IndexCheck:
    """What verifying an index found: ``damaged`` names each damaged part in plain English
    (empty when the index is intact); ``outdated`` says why an index built by another
    version must be rebuilt; ``leftovers`` are parts of unfinished runs that the next
    writer removes (not damage)."""

    location: str
    generation: str | None = None
    items: int | None = None
    parts: int = 0
    size: int = 0
    seconds: float = 0.0
    damaged: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    outdated: str | None = None

    @property
    def ok(self) -> bool:
        return not self.damaged and self.outdated is None


@dataclass(frozen=True)
class EngineQuery:
    """One search as an engine answers it.

    ``filters`` maps a facet to its chosen values (OR within a facet, AND across facets).
    The engine returns the hits ``start`` to ``start + count`` in ``order``: by score (best
    first; ties by the engine's insertion order), or by meeting date and item number. With
    ``collapse`` every matter (items sharing a case key) is one hit, its best one.
    """

    query: Node
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    order: Order = "relevance"
    start: int = 0
    count: int = 10
    collapse: bool = False


@dataclass
class Hit:
    """One hit: an engine-specific handle, its score (None when ordered by date), its
    meeting's year (for the recency prior) and, when collapsed, its matter's item count."""

    ref: Any
    score: float | None
    year: int | None
    treatments: int | None = None


@dataclass
class Found:
    """What a search found: every match counted (``total`` honours the filters and, when
    collapsed, counts matters), facet counts (each facet under the *other* facets'
    filters, not collapsed), the hits asked for, and ``load`` to read their items."""

    total: int
    facets: dict[str, Counter[str]]
    hits: list[Hit]
    load: Callable[[Sequence[Hit]], list[StoredItem]]


@dataclass(frozen=True)
class MeetingSummary:
    id: str
    organisation: str | None
    committee: str | None
    date: str | None
    year: int | None
    items: int
    #: the organisation's official name when known (see StoredItem.organisation_name)
    organisation_name: str | None = None


@dataclass(frozen=True)
class IndexedItem:
    """An item as the archive report reads it: the stored item and its source file."""

    item: StoredItem
    source_path: str
    warnings: list[str]


class StoredEntry(NamedTuple):
    """What a writer needs to know about an item already in the index."""

    id: str
    kind: str
    source_path: str


class Engine(Protocol):
    """An opened index, for searching (see the module docstring)."""

    location: str

    def search(self, query: EngineQuery) -> Found: ...

    def scan(self, query: EngineQuery) -> Iterator[tuple[StoredItem, Hit]]:
        """Every match of ``query`` (its filters, ``order`` and ``collapse``; ``start`` and
        ``count`` are ignored), read one at a time from one consistent view of the index:
        for exports, so that memory does not grow with the number of rows. A change to the
        index while the caller reads does not change what it gets."""
        ...

    def find(
        self, query: Node, limit: int, exclude_meeting: str | None = None
    ) -> list[tuple[StoredItem, float]]:
        """The best ``limit`` items matching ``query`` with their scores (not from the
        meeting ``exclude_meeting``): term lookups for precedents, similar items, spelling."""
        ...

    def items(self, ids: Iterable[str]) -> dict[str, StoredItem]:
        """The items of ``ids`` that are in the index, by id."""
        ...

    def meeting_items(self, meeting_id: str) -> list[StoredItem]:
        """A meeting's items in item-number order."""
        ...

    def meetings(self) -> list[MeetingSummary]: ...

    def doc_frequency(self, field: str, text: str) -> int:
        """How many items have the analysed word ``text`` in ``field``."""
        ...

    def key_terms(self, text: str, limit: int) -> list[tuple[str, float]]:
        """The exact-field words of ``text`` that best tell it apart in this archive, with
        their weights, best first (for similar items)."""
        ...

    def spelling_candidates(self, word: str, limit: int) -> list[str]:
        """Indexed exact-field words within two edits of ``word`` (first letter kept),
        closest first."""
        ...

    def all_items(self) -> Iterator[IndexedItem]: ...

    def warm_up(self) -> None:
        """Do the one-off work of a first search now."""
        ...

    def check(self) -> IndexCheck:
        """Verify all of the index this engine searches (every part, not only what
        opening it verifies)."""
        ...

    def close(self) -> None: ...


class IndexWriter(Protocol):
    """One atomic change to an index: nothing is visible to searchers until
    :meth:`commit`; :meth:`cancel` (or an exception inside ``with``) leaves the index as it
    was. A rebuild builds a new index and swaps it in on commit.

    Opening a writer takes the index's write lock (waiting a bounded time for another
    writer) and refuses an index that fails its integrity check, unless it rebuilds; the
    lock is released on commit or cancel, and dies with the process that holds it."""

    added: int
    removed_something: bool

    def __enter__(self) -> IndexWriter: ...

    def __exit__(self, kind: object, error: object, traceback: object) -> None: ...

    def stored_sources(self, prefixes: Sequence[str] | None = None) -> dict[str, str]:
        """Source file → content hash of what the index held before this change: at least
        every source whose path starts with one of ``prefixes`` (every source when None).
        A run that adds one folder asks only for that folder's: the archive may hold
        thousands of files."""
        ...

    def stored_committees(self) -> list[str]: ...

    def stored_items(self, meeting_id: str) -> list[StoredEntry]: ...

    def stored_copies(self, content_key: str) -> list[StoredEntry]:
        """The items the index held before this change whose meeting has these contents
        (``ItemDocument.content_key``), whatever their meeting's id."""
        ...

    def add(self, document: ItemDocument) -> None: ...

    def remove_source(self, source: str) -> None: ...

    def remove_item(self, item_id: str) -> None: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...

    def check(self) -> IndexCheck:
        """Verify all of the index this change builds on (nothing, for a rebuild)."""
        ...


EngineKind = Literal["whoosh", "opensearch"]

#: engine kind → the module that opens it (``open_engine``, ``open_writer``)
ENGINE_MODULES: dict[EngineKind, str] = {
    "whoosh": "search.engines.whoosh",
    "opensearch": "search.engines.opensearch",
}


def default_location() -> str:
    """``$REFERAT_INDEX`` if set, else ``var/index`` under the current directory."""
    return os.environ.get("REFERAT_INDEX") or DEFAULT_LOCATION


def engine_kind(location: str | Path) -> EngineKind:
    """Which engine holds the index at ``location``: a URL is OpenSearch, else a folder."""
    text = str(location).strip().lower()
    return "opensearch" if text.startswith(("http://", "https://")) else "whoosh"


def _module(location: str | Path) -> Any:
    kind = engine_kind(location)
    try:
        return importlib.import_module(ENGINE_MODULES[kind])
    except ImportError as error:
        raise IndexUnavailable(f"the {kind} engine is not installed: {error}") from error


def open_engine(location: str | Path) -> Engine:
    """The index at ``location``, opened for searching (raises :class:`IndexUnavailable`)."""
    engine: Engine = _module(location).open_engine(str(location))
    return engine


def open_writer(
    location: str | Path,
    rebuild: bool = False,
    parallel: bool = False,
    wait: float = DEFAULT_WRITE_WAIT,
) -> IndexWriter:
    """One atomic change to the index at ``location``, created if it does not exist yet.
    ``parallel`` lets the engine use more processes (worth it for large runs only);
    ``wait`` is how many seconds to wait for another writer before raising
    :class:`IndexBusy`."""
    writer: IndexWriter = _module(location).open_writer(str(location), rebuild, parallel, wait)
    return writer


def check_index(location: str | Path) -> IndexCheck:
    """Verify all of the index at ``location`` without opening it for searching, so that a
    damaged index can be examined (raises :class:`IndexUnavailable` when there is none)."""
    checked: IndexCheck = _module(location).check_index(str(location))
    return checked
