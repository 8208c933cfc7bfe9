"""Archive scale: a synthetic archive in PostgreSQL and a Chroma server, answered by two replicas.

    .venv/bin/python -m benchmarks.scale --paragraphs 200000 --database-url postgresql://…/bench \\
        --chroma-url http://127.0.0.1:8000 --work /tmp/paragraf-scale

The archive (benchmarks/synthetic.py) is written once per size and seed (a run loads only what the database lacks)
with synthetic vectors (the `hashing` embedder: no model, so the figures are of storage and
answering, not of E5): all but its last `incoming` § by a bulk load that writes what `paragraf index` writes, many
files per transaction and vector upsert, then the last `incoming` § by `paragraf index` itself, whose rate is the
index throughput reported. Then two `paragraf serve` replicas start on two loopback ports with nothing
of the archive on their disk, and `users` clients ask `questions` questions each through the `/ask` API, spread
over both. Reported: index §/s, each replica's start-up time (process start to its first answer) and memory (RSS
of the replica and its children), ask p50/p95 as the user sees it, errors. Results: a line on stdout and
benchmarks/out/scale.json.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from benchmarks.load import START_SECONDS, Users, ask_over_http, server_process
from benchmarks.run import OUT, Latency, machine, write_report
from benchmarks.synthetic import queries

ROOT = Path(__file__).resolve().parent.parent
EMBEDDER = "hashing"
BULK_FILES = 200  # files per vector upsert and catalog transaction in the bulk load
log = logging.getLogger("benchmarks.scale")


@dataclass
class ScaleResult:
    paragraphs: int
    files: int
    bulk_s: float | None  # the bulk load of all but the last `incoming` §; None: loaded by an earlier run
    incoming: int  # § indexed by `paragraf index`, into the archive of all the others
    index_s: float
    index_per_s: float
    replicas: int
    startup_s: list[float]  # per replica: process start to its first answer
    rss_mib: list[float]  # per replica, with its child processes, after the measurement
    users: int
    questions: int
    errors: list[str]
    latency: Latency
    max_ms: float


def environment(database_url: str, chroma_url: str, work: Path) -> dict:
    return {**os.environ, "PARAGRAF_DATABASE_URL": database_url, "PARAGRAF_CHROMA_URL": chroma_url,
            "PARAGRAF_EMBEDDER": EMBEDDER, "PARAGRAF_UPLOAD_DIR": str(work / "uploads"), "PARAGRAF_WORKERS": "1",
            "GRADIO_ANALYTICS_ENABLED": "False"}


def index_archive(paragraphs: int, incoming: int, seed: int, work: Path, env: dict) -> tuple[int, float | None, int, float]:
    """Generate the archive and bulk-load what the database lacks of all but its last `incoming` §; then index those
    with `paragraf index` (taken out first when an earlier run indexed them). Returns (files, bulk-load seconds or None
    when nothing was missing, § and seconds of `paragraf index`)."""
    from benchmarks.load import split_archive
    from index.pipeline import forget
    from index.store.archive import Store

    folder = work / f"archive-{paragraphs}-{incoming}-{seed}"
    corpus, later = folder / "corpus", folder / "incoming"
    if not (folder / ".done").exists():
        split_archive(folder, paragraphs - incoming, incoming, seed)
        (folder / ".done").touch()
    store = Store(work / "indexer", EMBEDDER, env["PARAGRAF_CHROMA_URL"], env["PARAGRAF_DATABASE_URL"])
    known = set(store.catalog.files())
    missing = [path for path in sorted(corpus.iterdir()) if str(path.resolve()) not in known]
    for path in later.iterdir():
        if str(path.resolve()) in known:
            forget(store, str(path.resolve()))
    store.close()
    began = time.perf_counter()
    if missing:
        bulk_load(env, missing, work)
    loaded = time.perf_counter() - began if missing else None
    began = time.perf_counter()
    with open(work / "index.log", "w") as out:
        done = subprocess.run([sys.executable, "-m", "assistant.cli", "index", str(later), "--store", str(work / "indexer")],
                              cwd=ROOT, env={**env, "PARAGRAF_INDEX_NICE": "0"}, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise RuntimeError(f"indexing failed: {(work / 'index.log').read_text()[-2000:]}")
    indexed = sum(int(found) for found in re.findall(r"^\s*indexed: .* \((\d+) §\)", (work / "index.log").read_text(), re.M))
    return len(list(corpus.iterdir())) + len(list(later.iterdir())), loaded, indexed, time.perf_counter() - began


def bulk_load(env: dict, files: list[Path], work: Path, batch: int = BULK_FILES) -> None:
    """Write these files into the store as `paragraf index` would (catalog rows, sentence and window vectors), parsed
    on every core and stored `batch` files per vector upsert and catalog transaction; then BM25 once."""
    from concurrent.futures import ProcessPoolExecutor

    from index.parse.protocol import content_hash
    from index.pipeline import as_stored
    from index.store.archive import Store

    store = Store(work / "indexer", EMBEDDER, env["PARAGRAF_CHROMA_URL"], env["PARAGRAF_DATABASE_URL"])
    with ProcessPoolExecutor() as pool:
        for start in range(0, len(files), batch):
            chunk = files[start:start + batch]
            digests = [content_hash(path.read_bytes()) for path in chunk]
            parsed = list(pool.map(_parse, chunk, digests, chunksize=8))
            store.add_vectors([as_stored(p.meeting, paragraph, i, facts) for p in parsed
                               for i, (paragraph, facts) in enumerate(zip(p.meeting.paragraphs, p.extracts))])
            with store.catalog.db.transaction():
                for path, digest, p in zip(chunk, digests, parsed):
                    store.catalog.record(str(path.resolve()), digest, p.meeting, p.extracts)
            log.info("bulk load: %d of %d files", start + len(chunk), len(files))
    store.sync_lexical()
    store.close()


def _parse(path: Path, digest: str):
    from index.worker import parse_source

    parsed = parse_source(path, digest)
    if parsed.meeting is None:
        raise RuntimeError(f"{path}: {parsed.reason}")
    return parsed


@contextlib.contextmanager
def replica(n: int, work: Path, env: dict) -> Iterator[tuple[subprocess.Popen, str, float]]:
    """`paragraf serve` on a free loopback port with nothing of the archive on its disk, until the block ends; yields
    it, its URL and the seconds from its start to its first answer (the archive's generation loaded)."""
    began = time.perf_counter()
    with server_process(work / f"replica-{n}", work / f"replica-{n}.log", env=env, start_seconds=START_SECONDS * 4,
                        stop_seconds=30, poll_seconds=0.2) as (proc, url):  # stopped even while answering: the figures are taken
        with httpx.Client(timeout=START_SECONDS) as http:
            ask_over_http(http, url, "uppvärmning")
        yield proc, url, time.perf_counter() - began


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (answering workers), MiB."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for each in [str(pid), *children]:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            total += next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS"))
    return round(total / 1024, 1)


