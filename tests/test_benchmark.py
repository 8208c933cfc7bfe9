"""The benchmark runner end to end on a tiny synthetic archive: it indexes, times and compares
with the plain LlamaIndex pipeline. The figures themselves are printed by `python -m benchmarks.run`;
this only checks that every figure is produced and consistent."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

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
