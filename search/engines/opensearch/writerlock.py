"""One writer at a time per index, and what an interrupted commit left to repair.

The lock is one document per location (``op_type=create``: only one process can create
it; its id is the alias) in a small index the cluster's Referat locations share,
:data:`LOCK_INDEX`, saying which process holds it and when it last showed signs of life. A lock whose process is gone (same host, no such pid) or that has not been renewed
for :data:`STALE_AFTER` seconds is taken over. The same document records a commit in
progress (the sources it changes), so that the next writer knows to read those sources
again if the commit did not finish.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from contextlib import suppress
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConflictError, NotFoundError

from search.engine import DEFAULT_WRITE_WAIT, IndexBusy, IndexUnavailable
from search.engines.opensearch.connection import Location, cluster_errors
from search.processes import process_alive

#: the index holding every location's writer lock on a cluster
LOCK_INDEX = "referat-writer-locks"
#: seconds without renewal after which a lock from another host is taken over
STALE_AFTER = 900.0
#: seconds between renewals while writing
RENEW_EVERY = 30.0
#: seconds between attempts while another writer holds the lock
WAIT_PAUSE = 0.5
#: a commit changing more sources than this records "all" instead of the list
MAX_RECORDED_SOURCES = 10_000


class WriterLock:
    """The writer lock of one location (see the module docstring)."""

    def __init__(self, client: OpenSearch, location: Location) -> None:
        self.client = client
        self.location = location
        self.index = LOCK_INDEX
        self.id = location.name
        self.token = secrets.token_hex(8)  # this writer's, among the writers of one process
        self.held = False
        self._renewed = 0.0
        self._commit: dict[str, Any] | None = None
        #: what the previous holder recorded of a commit it did not finish, if anything
        self.interrupted: dict[str, Any] | None = None

    def acquire(self, wait: float = DEFAULT_WRITE_WAIT) -> None:
        """Take the lock, waiting up to ``wait`` seconds for another writer to finish, or
        raise :class:`IndexBusy` naming the process holding it."""
        deadline = time.monotonic() + wait
        with cluster_errors(self.location, "taking the writer lock"):
            self._ensure_index()
            while True:
                holder = self._try_acquire()
                if holder is None:
                    return
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process is writing the index at {self.location.shown} "
                        f"({_who(holder)}); try again when it has finished"
                    )
                time.sleep(min(WAIT_PAUSE, max(0.0, deadline - time.monotonic())))

    def _try_acquire(self) -> dict[str, Any] | None:
        """Take the lock if it is free or abandoned (None), else who holds it."""
        for _ in range(3):
            try:
                self._create()
                self.held = True
                return None
            except ConflictError:
                holder = self._read()
                if holder is None:
                    continue  # released meanwhile
                if self._ours(holder["_source"]):  # our request, sent again by the client
                    self.held = True
                    return None
                if not self._abandoned(holder["_source"]):
                    return dict(holder["_source"])
                if self._take_over(holder):
                    self.held = True
                    return None
        raise IndexUnavailable(f"could not take the writer lock of {self.location.shown}")

    def renew(self, force: bool = False) -> None:
        """Show that the holder is alive (at most every :data:`RENEW_EVERY` seconds)."""
        if self.held and (force or time.monotonic() - self._renewed > RENEW_EVERY):
            self._write()

    def record_commit(self, index: str, sources: set[str]) -> None:
        """Note, before a commit starts changing ``index``, which sources it changes."""
        listed = sorted(sources) if len(sources) <= MAX_RECORDED_SOURCES else None
        self._commit = {"index": index, "sources": listed, "all": listed is None}
        self._write()

    def carry(self, interrupted: dict[str, Any]) -> None:
        """Take over the record of a commit the previous holder did not finish, so that
        :meth:`abandon` leaves it for the next writer if this one does not commit."""
        self._commit = interrupted

    def abandon(self) -> None:
        """Give the lock up after a commit that did not finish: the next writer takes it at
        once and finds the commit's record."""
        if not self.held:
            return
        self.held = False
        body = {**self._holder(), "released": True, "commit": self._commit}
        with cluster_errors(self.location, "releasing the writer lock"):
            self.client.index(index=self.index, id=self.id, body=body)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with cluster_errors(self.location, "releasing the writer lock"), suppress(NotFoundError):
            self.client.delete(index=self.index, id=self.id)

    # -- the lock document -------------------------------------------------------------------

    def _ensure_index(self) -> None:
        if self.client.indices.exists(index=self.index):
            return
        body = {
            "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "mappings": {"dynamic": False},
        }
        try:
            self.client.indices.create(index=self.index, body=body)
        except Exception:
            if not self.client.indices.exists(index=self.index):  # another writer made it
                raise

    def _holder(self) -> dict[str, Any]:
        return {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "token": self.token,
            "renewed": time.time(),
        }

    def _create(self) -> None:
        self.client.create(index=self.index, id=self.id, body={**self._holder(), "commit": None})
        self._renewed = time.monotonic()

    def _read(self) -> dict[str, Any] | None:
        try:
            found: dict[str, Any] = self.client.get(index=self.index, id=self.id)
        except NotFoundError:
            return None
        return found

    def _take_over(self, holder: dict[str, Any]) -> bool:
        """Replace an abandoned lock, unless someone else replaced it first."""
        try:
            self.client.index(
                index=self.index,
                id=self.id,
                body={**self._holder(), "commit": None},
                params={"if_seq_no": holder["_seq_no"], "if_primary_term": holder["_primary_term"]},
            )
        except ConflictError:
            return False
        self.interrupted = holder["_source"].get("commit")
        self._renewed = time.monotonic()
        return True

    def _write(self) -> None:
        body = {**self._holder(), "commit": self._commit}
        with cluster_errors(self.location, "renewing the writer lock"):
            self.client.index(index=self.index, id=self.id, body=body)
        self._renewed = time.monotonic()

    def _ours(self, holder: dict[str, Any]) -> bool:
        return not holder.get("released") and holder.get("token") == self.token

    def _abandoned(self, holder: dict[str, Any]) -> bool:
        if holder.get("released"):
            return True
        if holder.get("host") == socket.gethostname() and not process_alive(
            int(holder.get("pid", 0))
        ):
            return True
        return time.time() - float(holder.get("renewed", 0)) > STALE_AFTER


def _who(holder: dict[str, Any]) -> str:
    age = time.time() - float(holder.get("renewed", 0))
    return f"pid {holder.get('pid')} on {holder.get('host')}, seen {age:.0f} s ago"
