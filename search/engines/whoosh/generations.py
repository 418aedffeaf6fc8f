"""Generations of the index folder: opening one verified, publishing one, and what is left.

A generation is one whoosh table of contents (``_referat_<n>.toc``: the schema and the
segments) with its checksum file (:mod:`search.engines.whoosh.sums`). Publishing writes
the new segments, then the checksum file, then renames the table of contents into place:
that rename is the commit, and everything before it is invisible to searchers. Files the
new generation no longer uses are removed right after; a searcher still on the old
generation keeps them open (:func:`pin`), so it answers until its next request, which
opens the new one.

A rebuild is a generation like any other, one that starts from no segments: it is
written inside the index folder and published by the same rename, so the folder itself
never moves (it may be a mount point) and searchers never see a missing index.

Whatever a writer leaves when it is killed or fails — unfinished segments, whoosh's
scratch folder (``referat.tmp``: posting runs, ``*.ctmp``, job files) and the folder a
table of contents is written in before it is published — is not part of any generation,
and :func:`remove_leftovers` removes it when the next writer holds the lock.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex

from search.engine import IndexDamaged, IndexMissing, IndexOutdated, IndexUnavailable
from search.engines.whoosh.lock import LOCK_NAME
from search.engines.whoosh.schema import INDEX_VERSION, build_schema
from search.engines.whoosh.sums import (
    INDEX_NAME,
    SEGMENT_FILE,
    FileSum,
    Sums,
    SumsUnreadable,
    file_sum,
    latest_generation,
    read_sums,
    segment_files,
    sums_name,
    toc_name,
    verify,
    write_sums,
)
from search.processes import process_alive

#: whoosh's scratch folder for a writer's posting runs, column data and job files
TEMP_DIR = f"{INDEX_NAME}.tmp"
#: where a table of contents is written before it is renamed into place
COMMIT_DIR = f"{INDEX_NAME}.commit"
#: the schema marker of indexes written before generations had checksums
LEGACY_META = "referat-schema.json"
_LEGACY_NAMES = {LEGACY_META, f".{LEGACY_META}.part", f"{INDEX_NAME}_WRITELOCK"}
_OURS = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.(toc|sums)")
_OPEN_ATTEMPTS = 20


class FixedIndex(FileIndex):
    """A whoosh index seen at one table of contents (whoosh's own reads the newest one)."""

    def __init__(self, storage: FileStorage, toc: TOC) -> None:
        self.storage = storage
        self._schema = toc.schema
        self.indexname = INDEX_NAME
        self._toc = toc

    def _read_toc(self) -> TOC:
        # a copy: whoosh's writers append their new segment to the list they are given
        toc = self._toc
        return TOC(toc.schema, list(toc.segments), toc.generation, toc.version, toc.release)


@dataclass
class Generation:
    """One published generation, verified cheaply when it was opened."""

    folder: Path
    index: FixedIndex
    sums: Sums

    @property
    def number(self) -> int:
        return self.sums.generation


def open_generation(folder: Path, writable: bool = False) -> Generation:
    """The newest generation in ``folder``, verified cheaply (raises IndexUnavailable,
    IndexOutdated or IndexDamaged). A generation superseded while it is being opened is
    skipped for the newer one."""
    storage = FileStorage(str(folder), readonly=not writable)
    for _ in range(_OPEN_ATTEMPTS):
        number = latest_generation(folder)
        if number < 0:
            raise IndexMissing(f"no Referat index at {folder} (run `referat index` first)")
        try:
            sums = read_sums(folder, number)
        except SumsUnreadable as error:
            if latest_generation(folder) != number:
                continue
            if error.missing and (folder / LEGACY_META).exists():
                raise outdated(folder, "an earlier layout without checksums") from error
            raise IndexDamaged(damage_message(folder, [f"{sums_name(number)}: {error}"])) from error
        if sums.schema_version != INDEX_VERSION:
            raise outdated(folder, f"schema {sums.schema_version}")
        problems = verify(folder, sums, thorough=False)
        if problems:
            if latest_generation(folder) != number:
                continue
            raise IndexDamaged(damage_message(folder, problems))
        try:
            toc = TOC.read(storage, INDEX_NAME, gen=number)
        except FileNotFoundError:
            continue
        return Generation(folder, FixedIndex(storage, toc), sums)
    raise IndexUnavailable(f"the index at {folder} kept changing while it was opened; try again")


def outdated(folder: Path, built_with: str) -> IndexOutdated:
    return IndexOutdated(
        f"the index at {folder} was built by another version of Referat ({built_with}; "
        f"this version uses schema {INDEX_VERSION}); rebuild it with `referat index --rebuild`"
    )


def damage_message(folder: Path, problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return (
        f"the index at {folder} is damaged: {problems[0]}{more}. Rebuild it from the source "
        "files with `referat index --rebuild PATHS` (`referat check` lists the damage)"
    )


def empty_generation(folder: Path) -> FixedIndex:
    """A writable index with no segments, numbered after the newest generation in
    ``folder`` whatever state that one is in: where a rebuild (or a first run) writes."""
    toc = TOC(build_schema(), [], latest_generation(folder))
    return FixedIndex(FileStorage(str(folder)), toc)


def publish(folder: Path, toc: TOC, carried: Sums | None) -> Sums:
    """Make ``toc`` the current generation of ``folder`` (see the module docstring).

    Checksums of files ``carried`` from the previous generation are kept; new files are
    flushed to disk and summed. The caller holds the write lock.
    """
    names = os.listdir(folder)
    files: dict[str, FileSum] = {}
    for segment in toc.segments:
        for name in segment_files(names, segment.segment_id()):
            known = carried.files.get(name) if carried else None
            files[name] = known or file_sum(folder / name, flush=True)
    staging = folder / COMMIT_DIR
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    toc.write(FileStorage(str(staging)), INDEX_NAME)
    written = staging / toc_name(toc.generation)
    items = sum(segment.doc_count() for segment in toc.segments)
    sums = Sums(toc.generation, INDEX_VERSION, items, file_sum(written, flush=True), files)
    write_sums(folder, sums)
    _flush_folder(folder)  # the checksums are on disk before the table of contents names them
    os.replace(written, folder / toc_name(toc.generation))  # the commit
    # published: what follows only tidies up, and must not make the run look failed
    with suppress(OSError):
        _flush_folder(folder)
        remove_leftovers(folder, sums)
    return sums


def _flush_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def leftovers(folder: Path, current: Sums | None) -> list[Path]:
    """What in ``folder`` belongs to no generation: scratch folders always; with a
    ``current`` generation also every file Referat or whoosh names that it does not use
    (never anything else a user keeps in the folder)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    scratch = [folder / name for name in names if name in (TEMP_DIR, COMMIT_DIR)]
    if current is None:
        return scratch
    used = {*current.files, toc_name(current.generation), sums_name(current.generation)}
    unused = [name for name in names if name not in used and name != LOCK_NAME and _ours(name)]
    return scratch + [folder / name for name in unused]


def _ours(name: str) -> bool:
    return bool(_OURS.match(name) or SEGMENT_FILE.match(name) or name in _LEGACY_NAMES)


def remove_leftovers(folder: Path, current: Sums | None) -> list[str]:
    """Remove :func:`leftovers` (the caller holds the write lock, so no live writer owns
    them); also staging folders an earlier version of Referat left beside the index
    folder, once the process that made them has ended. Returns what was removed."""
    removed = []
    for path in [*leftovers(folder, current), *_legacy_staging(folder)]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with suppress(FileNotFoundError):
                path.unlink()
        removed.append(path.name)
    return removed


def _legacy_staging(folder: Path) -> list[Path]:
    """``.<name>.rebuild-<pid>`` and ``.<name>.old-<pid>`` of rebuilds that were killed."""
    pattern = re.compile(rf"^\.{re.escape(folder.name)}\.(?:rebuild|old)-([0-9]+)$")
    try:
        names = os.listdir(folder.parent)
    except OSError:
        return []
    return [
        folder.parent / name
        for name in names
        if (match := pattern.match(name)) and not process_alive(int(match.group(1)))
    ]


def pin(searcher: Any, sums: Sums) -> None:
    """Open every file the searcher may read later, now.

    whoosh opens a segment's columns (stored items, field lengths, facets) when they are
    first read, and asks whether a column's file exists each time; once the next generation
    is published those files may be gone. Opened now, they stay readable (a removed file
    lives on while it is open), and the searcher answers from the generation it was made
    for. Raises FileNotFoundError when they are gone already (open the newer one).
    """
    for leaf, _ in searcher.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None:
            continue
        prefix = f"{leaf.segment().segment_id()}."
        columns = frozenset(
            name[len(prefix) : -len(".col")]
            for name in sums.files
            if name.startswith(prefix) and name.endswith(".col")
        )
        for column in columns:
            if column not in perdoc._colfiles:
                perdoc._colfiles[column] = perdoc._get_column_file(column)
        perdoc.has_column = columns.__contains__


def describe_os_error(error: OSError, folder: Path) -> str:
    """What an error while writing the index means for the user, in one line."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk holding the index at {folder} is full ({error.strerror}); nothing was "
            "changed. Free some space and run again: what the failed run wrote is removed then"
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"the index folder {folder} is not writable ({error.strerror})"
    return f"writing the index at {folder} failed: {error.strerror or error}"
