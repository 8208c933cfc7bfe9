"""Questions answered in worker processes, so a server answers on every core at once.

Answering is Python that holds the interpreter lock for most of a question's ~80 ms: threads of one
server process answered one question at a time, whatever the number of cores. `paragraf serve` with
PARAGRAF_WORKERS above 1 starts that many processes, each of which opens the store (without repairing
it: the server did that) and reads each generation an index run has finished (index/store/archive.py
`Store.snapshot` without `follow`: rebuilding BM25 for every commit of another process's run still going
on cost each worker seconds of CPU, taken from the questions); the server process keeps the page, the
uploads and the indexing. Without a language
model the whole answer is made in a worker; an answer streamed from a language model is made in the
server process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from assistant.ask import Answer, ask
from assistant.models import Filters, LimitField
from assistant.settings import Settings
from index.store.archive import Store

log = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 1.0
_settings: Settings | None = None  # in a worker: the server's settings
_store: Store | None = None  # in a worker: the store, read-only


class AnswerPool:
    """`workers` processes answering questions from the store the settings name."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings, self.workers = settings, workers
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # One BLAS thread in each worker (read when a worker imports numpy): numpy's OpenBLAS otherwise starts one
        # per core in every worker, and their spinning took the cores from the other worker's questions (load
        # benchmark p95 1.30 s against 0.80 s, once the vector query became a product with every window vector).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        # 'spawn': a forked copy of a server would inherit its threads' locks and its Chroma client.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_open, initargs=(self.settings,))

    def warm(self) -> None:
        """Start every worker and wait until each has loaded the store and the model, so that no first
        question waits for them."""
        for started in [self._executor.submit(_ready) for _ in range(self.workers)]:
            started.result()

    def ask(self, question: str, history: list[dict], filters: Filters,
            removed: frozenset[LimitField] = frozenset(), organisations: frozenset[str] | None = None) -> Answer:
        """The extractive answer, made in a worker from these organisations' § (None: all). A worker that died
        (killed, out of memory) is replaced and the question asked again once."""
        try:
            return self._executor.submit(_ask, question, history, filters, removed, organisations).result()
        except BrokenProcessPool:
            log.error("an answering worker process died; starting %d new ones", self.workers)
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._start()
            return self._executor.submit(_ask, question, history, filters, removed, organisations).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _open(settings: Settings) -> None:
    global _settings, _store
    _settings = settings
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="paragraf-parent", daemon=True).start()
    _store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url, follow=False)
    _store.snapshot()
    _store.embedder.get_query_embedding("protokoll")


def _exit_with(server: int) -> None:
    """End this worker once the server that started it has gone (killed, or stopped without closing the pool)."""
    while os.getppid() == server:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _ready() -> bool:
    return True


def _ask(question: str, history: list[dict], filters: Filters, removed: frozenset[LimitField],
         organisations: frozenset[str] | None = None) -> Answer:
    assert _store is not None, "a worker starts with the server's settings"
    return ask(_store.snapshot().within(organisations), question, history, filters, _settings, removed)
