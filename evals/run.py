"""The whole eval in one call, shared by `paragraf-eval` and the quality-gate test."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from pathlib import Path

from assistant.settings import Settings
from evals.aggregate import EvalReport
from evals.harness import Answerer, Searcher, load_gold, run, store_answerer, store_searcher

log = logging.getLogger(__name__)


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


def eval_settings(archives: list[Path], settings: Settings | None = None) -> Settings:
    """Settings whose store holds exactly these protocol folders (e.g. corpus/ and evals/layouts/), indexed
    incrementally into a store of their own beside the default one, so a question set is measured over the
    archive it was written for and the user's store is never touched."""
    from assistant.engine import open_store
    from index.pipeline import index_paths

    settings = settings or Settings.load()
    names = sorted(str(a.resolve()) for a in archives)
    key = hashlib.blake2b("\n".join(names).encode(), digest_size=6).hexdigest()
    archived = replace(settings, store=settings.store.with_name(f"{settings.store.name}-eval-{key}"))
    report = index_paths(open_store(archived, writable=True), protocol_files([Path(n) for n in names]), max_file_mb=settings.max_file_mb)
    if report.refused:
        log.warning("eval archive: %s", report.summary())
    return archived


def protocol_files(archives: list[Path]) -> list[Path]:
    """The protocols of eval archives: readable files, without a folder's README or its truth file."""
    from index.read.document import SUPPORTED_SUFFIXES

    files = [f for a in archives for f in (sorted(a.rglob("*")) if a.is_dir() else [a])]
    return [f for f in files if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and f.stem.lower() != "readme"]
