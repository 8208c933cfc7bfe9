"""`paragraf index --rebuild`: a store built again from its source files, the old one kept until the new one is complete.

The sources are the files the old catalog records, or the paths given; a rebuild that cannot read them (a catalog
that cannot say which files they were and no path given, a recorded file that is gone or unreadable) refuses before
anything is written. The new store is built in a folder beside the old one (`<store>.rebuilding`) with a copy of
what is not derived from the sources (the secretary's corrections, anything a person put there); only when it is
complete does it take the old one's place, and then the old one is deleted. A rebuild a kill interrupted is finished
or undone by the next one (`recover`).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from index.errors import BadInput, CorruptStore
from index.store.opening import CATALOG, CHROMA, read_only_uri, recorded_files
from index.store.sentence_vectors import FILES as SENTENCE_FILES

log = logging.getLogger(__name__)

NEW, OLD = ".rebuilding", ".replaced"
# What a rebuild makes again from the sources (and the locks); everything else in the folder is kept.
DERIVED = {CATALOG, f"{CATALOG}-wal", f"{CATALOG}-shm", *SENTENCE_FILES, CHROMA, "bm25", "bm25.tmp", "index.lock",
           "bm25.lock"}
NAMED = 3  # unreadable sources named in the refusal


def rebuild_sources(folder: Path, given: list[Path], recorded: list[Path] | None = None, where: str = "") -> list[Path]:
    """The files and folders to rebuild `folder` from: the given ones, else the files its catalog records (read from
    the embedded catalog, or `recorded`, read from a catalog in PostgreSQL named `where`). Refuses (BadInput,
    nothing changed) when they cannot be known or read."""
    way_out = f"name the files or folders to rebuild from: paragraf index --rebuild --store {folder} PATH ..."
    if given:
        missing = [p for p in given if not os.access(p, os.R_OK)]
        if missing:
            raise BadInput(f"cannot rebuild {where or folder}: {_named(missing)} cannot be read; nothing was changed")
        return given
    if recorded is not None:
        return _readable(where, recorded, way_out)
    try:
        if recorded_files(folder) is None:  # a damaged file raises CorruptStore
            raise sqlite3.DatabaseError(f"{CATALOG} is missing or empty")
        with closing(sqlite3.connect(read_only_uri(folder / CATALOG), uri=True)) as db:
            recorded = [Path(row[0]) for row in db.execute("SELECT path FROM files")]
    except (sqlite3.DatabaseError, CorruptStore) as exc:
        reason = exc.reason if isinstance(exc, CorruptStore) else exc
        raise BadInput(f"cannot rebuild {folder}: its catalog cannot be read ({reason}), so the files it was indexed "
                       f"from are unknown; nothing was changed; {way_out}") from None
    return _readable(str(folder), recorded, way_out)


def _readable(where: str, recorded: list[Path], way_out: str) -> list[Path]:
    unreadable = [p for p in recorded if not os.access(p, os.R_OK)]
    if unreadable:
        raise BadInput(f"cannot rebuild {where}: {len(unreadable)} of the {len(recorded)} files it was indexed from "
                       f"cannot be read ({_named(unreadable)}); nothing was changed; {way_out}")
    return recorded


def _named(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths[:NAMED]) + (f" and {len(paths) - NAMED} more" if len(paths) > NAMED else "")


def recover(folder: Path) -> None:
    """Finish or undo a rebuild a kill interrupted: a replaced store left beside the new one is deleted (or put
    back when the new one never took its place); a half-built one is deleted."""
    new, old = _beside(folder, NEW), _beside(folder, OLD)
    if old.exists():
        if not folder.exists():
            (new if new.exists() else old).rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)


@contextmanager
def replacing(folder: Path) -> Iterator[Path]:
    """A fresh folder beside the store to build its replacement in, holding a copy of what is not derived. When the
    block ends it takes the store's place and the old store is deleted; when the block raises, it is deleted and
    the store stays as it was. The caller holds the store's index lock."""
    recover(folder)
    new = _beside(folder, NEW)
    new.mkdir(parents=True)
    for item in (folder.iterdir() if folder.is_dir() else []):
        if item.name not in DERIVED:
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, new / item.name)
    try:
        yield new
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = _beside(folder, OLD)
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    log.warning("store %s: rebuilt from its sources; the previous store was deleted once the new one was complete", folder)


def _beside(folder: Path, suffix: str) -> Path:
    return folder.with_name(folder.name + suffix)