def run_scale(paragraphs: int, incoming: int, database_url: str, chroma_url: str, work: Path, users: int, questions: int,
              seed: int, replicas: int = 2) -> ScaleResult:
    work.mkdir(parents=True, exist_ok=True)
    env = environment(database_url, chroma_url, work)
    files, bulk_s, incoming, index_s = index_archive(paragraphs, incoming, seed, work, env)
    with contextlib.ExitStack() as running:
        started = [running.enter_context(replica(n, work, env)) for n in range(replicas)]
        asking = Users([url for _, url, _ in started], queries(seed + 1, users * questions), users, "scale")
        asking.start().wait()
        latencies, errors = asking.join()
        memory = [rss_mib(proc.pid) for proc, _, _ in started]
    if not latencies:
        raise RuntimeError(f"no question was answered: {errors[:3]}")
    return ScaleResult(paragraphs, files, round(bulk_s, 1) if bulk_s else None, incoming, round(index_s, 1),
                       round(incoming / index_s, 1), replicas,
                       [round(s, 1) for _, _, s in started], memory, users, len(latencies), errors, Latency.of(latencies),
                       round(max(latencies) * 1000, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description="A synthetic archive in PostgreSQL and a Chroma server, two replicas.")
    parser.add_argument("--paragraphs", type=int, default=200_000)
    parser.add_argument("--incoming", type=int, default=2000, help="the last § of the archive, indexed by `paragraf index`")
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database (or one this benchmark filled)")
    parser.add_argument("--chroma-url", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=5, help="questions each user asks, one after the other")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/paragraf-scale"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    info = machine()
    result = run_scale(args.paragraphs, args.incoming, args.database_url, args.chroma_url, args.work, args.users, args.questions, args.seed)
    write_report(args.out / "scale.json", "benchmarks.scale", info, embedder=EMBEDDER, result=asdict(result))
    lat = result.latency
    print(f"{result.paragraphs} § ({result.files} files): bulk load {result.bulk_s} s, then `paragraf index` of "
          f"{result.incoming} § at {result.index_per_s} §/s; {result.replicas} replicas start in "
          f"{result.startup_s} s, RSS {result.rss_mib} MiB; {result.users} users, {result.questions} questions: p50 "
          f"{lat.p50_ms:.0f} ms, p95 {lat.p95_ms:.0f} ms, max {result.max_ms:.0f} ms, {len(result.errors)} errors")


if __name__ == "__main__":
    main()
