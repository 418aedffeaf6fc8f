"""The whoosh writers a session uses: one process or two, committing through the session.

Both kinds hand their commit to the session (``on_commit``) instead of writing whoosh's
table of contents themselves, so that a generation is published with its checksums
(:mod:`search.engines.whoosh.generations`).

The two-process writer is whoosh's ``MpWriter``, made safe to kill and to fail:

* its writer processes end when the process that started them ends (kill -9, the OOM
  killer), so they never keep the index locked or write into it after their run;
* a writer process that fails (a full disk) or dies is noticed: the run stops with the
  reason (whoosh would wait for it forever, or commit without its segment), and it
  prints no traceback of its own;
* cancelling stops the writer processes (whoosh's cancel leaves them waiting for work).
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from search.engines.whoosh.lock import die_with_parent
from search.engines.whoosh.postings import TermPostingPool
from search.engines.whoosh.segmentwriter import (
    add_document_by_field,
    can_add_by_field,
    can_write_by_term,
    flush_segment_by_term,
)

OnCommit = Callable[[Any, list[Any]], None]

#: postings per block (whoosh's default is 128). Referat's scorer reads a term's postings
#: whole, a block at a time, and each block costs a seek, an unpickle and a few arrays:
#: with 1,024 full requests at 100k items took ~25 % less time at p50 and p95 and the index
#: was ~9 % smaller (docs/performance.md). Readers read any block size, so an index written
#: with another one still opens; its segments change as they are rewritten.
POSTING_BLOCK = 1024


def posting_codec() -> W3Codec:
    """whoosh's codec with Referat's block size."""
    return W3Codec(blocklimit=POSTING_BLOCK)


class WriterProcessFailed(Exception):
    """A writer process failed or died; the message says why, as far as it is known."""


def new_writer(index: Any, parallel: bool, on_commit: OnCommit) -> Any:
    """A writer of ``index`` (one process, or two when ``parallel``)."""
    # Segments are written as separate files, not whoosh's default single compound file:
    # a reader opens a compound file's postings by copying them into memory (BytesIO),
    # which at 1M items was 4.1 GB per search process before its first search.
    # The session holds the write lock, so whoosh's own lock is not taken (_lk=False).
    writer: Any
    if parallel:
        subargs = {"compound": False, "limitmb": 256, "codec": posting_codec()}
        writer = _MpWriter(index, procs=2, multisegment=True, subargs=subargs, _lk=False, **subargs)
    else:
        writer = _SegmentWriter(index, compound=False, codec=posting_codec(), _lk=False)
        writer = with_fast_postings(writer)
    writer.on_commit = on_commit
    return writer


class _Published:
    """A whoosh writer whose commit is published by its session (see the module docstring)."""

    on_commit: OnCommit

    def _commit_toc(self, segments: list[Any]) -> None:
        self.on_commit(self, segments)


class _SegmentWriter(_Published, SegmentWriter):
    """whoosh's one-process writer, published by its session."""


def abandon(writer: Any) -> None:
    """Stop ``writer`` whatever state a failure left it in: its processes, its open files.

    whoosh's failed commit marks the writer closed and removes its scratch folder with the
    new segment's files still open; they are closed here unfinished (the session removes
    them)."""
    with suppress(Exception):
        writer.cancel()
    fields, perdoc = getattr(writer, "fieldwriter", None), getattr(writer, "perdocwriter", None)
    handles = [
        getattr(fields, "_postfile", None),
        getattr(getattr(fields, "_tindex", None), "dbfile", None),
        getattr(getattr(perdoc, "_cols", None), "_temp", None),
        getattr(perdoc, "_vpostfile", None),
    ]
    for handle in handles:
        if handle is not None:
            with suppress(Exception):
                handle.close()


