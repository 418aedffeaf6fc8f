"""Analysing items into bulk actions in worker processes while the caller reads files.

On OpenSearch the Danish analysis runs in Python (:mod:`search.engines.opensearch.documents`),
in the process that also reads the minutes and feeds the bulk sender: one core does all
of it while the node waits. A large run (the pipeline's ``parallel``) hands the analysis
to worker processes instead, a batch of items at a time, and gets the actions back in
the order the items came, so a build sends the same actions in the same order as one
process would.

A failure in a worker (a bug in the analysis) is raised in the caller at the next
:meth:`ParallelActions.add` or at :meth:`ParallelActions.flush`; the run then fails as a
whole, as it would in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from search.engines.opensearch.bulk import index_action
from search.engines.opensearch.documents import source
from search.fields import ItemDocument

#: items analysed per task: large enough that sending them to a worker costs little
BATCH_ITEMS = 64


def workers_for(cores: int | None = None) -> int:
    """Worker processes for a machine: one fewer than its cores (the reading process
    needs one), at least one, at most four (the node needs cores too).

    >>> workers_for(1), workers_for(2), workers_for(8)
    (1, 1, 4)
    """
    return max(1, min(4, (cores or os.cpu_count() or 1) - 1))


def item_actions(documents: list[ItemDocument]) -> list[str]:
    """The bulk index actions of ``documents``, in their order (runs in a worker)."""
    return [index_action(document.id, source(document)) for document in documents]


class ParallelActions:
    """Analyses items in worker processes and passes their actions on, in order."""

    def __init__(self, deliver: Callable[[str], None], workers: int | None = None) -> None:
        self.deliver = deliver
        self.workers = workers or workers_for()
        # spawn, not fork: the calling process runs the bulk sender's thread and an HTTP pool
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        self._batch: list[ItemDocument] = []
        self._waiting: deque[Future[list[str]]] = deque()

    def add(self, document: ItemDocument) -> None:
        self._batch.append(document)
        if len(self._batch) >= BATCH_ITEMS:
            self._submit()

    def flush(self) -> None:
        """Analyse what is queued and deliver every action (or raise the first failure)."""
        if self._batch:
            self._submit()
        while self._waiting:
            self._deliver_next()

    def close(self) -> None:
        """Stop: queued items are dropped, the workers end."""
        self._batch = []
        for waiting in self._waiting:
            waiting.cancel()
        self._waiting.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self) -> None:
        batch, self._batch = self._batch, []
        self._waiting.append(self._pool.submit(item_actions, batch))
        # two batches per worker keep every worker busy and memory bounded
        while len(self._waiting) > 2 * self.workers:
            self._deliver_next()

    def _deliver_next(self) -> None:
        for action in self._waiting.popleft().result():
            self.deliver(action)
