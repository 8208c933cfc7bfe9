"""Write an eval report: report.json (everything), report.md (tables and failed questions for a
person) and metrics_by_kind.png (grouped bars); and the summary as a rich table for the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from evals.aggregate import AGGREGATION, METRICS, EvalReport, Summary
from evals.harness import QuestionResult

TABLE_METRICS = list(METRICS)
TERMINAL_METRICS = ["recall@5", "mrr", "citation_precision", "citation_recall", "facts", "abstention_accuracy",
                    "false_abstention_rate", "pass_rate"]  # the group tables in an 80-column terminal
CHART_METRICS = ["recall@5", "mrr", "citation_precision", "citation_recall", "facts", "abstention_accuracy", "pass_rate"]
ANSWER_CHARS = 700
LEGEND = ("R@k: Recall@k of the gold §; MRR: mean reciprocal rank; CiteP/CiteR: citation precision/recall; "
          "Facts: share of must-include strings in the answer; Abst: abstention accuracy (unanswerable); "
          "FAbst: false-abstention rate (answerable); Pass: share of questions with no failure; p50/p95: latency of ask.")


def fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if metric.endswith("_ms") else f"{value:.2f}"


def write_report(report: EvalReport, out: Path) -> list[Path]:
    """Write the three files into `out` (created if needed); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", out / "metrics_by_kind.png"]
    paths[0].write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    chart(report, paths[2])
    return paths


def _overall_rows(s: Summary) -> list[tuple[str, str]]:
    rows = [("questions", str(s.n)), ("answerable", str(s.answerable)), ("unanswerable", str(s.unanswerable))]
    rows += [(metric, fmt(metric, s.metrics.get(metric))) for metric in TABLE_METRICS]
    rows.append(("errors", str(s.errors)))
    rows += [(f"answers: {mode}", str(n)) for mode, n in sorted(s.modes.items())]
    return rows


def _group_table(groups: dict[str, Summary], name: str) -> list[str]:
    head = [name, "n"] + [METRICS[m][0] for m in TABLE_METRICS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for group, s in groups.items():
        lines.append("| " + " | ".join([group, str(s.n)] + [fmt(m, s.metrics.get(m)) for m in TABLE_METRICS]) + " |")
    return lines


def markdown(report: EvalReport) -> str:
    meta = ", ".join(f"{k}: `{v}`" for k, v in report.meta.items())
    lines = ["# Paragraf eval report", "", meta, "", f"_{AGGREGATION}_", "", "## Summary", "",
             "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _overall_rows(report.overall)]
    lines += ["", "## By kind", "", *_group_table(report.by_kind, "kind"), "", LEGEND, "",
              "## By language", "", *_group_table(report.by_lang, "lang"), "",
              f"## Failed questions ({len(report.failed)} of {len(report.results)})", ""]
    for r in report.failed:
        lines += _failure(r)
    return "\n".join(lines) + "\n"


def _failure(r: QuestionResult) -> list[str]:
    quote = lambda text: "> " + text.strip().replace("\n", "\n> ") if text.strip() else "> (empty)"  # noqa: E731
    answer = r.answer if len(r.answer) <= ANSWER_CHARS else r.answer[:ANSWER_CHARS] + " …"
    gold = set(r.gold)
    lines = [f"### {r.id} ({r.kind}, {r.lang})", ""]
    lines += [f"- earlier turn ({t['role']}): {t['content']}" for t in r.history]
    lines += [f"- question: {r.question}"]
    if r.search_query != r.question:
        lines.append(f"- searched as: {r.search_query}")
    lines += ["- **why:** " + "; ".join(r.failures),
              "- expected §: " + (", ".join(map(str, r.gold)) or "none (should abstain)"),
              "- must include: " + (", ".join(f"`{f}`" for f in r.must_include) or "-"),
              "- cited: " + (", ".join(f"{x}{' ✓' if x in gold else ' ✗'}" for x in r.cited) or "nothing"),
              "- retrieved top 5: " + (", ".join(f"{x}{' ✓' if x in gold else ''}" for x in r.retrieved[:5]) or "nothing"),
              f"- abstained: {'yes' if r.abstained else 'no'}", "", "Expected answer:", "", quote(r.reference_answer),
              "", "Answer that came back:", "", quote(answer), ""]
    return lines


def chart(report: EvalReport, path: Path) -> None:
    """Grouped bars: one group per kind and one for all questions, one bar per metric
    (a metric not defined for a kind, e.g. retrieval on unanswerable questions, is left out)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    groups = {**report.by_kind, "all": report.overall}
    kinds = list(groups)
    width = 0.8 / len(CHART_METRICS)
    x = np.arange(len(kinds), dtype=np.float64)
    fig, ax = plt.subplots(figsize=(max(8.0, 1.3 * len(kinds)), 4.8))
    for i, metric in enumerate(CHART_METRICS):
        values = [groups[k].metrics.get(metric) for k in kinds]
        heights = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        ax.bar(x + (i - (len(CHART_METRICS) - 1) / 2) * width, heights, width, label=METRICS[metric][0])
    ax.set_xticks(x, [f"{k}\n(n={groups[k].n})" for k in kinds], fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Paragraf eval: metrics by question kind")
    ax.legend(ncol=len(CHART_METRICS), fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def summary_table(report: EvalReport):
    """The overall summary and the by-kind table as one rich renderable for the terminal."""
    from rich import box
    from rich.console import Group
    from rich.table import Table

    overall = Table(title="Paragraf eval: overall", box=box.SIMPLE_HEAD)
    overall.add_column("metric")
    overall.add_column("value", justify="right")
    for name, value in _overall_rows(report.overall):
        overall.add_row(name, value)
    tables = [overall]
    for title, groups in (("by kind", report.by_kind), ("by language", report.by_lang)):
        table = Table(title=f"{title} (full tables in report.md)", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("group", no_wrap=True)
        table.add_column("n", justify="right")
        for metric in TERMINAL_METRICS:
            table.add_column(METRICS[metric][0], justify="right")
        for group, s in groups.items():
            table.add_row(group, str(s.n), *[fmt(m, s.metrics.get(m)) for m in TERMINAL_METRICS])
        tables.append(table)
    return Group(*tables)
