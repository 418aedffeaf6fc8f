"""The write lock of an index folder: one writer at a time, and a lock that dies with it.

The lock is an OS lock (``flock``) on ``referat.lock`` in the index folder. The kernel
releases it when the last process holding it ends, however it ends (``kill -9``, the OOM
killer): there is never a stale lock to delete by hand. Writer processes a writer starts
share the lock (they inherit the open file) and end when it ends
(:func:`die_with_parent`), so a killed run frees the index at once.

The holder writes who it is into the file, so that a writer that has to give up can say
which process it waited for. That text is only read while the lock is held; a stale text
left by a process that has ended means nothing.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import signal
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

from search.engine import IndexBusy

LOCK_NAME = "referat.lock"
_POLL_SECONDS = 0.1


class WriteLock:
    """The exclusive write lock of ``folder``, taken within ``wait`` seconds or not at all.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with WriteLock(folder, wait=0):
    ...     WriteLock(folder, wait=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    search.engine.IndexBusy: another process is writing the index at ...
    """

    def __init__(self, folder: Path, wait: float) -> None:
        self.folder = folder
        self._fd: int | None = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, wait)
        try:
            while not self._try_lock():
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another process is writing the index at {folder}"
                        f"{self._holder()}; waited {wait:g} s. Try again when it has finished "
                        "(or wait longer with --wait SECONDS)."
                    )
                time.sleep(_POLL_SECONDS)
            self._write_holder()
        except BaseException:
            self.release()
            raise

    def _try_lock(self) -> bool:
        assert self._fd is not None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _write_holder(self) -> None:
        assert self._fd is not None
        holder = {
            "pid": os.getpid(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
        }
        data = json.dumps(holder).encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)

    def _holder(self) -> str:
        """Who holds the lock, as far as it says (" (pid 12, `referat index`, since …)")."""
        try:
            holder = json.loads((self.folder / LOCK_NAME).read_text(encoding="utf-8"))
            return f" (pid {holder['pid']}, `{holder['command']}`, since {holder['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return ""

    def release(self) -> None:
        """Give the lock up (ending the process does the same)."""
        if self._fd is not None:
            with suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_locked(folder: Path) -> bool:
    """Whether some process holds the write lock of ``folder`` now."""
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends (a writer process must not outlive its run).

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); where
    that is not available a thread watches for the parent to go. Either way, a parent that
    died before this was set up ends this process now.
    """
    if not _kernel_kills_orphan():
        thread = threading.Thread(target=_watch_parent, args=(parent,), daemon=True)
        thread.start()
    if os.getppid() != parent:
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