def with_fast_postings(writer: Any) -> Any:
    """``writer`` with its (still empty) posting pool replaced by a faster one, and its
    segment's postings written a term at a time.

    whoosh's pool sorts all postings as tuples and pickles spilled runs a posting at a
    time, and its writer passes postings one by one on the way in and out; together about
    half of a rebuild's CPU (see search/engines/whoosh/postings.py and
    search/engines/whoosh/segmentwriter.py). The methods are replaced on the instance
    because whoosh's writer processes make their ``SegmentWriter`` themselves.
    """
    pool = writer.pool
    if not isinstance(pool, TermPostingPool):
        assert not pool.current and not pool.runs, "the pool must be swapped before any document"
        writer.pool = TermPostingPool(pool.tempstore, pool.segment, pool.limit // (1024 * 1024))
    if can_write_by_term(writer):
        writer._flush_segment = partial(flush_segment_by_term, writer)
    if can_add_by_field(writer) and "add_document" not in vars(writer):
        writer.add_document = partial(add_document_by_field, writer, writer.add_document)
    return writer


class _FixedStorage(FileStorage):
    """The index folder as a writer process sees it: its index is the one its parent
    writes (whoosh's processes would open the newest published generation instead, which
    a rebuild must not build on)."""

    def __init__(self, storage: FileStorage, index: Any) -> None:
        super().__init__(storage.folder)
        self.index = index

    def open_index(self, indexname: str = "", schema: Any = None, indexclass: Any = None) -> Any:
        return self.index


class _SubWriterTask(SubWriterTask):
    """A writer process: uses the fast pool, ends with its parent, and reports a failure
    to its parent instead of printing a traceback."""

    def __init__(self, *args: Any, failures: Any) -> None:
        super().__init__(*args)
        self.parent = os.getpid()
        self.failures = failures

    def run(self) -> None:
        die_with_parent(self.parent)
        try:
            super().run()
        except BaseException as error:
            self.failures.put((getattr(error, "errno", None), _reason(error)))
            os._exit(1)

    def _process_file(self, filename: str, doc_count: int) -> None:
        with_fast_postings(self.writer)
        super()._process_file(filename, doc_count)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"


class _ParentEnd:
    """The parent's end of a queue to or from the writer processes: it never waits for a
    process that has failed or died, and counts what it received."""

    def __init__(self, channel: Any, writer: _MpWriter) -> None:
        self.channel = channel
        self.writer = writer
        self.received = 0

    def put(self, item: Any) -> None:
        while True:
            try:
                self.channel.put(item, timeout=0.5)
                return
            except queue.Full:
                self.writer.check_processes()

    def get(self, timeout: float | None = None) -> Any:
        item = self.channel.get(timeout=timeout)
        self.received += 1
        return item


class _MpWriter(_Published, MpWriter):
    """whoosh's two-process writer, with the fast pool in itself and in its processes, and
    safe to kill or fail (see the module docstring)."""

    def __init__(self, index: Any, **options: Any) -> None:
        super().__init__(index, **options)
        self.fixed_index = index
        self.failures = self._mpctx.SimpleQueue()
        self.jobs, self.results = self.jobqueue, self.resultqueue
        self.jobqueue, self.resultqueue = (
            _ParentEnd(self.jobs, self),
            _ParentEnd(self.results, self),
        )
        with_fast_postings(self)

    def _new_task(self) -> SubWriterTask:
        task = _SubWriterTask(
            _FixedStorage(self.storage, self.fixed_index),
            self.indexname,
            self.jobs,
            self.results,
            self.subargs,
            self.multisegment,
            failures=self.failures,
        )
        self.tasks.append(task)
        task.start()
        return task

    def check_processes(self) -> None:
        """Raise the reason when a writer process has failed or died."""
        for task in self.tasks:
            if task.exitcode not in (None, 0):
                if not self.failures.empty():
                    number, reason = self.failures.get()
                    if number:
                        raise OSError(number, reason)
                    raise WriterProcessFailed(reason)
                raise WriterProcessFailed(f"a writer process ended with exit code {task.exitcode}")

    def _commit_toc(self, segments: list[Any]) -> None:
        self.check_processes()
        if self._added_sub and self.resultqueue.received != len(self.tasks):
            raise WriterProcessFailed("a writer process did not hand over its segment")
        super()._commit_toc(segments)

    def cancel(self, **kwargs: Any) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.kill()
        for task in self.tasks:
            task.join(timeout=10)
        # what is still queued for the processes is not needed: do not wait for it at exit
        self.jobs.cancel_join_thread()
        SegmentWriter.cancel(self)
