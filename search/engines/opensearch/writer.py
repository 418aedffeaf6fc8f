"""Changing an OpenSearch index as one unit: a rebuild swaps an alias, a change is applied
at commit and made visible by one refresh.

**Rebuild** (``--rebuild``, and the first run for a location): items stream into a new
physical index (with its replicas from the start, so that a node lost meanwhile loses
nothing); :meth:`commit` refreshes it and moves the alias to it in one atomic step, then
removes the old index.
Searchers see the old index until then, never a half-built one; :meth:`cancel` (or a
crash, cleaned up by the next writer) leaves the old index serving.

**Change** (an incremental run): OpenSearch has no transactions, so nothing is written
while the run reads its files. Added items go to a temporary file and removals to a set;
:meth:`commit` sends the removals and then the additions in bulk and refreshes once. The
index never refreshes by itself (:mod:`search.engines.opensearch.mapping`), so searchers
see the whole change at that moment, and :meth:`cancel` just drops the buffer. If the
process or the cluster dies *during* the commit, what was written stays invisible (no
refresh) until the next writer, which finds the commit recorded in the writer lock
(:mod:`search.engines.opensearch.writerlock`): it refreshes (the half-applied change
becomes visible then) and reads every source the commit touched again, so that its own
commit repairs them. A node that restarts in between also makes the written part visible.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from search.engine import DEFAULT_WRITE_WAIT, IndexCheck, StoredEntry
from search.engines.opensearch.analysing import ParallelActions
from search.engines.opensearch.bulk import BulkSender, delete_action, index_action
from search.engines.opensearch.connection import (
    WRITE_TIMEOUT,
    cluster_errors,
    connect,
    parse_location,
)
from search.engines.opensearch.documents import source
from search.engines.opensearch.indices import (
    check_version,
    create_index,
    current_index,
    leftover_indices,
    make_live,
    point_alias,
    remove_index,
    retire_index,
)
from search.engines.opensearch.integrity import check_location, record_items, verify_items
from search.engines.opensearch.reads import Reader
from search.engines.opensearch.writerlock import WriterLock
from search.fields import ItemDocument


class OpenSearchWriter:
    """One atomic change to an OpenSearch index (an :class:`search.engine.IndexWriter`)."""

    def __init__(
        self,
        location: str,
        rebuild: bool = False,
        parallel: bool = False,
        wait: float = DEFAULT_WRITE_WAIT,
    ) -> None:
        self.place = parse_location(location)
        self.client = connect(self.place)
        self.reader = Reader(self.client, self.place)
        self.added = 0
        self.removed_something = False
        self._sender: BulkSender | None = None
        self._buffer: Any = None
        self._parallel = parallel
        self._actions: ParallelActions | None = None  # the analysing workers, when parallel
        self._added_ids: set[str] = set()
        self._deleted_ids: set[str] = set()
        self._touched: set[str] = set()
        self._recheck: set[str] | None = None  # sources to read again; None: none
        self._recheck_all = False
        self._swapped = False
        self._finished = False
        self.lock = WriterLock(self.client, self.place)
        self.lock.acquire(wait)
        try:
            self._open(rebuild)
        except BaseException:
            self.lock.release()
            self.client.close()
            raise

    def _open(self, rebuild: bool) -> None:
        client, place = self.client, self.place
        live = current_index(client, place)
        for leftover in leftover_indices(client, place, keep={live} if live else set()):
            remove_index(client, place, leftover)  # an earlier build that did not finish
        self.live = live
        self.building = rebuild or live is None
        if live is None or rebuild:
            self.target = create_index(client, place)
            self._sender = BulkSender(client, place, self.target)
            self._start_workers()
            return
        check_version(client, place, live)
        interrupted = self.lock.interrupted
        if interrupted and interrupted.get("index") == live:
            self._recover(live, interrupted)
        else:
            verify_items(client, place, live)
        self.target = live
        # closed by _close, at commit or cancel
        self._buffer = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self._start_workers()

    def _start_workers(self) -> None:
        if self._parallel:
            self._actions = ParallelActions(self._emit)

    def _recover(self, index: str, interrupted: dict[str, Any]) -> None:
        """Make what an interrupted commit wrote visible and mark its sources to be read
        again, so that this run's commit repairs them."""
        with cluster_errors(self.place, "finishing an interrupted commit"):
            self.client.indices.refresh(index=index)
        record_items(self.client, self.place, index)  # what it holds now is what it left
        self._recheck_all = bool(interrupted.get("all"))
        self._recheck = set(interrupted.get("sources") or [])
        self.lock.carry(interrupted)  # kept should this run be cancelled before its commit

    # -- what the index held before ----------------------------------------------------------

    def __enter__(self) -> OpenSearchWriter:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is not None:
            self.cancel()

    def stored_sources(self, prefixes: Sequence[str] | None = None) -> dict[str, str]:
        """Source file → content hash of what the index held before this change, for the
        sources under ``prefixes`` (all when None); a source an interrupted commit touched
        has no hash, so that it is read again. The cluster lists the sources in one
        composite aggregation, of only the items under the prefixes when they are given."""
        if self.building:
            return {}
        fields = {"path": "source_path", "hash": "source_hash"}
        query = None
        if prefixes is not None:
            under = [{"prefix": {"source_path": prefix}} for prefix in prefixes]
            query = {"bool": {"should": under, "minimum_should_match": 1}}
        found = self.reader.distinct("reading what the index holds", fields, self.target, query)
        sources = {key["path"]: key["hash"] or "" for key, _ in found if key["path"]}
        for path in sources:
            if self._recheck_all or (self._recheck and path in self._recheck):
                sources[path] = ""
        return sources

    def stored_committees(self) -> list[str]:
        if self.building:
            return []
        fields = {"committee": "committee"}
        found = self.reader.distinct("reading what the index holds", fields, self.target)
        return [key["committee"] for key, _ in found if key["committee"]]

    def stored_items(self, meeting_id: str) -> list[StoredEntry]:
        if self.building:
            return []
        return [
            StoredEntry(hit["id"], hit["kind"], hit["source_path"])
            for hit in self._sources(
                {"term": {"meeting_id": meeting_id}}, ["id", "kind", "source_path"]
            )
        ]

    def stored_copies(self, content_key: str) -> list[StoredEntry]:
        if self.building or not content_key:
            return []
        return [
            StoredEntry(hit["id"], hit["kind"], hit["source_path"])
            for hit in self._sources(
                {"term": {"content_key": content_key}}, ["id", "kind", "source_path"]
            )
        ]

    def check(self) -> IndexCheck:
        """Verify the index this change builds on (nothing, for a rebuild)."""
        if self.building:
            return IndexCheck(self.place.shown, generation="none (a rebuild builds on nothing)")
        return check_location(self.client, self.place)

    def _sources(self, query: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
        body = {"query": query, "_source": fields, "size": 10_000, "sort": ["_doc"]}
        found = self.reader.search("reading what the index holds", body, self.target)
        return [hit["_source"] for hit in found["hits"]["hits"]]

    # -- the change --------------------------------------------------------------------------

    def add(self, document: ItemDocument) -> None:
        if self._actions is not None:
            self._actions.add(document)
        else:
            self._emit(index_action(document.id, source(document)))
        if self._sender is None:
            self._added_ids.add(document.id)
            self._touched.add(document.source_path)
        self.added += 1
        self.lock.renew()

    def _emit(self, action: str) -> None:
        """An analysed item: sent now when building, else kept for the commit."""
        if self._sender is not None:
            self._sender.send(action)
        else:
            self._buffer.write(action)

    def remove_source(self, source_path: str) -> None:
        """Remove every item indexed from ``source_path`` (only items committed before)."""
        self.removed_something = True
        if self.building:
            return
        hits = self._sources({"term": {"source_path": source_path}}, ["id"])
        self._deleted_ids.update(hit["id"] for hit in hits)
        self._touched.add(source_path)

    def remove_item(self, item_id: str) -> None:
        self.removed_something = True
        if not self.building:
            self._deleted_ids.add(item_id)

    def commit(self) -> None:
        try:
            if self._actions is not None:
                self._actions.flush()
            if self.building:
                self._commit_build()
            else:
                self._commit_change()
        except BaseException:
            with suppress(Exception):  # the cluster may be what failed: clean up what we can
                self._drop_build()
            with suppress(Exception):
                self._close(interrupted=not self.building)
            self._finished = True
            raise
        self._close(interrupted=False)

    def _commit_build(self) -> None:
        assert self._sender is not None
        self._sender.flush()
        make_live(self.client, self.place, self.target)
        record_items(self.client, self.place, self.target)
        point_alias(self.client, self.place, self.target, self.live)
        self._swapped = True
        if self.live:
            retire_index(self.client, self.place, self.live)

    def _commit_change(self) -> None:
        client, place = self.client, self.place
        self.lock.record_commit(self.target, self._touched | (self._recheck or set()))
        sender = self._sender = BulkSender(client, place, self.target)
        for item_id in sorted(self._deleted_ids - self._added_ids):
            sender.send(delete_action(item_id))
        self._buffer.seek(0)
        for head in self._buffer:
            sender.send(head + self._buffer.readline())
            self.lock.renew()
        sender.flush()
        with cluster_errors(place, "committing the change"):
            client.indices.refresh(index=self.target, params={"request_timeout": WRITE_TIMEOUT})
        record_items(client, place, self.target)

    def cancel(self) -> None:
        if self._finished:
            return
        try:
            self._drop_build()
        finally:
            # sources an interrupted commit left to read again stay recorded for the next run
            self._close(interrupted=self._recheck_all or bool(self._recheck))

    def _drop_build(self) -> None:
        """Remove the index a rebuild was filling, unless it was swapped in. The first run
        for a location leaves an empty index, as a folder index does: the location is an
        index from then on, one that finds nothing."""
        if self.building and not self._swapped:
            if self._actions is not None:
                self._actions.close()
                self._actions = None
            if self._sender is not None:
                self._sender.close()
                self._sender = None
            remove_index(self.client, self.place, self.target)
            if self.live is None:
                empty = create_index(self.client, self.place)
                point_alias(self.client, self.place, empty, None)

    def _close(self, interrupted: bool) -> None:
        self._finished = True
        if self._actions is not None:
            self._actions.close()
        if self._sender is not None:
            self._sender.close()
        if self._buffer is not None:
            self._buffer.close()
        try:
            if interrupted:
                self.lock.abandon()
            else:
                self.lock.release()
        finally:
            self.client.close()
