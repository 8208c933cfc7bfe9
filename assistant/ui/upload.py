"""Adding protocols from the page: uploads saved safely, then indexed while the page says what happens to each
file (saved, page 12 of 47 read, scanned page 3 of 20 recognised, 31 § indexed), how long it has taken when it
takes long, and what came of it in plain words; a cancel button stops the batch.

Uploads are indexed one at a time (one lock for the server); a second user's files wait their turn and say so.
The indexing runs in a thread while the handler, a generator, shows its progress every `TICK_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from assistant.engine import index_archive
from assistant.settings import Settings
from assistant.ui.render import escape
from assistant.ui.texts import t
from index.errors import BadInput
from index.pipeline import FileOutcome, IndexReport
from index.read.progress import ReadProgress, Stage
from index.store import uploads
from index.store.accounts import EVERYTHING, Access

log = logging.getLogger(__name__)

UPLOAD_TYPES = (".pdf", ".docx", ".txt", ".md")
TICK_SECONDS = 0.5  # how often the page hears of the progress
SLOW_SECONDS = 20  # a batch still working after this long says that it takes a while, and why
index_lock = threading.Lock()  # one indexing run at a time in the server (uploads, removals, corrections)
_cancels: dict[str, threading.Event] = {}  # per browser session: its upload's cancel button


class BadUpload(BadInput):
    """An upload refused before it is saved; `key` and `values` say why in the page's words (assistant/ui/texts.py)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(t("en", key, **values))
        self.key, self.values = key, values

    def words(self, language: str) -> str:
        return t(language, self.key, **self.values)


def safe_upload_name(name: str) -> str:
    """The bare file name an upload is saved under: directories stripped, '..' and hidden or
    unsupported names refused, so nothing can be written outside the upload folder."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "")]
    if any(p == ".." for p in parts):
        raise BadUpload("bad_dots", name=name)
    clean = parts[-1] if parts else ""
    if ":" in clean:  # 'C:x.txt' or an NTFS stream
        clean = clean.rsplit(":", 1)[-1]
    if not clean or clean.startswith(".") or any(ord(ch) < 32 for ch in clean) or len(clean) > 200:
        raise BadUpload("bad_name", name=name)
    if PurePosixPath(clean).suffix.lower() not in UPLOAD_TYPES:
        raise BadUpload("bad_type", name=clean, types=", ".join(UPLOAD_TYPES))
    return clean


def save_upload(source: Path, name: str, upload_dir: Path, max_mb: int) -> Path:
    """Keep an uploaded file in the upload folder under its sanitised name, in a folder of its own
    (index/store/uploads.py), within the size limit."""
    clean = safe_upload_name(name)
    size = source.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise BadUpload("too_big", name=clean, size=size / 1024 / 1024, limit=max_mb)
    return uploads.keep(source, clean, upload_dir)


@dataclass
class Batch:
    """What the page shows of one batch of uploads: a line per file, as it stands now."""

    language: str
    started: float = field(default_factory=time.monotonic)
    # the file as uploaded or as saved -> (its name, what is happening to it or what came of it)
    lines: dict[str, tuple[str, str]] = field(default_factory=dict)
    current: str = ""
    outcomes: list[FileOutcome] = field(default_factory=list)

    def set(self, key: str, words: str) -> None:
        self.lines[key] = (self.lines[key][0] if key in self.lines else Path(key).name, words)

    def saved_as(self, key: str, saved: Path, words: str) -> None:
        """The uploaded file `key` is kept as `saved`: its line follows that name from now on."""
        name, _ = self.lines.pop(key, (Path(key).name, ""))
        self.lines[str(saved)] = (name, words)

    def heard(self, step: ReadProgress) -> None:
        """A step of the current file's reading (index/read/progress.py), in words."""
        words = {Stage.PAGES: ("reading_pages", {"done": step.done, "total": step.total}),
                 Stage.OCR: ("reading_ocr", {"done": step.done, "total": step.total}),
                 Stage.PARSING: ("parsing", {}), Stage.INDEXING: ("indexing", {"n": step.total})}
        key, values = words[step.stage]
        if self.current:
            self.set(self.current, t(self.language, key, **values))

    def html(self, working: bool) -> str:
        """The report: one line per file, and while it works for long, how long and why."""
        items = "".join(f"<li><strong>{escape(name)}</strong>: {escape(words)}</li>" for name, words in self.lines.values())
        report = f"<ul>{items}</ul>" if items else f"<p>{escape(t(self.language, 'no_files'))}</p>"
        seconds = time.monotonic() - self.started
        if working and seconds > SLOW_SECONDS:
            report += f"<p>{escape(t(self.language, 'slow', minutes=int(seconds // 60)))}</p>"
        elif not working and self.outcomes:
            indexed = sum(o.status == "indexed" for o in self.outcomes)
            report += f"<p>{escape(t(self.language, 'upload_summary', indexed=indexed, total=len(self.lines)))}</p>"
        return f'<div class="paragraf-upload" role="status" aria-live="polite">{report}</div>'


