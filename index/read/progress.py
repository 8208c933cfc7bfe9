"""How far the reading of one file has come, told to whoever shows it (the upload box: 'page 12 of 47').

Readers call `report` as they go (a PDF's pages, a scanned page's text recognition); the indexer's reader process
`listen`s and passes each step to the process that indexes (index/worker.py). Without a listener `report` does
nothing, so reading stays the same for the command line and the tests.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum


class Stage(str, Enum):
    PAGES = "pages"  # a PDF's text layer, page by page
    OCR = "ocr"  # a scanned page read by text recognition
    PARSING = "parsing"  # the text divided into §
    INDEXING = "indexing"  # the § embedded and stored


@dataclass(frozen=True)
class ReadProgress:
    """`done` of `total` of a stage: page 12 of 47, scanned page 3 of 20, 31 §."""

    stage: Stage
    done: int
    total: int


_listener: Callable[[ReadProgress], None] | None = None
_lock = threading.Lock()  # text recognition reports from its worker threads


def report(stage: Stage, done: int, total: int) -> None:
    """Tell the listener, if any, how far the reading of the current file has come."""
    listener = _listener
    if listener is not None:
        with _lock:
            listener(ReadProgress(stage, done, total))


@contextlib.contextmanager
def listen(listener: Callable[[ReadProgress], None]) -> Iterator[None]:
    """Hear every `report` made in this process while the block runs."""
    global _listener
    before, _listener = _listener, listener
    try:
        yield
    finally:
        _listener = before
