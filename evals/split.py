"""Split new evaluation questions into tune and test by a fixed seed.

Stratified by kind, so both halves hold the same mix (unanswerable near misses included): within
each kind the questions are ordered by sha256(SEED + id) and dealt alternately to tune and test,
so the split does not depend on file order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

SEED = "paragraf-split-2026"


def deal(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(tune, test): each kind's questions in seeded-hash order, dealt alternately."""
    tune: list[dict] = []
    test: list[dict] = []
    for kind in sorted({row["kind"] for row in rows}):
        ordered = sorted((r for r in rows if r["kind"] == kind),
                         key=lambda r: hashlib.sha256(f"{SEED}:{r['id']}".encode()).hexdigest())
        tune += ordered[0::2]
        test += ordered[1::2]
    return tune, test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs", nargs="+", type=Path, help="question JSONL files")
    parser.add_argument("--tune", type=Path, default=Path("evals/tune.jsonl"))
    parser.add_argument("--test", type=Path, default=Path("evals/test.jsonl"))
    args = parser.parse_args()
    rows = [json.loads(line) for path in args.inputs
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tune, test = deal(rows)
    for path, part in ((args.tune, tune), (args.test, test)):
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in part), encoding="utf-8")
    print(f"tune {len(tune)}, test {len(test)}")


if __name__ == "__main__":
    main()
