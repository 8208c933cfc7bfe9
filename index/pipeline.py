"""Index a batch of protocol files: skip unchanged files by content hash, replace changed
ones, drop removed ones, and report per file what happened. Any failure while reading one
file is that file's refusal with its reason and never stops the batch; a killed run is
completed by the next one (files left 'pending' and uploads never indexed are redone).
Every change is made by § id, so indexing one file touches no other file's §."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.store.catalog import StoredParagraph
from index.errors import UnreadableFile
from index.store.health import heal
from index.models import WHOLE_TEXT_TITLE, Facts, Meeting, Paragraph
from index.parse.protocol import content_hash
from index.read.limits import ReadLimits
from index.read.progress import ReadProgress, Stage
from index.read.document import MAX_FILE_MB, SUPPORTED_SUFFIXES
from index.store.archive import Store
from index.store.database import DATABASE_ERRORS
from index.store.records import Corrections
from index.store.uploads import discard, incomplete, is_upload, original_name, unindexed
from index.worker import CANCELLED, FILE_SECONDS, Reader, describe

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass
class FileOutcome:
    path: str
    status: str  # indexed | unchanged | duplicate | refused | removed | cancelled
    detail: str = ""
    paragraphs: int = 0
    numbered: bool = True  # § found (otherwise indexed as one text)
    dated: bool = True  # a meeting date found or corrected
    organisation: str = ""  # the meeting indexed, for the person who added the file
    date: str = ""


@dataclass
class IndexReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # what the check after indexing found and repaired

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def refused(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "refused"]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("indexed", "unchanged", "duplicate", "removed", "refused")]
        return "Summary: " + ", ".join(parts)


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Path], list[FileOutcome]]:
    """Files to index under the given paths, the folders they came from (for removals), and what is refused by name.
    A path given is taken as the person gave it; inside a folder, a symbolic link is refused (a link in an archive
    folder could bring any file of the machine into the archive: 'protokoll.txt -> /etc/passwd'), and so is a file
    that resolves outside the folder."""
    files: list[Path] = []
    folders: list[Path] = []
    refused: list[FileOutcome] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        root = path.resolve()
        folders.append(root)
        found = []
        for folder, subfolders, names in os.walk(path):  # links to folders are listed, never entered
            links = [name for name in subfolders if (Path(folder) / name).is_symlink()]
            subfolders[:] = [name for name in subfolders if name not in links]
            found += [Path(folder) / name for name in names + links if not name.startswith(".")]
        for item in sorted(found):
            if item.is_symlink():
                refused.append(FileOutcome(str(item), "refused", f"a symbolic link (to {os.readlink(item)}); "
                                                                  "links in an indexed folder are not followed"))
            elif not item.resolve().is_relative_to(root):
                refused.append(FileOutcome(str(item), "refused", f"outside the indexed folder {root}"))
            elif item.is_file():
                files.append(item)
    return files, folders, refused


def index_paths(store: Store, paths: list[Path], progress: bool = False, max_file_mb: float = MAX_FILE_MB,
                seconds: float = FILE_SECONDS, uploads: Path | None = None, limits: ReadLimits = ReadLimits(),
                on_file: Callable[[int, int, Path], None] | None = None,
                on_read: Callable[[ReadProgress], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                admit: Callable[[Meeting], str] | None = None) -> IndexReport:
    """Index these files and folders, resume what a killed run or upload left, then check the store and
    repair it. `seconds` limits reading one file, `limits` what it may expand to; `uploads` is the folder of uploaded originals;
    `on_file(done, total, path)` is told before each file and `on_read` how far its reading has come (for progress
    shown elsewhere). Once `cancelled()` says so, the file being read and those after it are left out ('cancelled';
    an uploaded one is deleted), and what was indexed before stays. `admit(meeting)` gives the reason a parsed
    protocol is refused before it is stored (empty: stored)."""
    cancelled = cancelled or (lambda: False)
    files, folders, refused = collect_files(paths)
    report = IndexReport(list(refused))
    # Runs take turns across processes (the CLI, an upload in the UI), so a file still 'pending'
    # once the lock is held was left by a killed run.
    with store.lock("index"):
        for partial in incomplete(uploads):  # the person was told on opening (index/store/health.py) to upload again
            log.warning("saving the upload %s was interrupted; upload it again", original_name(partial))
            partial.unlink(missing_ok=True)
        files += _interrupted(store, files, uploads)
        report.outcomes += _drop_removed(store, files, folders)
        iterator: Iterable[Path] = files
        if progress:
            from rich.progress import track

            iterator = track(files, description="Indexing", transient=True)
        corrections = store.corrections  # the secretary's corrections outlive re-indexing
        with Reader(seconds, limits, on_read, cancelled) as reader:
            for done, path in enumerate(iterator):
                if on_file is not None:
                    on_file(done, len(files), path)
                outcome = FileOutcome(str(path), "cancelled") if cancelled() else index_file(
                    store, path, reader, corrections, max_file_mb, on_read, admit)
                if outcome.status in ("refused", "duplicate", "cancelled") and is_upload(path, uploads):
                    discard(path)
                report.outcomes.append(outcome)
        store.sync_lexical()
        report.repairs = heal(store)
    return report


def _interrupted(store: Store, files: list[Path], uploads: Path | None) -> list[Path]:
    """Files a killed run left half-written (forgotten here, so they are indexed from scratch and leave nothing
    behind if now refused), and uploads never indexed: both are indexed again if they still exist."""
    listed = {str(f.resolve()) for f in files}
    again = []
    for key in store.catalog.pending_files():
        log.warning("%s: indexing was interrupted earlier; indexing it again", key)
        forget(store, key)
        if Path(key).exists() and key not in listed:
            again.append(Path(key))
    for path in unindexed(uploads, set(store.catalog.files()) | listed | {str(p) for p in again}):
        log.warning("%s: an upload whose indexing was interrupted; indexing it now", path)
        again.append(path)
    return again


def forget(store: Store, key: str) -> None:
    """Drop one file's § from the vectors and the catalog (by its § ids: other files are not touched)."""
    store.delete_vectors(store.catalog.paragraph_ids(key))
    store.catalog.forget(key)


