"""The benchmark runners end to end on tiny synthetic archives: `benchmarks.run` indexes, times and
compares with the plain LlamaIndex pipeline; `benchmarks.load` puts simultaneous users on a real server
while another process indexes. The figures themselves are printed by `python -m benchmarks.run` and
`python -m benchmarks.load`; this only checks that every figure is produced and consistent."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from benchmarks.run import run_size, table


def test_one_size_is_measured_beside_the_llamaindex_baseline(tmp_path: Path) -> None:
    result = run_size(40, tmp_path / "work", seed=3, n_queries=5, baseline=True)
    assert result.paragraphs == 40 and result.files >= 2
    assert result.windows >= result.paragraphs  # every § has at least one vector
    assert 0 < result.embed_s <= result.index_s
    assert result.search.p50_ms > 0 and result.ask is not None and result.ask.p95_ms >= result.ask.p50_ms
    assert result.baseline_query is not None and result.baseline_index_per_s > 0
    assert set(result.ratios) == {"index_speed_paragraf_over_llamaindex", "search_p50_paragraf_over_llamaindex_retrieve",
                                  "ask_p50_paragraf_over_llamaindex_query"}
    row = table([asdict(result)]).splitlines()[2]
    assert row.startswith("| 40 | ") and "–" not in row


@pytest.mark.slow
def test_the_load_runner_measures_simultaneous_users_while_another_process_indexes(tmp_path: Path) -> None:
    from benchmarks.load import run_load

    result = run_load(paragraphs=30, incoming=12, users=3, questions=2, work=tmp_path, workers=2)
    assert result.questions == 6 and result.errors == []
    assert 0 < result.latency.p50_ms <= result.latency.p95_ms <= result.max_ms
    assert result.indexer_summary.startswith("Summary: ") and " 0 indexed" not in result.indexer_summary
    assert 0 <= result.overlap <= 1 and result.wall_s > 0


def test_a_report_holds_the_machine_the_command_and_the_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import sys

    from benchmarks.run import machine, write_report

    monkeypatch.setattr(sys, "argv", ["load.py", "--users", "3"])
    write_report(tmp_path / "out" / "load.json", "benchmarks.load", machine(), result={"questions": 15})
    report = json.loads((tmp_path / "out" / "load.json").read_text())
    assert report["command"].endswith("-m benchmarks.load --users 3") and report["result"] == {"questions": 15}
    assert report["machine"]["cores"] >= 1 and len(report["load_avg_at_end"]) == 3
