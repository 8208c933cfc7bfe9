"""Does every rule earn its place? Each rule group switched off in turn, on one gold set, against the full system.

A rule group is one coherent rule of the answer path (a pattern, a word list, a hand-set number or a
small function). It is switched off in-process by replacing the module attribute it lives in with a
neutral one (a pattern that never matches, an empty list, a function that does nothing), for one run
of the eval harness, then restored: production code carries no switches. The store is indexed once
and reused for every run.

    python -m evals.ablation --gold evals/tune.jsonl --store <index of corpus/ + evals/layouts/>

prints a Markdown table: the full system first, then each group with its figures and the change in
fully-right questions when it is off (negative: the rule pays).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from evals.aggregate import Summary

log = logging.getLogger(__name__)

NEVER = re.compile(r"(?!)()")  # a pattern that matches nothing (with a group, for substitutions that name one)
COLUMNS = (("pass_rate", "Pass"), ("citation_precision", "Cite P"), ("citation_recall", "Cite R"), ("facts", "Facts"),
           ("abstention_accuracy", "Abst"), ("false_abstention_rate", "False abst"))


@dataclass(frozen=True)
class Patch:
    """module.attribute replaced by a neutral value; `make` builds it from the original (so a neutral
    function can wrap the one it replaces)."""

    module: str
    attribute: str
    make: Callable[[object], object]
    shown: str = ""  # how the table names it, when not the attribute ('INTENTS['digest']')


@dataclass(frozen=True)
class Group:
    name: str
    patches: tuple[Patch, ...]

    @property
    def where(self) -> str:
        return ", ".join(dict.fromkeys(f"{p.module.split('.')[-1]}:{p.shown or p.attribute}" for p in self.patches))


def to(value: object) -> Callable[[object], object]:
    return lambda _original: value


def _item(key: str, value: object) -> Callable[[object], object]:
    """A dict attribute with one entry replaced ('INTENTS' with its 'digest' pattern never matching)."""
    return lambda original: {**original, key: value}


def _intent(name: str) -> Patch:
    """The question plan without one of its INTENTS patterns."""
    return Patch("assistant.answer.plan", "INTENTS", _item(name, NEVER), f"INTENTS['{name}']")


def _without_decision_close(original):
    """pick_sentences without the § decision appended after the best sentences."""
    return lambda store, item, plan, limit=2: original(store, item, plan, limit)[:limit]


def _dated_reading_only(original):
    """_best_reading on the plan's own reading only (dates as meeting filters, never as what a § mentions)."""
    return lambda store, plan: original(store, replace(plan, undated=None))


def _without_standalone(original):
    """_reading that never tries a short follow-up on its own first."""
    return lambda store, plan: original(store, replace(plan, standalone=None))


def _body_as_verdict(original):
    """_retrieve searching only the organ the question names."""
    from assistant.answer import compose as answer

    def retrieve(store, plan):
        f = plan.filters
        if plan.no_meeting_in_range and not plan.mentions:
            return plan, [], []
        hits = answer._search(store, plan, f)
        return plan, hits, answer._backing(store, plan, hits)
    return retrieve


def _without_decisions(original):
    """search whose hits carry no decision sentences (index/parse/decisions.py at indexing)."""
    return lambda *args, **kwargs: [replace(h, decisions=[]) for h in original(*args, **kwargs)]


def _swedish_only(original):
    """topic_groups reading every question as Swedish: an English question's unknown lower-case words count."""
    return lambda query, lexical=None, english=False: original(query, lexical, False)


def _neutral_markers(_original):
    from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SWEDISH
    return set(STOPWORDS_EN_PLUS) - set(STOPWORDS_SWEDISH), set(STOPWORDS_SWEDISH) - set(STOPWORDS_EN_PLUS)


def _markers(index: int) -> Callable[[object], object]:
    return lambda original: _neutral_markers(original)[index]


def _english_stopwords(_original):
    from bm25s.stopwords import STOPWORDS_EN_PLUS
    return set(STOPWORDS_EN_PLUS)


