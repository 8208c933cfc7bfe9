"""Uploaded originals: the only copy of a file a user uploaded, so they live outside the store folder
(a rebuild or a deleted store never touches them) and each under a path of its own.

An upload is kept as `<folder>/<content key>/<original name>`: the name stays what the user sees, the
folder makes it unique (two different `protokoll.pdf` are two files; the same file twice is one).
It is copied under a hidden partial name and renamed, so a kill never leaves half a file under the
real name. A kept file not in the catalog is an upload whose indexing was interrupted: the next
indexing run resumes it.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from index.models import SOURCE_KEY_CHARS
from index.parse.protocol import content_hash
from index.read.document import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

PARTIAL = ".partial"


def keep(source: Path, name: str, folder: Path) -> Path:
    """Copy an upload into the folder under `name` (already a safe bare file name); returns where it is kept."""
    home = folder.resolve() / content_hash(source.read_bytes())[:SOURCE_KEY_CHARS]
    home.mkdir(parents=True, exist_ok=True)
    target = home / name
    if not target.exists():
        partial = home / f".{name}{PARTIAL}"
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    return target


def kept(folder: Path | None) -> list[Path]:
    """Every upload kept in the folder (resolved paths)."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.resolve() for p in folder.glob("*/*") if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in SUPPORTED_SUFFIXES)


def unindexed(folder: Path | None, recorded: set[str]) -> list[Path]:
    """Kept uploads the catalog does not know: their indexing was interrupted."""
    return [p for p in kept(folder) if str(p) not in recorded]


def incomplete(folder: Path | None) -> list[Path]:
    """Copies a kill interrupted: the user has to upload these again."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob(f"*/.*{PARTIAL}"))


def original_name(partial: Path) -> str:
    return partial.name[1:-len(PARTIAL)]


def is_upload(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder.resolve())


def discard(path: Path) -> None:
    """Delete a kept upload that was not indexed (refused, or a duplicate): the user was told, and the
    folder then holds only what the archive holds or has still to index."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:  # another upload shares the folder
        pass
    log.info("%s: upload not kept (not indexed)", path.name)