def outcome_words(outcome: FileOutcome, language: str) -> str:
    """What came of one file, in plain words: 'Indexerad: 12 §, möte 2025-03-13, Stenålderns samfällighet'."""
    if outcome.status == "indexed":
        return t(language, "outcome_indexed", n=outcome.paragraphs, date=outcome.date or t(language, "unknown_date"),
                 organisation=outcome.organisation or t(language, "unknown_organisation"))
    if outcome.status in ("unchanged", "removed", "cancelled"):
        return t(language, f"outcome_{outcome.status}")
    if outcome.status == "duplicate":
        return t(language, "outcome_duplicate", reason=outcome.detail)
    return t(language, "outcome_refused", reason=outcome.detail or outcome.status)


def index_uploads(settings: Settings, files: list[str] | None, language: str, session: str,
                  access: Access = EVERYTHING) -> Iterator[tuple[str, bool]]:
    """Save and index the uploaded `files`, yielding the report (HTML) as it changes and whether it still works.
    The session's cancel button (`cancel`) stops the batch. A secretary's upload is indexed only when it is a
    protocol of an organisation she manages; a member adds nothing."""
    batch = Batch(language)
    saved: list[Path] = []
    if not (access.admin or access.secretary_of):
        for file in files or []:
            batch.set(file, t(language, "outcome_refused", reason=t(language, "read_only")))
        files = []
    for file in files or []:
        path = Path(file)
        try:
            saved.append(save_upload(path, path.name, settings.upload_dir, settings.max_file_mb))
            batch.saved_as(file, saved[-1], t(language, "waiting"))
        except BadUpload as exc:
            batch.set(file, t(language, "outcome_refused", reason=exc.words(language)))
        except OSError as exc:
            log.warning("saving the upload %s failed: %s", path.name, exc)
            batch.set(file, t(language, "outcome_refused", reason=t(language, "not_saved")))
    if not saved:
        yield batch.html(working=False), False
        return
    cancel = _cancels.setdefault(session, threading.Event())
    cancel.clear()
    result: list[IndexReport | BaseException] = []

    def run() -> None:
        def on_file(done: int, total: int, path: Path) -> None:
            batch.current = str(path)
            batch.set(batch.current, t(language, "reading"))

        try:
            with index_lock:
                result.append(index_archive(settings, saved, on_file=on_file, on_read=batch.heard, cancelled=cancel.is_set,
                                            access=access))
        except BaseException as exc:  # reported on the page as one sentence, logged with its trace
            log.exception("indexing uploads failed")
            result.append(exc)

    worker = threading.Thread(target=run, name="paragraf-upload", daemon=True)
    worker.start()
    while worker.is_alive():
        yield batch.html(working=True), True
        worker.join(TICK_SECONDS)
    _cancels.pop(session, None)
    report = result[0] if result else None
    if isinstance(report, IndexReport):
        batch.outcomes = [o for o in report.outcomes if o.path in batch.lines]
        for outcome in batch.outcomes:
            batch.set(outcome.path, outcome_words(outcome, language))
    else:
        for path in saved:
            batch.set(str(path), t(language, "index_failed"))
    yield batch.html(working=False), False


def cancel(session: str) -> None:
    """The cancel button of a session's upload: the file being read and those after it are left out."""
    event = _cancels.get(session)
    if event is None:
        log.warning("cancel: no upload of this session (%s) is being indexed", session or "no session")
        return
    event.set()
