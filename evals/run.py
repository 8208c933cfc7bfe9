"""The whole eval in one call, shared by `paragraf eval` and the quality-gate test."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from evals.aggregate import EvalReport
from evals.harness import Answerer, Searcher, load_gold, run, store_answerer, store_searcher


def evaluate(gold: Path, settings: Settings, k: int = 10, progress: bool = False,
             answerer: Answerer | None = None, searcher: Searcher | None = None) -> EvalReport:
    """Run a gold file against the store in `settings` with the real ask and search (unless given)."""
    from assistant.engine import open_store

    items = load_gold(gold)
    if answerer is None or searcher is None:
        store = open_store(settings)
        answerer = answerer or store_answerer(store, settings)
        searcher = searcher or store_searcher(store, k)
    results = run(items, answerer, searcher, progress=progress)
    meta = {"gold": str(gold), "store": str(settings.store), "k": k, "llm": settings.llm, "embedder": settings.embedder,
            "latency": "ask only, after one untimed warm-up ask"}
    return EvalReport.of(results, meta)
