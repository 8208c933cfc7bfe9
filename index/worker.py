"""Reading and parsing one file, apart from the indexer: whatever goes wrong becomes that file's refusal.

Any exception a reader or the parser raises (a library's own error on a hostile file, a bug) is caught
and given as the reason. Files are parsed in a forked child process, so a file that takes longer than
the time limit, or kills its process, is refused and the next file gets a fresh child; the indexer and
its index lock are never held hostage by one file.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.parse.corrections import Correction
from index.errors import UnreadableFile
from index.parse.extract import extract
from index.read.limits import ReadLimits
from index.models import Facts, Meeting
from index.parse.protocol import parse_reading, searchable_paragraphs
from index.read.document import read_document
from index.read.progress import ReadProgress, Stage, listen, report

log = logging.getLogger(__name__)

# Reading and parsing one file: a text protocol takes well under a second, a 10 MB text some seconds, a
# scanned one some seconds a page of OCR (index/read/ocr.py), so a 100-page scan about ten minutes. A file still
# being read after this long is refused rather than holding the index lock for ever.
FILE_SECONDS = 900
REASON_CHARS = 200  # a library's message can be a page long; the report gets its start
POLL_SECONDS = 0.2  # how often a reading is checked for being cancelled
CANCELLED = "cancelled"  # the reason of a file whose reading was cancelled


@dataclass
class Parsed:
    """A file's meeting with its searchable § and their extracted facts, or the reason it is refused."""

    meeting: Meeting | None
    extracts: list[Facts] = field(default_factory=list)
    reason: str = ""


def parse_source(path: Path, digest: str, limits: ReadLimits = ReadLimits(), correction: Correction | None = None) -> Parsed:
    """Read, parse and extract one file; never raises for what the file contains. The secretary's `correction`
    is applied before the § facts are extracted, so dates read relative to the meeting's follow a corrected date."""
    try:
        reading = read_document(path, limits)
        report(Stage.PARSING, 0, 0)
        meeting = parse_reading(reading, source_file=path.name, source_hash=digest)
        meeting.paragraphs = searchable_paragraphs(meeting)
        if correction is not None:
            meeting = correction.apply(meeting)
        return Parsed(meeting, [extract(p, meeting) for p in meeting.paragraphs])
    except UnreadableFile as exc:
        return Parsed(None, reason=exc.reason)
    except MemoryError:
        return Parsed(None, reason="reading it ran out of memory")
    except Exception as exc:  # any reader or parser failure is this file's problem only
        log.debug("%s: unexpected error while reading", path.name, exc_info=True)  # the trace, for developers
        return Parsed(None, reason=f"could not be read ({describe(exc)})")


def describe(exc: BaseException) -> str:
    """An exception as a refusal's reason: its type and the start of its message."""
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return message[:REASON_CHARS]


def _cap_memory(megabytes: int) -> None:
    """Let this process's address space grow by at most `megabytes` (0: no cap): reading beyond it fails (a
    MemoryError, or the process ends), and the parent refuses the file instead of the machine running out."""
    if megabytes <= 0:
        return
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    cap = size + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))


def _serve(connection, parent_end, seconds: float, memory_mb: int = 0) -> None:
    """The child's loop: a (path, digest, limits, correction) in, a Parsed out, until the parent closes the pipe or dies."""
    # Its copy of the parent's end would keep the pipe open for ever after a killed parent, and with it
    # the index lock the child inherited: closed, the child sees the end of the pipe and exits.
    parent_end.close()
    # What the parent left as garbage (old vector-store clients, whose finalizers may take locks held by
    # the parent's threads) is never collected here: without this, a child forked late in a long test
    # session hung on a plain protocol.
    gc.freeze()
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # an overrun ends the child even when no parent is left to
    try:
        _cap_memory(memory_mb)
    except (OSError, ValueError, StopIteration) as exc:  # no /proc (not Linux): read without the cap
        log.debug("reading without a memory cap (%s)", exc)
    sending = threading.Lock()  # text recognition reports progress from its threads

    def send(message: object) -> None:
        with sending:
            connection.send(message)

    while True:
        try:
            path, digest, limits, correction = connection.recv()
        except EOFError:
            return
        signal.alarm(math.ceil(seconds) + 1)
        with listen(send):  # each step of the reading goes to the parent before the result
            result = parse_source(Path(path), digest, limits, correction)
        signal.alarm(0)
        send(result)


class Reader:
    """Parses files in a child process within `seconds` each (0: in this process, without a limit), each
    within `limits`. `on_progress` hears how far the reading of a file has come (index/read/progress.py);
    `cancelled` is asked while a file is read, and a reading it cancels ends at once (the child is killed).
    Use as a context manager so the child ends with the batch."""

    def __init__(self, seconds: float, limits: ReadLimits = ReadLimits(),
                 on_progress: Callable[[ReadProgress], None] | None = None, cancelled: Callable[[], bool] | None = None):
        self.seconds = seconds if "fork" in multiprocessing.get_all_start_methods() else 0
        self.limits = limits
        self.on_progress = on_progress or (lambda step: None)
        self.cancelled = cancelled or (lambda: False)
        self._child = None
        self._connection = None

    def parse(self, path: Path, digest: str, correction: Correction | None = None) -> Parsed:
        if self.seconds <= 0:
            with listen(self.on_progress):
                return parse_source(path, digest, self.limits, correction)
        if self._child is None:
            self._start()
        self._connection.send((str(path), digest, self.limits, correction))
        deadline = time.monotonic() + self.seconds
        try:
            while True:
                if self.cancelled():
                    self.close()
                    return Parsed(None, reason=CANCELLED)
                left = deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    return Parsed(None, reason=f"reading took longer than {self.seconds:g} s; refused")
                if not self._connection.poll(min(left, POLL_SECONDS)):
                    continue
                message = self._connection.recv()
                if not isinstance(message, ReadProgress):
                    return message
                self.on_progress(message)
        except EOFError:  # the child died on this file (a crash, or killed for its memory)
            self._child.join(timeout=10)  # its pipe can close before its exit code is known
            code = self._child.exitcode
            self.close()
            if self.limits.memory_mb and code == -signal.SIGABRT:  # PDFium ends the process when memory runs out
                return Parsed(None, reason=f"reading it needed more than {self.limits.memory_mb} MB of memory "
                                           "(limit PARAGRAF_READ_MEMORY_MB; a decompression bomb?)")
            return Parsed(None, reason=f"the reader process died on this file (exit code {code})")

    def _start(self) -> None:
        # fork: the child starts at once with everything imported and sees the parent's state.
        context = multiprocessing.get_context("fork")
        self._connection, child_end = context.Pipe()
        self._child = context.Process(target=_serve, args=(child_end, self._connection, self.seconds, self.limits.memory_mb),
                                      daemon=True, name="paragraf-reader")
        self._child.start()
        child_end.close()

    def close(self) -> None:
        if self._child is not None:
            self._connection.close()
            self._child.kill()
            self._child.join()
        self._child = self._connection = None

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
