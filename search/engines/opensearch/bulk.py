"""Bulk writes in chunks, sent from a thread while the caller goes on analysing.

Actions are NDJSON lines (made once, by :func:`index_action` and :func:`delete_action`).
A chunk is sent when it reaches :data:`CHUNK_BYTES` or :data:`CHUNK_ACTIONS`; at most
:data:`IN_FLIGHT` chunks wait, so memory stays bounded. Items the cluster rejects for
load (429) are sent again after a pause; any other failure is reported by :meth:`flush`.

>>> index_action("o/c/2019-05-14/3", {"title": "frikort"})
'{"index":{"_id":"o/c/2019-05-14/3"}}\\n{"title":"frikort"}\\n'
"""

from __future__ import annotations

import json
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from opensearchpy import OpenSearch

from search.engine import IndexUnavailable
from search.engines.opensearch.connection import WRITE_TIMEOUT, Location, cluster_errors

CHUNK_BYTES = 4 * 1024 * 1024
CHUNK_ACTIONS = 1000
IN_FLIGHT = 2
RETRIES = 6


def index_action(item_id: str, source: dict[str, Any]) -> str:
    head = json.dumps({"index": {"_id": item_id}}, ensure_ascii=False, separators=(",", ":"))
    body = json.dumps(source, ensure_ascii=False, separators=(",", ":"))
    return f"{head}\n{body}\n"


def delete_action(item_id: str) -> str:
    return (
        json.dumps({"delete": {"_id": item_id}}, ensure_ascii=False, separators=(",", ":")) + "\n"
    )


class BulkSender:
    """Sends actions to one index in chunks from a background thread (see the module)."""

    def __init__(self, client: OpenSearch, location: Location, index: str) -> None:
        self.client = client
        self.location = location
        self.index = index
        self.sent = 0
        self._chunk: list[str] = []
        self._size = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="referat-bulk")
        self._waiting: deque[Future[None]] = deque()

    def send(self, action: str) -> None:
        """Queue one action (one or two NDJSON lines, newline-terminated)."""
        self._chunk.append(action)
        self._size += len(action)
        if self._size >= CHUNK_BYTES or len(self._chunk) >= CHUNK_ACTIONS:
            self._submit()

    def flush(self) -> None:
        """Send what is queued and wait until every chunk is written (or raise)."""
        if self._chunk:
            self._submit()
        while self._waiting:
            self._waiting.popleft().result()

    def close(self) -> None:
        """Stop sending: queued actions are dropped, chunks in flight finish."""
        self._chunk = []
        for waiting in self._waiting:
            waiting.cancel()
        self._pool.shutdown(wait=True)

    def _submit(self) -> None:
        chunk, self._chunk, self._size = self._chunk, [], 0
        self._waiting.append(self._pool.submit(self._write, chunk))
        while len(self._waiting) > IN_FLIGHT:
            self._waiting.popleft().result()  # raises the first failure

    def _write(self, chunk: list[str]) -> None:
        with cluster_errors(self.location, f"writing to the index {self.index}"):
            for attempt in range(RETRIES):
                answer = self.client.bulk(
                    body="".join(chunk),
                    index=self.index,
                    params={"request_timeout": WRITE_TIMEOUT},
                )
                if not answer.get("errors"):
                    self.sent += len(chunk)
                    return
                again, failures = [], []
                for action, item in zip(chunk, answer["items"], strict=True):
                    result = next(iter(item.values()))
                    status = int(result.get("status", 500))
                    if status == 429:
                        again.append(action)
                    elif status >= 300 and not (status == 404 and "delete" in item):
                        failures.append(result)
                if failures:
                    raise IndexUnavailable(
                        f"OpenSearch refused {len(failures)} of {len(chunk)} changes to "
                        f"{self.location.shown}: {_reason(failures[0])}"
                    )
                self.sent += len(chunk) - len(again)
                if not again:
                    return
                chunk = again
                time.sleep(0.5 * 2**attempt)
        raise IndexUnavailable(
            f"OpenSearch at {self.location.shown} stayed too busy to take {len(chunk)} changes"
        )


def _reason(result: dict[str, Any]) -> str:
    error = result.get("error")
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"
    return str(error or result.get("status"))
