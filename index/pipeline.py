"""Index a batch of protocol files: skip unchanged files by content hash, replace changed
ones, drop removed ones, and report per file what happened. One bad file never stops
the batch; a killed run is completed by the next one (files left 'pending' are redone)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.catalog import StoredParagraph
from index.errors import UnreadableFile
from index.extract import extract
from index.models import Meeting, Paragraph
from index.parse import parse_text, searchable_paragraphs
from index.read import MAX_FILE_MB, SUPPORTED_SUFFIXES, read_text
from index.store import Store, exclusive

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass
class FileOutcome:
    path: str
    status: str  # indexed | unchanged | duplicate | refused | removed
    detail: str = ""
    paragraphs: int = 0


@dataclass
class IndexReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def refused(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "refused"]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("indexed", "unchanged", "duplicate", "removed", "refused")]
        return "Summary: " + ", ".join(parts)


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to index under the given paths, and the folders they came from (for removals)."""
    files: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            folders.append(path.resolve())
            files += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            files.append(path)
    return files, folders


def index_paths(store: Store, paths: list[Path], progress: bool = False, max_file_mb: float = MAX_FILE_MB,
                on_file: Callable[[int, int, Path], None] | None = None) -> IndexReport:
    """Index files and folders; `on_file(done, total, path)` is told before each file (for progress shown elsewhere)."""
    files, folders = collect_files(paths)
    report = IndexReport()
    # Runs take turns across processes (the CLI, an upload in the UI), so a file still 'pending'
    # once the lock is held was left by a killed run.
    with exclusive(store.folder / "index.lock"):
        _undo_interrupted(store)
        report.outcomes += _drop_removed(store, files, folders)
        iterator = files
        if progress:
            from rich.progress import track

            iterator = track(files, description="Indexing", transient=True)
        for done, path in enumerate(iterator):
            if on_file is not None:
                on_file(done, len(files), path)
            report.outcomes.append(index_file(store, path, max_file_mb))
        store.sync_lexical()
    return report


def _undo_interrupted(store: Store) -> None:
    """Forget files a killed run left half-written (its vectors and any older record), so they are
    indexed from scratch if still present, and leave nothing behind if they are now refused or duplicates."""
    for key in store.catalog.pending_files():
        log.info("%s: interrupted earlier; indexing it again", key)
        store.delete_vectors(Path(key).name)
        store.catalog.forget(key)


def index_file(store: Store, path: Path, max_file_mb: float = MAX_FILE_MB) -> FileOutcome:
    key = str(path.resolve())
    try:
        if not path.exists():
            raise UnreadableFile(path.name, "no such file")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnreadableFile(path.name, f"unsupported file type '{path.suffix or 'none'}'")
        size = path.stat().st_size
        if size > max_file_mb * MB:
            raise UnreadableFile(path.name, f"file too large ({size / MB:.1f} MB > {max_file_mb:g} MB limit)")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if store.catalog.file_hash(key) == digest:
            return FileOutcome(str(path), "unchanged")
        twin = store.catalog.file_with_hash(digest)
        if twin and twin != path.name:
            return FileOutcome(str(path), "duplicate", f"same content as {twin}; not indexed twice")
        meeting = parse_text(read_text(path), source_file=path.name)
    except UnreadableFile as exc:
        log.info("%s", exc)  # reported to the caller in the outcome; a warning here would say it twice
        return FileOutcome(str(path), "refused", exc.reason)
    store.catalog.mark_pending(key, path.name)
    store.delete_vectors(path.name)
    paragraphs = searchable_paragraphs(meeting)
    store.add_vectors([_stored(meeting, p, i) for i, p in enumerate(paragraphs)])
    meeting.paragraphs = paragraphs
    store.catalog.record(key, digest, meeting, [extract(p, meeting) for p in paragraphs])
    detail = "" if meeting.paragraphs[0].number else "no § found; indexed as one text"
    return FileOutcome(str(path), "indexed", detail, len(paragraphs))


def _stored(meeting: Meeting, p: Paragraph, ordinal: int) -> StoredParagraph:
    return StoredParagraph(
        p.id, meeting.organisation, meeting.body, meeting.date, p.number, p.title, p.text,
        meeting.source_file, p.decisions, {}, meeting.id, ordinal,
    )


def _drop_removed(store: Store, files: list[Path], folders: list[Path]) -> list[FileOutcome]:
    present = {str(f.resolve()) for f in files}
    outcomes = []
    for key in store.catalog.files():
        inside = any(Path(key).is_relative_to(folder) for folder in folders)
        if inside and key not in present:
            store.delete_vectors(Path(key).name)
            store.catalog.forget(key)
            outcomes.append(FileOutcome(key, "removed", "file no longer in the archive"))
    return outcomes


def remove_meeting(store: Store, wanted: str) -> FileOutcome:
    """Remove one indexed protocol, named by its meeting id, its file name or its path: catalog rows and
    vectors go; the BM25 index follows the catalog's generation. The file itself is left where it is."""
    with exclusive(store.folder / "index.lock"):
        key = store.catalog.file_key(wanted)
        store.delete_vectors(Path(key).name)
        store.catalog.forget(key)
        store.sync_lexical()
    return FileOutcome(key, "removed", "removed from the archive on request")