Q, S, A, T = "assistant.answer.plan", "assistant.answer.support", "assistant.answer.compose", "assistant.prepare.timeline"
GROUPS: tuple[Group, ...] = (
    # question.py: the plan
    Group("language: question words added to the stop-word markers",
          (Patch(Q, "EN_MARKERS", _markers(0)), Patch(Q, "SV_MARKERS", _markers(1)))),
    Group("intent: a meeting's decisions (digest)", (_intent("digest"),)),
    Group("answer type: decision", (_intent("decision"),)),
    Group("answer type: amount", (_intent("amount"),)),
    Group("answer type: person", (_intent("person"),)),
    Group("answer type: date", (_intent("date"),)),
    Group("answer type: reason", (_intent("reason"),)),
    Group("answer types: amount, date and reason (all three)", (_intent("amount"), _intent("date"), _intent("reason"))),
    Group("cue: across organisations (best § per meeting)", (_intent("cross"),)),
    Group("intent: assignments", (Patch(Q, "ASSIGNMENT_RE", to(NEVER)),)),
    Group("assignments: whose (role words)", (Patch(Q, "ROLES", to([])),)),
    Group("assignments: words that are no subject", (Patch(A, "ASSIGNMENT_WORDS", to(set())),)),
    Group("follow-up: 'året innan' shifts the year", (Patch(Q, "YEAR_SHIFT", to([])),)),
    Group("follow-up: continuation or pronoun cue", (Patch(Q, "FOLLOW_UP_RE", to(NEVER)),)),
    Group("follow-up: a short question continues", (Patch(Q, "SHORT_FOLLOW_UP_WORDS", to(0)),)),
    Group("follow-up detection: continuation cue or short question (both)",
          (Patch(Q, "FOLLOW_UP_RE", to(NEVER)), Patch(Q, "SHORT_FOLLOW_UP_WORDS", to(0)))),
    Group("follow-up: a short question read alone first", (Patch(A, "_reading", _without_standalone),)),
    Group("follow-up: the previously cited § first", (Patch(A, "_prefer_context", to(lambda plan, backing: backing)),)),
    Group("filter: exact date in the question", (Patch(Q, "find_dates", to(lambda text: [])),)),
    Group("filter: month in the question", (Patch(Q, "MONTH_RE", to(NEVER)),)),
    Group("filter: year in the question", (Patch(Q, "YEAR_RE", to(NEVER)),)),
    Group("filter: 'senaste mötet' = the latest meeting", (Patch(Q, "LATEST_RE", to(NEVER)),)),
    Group("reading: a date as what a § mentions", (Patch(A, "_best_reading", _dated_reading_only),)),
    Group("topic: dates that became filters dropped", (Patch(Q, "DATE_PHRASES", to([])),)),
    Group("filter: organ named in the question", (Patch(Q, "BODY_CUES", to([])),)),
    Group("reading: the named organ searched with the others", (Patch(A, "_retrieve", _body_as_verdict),)),
    Group("refusal: organisation the archive lacks", (Patch(Q, "UNKNOWN_ORG_RE", to(NEVER)),)),
    Group("refusal: names the period only for a meeting word", (Patch(Q, "MEETING_WORD_RE", to(re.compile(""))),)),
    Group("question: possessive 's dropped", (Patch(Q, "POSSESSIVE_RE", to(NEVER)),)),
    # support.py: what counts as the subject, and what a sentence holds
    Group("subject: generic question words", (Patch(S, "GENERIC", to(set())), Patch(Q, "GENERIC", to(set())))),
    Group("subject: English question words beyond bm25s stop words", (Patch(S, "ENGLISH", _english_stopwords),)),
    Group("subject: English amount words ('cost') no subject", (Patch(S, "AMOUNT_FRAME", to(set())),)),
    Group("subject: unknown English lower-case words no subject", (Patch(S, "topic_groups", _swedish_only),)),
    Group("subject: unknown compound split on a generic part", (Patch(S, "decompound", to(lambda *a, **k: [])),)),
    Group("subject: a stem found inside a compound", (Patch(S, "_in_text", to(lambda token, present: token in present)),)),
    Group("holds: counts (deltagare, %, st)", (Patch(S, "COUNT_RE", to(NEVER)),)),
    Group("holds: day and month, week", (Patch(S, "DAY_MONTH_RE", to(NEVER)),)),
    Group("holds: reason words", (Patch(S, "REASON_RE", to(NEVER)),)),
    # answer.py: which § and which sentences
    Group("sentences: weight of the question's rare words", (Patch(A, "SENTENCE_WORDS", to(0.0)),)),
    Group("sentences: weight of the asked-for answer type", (Patch(A, "SENTENCE_TYPE", to(0.0)),)),
    Group("sentences: the § decision closes the answer", (Patch(A, "pick_sentences", _without_decision_close),)),
    Group("sources: at most 3 cited § (6 across meetings)", (Patch(A, "MAX_SOURCES", to(99)), Patch(A, "MAX_CROSS_SOURCES", to(99)))),
    Group("answer: the § title before its quotes", (Patch(A, "quote_lines", to(
        lambda title, quotes, label: ["- " + " ".join(f'"{q}"' for q in quotes) + f" {label}"])),)),
    Group("digest: routine § left out (agenda, adjusters)", (Patch(A, "ROUTINE_TITLE", to(NEVER)),)),
    Group("digest: § that only filed information apart", (Patch(A, "_decides", to(lambda p: True)),)),
    Group("decision sentences (index/parse/decisions.py) in answers", (Patch(A, "search", _without_decisions),)),
    # timeline.py
    Group("intent: timeline question patterns", (Patch(Q, "TIMELINE_QUESTIONS", to([])),)),
    Group("timeline: relevance cut-off (every candidate listed)", (Patch(T, "on_its_own", to(lambda evidence, model=None: evidence)),)),
    # glossary.py (reworked on another branch: one group)
    Group("glossary: English -> Swedish terms", (
        Patch(S, "GLOSSARY", to({})), Patch(S, "GLOSSARY_RE", to(NEVER)),
        Patch(A, "to_swedish_terms", to(lambda text: "")), Patch("assistant.answer.retrieve", "to_swedish_terms", to(lambda text: "")))),
)


