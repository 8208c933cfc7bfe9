"""Calibration of the answer model: does a § it finds 70 % probable turn out to be gold 70 % of the time?

Two views, each over equal-width bins of the predicted probability: every distinct candidate § of every question
(the citation decision), and each question's most probable § (the answer-or-abstain decision, where an
unanswerable question's best § is never gold). Written as a table and a reliability diagram.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evals.learn.collect import Example

BINS = 10


def points(examples: list[Example], probabilities: dict[str, np.ndarray], best_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """(predicted, observed 0/1) per distinct § of each question, or per question's best §."""
    predicted, observed = [], []
    for e in examples:
        best: dict[str, tuple[float, bool]] = {}
        for paragraph, p, gold in zip(e.paragraphs, probabilities[e.id], e.labels):
            if paragraph not in best or p > best[paragraph][0]:
                best[paragraph] = (float(p), bool(gold) or best.get(paragraph, (0.0, False))[1])
        values = sorted(best.values(), key=lambda v: -v[0])[:1] if best_only else list(best.values())
        predicted += [v[0] for v in values]
        observed += [float(v[1]) for v in values]
    return np.asarray(predicted), np.asarray(observed)


def table(predicted: np.ndarray, observed: np.ndarray) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean predicted, share observed) for each non-empty bin."""
    edges = np.linspace(0, 1, BINS + 1)
    index = np.clip(np.digitize(predicted, edges[1:-1]), 0, BINS - 1)
    rows = []
    for b in range(BINS):
        mask = index == b
        if mask.any():
            rows.append((f"{edges[b]:.1f}–{edges[b + 1]:.1f}", int(mask.sum()), float(predicted[mask].mean()),
                         float(observed[mask].mean())))
    return rows


def expected_calibration_error(predicted: np.ndarray, observed: np.ndarray) -> float:
    """Σ over bins of (bin share) × |mean predicted − share observed| (Naeini et al., 2015)."""
    rows = table(predicted, observed)
    total = sum(r[1] for r in rows) or 1
    return sum(r[1] / total * abs(r[2] - r[3]) for r in rows)


def diagram(sets: dict[str, list[Example]], probabilities: dict[str, np.ndarray], path: Path) -> None:
    """The reliability diagram: one panel per view, one line per question set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    for axis, best_only, title in ((axes[0], False, "every candidate §"), (axes[1], True, "each question's best §")):
        axis.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
        for name, examples in sets.items():
            predicted, observed = points(examples, probabilities, best_only)
            rows = table(predicted, observed)
            ece = expected_calibration_error(predicted, observed)
            axis.plot([r[2] for r in rows], [r[3] for r in rows], marker="o", label=f"{name} (ECE {ece:.3f})")
        axis.set(title=title, xlabel="predicted probability of a gold §", ylabel="share that is gold", xlim=(0, 1), ylim=(0, 1))
        axis.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
