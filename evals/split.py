"""Split evaluation questions by a fixed seed.

Two splits, both by sha256(SEED + name) so neither depends on file order:
- `deal` (the questions over corpus/ + evals/layouts/, evals/tune.jsonl and evals/test.jsonl): stratified by
  kind, each kind's questions in seeded-hash order dealt alternately to tune and test;
- `by_archive` (the questions over the invented archives of evals/invented/): whole archives in seeded-hash
  order, the first TEST_ARCHIVES to test, the next TUNE_ARCHIVES to tune, the rest to train, so no test question
  is about an archive anything was fitted on; a question over two archives goes to test when either is a test
  archive, else to tune when either is a tune archive.

    python -m evals.split --by-archive /work/scratch/questions/q*.jsonl --out evals/invented
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

SEED = "paragraf-split-2026"
TEST_ARCHIVES = 3
TUNE_ARCHIVES = 2


def _order(name: str) -> str:
    return hashlib.sha256(f"{SEED}:{name}".encode()).hexdigest()


def deal(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(tune, test): each kind's questions in seeded-hash order, dealt alternately."""
    tune: list[dict] = []
    test: list[dict] = []
    for kind in sorted({row["kind"] for row in rows}):
        ordered = sorted((r for r in rows if r["kind"] == kind), key=lambda r: _order(r["id"]))
        tune += ordered[0::2]
        test += ordered[1::2]
    return tune, test


def archive_parts(archives: list[str]) -> dict[str, str]:
    """Each archive's part: 'test', 'tune' or 'train', by the archives' seeded-hash order."""
    ordered = sorted(set(archives), key=_order)
    parts = ["test"] * TEST_ARCHIVES + ["tune"] * TUNE_ARCHIVES
    return {name: parts[i] if i < len(parts) else "train" for i, name in enumerate(ordered)}


def by_archive(rows: list[dict], archives: list[str]) -> dict[str, list[dict]]:
    """{'train': [...], 'tune': [...], 'test': [...]}: each question by the archives it is about."""
    parts = archive_parts(archives)
    out: dict[str, list[dict]] = {"train": [], "tune": [], "test": []}
    for row in rows:
        names = row["archive"].split("+")
        unknown = [n for n in names if n not in parts]
        if unknown:
            raise ValueError(f"{row['id']}: no archive {', '.join(unknown)}")
        part = next((p for p in ("test", "tune") if any(parts[n] == p for n in names)), "train")
        out[part].append(row)
    return out


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="question JSONL files")
    parser.add_argument("--by-archive", action="store_true", help="hold whole archives out (invented archives)")
    parser.add_argument("--out", type=Path, default=Path("evals"), help="folder for the split files")
    args = parser.parse_args()
    rows = [json.loads(line) for path in args.inputs
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.by_archive:
        archives = [p.stem for p in sorted(args.out.glob("*.jsonl")) if p.stem not in ("train", "tune", "test")]
        split = by_archive(rows, archives)
        for name, part in split.items():
            _write(args.out / f"{name}.jsonl", part)
        parts = archive_parts(archives)
        for name in ("train", "tune", "test"):
            print(f"{name}: {len(split[name])} questions over {', '.join(a for a, p in parts.items() if p == name)}")
        return
    tune, test = deal(rows)
    _write(args.out / "tune.jsonl", tune)
    _write(args.out / "test.jsonl", test)
    print(f"tune {len(tune)}, test {len(test)}")


if __name__ == "__main__":
    main()
