"""Run a gold file through the assistant and score every question.

The harness takes an *answerer* (question, history -> Answer) and a *searcher* (query, filters ->
hits), so it runs on any archive with the real `ask` and `search`, and tests can inject fakes.
Retrieval is scored on the query the answerer itself searched with: the resolved question of a
follow-up when the Answer exposes one, and the filters it read from the question.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from assistant.models import Answer, Citation, Filters, Hit
from evals.metrics import (
    Ref, citation_precision, citation_recall, fact_share, present_facts, recall_at_k, reciprocal_rank, resolve, unique,
)
from index.errors import BadInput

log = logging.getLogger(__name__)

Answerer = Callable[[str, list[dict] | None], Answer]
Searcher = Callable[[str, Filters], list[Hit]]
RECALL_KS = (1, 5, 10)
REQUIRED = ("id", "lang", "question", "gold", "must_include", "kind")


@dataclass(frozen=True)
class GoldItem:
    id: str
    lang: str
    question: str
    gold: tuple[Ref, ...]
    must_include: tuple[str, ...]
    kind: str
    answer: str = ""  # the reference answer, shown next to failures
    history: tuple[dict, ...] = ()
    archive: str = ""  # the invented archive(s) the question is about ('a+b' for two); '' for the first gold files

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold JSONL file; every problem is reported with its line number."""
    if not path.is_file():
        raise BadInput(f"{path}: no such gold file")
    items: list[GoldItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            items.append(_gold_item(line, f"{path}:{number}"))
    if not items:
        raise BadInput(f"{path}: no questions")
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise BadInput(f"{path}: question id {item.id!r} appears twice")
        seen.add(item.id)
    return items


def _gold_item(line: str, where: str) -> GoldItem:
    try:
        row = json.loads(line)
        missing = [key for key in REQUIRED if key not in row]
        if missing:
            raise BadInput(f"{where}: missing {', '.join(missing)}")
        gold = tuple(Ref(g.get("org"), date.fromisoformat(g["date"]).isoformat() if g.get("date") else "", str(g["paragraph"]))
                     for g in row["gold"])  # a meeting whose protocol gives no date: '' (as its § are stored)
        history = tuple({"role": str(t["role"]), "content": str(t["content"])} for t in row.get("history") or [])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise BadInput(f"{where}: {exc}") from None
    return GoldItem(str(row["id"]), str(row["lang"]), str(row["question"]), gold, tuple(map(str, row["must_include"])),
                    str(row["kind"]), str(row.get("answer", "")), history, str(row.get("archive") or ""))


def ref_of(organisation: str, day: str, number: int, title: str, label: str | None = None) -> Ref:
    """How a gold file names a retrieved or cited §: its label as printed, else its number, else (an unnumbered §)
    its heading."""
    return Ref(organisation, day, label or (str(number) if number else title))


def hit_ref(hit: Hit | Citation) -> Ref:
    """A hit or citation as a Ref; its printed label once the parser keeps one (Citation.label() is its text)."""
    label = getattr(hit, "label", None)
    return ref_of(hit.organisation, hit.date, hit.paragraph, hit.title, label if isinstance(label, str) else None)


@dataclass
class QuestionResult:
    """One question: what was expected, what came back, and its scores (None = not defined)."""

    id: str
    lang: str
    kind: str
    question: str
    history: list[dict]
    answerable: bool
    gold: list[Ref]
    must_include: list[str]
    reference_answer: str
    answer: str = ""
    abstained: bool = False
    citations: list[dict] = field(default_factory=list)
    search_query: str = ""
    search_filters: dict = field(default_factory=dict)
    retrieved: list[Ref] = field(default_factory=list)
    cited: list[Ref] = field(default_factory=list)  # the cited §, each as the gold names it when it is a gold §
    recall: dict[str, float | None] = field(default_factory=dict)  # "@1", "@5", "@10"
    mrr: float | None = None
    citation_precision: float | None = None
    citation_recall: float | None = None
    facts: float | None = None
    missing_facts: list[str] = field(default_factory=list)
    abstention_correct: bool = False
    latency_ms: float = 0.0
    error: str = ""
    mode: str = ""  # how the answer was made: extractive, llm, digest, timeline, assignments
    checks: list[str] = field(default_factory=list)  # the citation checks that fired (LLM answers)

    @property
    def failures(self) -> list[str]:
        """Why this question counts as failed; empty when it passed (fully right: every gold § cited and no other,
        every required fact quoted; an unanswerable question refused, an answerable one answered)."""
        reasons = [f"error: {self.error}"] if self.error else []
        if not self.abstention_correct:
            reasons.append("abstained on an answerable question" if self.abstained else "answered an unanswerable question")
        if self.answerable and not self.abstained:
            if self.missing_facts:
                reasons.append("missing facts: " + "; ".join(self.missing_facts))
            uncited = [str(g) for g in self.gold if g not in set(self.cited)]
            if uncited:
                reasons.append("gold § not cited: " + ", ".join(uncited))
            extra = [str(c) for c in self.cited if c not in set(self.gold)]
            if extra:
                reasons.append("cited beyond the gold: " + ", ".join(extra))
        return reasons

    def to_json(self) -> dict:
        data = asdict(self)
        data["gold"] = [g._asdict() for g in self.gold]
        data["retrieved"] = [r._asdict() for r in self.retrieved]
        data["cited"] = [r._asdict() for r in self.cited]
        data["failures"] = self.failures
        return data


def score(item: GoldItem, answer: Answer, hits: list[Hit], latency_ms: float) -> QuestionResult:
    """Score one answer and the search hits against its gold item."""
    gold = set(item.gold)
    retrieved = unique(resolve(hit_ref(h), gold) for h in hits)
    cited = unique(resolve(hit_ref(c), gold) for c in answer.citations)
    found = present_facts(answer.answer, item.must_include)
    return QuestionResult(
        item.id, item.lang, item.kind, item.question, list(item.history), item.answerable, list(item.gold),
        list(item.must_include), item.answer, answer.answer, answer.abstained, [c.to_json() for c in answer.citations],
        retrieved=retrieved,
        cited=cited,
        recall={f"@{k}": recall_at_k(retrieved, gold, k) for k in RECALL_KS},
        mrr=reciprocal_rank(retrieved, gold),
        citation_precision=citation_precision(cited, gold),
        citation_recall=citation_recall(cited, gold),
        facts=fact_share(answer.answer, item.must_include) if item.answerable else None,
        missing_facts=[f for f, ok in zip(item.must_include, found) if not ok] if item.answerable else [],
        abstention_correct=answer.abstained != item.answerable,
        latency_ms=round(latency_ms, 1),
        mode=answer.mode,
        checks=list(answer.checks),
    )


def run_one(item: GoldItem, answerer: Answerer, searcher: Searcher | None) -> QuestionResult:
    """Ask, then search with the query and filters the answer was built on. A failing question is
    recorded with its error (scored as an empty answer) so one bad question never stops a run."""
    history = list(item.history) or None
    started = time.perf_counter()
    try:
        answer = answerer(item.question, history)
    except Exception as exc:  # noqa: BLE001 - the run goes on; the error is in the report
        log.warning("%s: ask failed: %s", item.id, exc)
        answer, error = Answer(item.question, "", False), f"{type(exc).__name__}: {exc}"
    else:
        error = ""
    latency_ms = (time.perf_counter() - started) * 1000
    query = (getattr(answer, "resolved_question", "") or "").strip() or item.question
    filters = answer.filters if isinstance(getattr(answer, "filters", None), Filters) else Filters()
    hits: list[Hit] = []
    if searcher is not None:
        try:
            hits = searcher(query, filters)
        except Exception as exc:  # noqa: BLE001
            log.warning("%s: search failed: %s", item.id, exc)
            error = error or f"search: {type(exc).__name__}: {exc}"
    result = score(item, answer, hits, latency_ms)
    result.search_query, result.search_filters, result.error = query, asdict(filters), error
    return result


def run(items: list[GoldItem], answerer: Answerer, searcher: Searcher | None, progress: bool = False,
        warm_up: bool = True) -> list[QuestionResult]:
    """Every gold question through the answerer and the searcher, in file order. With `warm_up`,
    one untimed ask first loads models and indexes, so latency is that of a running service."""
    if warm_up and items:
        try:
            answerer(items[0].question, None)
        except Exception as exc:  # noqa: BLE001 - the timed run will record it
            log.warning("warm-up ask failed: %s", exc)
    if not progress:
        return [run_one(item, answerer, searcher) for item in items]
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("Evaluating {task.fields[qid]}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    results = []
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("eval", total=len(items), qid="")
        for item in items:
            bar.update(task, qid=item.id)
            results.append(run_one(item, answerer, searcher))
            bar.advance(task)
    return results


def store_answerer(store, settings) -> Answerer:
    """The real `ask` on a store, imported only when needed; a gold history's earlier answers carry the § they
    name, as the chat's turns do (evals/history.py)."""
    from assistant.ask import ask
    from evals.history import with_citations

    return lambda question, history: ask(store, question, with_citations(store.snapshot(), history), Filters(), settings)


def store_searcher(store, k: int = 10) -> Searcher:
    """The real hybrid `search` on a store, k results."""
    from assistant.answer.retrieve import search

    if k < 1:
        raise BadInput("k must be at least 1")
    return lambda query, filters: search(store, query, k, filters)
