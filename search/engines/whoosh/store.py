"""The Whoosh index on disk: opening it, checking it, and changing it atomically.

Every change goes through one :class:`WhooshWriter` session and is published as one new
generation (:mod:`search.engines.whoosh.generations`): searchers keep seeing the previous
generation until the new one is complete, and a failure — or a killed process — leaves
the index as it was. A session holds the folder's write lock from start to end
(:mod:`search.engines.whoosh.lock`); it first removes what failed or killed runs left.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh.index import TOC
from whoosh.query import Term

from search.engine import (
    DEFAULT_WRITE_WAIT,
    IndexCheck,
    IndexDamaged,
    IndexMissing,
    IndexUnavailable,
    StoredEntry,
)
from search.engines.whoosh import merging
from search.engines.whoosh.generations import (
    LEGACY_META,
    FixedIndex,
    damage_message,
    describe_os_error,
    empty_generation,
    leftovers,
    open_generation,
    publish,
    remove_leftovers,
)
from search.engines.whoosh.lock import WriteLock
from search.engines.whoosh.merging import MergePolicy, checked_merge_small
from search.engines.whoosh.schema import INDEX_VERSION, build_schema, whoosh_document
from search.engines.whoosh.sums import (
    Sums,
    SumsUnreadable,
    latest_generation,
    read_sums,
    sums_name,
    verify,
)
from search.engines.whoosh.writers import WriterProcessFailed, abandon, new_writer
from search.fields import ItemDocument


def open_index(path: Path) -> FixedIndex:
    """The newest generation of the index, verified cheaply, for reading."""
    if not path.is_dir():
        raise IndexMissing(f"no Referat index at {path} (run `referat index` first)")
    return open_generation(path).index


#: a rebuild finishes a segment every this many items (see WhooshWriter._next_segment); at
#: 1M items one segment for the whole run took ~3 GB per writer process at the end
REBUILD_SEGMENT_ITEMS = 100_000


class WhooshWriter:
    """One atomic change to the index, written as it is produced (an :class:`IndexWriter`).

    Documents go to the writer as they come, so memory does not grow with the run;
    nothing is visible to searchers until :meth:`commit`, and :meth:`cancel` (or an
    exception inside ``with``) leaves the index exactly as it was. A rebuild writes a
    new generation with none of the old segments inside the index folder and publishes it
    like any change, so searchers of the old index keep working and find the new one on
    their next request; it finishes a segment every ``segment_items`` items, so that a
    writer's memory is bounded by one segment, not by the archive.

    ``parallel`` lets whoosh analyse documents in two processes (worth it for large
    runs only: starting the workers costs about a second). ``wait``: seconds to wait for
    another writer to finish (:class:`search.engine.IndexBusy` after that).
    """

    def __init__(
        self,
        path: Path,
        rebuild: bool = False,
        parallel: bool = False,
        segment_items: int | None = None,
        wait: float = DEFAULT_WRITE_WAIT,
    ) -> None:
        self.path = path
        self.rebuild = rebuild
        self.parallel = parallel
        self.segment_items = segment_items or REBUILD_SEGMENT_ITEMS
        self.added = 0
        self._in_segment = 0
        self.removed_something = False
        self._stash: list[Any] = []  # a rebuild's finished segments, published at the end
        self._final = False  # whether the writer's commit is the session's
        self._searcher: Any = None
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._lock: WriteLock | None = WriteLock(path, wait)
        except OSError as error:
            raise IndexUnavailable(describe_os_error(error, path)) from error
        try:
            with self._errors():
                self._open()
        except BaseException:
            self._close_searcher()
            self._release()
            raise

    def _open(self) -> None:
        if self.rebuild:
            # what the current generation uses stays until the new one replaces it
            self._base: Sums | None = None
            remove_leftovers(self.path, _current_sums(self.path))
            self.index = empty_generation(self.path)
        else:
            if latest_generation(self.path) < 0:  # a new index starts empty and searchable
                publish(self.path, TOC(build_schema(), [], 0), None)
            # opening checks every size and reads the small files; every byte of a segment
            # is read before it is merged into new files (search/engines/whoosh/merging.py)
            generation = open_generation(self.path, writable=True)
            self._base = generation.sums
            remove_leftovers(self.path, self._base)
            self.index = generation.index
            self._searcher = self.index.searcher()  # what was committed before this session
        self._writer = self._new_writer()

    def _new_writer(self) -> Any:
        return new_writer(self.index, self.parallel, self._publish)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Errors of the file system or of a writer process, in a user's words."""
        try:
            yield
        except OSError as error:
            raise IndexUnavailable(describe_os_error(error, self.path)) from error
        except WriterProcessFailed as error:
            raise IndexUnavailable(
                f"writing the index at {self.path} failed: {error}; nothing was changed"
            ) from error
        except IndexUnavailable:  # already said in a user's words (damaged, outdated, busy)
            raise
        except Exception as error:
            # only what is merged is read whole first: damage met elsewhere (deleting the
            # items of a changed file, looking up stored ones) is named, not a traceback
            base: Sums | None = getattr(self, "_base", None)  # None until opened
            if base is not None:
                problems = verify(self.path, base, thorough=True)
                if problems:
                    raise IndexDamaged(damage_message(self.path, problems)) from error
            raise

    def stored_sources(self, prefixes: Sequence[str] | None = None) -> dict[str, str]:
        """Source file → content hash of what the index held before this session (only
        the sources whose path starts with one of ``prefixes``, when given)."""
        if self._searcher is None:
            return {}
        with self._errors():
            return indexed_sources(self.index, prefixes)

    def stored_committees(self) -> list[str]:
        return indexed_committees(self.index) if self._searcher else []

    def stored_items(self, meeting_id: str) -> list[StoredEntry]:
        """The items the index held for a meeting before this session."""
        return self._stored("meeting_id", meeting_id)

    def stored_copies(self, content_key: str) -> list[StoredEntry]:
        """The items the index held before this session whose meeting has these contents."""
        return self._stored("content_key", content_key)

    def _stored(self, fieldname: str, value: str) -> list[StoredEntry]:
        if self._searcher is None:
            return []
        with self._errors():
            hits = self._searcher.search(Term(fieldname, value), limit=None)
            return [StoredEntry(hit["id"], hit["kind"], hit["source_path"]) for hit in hits]

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def __enter__(self) -> WhooshWriter:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is not None:
            self.cancel()

    def add(self, document: ItemDocument) -> None:
        fields = whoosh_document(document)
        with self._errors():
            if self.rebuild:
                if self._in_segment >= self.segment_items:
                    self._next_segment()
                self._writer.add_document(**fields)
            else:
                self._writer.update_document(**fields)
        self.added += 1
        self._in_segment += 1

    def _next_segment(self) -> None:
        """Finish the segment a rebuild has written so far (kept for the end, unpublished),
        then go on with a new writer: a writer's memory grows with its segment, not with
        the archive."""
        self._writer.commit(merge=False)
        self._writer = self._new_writer()
        self._in_segment = 0

    def remove_source(self, source: str) -> None:
        """Remove every item indexed from ``source`` (only items already committed)."""
        with self._errors():
            self._writer.delete_by_term("source_path", source)
        self.removed_something = True

    def remove_item(self, item_id: str) -> None:
        with self._errors():
            self._writer.delete_by_term("id", item_id)
        self.removed_something = True

    def commit(self) -> None:
        """Publish the change (on failure the index is left as it was, and the error raised)."""
        self._close_searcher()
        try:
            with self._errors():
                self._final = True
                # a rebuild keeps its segments as written: merging them would cost what was saved
                self._writer.commit(merge=False)
                if not self.rebuild:
                    self._merge_small_segments()
        except BaseException:
            self.cancel()
            raise
        self._release()

    def _merge_small_segments(self) -> None:
        """After the change is published (searchable), merge the small segments that
        earlier runs left, as one more generation under the same lock: a librarian's new
        meeting is served before the merge, not after it (bench/update.py). A run killed
        here leaves the published change and its segments; the next run merges them."""
        generation = open_generation(self.path, writable=True)
        if not merging.small_segments(list(generation.index._segments())):
            return
        self._base = generation.sums
        self.index = generation.index
        self._writer = self._new_writer()
        self._writer.commit(mergetype=self._merge_policy())

    def _merge_policy(self) -> MergePolicy:
        """whoosh's merging of small segments, each checked before it is merged."""
        assert self._base is not None

        def damaged(problems: list[str]) -> None:
            raise IndexDamaged(damage_message(self.path, problems))

        return checked_merge_small(self.path, self._base, damaged)

    def _publish(self, writer: Any, segments: list[Any]) -> None:
        """A whoosh writer's commit: a rebuild's intermediate segment is kept for the end;
        otherwise the segments become the new generation."""
        if not self._final:
            self._stash.extend(segments)
            return
        publish(
            self.path, TOC(writer.schema, self._stash + segments, writer.generation), self._base
        )

    def cancel(self) -> None:
        """Leave the index as it was, remove what this session wrote, release the lock."""
        if self._lock is None:
            return
        self._close_searcher()
        abandon(self._writer)
        with suppress(OSError):
            remove_leftovers(self.path, self._base or _current_sums(self.path))
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def check(self) -> IndexCheck:
        """Verify every file of the generation this session builds on (nothing, for a
        rebuild)."""
        if self.rebuild:
            return IndexCheck(str(self.path), generation="none (a rebuild builds on nothing)")
        return check_folder(self.path)