@contextmanager
def switched_off(group: Group) -> Iterator[None]:
    """The group's attributes replaced for the duration of the block, then restored; caches that hold
    results computed with a rule (support.topic_groups) are emptied on the way in and out."""
    from assistant.answer import support

    cached = support.topic_groups  # the cached function, whatever replaces it below
    saved = []
    try:
        for patch in group.patches:
            module = importlib.import_module(patch.module)
            if not hasattr(module, patch.attribute):
                raise AttributeError(f"{patch.module}.{patch.attribute} is gone: update the group '{group.name}'")
            original = getattr(module, patch.attribute)
            saved.append((module, patch.attribute, original))
            setattr(module, patch.attribute, patch.make(original))
        cached.cache_clear()
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)
        cached.cache_clear()


@dataclass
class Row:
    name: str
    where: str
    summary: Summary
    passed: int  # fully right questions

    def delta(self, full: "Row") -> int:
        return self.passed - full.passed


def ablate(gold: Path, store_path: Path, groups: tuple[Group, ...] = GROUPS) -> list[Row]:
    """The full system, then each group off, on one gold file and one store."""
    from assistant.engine import open_store
    from assistant.settings import Settings
    from evals.harness import load_gold, run, store_answerer, store_searcher
    from evals.aggregate import summarise

    settings = Settings.load(store=store_path)
    store = open_store(settings)
    items = load_gold(gold)
    answerer, searcher = store_answerer(store, settings), store_searcher(store)

    def measure(name: str, where: str) -> Row:
        results = run(items, answerer, searcher, warm_up=False)
        row = Row(name, where, summarise(results), sum(not r.failures for r in results))
        log.info("%s: %d of %d fully right; %s", name, row.passed, len(results),
                 ", ".join(f"{c} {_figure(row.summary.metrics.get(k))}" for k, c in COLUMNS))
        return row

    run(items[:1], answerer, searcher, warm_up=False)  # load models and indexes outside the measured runs
    rows = [measure("full system", "")]
    for group in groups:
        with switched_off(group):
            rows.append(measure(group.name, group.where))
    return rows


def table(rows: list[Row]) -> str:
    """Markdown: one line per run; Δ is the change in fully-right questions against the full system."""
    full = rows[0]
    head = "| rule group switched off | where | " + " | ".join(c for _, c in COLUMNS) + " | Δ pass (questions) |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 3)]
    for row in rows:
        values = " | ".join(_figure(row.summary.metrics.get(key)) for key, _ in COLUMNS)
        delta = "" if row is full else f"{row.delta(full):+d}"
        lines.append(f"| {row.name} | {row.where} | {values} | {delta} |")
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold JSONL (tune: the only set rules are judged on)")
    parser.add_argument("--store", type=Path, required=True, help="an indexed store of the archive the gold set was written for")
    parser.add_argument("--only", action="append", default=[], help="run only the groups whose name contains this (repeatable)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for name in ("httpx", "chromadb", "bm25s"):
        logging.getLogger(name).setLevel(logging.WARNING)
    groups = tuple(g for g in GROUPS if not args.only or any(o.lower() in g.name.lower() for o in args.only))
    sys.stdout.write(table(ablate(args.gold, args.store, groups)) + "\n")


if __name__ == "__main__":
    main()