def index_file(store: Store, path: Path, reader: Reader, corrections: Corrections, max_file_mb: float = MAX_FILE_MB,
               on_read: Callable[[ReadProgress], None] | None = None,
               admit: Callable[[Meeting], str] | None = None) -> FileOutcome:
    """Index one file, with its stored correction, or say why not: every failure while reading it becomes its
    refusal with the reason, and so does what `admit` says of the parsed meeting."""
    key = str(path.resolve())
    try:
        if not path.exists():
            raise UnreadableFile(path.name, "no such file")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnreadableFile(path.name, f"unsupported file type '{path.suffix or 'none'}'")
        size = path.stat().st_size
        if size > max_file_mb * MB:
            raise UnreadableFile(path.name, f"file too large ({size / MB:.1f} MB > {max_file_mb:g} MB limit)")
        digest = content_hash(path.read_bytes())
    except UnreadableFile as exc:
        log.info("%s", exc)  # reported to the caller in the outcome; a warning here would say it twice
        return FileOutcome(str(path), "refused", exc.reason)
    except OSError as exc:
        log.warning("%s: %s", path.name, exc)
        return FileOutcome(str(path), "refused", f"cannot be read ({exc.strerror or exc})")
    if store.catalog.file_hash(key) == digest:
        return FileOutcome(str(path), "unchanged")
    twin = store.catalog.file_with_hash(digest)
    if twin and twin != key:
        if Path(twin).exists():
            return FileOutcome(str(path), "duplicate", f"same content as {Path(twin).name}; not indexed twice")
        log.info("%s: moved from %s", path, twin)
        forget(store, twin)
    parsed = reader.parse(path, digest, corrections.of(path.name))
    if parsed.meeting is None:
        log.info("%s: %s", path.name, parsed.reason)  # reported to the caller in the outcome
        return FileOutcome(str(path), "cancelled" if parsed.reason == CANCELLED else "refused", parsed.reason)
    meeting = parsed.meeting
    refusal = admit(meeting) if admit else ""
    if refusal:
        return FileOutcome(str(path), "refused", refusal)
    if on_read is not None:
        on_read(ReadProgress(Stage.INDEXING, 0, len(meeting.paragraphs)))
    store.catalog.mark_pending(key, path.name)
    try:
        store.delete_vectors(store.catalog.paragraph_ids(key))
        store.add_vectors([as_stored(meeting, p, i, x) for i, (p, x) in enumerate(zip(meeting.paragraphs, parsed.extracts))])
        store.catalog.record(key, digest, meeting, parsed.extracts)
    except DATABASE_ERRORS:
        raise  # the catalog itself is broken: no file can be indexed, so the run stops and says so
    except Exception as exc:  # e.g. the vector store refused it: this file is refused, the batch goes on
        log.debug("%s: could not be stored", path.name, exc_info=True)
        store.delete_vectors([p.id for p in meeting.paragraphs])
        store.catalog.forget(key)
        return FileOutcome(str(path), "refused", f"could not be stored ({describe(exc)})")
    first = meeting.paragraphs[0]
    return FileOutcome(str(path), "indexed", meeting.reading(), len(meeting.paragraphs),
                       bool(first.label) or first.title != WHOLE_TEXT_TITLE, bool(meeting.date), meeting.organisation,
                       meeting.date)


def as_stored(meeting: Meeting, p: Paragraph, ordinal: int, facts: Facts) -> StoredParagraph:
    """A parsed § with its facts, as the store holds it."""
    return StoredParagraph(
        p.id, meeting.organisation, meeting.body, meeting.date, p.number, p.title, p.text,
        meeting.source_file, p.decisions, facts, meeting.id, ordinal, p.page, p.label,
    )


def _drop_removed(store: Store, files: list[Path], folders: list[Path]) -> list[FileOutcome]:
    present = {str(f.resolve()) for f in files}
    outcomes = []
    for key in store.catalog.files():
        inside = any(Path(key).is_relative_to(folder) for folder in folders)
        if inside and key not in present:
            forget(store, key)
            outcomes.append(FileOutcome(key, "removed", "file no longer in the archive"))
    return outcomes


def remove_meeting(store: Store, wanted: str, uploads: Path | None = None) -> FileOutcome:
    """Remove one indexed protocol, named by its meeting id, its file name or its path: catalog rows and
    vectors go; the BM25 index follows the catalog's generation. A file of the archive's folders is left where
    it is; an uploaded original is deleted too, or the next start would index it again as an interrupted upload."""
    with store.lock("index"):
        key = store.catalog.file_key(wanted)
        forget(store, key)
        if is_upload(Path(key), uploads):
            discard(Path(key))
        store.sync_lexical()
    return FileOutcome(key, "removed", "removed from the archive on request")