def _current_sums(path: Path) -> Sums | None:
    """The checksums of the current generation, when it is intact (else None)."""
    try:
        return open_generation(path).sums
    except IndexUnavailable:
        return None


def check_folder(path: Path) -> IndexCheck:
    """Verify every byte of the newest generation at ``path`` (see ``referat check``)."""
    if not path.is_dir() or latest_generation(path) < 0:
        raise IndexMissing(f"no Referat index at {path} (run `referat index` first)")
    started = time.perf_counter()
    while True:
        number = latest_generation(path)
        result = _check_generation(path, number)
        if result.ok or latest_generation(path) == number:
            break  # else a newer generation was published meanwhile: check that one
    result.seconds = time.perf_counter() - started
    return result


def _check_generation(path: Path, number: int) -> IndexCheck:
    result = IndexCheck(str(path), generation=str(number))
    try:
        sums = read_sums(path, number)
    except SumsUnreadable as error:
        if error.missing and (path / LEGACY_META).exists():
            result.outdated = "built by an earlier version of Referat, without checksums"
        else:
            result.damaged.append(f"{sums_name(number)}: {error}")
        return result
    if sums.schema_version != INDEX_VERSION:
        result.outdated = (
            f"built with schema {sums.schema_version}; this version uses {INDEX_VERSION}"
        )
    result.items = sums.items
    result.parts = 1 + len(sums.files)
    result.size = sums.toc.size + sum(one.size for one in sums.files.values())
    result.damaged = verify(path, sums, thorough=True)
    result.leftovers = [found.name for found in leftovers(path, sums)]
    return result


def indexed_committees(ix: Any) -> list[str]:
    """The committee names the index already holds, as indexed."""
    with ix.searcher() as searcher:
        return [
            raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            for raw in searcher.lexicon("committee")
        ]


def indexed_sources(ix: Any, prefixes: Sequence[str] | None = None) -> dict[str, str]:
    """Source file → content hash of what the index holds from it; only the sources whose
    path starts with one of ``prefixes``, when given (found in the sorted terms, so a run
    that adds one meeting reads one stored item per file it is given, not per file of the
    archive: ~1.8 s for 741 files on a loaded machine)."""
    sources: dict[str, str] = {}
    with ix.searcher() as searcher:
        if prefixes is None:
            paths: Iterable[Any] = searcher.lexicon("source_path")
        else:
            reader = searcher.reader()
            found = (reader.expand_prefix("source_path", prefix) for prefix in prefixes)
            paths = sorted(set(chain.from_iterable(found)))
        for raw in paths:
            source = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            hit = searcher.document(source_path=source)
            if hit is not None:
                sources[source] = hit.get("source_hash", "")
    return sources
