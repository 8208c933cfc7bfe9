"""Examples for the learned parts: every question of a split planned and searched exactly as `ask` does, each
candidate § of each reading with its features (assistant/answer/features.py), labelled by whether it is a gold §;
and, for the gold §, each sentence with its features, labelled by whether it holds a required fact.

Invented questions are asked in the store of their own archive with the headers corrected from the archive's
truth (evals/run.py `archive_settings`), so a label says what the answer side should do, whatever the parser
made of a letterhead; the first question sets in the store of their archive folders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.answer.features import RANK_FEATURES, SENTENCE_FEATURES, candidates, sentence_features
from assistant.answer.plan import understand, with_filters
from assistant.models import Filters
from assistant.settings import Settings
from evals.harness import GoldItem, hit_ref, load_gold
from evals.history import with_citations
from evals.metrics import normalise, resolve
from evals.run import archive_settings, by_archive, eval_settings

log = logging.getLogger(__name__)


@dataclass
class Example:
    """One question: its candidates (one row each), their labels, and the sentences of its gold candidates."""

    id: str
    split: str
    archive: str
    kind: str
    lang: str
    intent: str  # the plan's: only plain answers ('answer') go through the learned parts
    answerable: bool
    gold_count: int
    values: np.ndarray  # candidates x RANK_FEATURES
    labels: np.ndarray  # a gold § or not, per candidate
    paragraphs: list[str]  # the candidates' § ids (a § under two readings is two candidates)
    sentence_values: np.ndarray = field(default_factory=lambda: np.zeros((0, len(SENTENCE_FEATURES))))
    sentence_labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    sentence_groups: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # candidate row per sentence
    meetings: list[str] = field(default_factory=list)  # each candidate's meeting ('organisation|date')
    across: bool = False  # the question asks across meetings or organisations (one § of each is cited)
    question: str = ""  # as asked: what the question classifier reads (evals/learn/citeset.py)
    subjects: list[dict[frozenset[str], float]] = field(default_factory=list)  # each candidate's subject words held


def holds_fact(sentence: str, facts: tuple[str, ...]) -> bool:
    """Whether a sentence quotes one of the required facts, compared as the eval compares them."""
    text = normalise(sentence)
    return any(normalise(f) in text for f in facts)


def question_example(view, item: GoldItem, split: str) -> Example:
    history = with_citations(view, list(item.history) or None)  # as the chat hands it to `ask` (evals/history.py)
    plan = with_filters(understand(item.question, history, view.meetings), Filters())
    found = candidates(view, plan)
    gold = set(item.gold)
    labels = [resolve(hit_ref(c.hit), gold) in gold for c in found]
    sentence_rows, sentence_labels, groups = [], [], []
    for row, (candidate, label) in enumerate(zip(found, labels)):
        if label and item.must_include:
            rows = sentence_features(view, candidate)
            sentence_rows.append(rows)
            sentence_labels += [holds_fact(s, item.must_include) for s in candidate.sentences]
            groups += [row] * len(rows)
    values = np.stack([c.values for c in found]) if found else np.zeros((0, len(RANK_FEATURES)))
    return Example(item.id, split, item.archive or "corpus", item.kind, item.lang, plan.intent, item.answerable, len(gold), values,
                   np.asarray(labels, dtype=bool), [c.hit.id for c in found],
                   np.vstack(sentence_rows) if sentence_rows else np.zeros((0, len(SENTENCE_FEATURES))),
                   np.asarray(sentence_labels, dtype=bool), np.asarray(groups, dtype=int),
                   [f"{c.hit.organisation}|{c.hit.date}" for c in found], bool({"cross", "across_meetings"} & plan.intents),
                   item.question, [c.subject for c in found])


def collect(gold: Path, split: str, settings: Settings, invented: Path | None = None,
            archives: list[Path] | None = None) -> list[Example]:
    """The examples of one question file: per invented archive (corrected headers), or over `archives`."""
    from assistant.engine import open_store

    items = load_gold(gold)
    if invented is not None:
        groups = [(archive_settings(names, settings, invented, corrected=True), group)
                  for names, group in by_archive(items).items()]
    else:
        groups = [(eval_settings(archives or [Path("corpus")], settings), items)]
    out = []
    for group_settings, group in groups:
        view = open_store(group_settings).snapshot()
        for item in group:
            out.append(question_example(view, item, split))
    log.info("%s: %d questions, %d candidates", gold, len(out), sum(len(e.labels) for e in out))
    return out
