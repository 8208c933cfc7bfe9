"""Load: simultaneous users asking a real `paragraf serve` while another process indexes.

    .venv/bin/python -m benchmarks.load --paragraphs 10000 --users 20

A synthetic archive (evals/render/synthetic.py) of `paragraphs` § is indexed once into a base store
(kept between runs under --work); each run copies it, starts `paragraf serve` on a free loopback
port, and then, at the same moment, starts `paragraf index` on `incoming` further § (later
meetings of the same generator) and lets `users` clients (one HTTP connection per user) each ask
`questions` distinct questions in a row through the `/ask` API, the way any program calls Gradio:
POST `gradio_api/call/ask`, then read its event stream. (gradio_client was used before: its own work,
on the same two cores as the server, cost more CPU per question than the server's.) Reported:
p50/p95/mean/max seconds per question as the user sees it, errors, and for how much of the
measurement the indexer ran.
Results: a line on stdout and benchmarks/out/load.json.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.run import OUT, Latency, machine, write_report
from benchmarks.servers import answers, free_port, serving
from evals.render.synthetic import generate, queries

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 300
log = logging.getLogger("benchmarks.load")


@dataclass
class LoadResult:
    paragraphs: int
    incoming: int
    users: int
    questions: int  # answered, in total
    errors: list[str]
    latency: Latency
    max_ms: float
    wall_s: float  # from the first question asked to the last answer
    indexing_s: float  # how long the indexer went on committing after the questions began (its first commit)
    overlap: float  # share of the measurement during which the indexer was committing
    indexer_summary: str
    workers: int


def split_archive(work: Path, paragraphs: int, incoming: int, seed: int) -> tuple[Path, Path]:
    """`paragraphs` § in work/corpus and, as later meetings of the same archive, at least `incoming` § in work/incoming."""
    everything, corpus, later = work / "all", work / "corpus", work / "incoming"
    for folder in (everything, corpus, later):
        shutil.rmtree(folder, ignore_errors=True)
    meetings = generate(everything, paragraphs + incoming, seed)
    corpus.mkdir()
    later.mkdir()
    moved = 0
    for meeting in reversed(meetings):  # the generator writes meetings in date order per organ
        target = later if moved < incoming else corpus
        moved += len(meeting.numbers) if target is later else 0
        (everything / meeting.file).rename(target / meeting.file)
    shutil.rmtree(everything)
    return corpus, later


def paragraf(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT, text=True,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}, **kwargs)


def base_store(work: Path, paragraphs: int, incoming: int, seed: int) -> tuple[Path, Path]:
    """The indexed base store and the incoming folder; the base is indexed once per size and seed."""
    key = work / f"base-{paragraphs}-{incoming}-{seed}"
    store, later = key / "store", key / "incoming"
    if not (key / ".done").exists():
        shutil.rmtree(key, ignore_errors=True)
        key.mkdir(parents=True)
        corpus, later = split_archive(key, paragraphs, incoming, seed)
        log.info("indexing the base archive of %d § (once per size and seed)", paragraphs)
        indexer = paragraf("index", str(corpus), "--store", str(store), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output, _ = indexer.communicate()
        if indexer.returncode != 0:
            raise RuntimeError(f"indexing the base archive failed:\n{output[-2000:]}")
        (key / ".done").touch()
    return store, later


@contextlib.contextmanager
def server(store: Path, log_file: Path, *flags: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`paragraf serve` on a free loopback port until the block ends; yields its URL. `env` is the server's
    whole environment (default: this process's). The tests start their servers with it too."""
    with server_process(store, log_file, *flags, env=env) as (_, url):
        yield url


@contextlib.contextmanager
def server_process(store: Path, log_file: Path, *flags: str, env: dict[str, str] | None = None,
                   start_seconds: float = START_SECONDS, stop_seconds: float = 15, poll_seconds: float = 0.5,
                   **popen: Any) -> Iterator[tuple[subprocess.Popen, str]]:
    """`server`, yielding the process too (its memory measured, or killed as a lost machine is: `popen`
    `start_new_session=True` puts it and its workers in a process group of their own) and its URL."""
    url = f"http://127.0.0.1:{(port := free_port())}/"
    command = [sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port), *flags]
    with serving(command, lambda: answers(url), log_file, start_seconds, stop_seconds, poll_seconds, cwd=ROOT, env=env,
                 **popen) as process:
        yield process, url


def ask_over_http(http: httpx.Client, url: str, question: str, session: str | None = None) -> None:
    """One question through Gradio's HTTP API (`/ask` takes the question and five optional filters), in the
    user's session when one is named (as a browser page has one: Gradio sets up a session's state once,
    and without one for every call, which cost the server a third of its time per question)."""
    event = http.post(f"{url}gradio_api/call/ask", json={"data": [question, "", "", "", "", ""], "session_hash": session})
    event.raise_for_status()
    with http.stream("GET", f"{url}gradio_api/call/ask/{event.json()['event_id']}") as stream:
        kind = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: ") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(f"the server answered with an error: {line.removeprefix('data: ')}")
                return
    raise RuntimeError("the event stream ended without an answer")


