"""Questions answered in worker processes, so a server answers on every core at once, and a question can be stopped.

Answering is Python that holds the interpreter lock for most of a question's ~80 ms: threads of one server process
answered one question at a time, whatever the number of cores. `paragraf serve` with PARAGRAF_WORKERS above 1 starts
that many processes, each of which opens the store read-only and reads each generation an index run has finished
(index/store/archive.py `Store.snapshot` without `follow`: rebuilding BM25 for every commit of another process's run
still going on cost each worker seconds of CPU, taken from the questions); the server process keeps the page, the
uploads and the indexing. Without a language model the whole answer is made in a worker; an answer streamed from a
language model is made in the server process.

Each worker is a process with a pipe of its own, so one question can be stopped without touching the others: a
question past its time budget (PARAGRAF_QUESTION_SECONDS), or one whose asker has gone (the caller stops iterating
`answers`), ends its worker, and a fresh worker takes its place in the background. A worker that dies is replaced and
its question asked again (once per worker, and once more). Once the pool is closed (the server stops) its workers are
ended and none is started.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Iterator

from assistant.ask import Answer, ask
from assistant.models import Filters, LimitField, QuestionStopped
from assistant.settings import Settings
from index.errors import ParagrafError
from index.store.archive import Store

log = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 1.0
HEARTBEAT_SECONDS = 0.5  # how often `answers` gives its caller the chance to stop waiting
START_SECONDS = 300  # a worker that has not opened the store and the model by then is given up


class _Worker:
    """One answering process and the server's end of its pipe."""

    def __init__(self, settings: Settings) -> None:
        context = multiprocessing.get_context("spawn")  # a forked copy of a server would inherit its threads' locks
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings, os.getpid()), daemon=True,
                                       name="paragraf-answer")
        self.process.start()
        child.close()
        self._stopping = threading.Lock()
        self._stopped = False

    def stop(self) -> None:
        """Kill the process and close the pipe, once: the pool's close and the thread that was asking it may both
        stop the same worker, and a pipe closed twice at once closes a descriptor that is no longer its own."""
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
            self.process.kill()
            self.process.join()
            self.connection.close()


