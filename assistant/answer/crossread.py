"""The cross-reader: the question and the § an answer would rest on, read together by E5.

E5 is a bi-encoder: the question and each § sentence are embedded apart, and their cosine says whether they speak
of the same topic, not whether the § holds the detail asked. Here E5 also reads them as one text — the question
followed by the §'s title and its sentences nearest the question — so that its attention reads each word of the
one against the other. What the question adds to the § (the joint text's vector minus the § text's own) is small
when the § already speaks of all that is asked, and points toward the missing detail when it does not (a landlord,
a rent, a chair where a justerare is elected). A logistic regression over that shift (`models/crossread.json`,
fitted on train's questions by `python -m evals.learn.nearmiss`) gives the probability that the § holds what is
asked: one feature of the near-miss check (assistant/answer/nearmiss.py `cross_read`).

The work is bounded: one embedder call of two short texts for the one § the answer would cite, and only when its
probability can change the check's decision (assistant/answer/nearmiss.py `settled`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from assistant.answer.features import Candidate
from assistant.answer.learned import MODELS, Logistic
from assistant.answer.sentences import unit
from index.lang.registry import rules
from index.store.generations import Snapshot

CROSSREAD_FILE = MODELS / "crossread.json"
DIMENSIONS = 384  # multilingual-e5-small's vectors, which the cross-reader was fitted on
CROSS_FEATURES = tuple(f"shift_{i}" for i in range(DIMENSIONS))


def cross_texts(question: str, candidate: Candidate, sentences: int) -> tuple[str, str]:
    """(question and §, § alone): the §'s title and its `sentences` sentences nearest the question, in the §'s order."""
    nearest = sorted(np.argsort(-np.asarray(candidate.similarity))[:sentences].tolist()) if len(candidate.similarity) else []
    passage = f"{candidate.hit.title}. " + " ".join(candidate.sentences[i] for i in nearest)
    return f"{question} {passage}", passage


def shift(joint: np.ndarray, alone: np.ndarray) -> np.ndarray:
    """What the question adds to the § by meaning: the joint text's unit vector minus the § text's."""
    return unit(np.asarray(joint, dtype=np.float64)) - unit(np.asarray(alone, dtype=np.float64))


def cross_vector(view: Snapshot, candidate: Candidate) -> np.ndarray:
    """The shift of a candidate § under the question of its reading (one embedder call, two texts)."""
    joint, alone = cross_texts(candidate.reading.plan.question, candidate, rules().answer.cross_sentences)
    vectors = view.embedder.get_text_embedding_batch([joint, alone])
    return shift(np.asarray(vectors[0]), np.asarray(vectors[1]))


@lru_cache(maxsize=1)
def cross_model() -> Logistic:
    return Logistic.load(CROSSREAD_FILE, CROSS_FEATURES)


def cross_probability(vector: np.ndarray, model: Logistic | None = None) -> float | None:
    """P(the § holds what is asked) from its shift; None when the store's embedder is not the one it was fitted on
    (its vectors have another length)."""
    if len(vector) != DIMENSIONS:
        return None
    return float((model or cross_model()).probability(vector)[0])


def cross_read(view: Snapshot, candidate: Candidate, model: Logistic | None = None) -> float | None:
    """The cross-reader's probability for a candidate §, or None when the reader is off (rule 'answer.cross_read'),
    before its embedder call, or cannot read the store's vectors (see `cross_probability`)."""
    if not rules().answer.cross_read:
        return None
    return cross_probability(cross_vector(view, candidate), model)
