"""The quality gate: compare a report with the floors in evals/floors.json.

floors.json maps a scope to metric limits:
    {"overall": {"recall@5": 0.9, "false_abstention_rate": 0.1},
     "by_lang": {"en": {"facts": 0.6}}, "by_kind": {"unanswerable": {"abstention_accuracy": 0.8}}}
For a metric where higher is better the limit is a floor; where lower is better
(false_abstention_rate, latency) it is a ceiling. Keys starting with '_' are comments.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.aggregate import METRICS, EvalReport
from index.errors import BadInput

SCOPES = ("overall", "by_lang", "by_kind")
DEFAULT_FLOORS = Path(__file__).with_name("floors.json")


def load_floors(path: Path = DEFAULT_FLOORS) -> dict:
    if not path.is_file():
        raise BadInput(f"{path}: no such floors file")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}: {exc}") from None


def check_floors(report: EvalReport | dict, floors: dict) -> list[str]:
    """Every limit the report breaks, one sentence each; empty when the report passes.
    A limit on a group or metric the report does not have is a violation too (it was not measured)."""
    data = report.to_json() if isinstance(report, EvalReport) else report
    violations: list[str] = []
    for scope, limits in _limits(floors):
        summary = _find(data, scope)
        if summary is None:
            violations.append(f"{scope}: no questions in this group")
            continue
        for metric, limit in limits.items():
            value = summary.get(metric)
            higher_is_better = METRICS[metric][1]
            if value is None:
                violations.append(f"{scope} {metric}: not measured (no question it applies to)")
            elif higher_is_better and value < limit:
                violations.append(f"{scope} {metric} = {value:.3f}, below the floor {limit}")
            elif not higher_is_better and value > limit:
                violations.append(f"{scope} {metric} = {value:.3f}, above the ceiling {limit}")
    return violations


def _limits(floors: dict) -> list[tuple[str, dict[str, float]]]:
    """Flatten floors to (scope label, {metric: limit}), checking every name."""
    out = []
    for scope, body in floors.items():
        if scope.startswith("_"):
            continue
        if scope not in SCOPES:
            raise BadInput(f"unknown floors scope {scope!r}; valid: {', '.join(SCOPES)}")
        groups = {"": body} if scope == "overall" else body
        for group, limits in groups.items():
            if group.startswith("_"):
                continue
            unknown = [m for m in limits if m not in METRICS and not m.startswith("_")]
            if unknown:
                raise BadInput(f"unknown metric(s) {', '.join(unknown)} in floors; valid: {', '.join(METRICS)}")
            label = scope if scope == "overall" else f"{scope}[{group}]"
            out.append((label, {m: float(v) for m, v in limits.items() if not m.startswith("_")}))
    return out


def _find(data: dict, label: str) -> dict | None:
    if label == "overall":
        return data["overall"]
    scope, group = label[:-1].split("[", 1)
    return data[scope].get(group)