class AnswerPool:
    """`workers` processes answering questions from the store the settings name."""

    def __init__(self, settings: Settings, workers: int) -> None:
        # One BLAS thread in each worker (read when a worker imports numpy): numpy's OpenBLAS otherwise starts one
        # per core in every worker, and their spinning took the cores from the other worker's questions (load
        # benchmark p95 1.30 s against 0.80 s, once the vector query became a product with every window vector).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        self.settings, self.workers = settings, workers
        self._free: queue.Queue[_Worker] = queue.Queue()
        self._running: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._starting = [self._start() for _ in range(workers)]

    def _start(self) -> threading.Thread:
        """A new worker, ready (store and model loaded) in the background, then free for questions."""
        worker = _Worker(self.settings)
        with self._lock:
            self._running.add(worker)

        def ready() -> None:
            if worker.connection.poll(START_SECONDS):
                try:
                    worker.connection.recv()
                    self._free.put(worker)
                    return
                except (EOFError, OSError):
                    pass
            if not self._closed:
                log.error("an answering worker did not start; starting another")
                self._discard(worker)

        thread = threading.Thread(target=ready, name="paragraf-answer-start", daemon=True)
        thread.start()
        return thread

    def _discard(self, worker: _Worker) -> None:
        """End a worker (stopped, dead, or busy with a question nobody waits for) and start another, unless closed."""
        with self._lock:
            self._running.discard(worker)
        worker.stop()
        if not self._closed:
            self._start()

    def warm(self) -> None:
        """Wait until every worker has loaded the store and the model, so that no first question waits for them."""
        for thread in self._starting:
            thread.join()

    def pids(self) -> list[int]:
        with self._lock:
            return [worker.process.pid for worker in self._running if worker.process.pid is not None]

    def answers(self, question: str, history: list[dict], filters: Filters, seconds: float = 0,
                removed: frozenset[LimitField] = frozenset(),
                organisations: frozenset[str] | None = None) -> Iterator[Answer | None]:
        """Yields None every HEARTBEAT_SECONDS while a worker answers from these organisations' § only (None: all),
        then the Answer: the worker restricts its snapshot (Snapshot.within), so nothing else can be searched or
        cited. A caller that stops iterating
        (its client has gone) stops the question; one past `seconds` (0: no budget) is stopped with QuestionStopped.
        A worker that dies is replaced and the question asked again, up to once per worker and once more (every
        worker may have been killed at once: the dead ones are found only by asking them)."""
        started = time.monotonic()
        last = self.workers + 1
        for attempt in range(1, last + 1):
            worker = self._next_worker(started, seconds)
            done = False
            try:
                try:
                    worker.connection.send((question, history, filters, removed, organisations))
                    while not worker.connection.poll(HEARTBEAT_SECONDS):
                        if seconds and time.monotonic() - started > seconds:
                            raise QuestionStopped(f"the question took longer than {seconds:g} s and was stopped "
                                                  "(limit PARAGRAF_QUESTION_SECONDS)")
                        yield None
                    kind, value = worker.connection.recv()
                except (EOFError, OSError):  # the worker died (killed, out of memory)
                    done = True
                    self._discard(worker)
                    if self._closed or attempt == last:
                        raise QuestionStopped("the answering process ended before the answer") from None
                    log.error("an answering worker process died; asking its question again")
                    continue
                done = True
                self._free.put(worker)
                if kind == "error":
                    raise ParagrafError(value)
                if kind == "failed":
                    raise RuntimeError(value)
                yield value
                return
            finally:
                if not done:  # stopped: past its budget, or nobody waits for the answer any more
                    self._discard(worker)

    def _next_worker(self, started: float, seconds: float) -> _Worker:
        """A free worker that is alive (a dead one is replaced on the way)."""
        while not self._closed:
            try:
                worker = self._free.get(timeout=HEARTBEAT_SECONDS)
            except queue.Empty:
                if seconds and time.monotonic() - started > seconds:
                    raise QuestionStopped(f"no answering process was free within {seconds:g} s; ask again") from None
                continue
            if worker.process.is_alive():
                return worker
            self._discard(worker)
        raise QuestionStopped("the server is stopping")

    def ask(self, question: str, history: list[dict], filters: Filters,
            removed: frozenset[LimitField] = frozenset(), organisations: frozenset[str] | None = None) -> Answer:
        """The extractive answer, made in a worker from these organisations' § (None: all), waited for without a
        budget; `removed` are limits the user took away."""
        *_, answer = self.answers(question, history, filters, removed=removed, organisations=organisations)
        assert isinstance(answer, Answer)
        return answer

    def close(self) -> None:
        """End every worker at once (a question under way is stopped); none is started again."""
        self._closed = True
        with self._lock:
            workers, self._running = list(self._running), set()
        for worker in workers:
            worker.stop()


_settings: Settings | None = None  # in a worker: the server's settings
_store: Store | None = None  # in a worker: the store, read-only


def _serve(connection, settings: Settings, server: int) -> None:
    """A worker's loop: opens the store read-only, says it is ready, then answers each question it is sent."""
    global _settings, _store
    threading.Thread(target=_exit_with, args=(server,), name="paragraf-parent", daemon=True).start()
    _settings = settings
    _store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url, follow=False,
                   read_only=True)
    _store.snapshot()
    _store.embedder.get_query_embedding("protokoll")
    connection.send(("ready", os.getpid()))
    while True:
        try:
            question, history, filters, removed, organisations = connection.recv()
        except (EOFError, OSError):
            return
        try:
            view = _store.snapshot().within(organisations)
            connection.send(("answer", ask(view, question, history, filters, _settings, removed)))
        except ParagrafError as exc:
            connection.send(("error", str(exc)))
        except Exception as exc:  # a bug: the server logs it, the asker gets one sentence
            log.exception("answering %r failed", question)
            connection.send(("failed", f"{type(exc).__name__}: {exc}"))


def _exit_with(server: int) -> None:
    """End this worker once the server that started it has gone (killed, or stopped without closing the pool)."""
    while os.getppid() == server:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)
