"""The whole eval in one call, shared by `paragraf-eval` and the quality-gate tests.

Questions over the invented archives name their archive ("hedmark-ks", or "a+b" for two): each archive (or
pair) is rendered in its layout (evals/render/archive.py) and indexed into a store of its own, as its
organisation's assistant would hold it, and its questions are asked there.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path

from assistant.settings import Settings
from evals.aggregate import EvalReport
from evals.harness import Answerer, GoldItem, QuestionResult, Searcher, load_gold, run, store_answerer, store_searcher
from index.errors import BadInput
from index.parse.corrections import Correction

log = logging.getLogger(__name__)


def evaluate(gold: Path, settings: Settings, k: int = 10, progress: bool = False,
             answerer: Answerer | None = None, searcher: Searcher | None = None,
             invented: Path | None = None, corrected: bool = False) -> EvalReport:
    """Run a gold file against the store in `settings` with the real ask and search (unless given); with
    `invented`, each question against the store of its own invented archive (`corrected`: each meeting's
    organisation, organ and date as the archive's truth gives them, as a secretary corrects a misread header)."""
    items = load_gold(gold)
    meta = {"gold": str(gold), "store": str(settings.store), "k": k, "llm": settings.llm, "embedder": settings.embedder,
            "latency": "ask only, after one untimed warm-up ask"}
    if invented is not None:
        results = []
        for item_id, org in outside_archives(items, invented):
            log.warning("%s: its gold names %s, whose minutes are in no archive the question names: it cannot be "
                        "answered as asked", item_id, org)
        for archives, group in by_archive(items).items():
            group_settings = archive_settings(archives, settings, invented, corrected)
            results += _run(group, group_settings, k, progress)
        order = {item.id: i for i, item in enumerate(items)}
        results.sort(key=lambda r: order[r.id])
        return EvalReport.of(results, {**meta, "store": f"one per archive, beside {settings.store}",
                                       "headers": "corrected from truth" if corrected else "as parsed"})
    return EvalReport.of(_run(items, settings, k, progress, answerer, searcher), meta)


def _run(items: list[GoldItem], settings: Settings, k: int, progress: bool, answerer: Answerer | None = None,
         searcher: Searcher | None = None) -> list[QuestionResult]:
    from assistant.engine import open_store

    if answerer is None or searcher is None:
        store = open_store(settings)
        answerer = answerer or store_answerer(store, settings)
        searcher = searcher or store_searcher(store, k)
    return run(items, answerer, searcher, progress=progress)


def by_archive(items: list[GoldItem]) -> dict[tuple[str, ...], list[GoldItem]]:
    """The questions of each archive (or pair of archives), in file order; every question must name one."""
    groups: dict[tuple[str, ...], list[GoldItem]] = {}
    for item in items:
        if not item.archive:
            raise BadInput(f"{item.id}: no archive named; invented questions say which archive they are about")
        groups.setdefault(tuple(sorted(item.archive.split("+"))), []).append(item)
    return groups


def outside_archives(items: list[GoldItem], invented: Path) -> list[tuple[str, str]]:
    """(question id, organisation) for each gold § of an organisation none of the question's archives holds: a
    question comparing two organisations that names only one archive is asked in a store without the other."""
    held: dict[str, set[str]] = {}
    for archive in {a for item in items for a in item.archive.split("+") if a}:
        path = invented / f"{archive}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        held[archive] = {json.loads(line)["organisation"] for line in lines if line.strip()}
    return [(item.id, ref.org) for item in items for ref in item.gold
            if ref.org and ref.org not in set().union(*(held.get(a, set()) for a in item.archive.split("+")))]


def archive_settings(archives: tuple[str, ...], settings: Settings, invented: Path, corrected: bool = False,
                     cache: Path | None = None) -> Settings:
    """Settings whose store holds these invented archives, rendered (into `cache`, beside the store without it)
    and indexed once per content; `corrected`: with every meeting's header corrected from the archive's
    truth.jsonl before indexing."""
    from evals.render.archive import rendered

    cache = cache or settings.store.with_name(f"{settings.store.name}-render")
    folder = rendered(list(archives), cache, invented)
    return eval_settings([folder], settings, truth_corrections(folder) if corrected else None)


def truth_corrections(folder: Path) -> dict[str, Correction]:
    """A correction for every rendered file with a truth line: its organisation, organ and date."""
    rows = [json.loads(line) for path in sorted(folder.rglob("truth.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["file"]: Correction(row["organisation"], row["organ"], row["date"]) for row in rows}


def eval_settings(archives: list[Path], settings: Settings | None = None,
                  corrections: dict[str, Correction] | None = None) -> Settings:
    """Settings whose store holds exactly these protocol folders (e.g. corpus/ and evals/layouts/), indexed
    incrementally into a store of their own beside the default one, so a question set is measured over the
    archive it was written for and the user's store is never touched. `corrections` are stored first, by file
    name, as `paragraf correct` stores them (a store with corrections is another store)."""
    from assistant.engine import open_store
    from index.pipeline import index_paths
    from index.store.records import Corrections, open_records

    settings = settings or Settings.load()
    names = sorted(str(a.resolve()) for a in archives)
    key = hashlib.blake2b("\n".join(names + (["corrected"] if corrections else [])).encode(), digest_size=6).hexdigest()
    archived = replace(settings, store=settings.store.with_name(f"{settings.store.name}-eval-{key}"))
    if corrections:
        archived.store.mkdir(parents=True, exist_ok=True)
        records = open_records(archived.store, archived.database_url)
        try:
            stored = Corrections(records, archived.store)
            for name, correction in corrections.items():
                stored.add(name, correction)
        finally:
            records.close()
    report = index_paths(open_store(archived, writable=True), protocol_files([Path(n) for n in names]), max_file_mb=settings.max_file_mb)
    if report.refused:
        log.warning("eval archive: %s", report.summary())
    return archived


def protocol_files(archives: list[Path]) -> list[Path]:
    """The protocols of eval archives: readable files, without a folder's README or its truth file."""
    from index.read.document import SUPPORTED_SUFFIXES

    files = [f for a in archives for f in (sorted(a.rglob("*")) if a.is_dir() else [a])]
    return [f for f in files if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and f.stem.lower() != "readme"]
