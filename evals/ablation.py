"""Does every rule earn its place? Each entry of the rule registry switched off in turn, against the full system.

An entry (index/lang/registry.py) is a rule group or a tuning number with an 'off' value: a switch off, a
weight of 0, no cap. It is taken out through the configuration (`Settings.load(rules=...)`), as a user would
with PARAGRAF_RULES: no module is patched. Entries that act at indexing ('parse.*', 'facts.*') are measured
on a store indexed under that configuration, the others on one store indexed once; the generation checks
('generate.*') act only with a language model (`--llm`, PARAGRAF_LLM).

    python -m evals.ablation --gold evals/tune.jsonl --archive corpus --archive evals/layouts [--only question.]

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

from evals.aggregate import Summary

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


def ablate(gold: Path, archives: list[Path], settings, only: list[str] | None = None) -> list[Row]:
    """The full system, then each switchable entry off, on one gold file over an archive of protocol folders."""
    from assistant.settings import Settings
    from evals.run import eval_settings
    from index.lang.registry import configure

    base = eval_settings(archives, settings)
    rows = [_measure(gold, base, "", "the full system")]
    for entry in switchable(only, with_llm=settings.llm != "none"):
        changed = replace(Settings.load(**_fields(settings)), rules=_off(settings.rules, entry))
        if entry.stage == "index":  # a store of its own, indexed under the changed rules
            configure(changed.rules)
            key = hashlib.blake2b(entry.name.encode(), digest_size=4).hexdigest()
            changed = eval_settings(archives, replace(changed, store=settings.store.with_name(f"{settings.store.name}-{key}")))
        else:
            changed = replace(changed, store=base.store)
        rows.append(_measure(gold, changed, entry.name, entry.description))
    Settings.load(**_fields(settings))  # the configuration the run started with, in force again
    return rows


def _off(rules, entry):
    from index.lang.registry import with_changes

    return with_changes(rules, {entry.name: entry.off})


def _fields(settings) -> dict:
    return {name: getattr(settings, name) for name in ("store", "embedder", "llm", "llm_model", "llm_base_url", "rules")}


def _measure(gold: Path, settings, name: str, description: str) -> Row:
    from assistant.engine import open_store
    from index.lang.registry import configure
    from evals.aggregate import summarise
    from evals.harness import load_gold, run, store_answerer, store_searcher

    configure(settings.rules)
    store = open_store(settings)
    results = run(load_gold(gold), store_answerer(store, settings), store_searcher(store), warm_up=False)
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
    parser.add_argument("--archive", type=Path, action="append", required=True,
                        help="protocol folder the gold set was written for (repeatable), indexed into eval stores of its own")
    parser.add_argument("--only", action="append", default=[], help="only the entries whose name contains this (repeatable)")
    parser.add_argument("--llm", default=None, help="a language model backend, to measure the generation checks too")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for name in ("httpx", "chromadb", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    settings = Settings.load(llm=args.llm)
    sys.stdout.write(table(ablate(args.gold, args.archive, settings, args.only)) + "\n")


if __name__ == "__main__":
    main()