class Users:
    """`users` simultaneous users, each with an HTTP connection and a Gradio session of its own (its page opened
    before the measurement), each asking its share of `asked` in a row, user n of `urls[n % len(urls)]`."""

    def __init__(self, urls: list[str], asked: list[str], users: int, name: str) -> None:
        self.urls, self.asked, self.users = urls, asked, users
        self.clients = [httpx.Client(timeout=START_SECONDS) for _ in range(users)]
        self.sessions = [f"paragraf-{name}-user-{n}" for n in range(users)]
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        for n in range(users):
            ask_over_http(self.clients[n], self.url(n), "uppvärmning", self.sessions[n])

    def url(self, n: int) -> str:
        return self.urls[n % len(self.urls)]

    def start(self) -> threading.Barrier:
        """Start the users, each waiting at the barrier returned (its parties: the users and the caller)."""
        barrier = threading.Barrier(self.users + 1)
        self._threads = [threading.Thread(target=self._user, args=(n, barrier)) for n in range(self.users)]
        for thread in self._threads:
            thread.start()
        return barrier

    def join(self) -> tuple[list[float], list[str]]:
        """Wait for every user; the seconds of each answered question, and the errors."""
        for thread in self._threads:
            thread.join()
        for client in self.clients:
            client.close()
        return self.latencies, self.errors

    def _user(self, n: int, start: threading.Barrier) -> None:
        start.wait()
        for question in self.asked[n::self.users]:
            began = time.perf_counter()
            try:
                ask_over_http(self.clients[n], self.url(n), question, self.sessions[n])
            except Exception as exc:  # reported, not raised: one failure must not hide the others' figures
                with self._lock:
                    self.errors.append(f"{question}: {exc}")
                continue
            with self._lock:
                self.latencies.append(time.perf_counter() - began)


def generation(store: Path) -> int:
    """The catalog generation, read the way another process would."""
    with contextlib.closing(sqlite3.connect(f"file:{store / 'catalog.sqlite'}?mode=ro", uri=True)) as db:
        row = db.execute("SELECT value FROM state WHERE key='generation'").fetchone()
    return int(row[0]) if row else 0


def run_load(paragraphs: int, incoming: int, users: int, questions: int, work: Path, seed: int = 7,
             workers: int = os.cpu_count() or 1) -> LoadResult:
    store, later = base_store(work, paragraphs, incoming, seed)
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(store, run / "store")
    asked = queries(seed + 1, users * questions)
    with server(run / "store", run / "serve.log", env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False",
                                                       "PARAGRAF_WORKERS": str(workers)}) as url:
        # Each user has the page open before the measurement: the first question loads the model and BM25, and
        # Gradio sets up a session's state at its first event (a browser's page load; ~30 ms of the server's CPU
        # for this page), not at every question.
        asking = Users([url], asked, users, "load")
        start = asking.start()
        before = generation(run / "store")
        with open(run / "index.log", "w") as out:
            indexer = paragraf("index", str(later), "--store", str(run / "store"), stdout=out, stderr=subprocess.STDOUT)
        finished: list[float] = []
        watcher = threading.Thread(target=lambda: (indexer.wait(), finished.append(time.perf_counter())))
        watcher.start()
        deadline = time.monotonic() + START_SECONDS
        while generation(run / "store") == before and not finished and time.monotonic() < deadline:
            time.sleep(0.05)  # the users start with the indexer's first commit
        start.wait()
        began = time.perf_counter()
        latencies, errors = asking.join()
        ended = time.perf_counter()
        watcher.join()
    summary = next((line for line in (run / "index.log").read_text().splitlines() if line.startswith("Summary")), "no summary")
    if not latencies:
        raise RuntimeError(f"no question was answered: {errors[:3]}")
    indexing = max(0.0, finished[0] - began)
    return LoadResult(paragraphs, incoming, users, len(latencies), errors, Latency.of(latencies), round(max(latencies) * 1000, 1),
                      round(ended - began, 1), round(indexing, 1), round(min(1.0, indexing / (ended - began)), 2), summary, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description="Simultaneous users on `paragraf serve` while another process indexes.")
    parser.add_argument("--paragraphs", type=int, default=10_000, help="§ in the archive the server answers from")
    parser.add_argument("--incoming", type=int, default=400, help="§ indexed by another process during the measurement")
    parser.add_argument("--users", type=int, default=20, help="simultaneous users")
    parser.add_argument("--questions", type=int, default=5, help="questions each user asks, one after the other")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="questions the server answers at once")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic archive and the questions")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paragraf-load"), help="scratch folder (the base store is kept)")
    parser.add_argument("--out", type=Path, default=OUT, help="where load.json goes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # gradio_client logs every request
    info = machine()
    result = run_load(args.paragraphs, args.incoming, args.users, args.questions, args.work, args.seed, args.workers)
    write_report(args.out / "load.json", "benchmarks.load", info, result=asdict(result))
    lat = result.latency
    print(f"{result.users} users, {result.questions} questions on {result.paragraphs} § while {result.incoming} § were "
          f"indexed ({result.indexer_summary}; indexer ran {result.overlap:.0%} of the {result.wall_s} s measured): "
          f"p50 {lat.p50_ms:.0f} ms, p95 {lat.p95_ms:.0f} ms, mean {lat.mean_ms:.0f} ms, max {result.max_ms:.0f} ms, "
          f"{len(result.errors)} errors; server workers {result.workers}; {info['cores']} cores, load {info['load_avg_at_start']}")


if __name__ == "__main__":
    main()
