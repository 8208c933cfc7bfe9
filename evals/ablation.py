"""Does every rule earn its place? Each entry of the rule registry switched off in turn, against the full system.

An entry (index/lang/registry.py) is a rule group or a tuning number with an 'off' value: a switch off, a
weight of 0, no cap. It is taken out through the configuration (`Settings.load(rules=...)`), as a user would
with PARAGRAF_RULES: no module is patched. Entries that act at indexing ('parse.*', 'facts.*') are measured
on a store indexed under that configuration, the others on one store indexed once; the generation checks
('generate.*') act only with a language model (`--llm`, PARAGRAF_LLM).

    python -m evals.ablation --gold evals/tune.jsonl --archive corpus --archive evals/layouts [--only question.]
    python -m evals.ablation --gold evals/invented/tune.jsonl --invented evals/invented

With `--invented`, each question is asked in the store of the invented archive it names, as `paragraf-eval
--invented` asks it: each archive rendered once, and indexed once for the full system and every entry that acts
at answering; an entry that acts at indexing gets stores of its own.

prints a Markdown table: the full system first, then each entry with its figures and the change in
fully-right questions when it is off (negative: the rule pays). A run whose questions fail with an error is
refused: an error is no measure of a rule.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from evals.aggregate import Summary

if TYPE_CHECKING:
    from assistant.settings import Settings
    from evals.harness import GoldItem

log = logging.getLogger(__name__)

COLUMNS = (("pass_rate", "Pass"), ("citation_precision", "Cite P"), ("citation_recall", "Cite R"), ("facts", "Facts"),
           ("abstention_accuracy", "Abst"), ("false_abstention_rate", "False abst"))


@dataclass
class Row:
    name: str  # the entry's name, '' for the full system
    description: str
    summary: Summary
    passed: int  # fully right questions

    def delta(self, full: "Row") -> int:
        return self.passed - full.passed


def switchable(only: list[str] | None = None, with_llm: bool = False) -> list:
    """The registry's entries that can be switched off, those whose name contains one of `only` (all without
    it); the generation checks only with a language model."""
    from index.lang.registry import entries

    chosen = [e for e in entries() if e.off is not None and (with_llm or not e.name.startswith("generate."))]
    return [e for e in chosen if not only or any(o in e.name for o in only)]


Group = tuple[list["GoldItem"], "Settings"]  # questions, and the settings of the store they are asked in


def ablate(gold: Path, archives: list[Path], settings, only: list[str] | None = None,
           invented: Path | None = None) -> list[Row]:
    """The full system, then each switchable entry off, on one gold file over an archive of protocol folders,
    or (`invented`) each question over the invented archive it names."""
    from assistant.settings import Settings
    from evals.harness import load_gold
    from index.lang.registry import configure

    items = load_gold(gold)
    render_cache = settings.store.with_name(f"{settings.store.name}-render")
    base = _stores(items, archives, settings, invented, render_cache)
    rows = [_measure(base, "", "the full system")]
    for entry in switchable(only, with_llm=settings.llm != "none"):
        changed = replace(Settings.load(**_fields(settings)), rules=_off(settings.rules, entry))
        if entry.stage == "index":  # stores of its own, indexed under the changed rules
            configure(changed.rules)
            key = hashlib.blake2b(entry.name.encode(), digest_size=4).hexdigest()
            renamed = replace(changed, store=settings.store.with_name(f"{settings.store.name}-{key}"))
            groups = _stores(items, archives, renamed, invented, render_cache)
        else:
            groups = [(group, replace(changed, store=stored.store)) for group, stored in base]
        rows.append(_measure(groups, entry.name, entry.description))
    Settings.load(**_fields(settings))  # the configuration the run started with, in force again
    return rows


def _stores(items: list["GoldItem"], archives: list[Path], settings, invented: Path | None, render_cache: Path) -> list[Group]:
    """The questions with the settings of the store they are asked in: one store over `archives`, or one per
    invented archive (or pair) the questions name."""
    from evals.run import archive_settings, by_archive, eval_settings

    if invented is None:
        return [(items, eval_settings(archives, settings))]
    return [(group, archive_settings(names, settings, invented, cache=render_cache))
            for names, group in by_archive(items).items()]


def _off(rules, entry):
    from index.lang.registry import with_changes

    return with_changes(rules, {entry.name: entry.off})


def _fields(settings) -> dict:
    return {name: getattr(settings, name) for name in ("store", "embedder", "llm", "llm_model", "llm_base_url", "rules")}


def _measure(groups: list[Group], name: str, description: str) -> Row:
    from assistant.engine import open_store
    from index.lang.registry import configure
    from evals.aggregate import summarise
    from evals.harness import run, store_answerer, store_searcher

    results = []
    for items, settings in groups:
        configure(settings.rules)
        store = open_store(settings)
        results += run(items, store_answerer(store, settings), store_searcher(store), warm_up=False)
    summary = summarise(results)
    if summary.errors:
        raise RuntimeError(f"{name or 'the full system'}: {summary.errors} questions failed with an error; "
                           f"first: {next(r.error for r in results if r.error)}")
    row = Row(name, description, summary, sum(not r.failures for r in results))
    log.info("%s: %d of %d fully right; %s", name or "full system", row.passed, len(results),
             ", ".join(f"{c} {_figure(summary.metrics.get(k))}" for k, c in COLUMNS))
    return row


def table(rows: list[Row]) -> str:
    """Markdown: one line per run; Δ is the change in fully-right questions against the full system."""
    full = rows[0]
    head = "| rule switched off | what it does | " + " | ".join(c for _, c in COLUMNS) + " | Δ pass (questions) |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 3)]
    for row in rows:
        values = " | ".join(_figure(row.summary.metrics.get(key)) for key, _ in COLUMNS)
        delta = "" if row is full else f"{row.delta(full):+d}"
        lines.append(f"| {f'`{row.name}`' if row.name else '**full system**'} | {row.description} | {values} | {delta} |")
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> None:
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL (tune: the only set rules are judged on)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--archive", type=Path, action="append",
                        help="protocol folder the gold set was written for (repeatable), indexed into eval stores of its own")
    source.add_argument("--invented", type=Path,
                        help="folder of invented archives (evals/invented): each question asked over the archive it names")
    parser.add_argument("--only", action="append", default=[], help="only the entries whose name contains this (repeatable)")
    parser.add_argument("--llm", default=None, help="a language model backend, to measure the generation checks too")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for name in ("httpx", "chromadb", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    settings = Settings.load(llm=args.llm)
    sys.stdout.write(table(ablate(args.gold, args.archive or [], settings, args.only, args.invented)) + "\n")


if __name__ == "__main__":
    main()
