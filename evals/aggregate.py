"""From per-question results to summaries: overall, by kind and by language.

How questions count (stated in every report, see AGGREGATION):
- retrieval (Recall@k, MRR), citation precision/recall and facts are means over the *answerable*
  questions only (gold non-empty); a false abstention counts there as an answer citing nothing
  (precision 0, recall 0) and without facts (0), so abstaining never raises a score;
- abstention accuracy = share of *unanswerable* questions on which the assistant abstained;
- false-abstention rate = share of *answerable* questions on which it abstained;
- latency percentiles are over every question.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from evals.harness import QuestionResult
from evals.metrics import mean, percentile

AGGREGATION = (
    "Retrieval, citation and fact metrics are means over answerable questions only (non-empty gold); "
    "a false abstention there scores citation precision 0, recall 0 and facts 0. Recall@k is the share of "
    "the gold § among the top k (so Recall@1 is at most 1/n for a question with n gold §). "
    "Abstention accuracy is over unanswerable questions; false-abstention rate over answerable ones; "
    "latency over all questions. A metric shown as '-' has no question it applies to."
)

# name -> (column label, higher is better)
METRICS: dict[str, tuple[str, bool]] = {
    "recall@1": ("R@1", True),
    "recall@5": ("R@5", True),
    "recall@10": ("R@10", True),
    "mrr": ("MRR", True),
    "citation_precision": ("CiteP", True),
    "citation_recall": ("CiteR", True),
    "facts": ("Facts", True),
    "abstention_accuracy": ("Abst", True),
    "false_abstention_rate": ("FAbst", False),
    "pass_rate": ("Pass", True),
    "latency_p50_ms": ("p50 ms", False),
    "latency_p95_ms": ("p95 ms", False),
}


@dataclass
class Summary:
    n: int
    answerable: int
    unanswerable: int
    errors: int
    metrics: dict[str, float | None] = field(default_factory=dict)
    modes: dict[str, int] = field(default_factory=dict)  # answers by how they were made (with an LLM: 'llm' vs fallbacks)

    def to_json(self) -> dict:
        return {"n": self.n, "answerable": self.answerable, "unanswerable": self.unanswerable, "errors": self.errors,
                **self.metrics, "modes": self.modes}


def _answered_score(r: QuestionResult, value: float | None) -> float | None:
    """A false abstention on an answerable question scores 0 rather than dropping out."""
    return 0.0 if r.answerable and r.abstained else value


def summarise(results: list[QuestionResult]) -> Summary:
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    latencies = [r.latency_ms for r in results]
    metrics: dict[str, float | None] = {f"recall{k}": mean(r.recall.get(k) for r in answerable) for k in ("@1", "@5", "@10")}
    metrics["mrr"] = mean(r.mrr for r in answerable)
    metrics["citation_precision"] = mean(_answered_score(r, r.citation_precision) for r in answerable)
    metrics["citation_recall"] = mean(_answered_score(r, r.citation_recall) for r in answerable)
    metrics["facts"] = mean(_answered_score(r, r.facts) for r in answerable)
    metrics["abstention_accuracy"] = mean(float(r.abstained) for r in unanswerable)
    metrics["false_abstention_rate"] = mean(float(r.abstained) for r in answerable)
    metrics["pass_rate"] = mean(float(not r.failures) for r in results)
    metrics["latency_p50_ms"] = percentile(latencies, 50)
    metrics["latency_p95_ms"] = percentile(latencies, 95)
    modes = dict(Counter(r.mode for r in results if r.mode))
    return Summary(len(results), len(answerable), len(unanswerable), sum(bool(r.error) for r in results), metrics, modes)


def breakdown(results: list[QuestionResult], key: str) -> dict[str, Summary]:
    """One summary per value of `key` ('kind' or 'lang'), in order of first appearance."""
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        groups.setdefault(getattr(r, key), []).append(r)
    return {name: summarise(group) for name, group in groups.items()}


@dataclass
class EvalReport:
    results: list[QuestionResult]
    overall: Summary
    by_kind: dict[str, Summary]
    by_lang: dict[str, Summary]
    meta: dict = field(default_factory=dict)  # gold file, store, k, mode

    @classmethod
    def of(cls, results: list[QuestionResult], meta: dict | None = None) -> "EvalReport":
        return cls(results, summarise(results), breakdown(results, "kind"), breakdown(results, "lang"), meta or {})

    @property
    def failed(self) -> list[QuestionResult]:
        return [r for r in self.results if r.failures]

    def to_json(self) -> dict:
        return {
            "meta": self.meta,
            "aggregation": AGGREGATION,
            "overall": self.overall.to_json(),
            "by_kind": {k: s.to_json() for k, s in self.by_kind.items()},
            "by_lang": {k: s.to_json() for k, s in self.by_lang.items()},
            "questions": [r.to_json() for r in self.results],
        }
