"""Which lexical search should every answering replica use: BM25 (bm25s, Swedish stems, compounds split by
hunspell-sv, acronyms expanded; index/store/lexical.py, built once per catalog generation) or PostgreSQL's
full-text search with its Swedish configuration (Snowball stemmer and stop words; `ts_rank_cd`)?

Both rank the § of one store for each question of a gold file, with the same query the hybrid search sends
(the question plus its English terms' Swedish words); PostgreSQL gets the query's words OR-ed, as BM25 scores
any of them. Reported per method: Recall@5 and @10 and MRR of the lexical ranking alone, Recall@5 of the hybrid
search with that lexical ranking fused with the dense one (reciprocal rank), and milliseconds per query.

    python -m evals.lexical --store STORE --gold evals/test.jsonl --database-url postgresql://…/scratch
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

import numpy as np

from assistant.answer.glossary import to_swedish_terms
from assistant.answer.retrieve import CANDIDATES, reciprocal_rank_fusion
from evals.metrics import Ref, recall_at_k, reciprocal_rank
from index.store.generations import Snapshot

Ranker = Callable[[str], list[str]]  # query -> § ids, best first


@dataclass(frozen=True)
class Question:
    text: str
    gold: frozenset[Ref]


@dataclass
class Row:
    method: str
    questions: int
    recall5: float
    recall10: float
    mrr: float
    hybrid_recall5: float
    ms: float

    def markdown(self) -> str:
        return (f"| {self.method} | {self.questions} | {self.recall5:.2f} | {self.recall10:.2f} | {self.mrr:.2f} | "
                f"{self.hybrid_recall5:.2f} | {self.ms:.1f} |")


def questions(path: Path) -> list[Question]:
    """The answerable questions of a gold file, their gold § by meeting date and label as printed."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        refs = [Ref(None, g["date"], str(g["paragraph"])) for g in row.get("gold", []) if g["date"]]
        if refs and not row.get("history"):
            found.append(Question(row["question"], frozenset(refs)))
    return found


def query_of(question: str) -> str:
    return f"{question} {to_swedish_terms(question)}"


def bm25(view: Snapshot) -> Ranker:
    ids = view.lexical.ids

    def rank(query: str) -> list[str]:
        scores = view.lexical.scores(query_of(query))
        top = np.argsort(-scores)[:CANDIDATES]
        return [ids[i] for i in top if scores[i] > 0]

    return rank


def postgres(view: Snapshot, url: str, configuration: str = "swedish") -> Ranker:
    """PostgreSQL full-text search over the snapshot's § (loaded into a table of its own with a GIN index), with a
    text search configuration the database has ('swedish' is built in)."""
    import psycopg

    db = psycopg.connect(url, autocommit=True)
    db.execute("DROP TABLE IF EXISTS lexical_eval")
    db.execute("CREATE TABLE lexical_eval (id TEXT PRIMARY KEY, document TSVECTOR)")
    with db.cursor() as cursor:
        cursor.executemany("INSERT INTO lexical_eval VALUES (%s, to_tsvector(%s::regconfig, %s))",
                           [(p.id, configuration, p.document()) for p in view.paragraphs])
    db.execute("CREATE INDEX ON lexical_eval USING GIN (document)")
    db.execute("ANALYZE lexical_eval")

    def rank(query: str) -> list[str]:
        words = " | ".join(re.findall(r"\w+", query_of(query)))
        if not words:
            return []
        rows = db.execute("SELECT id FROM lexical_eval, to_tsquery(%s::regconfig, %s) q WHERE document @@ q "
                          "ORDER BY ts_rank_cd(document, q) DESC LIMIT %s", (configuration, words, CANDIDATES)).fetchall()
        return [row[0] for row in rows]

    return rank


def measure(view: Snapshot, items: list[Question], method: str, rank: Ranker) -> Row:
    refs = {p.id: Ref(None, p.date, p.label) for p in view.paragraphs}
    lexical, hybrid, spent = [], [], []
    for item in items:
        started = time.perf_counter()
        found = rank(item.text)
        spent.append(time.perf_counter() - started)
        dense = sorted(view.query_vectors(view.embedder.get_query_embedding(item.text), CANDIDATES * 3),
                       key=lambda found: -found[1])
        fused = reciprocal_rank_fusion([[key for key, _ in dense], found])
        lexical.append([refs[key] for key in found])
        hybrid.append([refs[key] for key in sorted(fused, key=lambda key: fused[key], reverse=True)])
    golds = [set(item.gold) for item in items]
    return Row(method, len(items), _mean(recall_at_k(r, g, 5) for r, g in zip(lexical, golds)),
               _mean(recall_at_k(r, g, 10) for r, g in zip(lexical, golds)),
               _mean(reciprocal_rank(r[:10], g) for r, g in zip(lexical, golds)),
               _mean(recall_at_k(r, g, 5) for r, g in zip(hybrid, golds)), 1000 * mean(spent))


def _mean(values) -> float:
    """The mean of the defined values (every question here has gold §, so all are)."""
    found = [v for v in values if v is not None]
    return mean(found) if found else 0.0


def main() -> None:
    from index.store.archive import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="An indexed store of the archive the questions are about.")
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--database-url", required=True, help="A scratch PostgreSQL database (a table is made in it).")
    parser.add_argument("--configuration", action="append", default=None,
                        help="PostgreSQL text search configurations to measure (repeatable; default 'swedish').")
    args = parser.parse_args()
    view = Store(args.store).snapshot()
    items = questions(args.gold)
    print("| lexical search | questions | R@5 | R@10 | MRR | hybrid R@5 | ms/query |\n|---|---|---|---|---|---|---|")
    print(measure(view, items, "BM25 per replica (bm25s)", bm25(view)).markdown())
    for configuration in args.configuration or ["swedish"]:
        ranker = postgres(view, args.database_url, configuration)
        print(measure(view, items, f"PostgreSQL full text ('{configuration}')", ranker).markdown())


if __name__ == "__main__":
    main()
