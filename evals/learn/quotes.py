"""Fitting the sentence selector: which sentence of a cited § holds the asked-for fact.

Examples are the sentences of the gold § of training questions that require facts; a sentence is labelled 1 when
it quotes one of them. The model is a logistic regression over SENTENCE_FEATURES; its quote threshold and the
number of sentences quoted per § are chosen on the tune examples for the share of required facts quoted, less a
small cost per sentence, so an answer quotes what holds the fact and little else.
"""

from __future__ import annotations

import numpy as np

from assistant.answer.features import SENTENCE_FEATURES
from assistant.answer.learned import Logistic, pick_quotes
from evals.learn.collect import Example
from evals.learn.fit import fit_logistic

QUOTE_THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)
MAX_QUOTES = (1, 2, 3)
SENTENCE_COST = 0.03  # facts quoted are worth this much more than each sentence it takes to quote them


def fit_quotes(examples: list[Example]) -> Logistic:
    rows = np.vstack([e.sentence_values for e in examples if len(e.sentence_values)])
    labels = np.concatenate([e.sentence_labels for e in examples if len(e.sentence_values)])
    return fit_logistic(rows, labels, SENTENCE_FEATURES)


def quoted_share(model: Logistic, examples: list[Example], thresholds: dict[str, float]) -> tuple[float, float]:
    """(share of the fact-holding sentences quoted, averaged over §; sentences quoted per §) over the gold § of the
    examples."""
    found, quoted, paragraphs = [], 0, 0
    fitted = Logistic(model.features, model.mean, model.scale, model.weights, model.bias, thresholds)
    for e in examples:
        for group in np.unique(e.sentence_groups):
            mask = e.sentence_groups == group
            labels = e.sentence_labels[mask]
            if not labels.any():
                continue
            sentences = [str(i) for i in range(int(mask.sum()))]
            chosen = pick_quotes(e.sentence_values[mask], sentences, alone=e.gold_count == 1, quotes=fitted)
            found.append(sum(labels[int(i)] for i in chosen) / labels.sum())
            quoted += len(chosen)
            paragraphs += 1
    return (float(np.mean(found)) if found else 0.0), quoted / max(paragraphs, 1)


def choose_quote_thresholds(model: Logistic, examples: list[Example]) -> dict[str, float]:
    best: tuple = ()
    for cap in MAX_QUOTES:
        for t in QUOTE_THRESHOLDS:
            thresholds = {"quote": float(t), "max_quotes": float(cap)}
            share, per_paragraph = quoted_share(model, examples, thresholds)
            key = (round(share - SENTENCE_COST * per_paragraph, 6), t, -cap)
            if not best or key > best[0]:
                best = (key, thresholds)
    return best[1]
