"""Hybrid retrieval: dense (E5 through Chroma) and lexical (BM25, Swedish stems), fused by
reciprocal rank, with metadata filters applied inside both searches (not after them)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.answer.adapter import adapted
from index.lang.glossary import to_swedish_terms
from assistant.models import Filters, Hit
from index.store.catalog import StoredParagraph
from index.errors import BadInput
from index.lang.vocabulary import organ_alias
from index.models import slug
from index.store.archive import Store
from index.store.generations import Snapshot

RRF_K = 60
CANDIDATES = 50
Key = TypeVar("Key", bound=Hashable)  # what a ranking names: a § id, or a row of a table of §


def reciprocal_rank_fusion(rankings: list[list[Key]], k: int = RRF_K) -> dict[Key, float]:
    """Cormack, Clarke & Büttcher (2009): score(d) = Σ 1 / (k + rank of d), rank from 1."""
    fused: dict[Key, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


def matches(wanted: str | None, value: str, organ: bool = False) -> bool:
    """Case- and accent-insensitive substring match: 'ostergotland' matches 'Östra Östergötland'; an organ's other
    names ('AU', 'board') stand for the organ."""
    if not wanted:
        return True
    key = slug(wanted)
    return slug(organ_alias(key)) in slug(value) if organ else key in slug(value)


def one_organisation(wanted: str, names: list[str]) -> str:
    """The one organisation an option names: its whole name, or whole words of it that no other name has
    ('Kalmar', 'östra östergötland'), case- and accent-insensitive. 'Gotland' names neither
    'Östra Östergötland' nor anything else: a part of a word is not a name."""
    words = slug(wanted).split("-")
    exact = [n for n in names if slug(n) == slug(wanted)]
    chosen = exact or [n for n in names if _contains_words(slug(n).split("-"), words)]
    if len(chosen) == 1:
        return chosen[0]
    what = "no organisation" if not chosen else "several organisations"
    raise BadInput(f"'{wanted}' names {what}; choose one of: {'; '.join(chosen or sorted(names))}")


def _contains_words(name: list[str], words: list[str]) -> bool:
    return any(name[i:i + len(words)] == words for i in range(len(name) - len(words) + 1)) if words != [""] else False


def within(view: Snapshot, filters: Filters) -> np.ndarray:
    """A mask over `view.paragraphs`: the § inside the filters."""
    return view.table.rows(
        (lambda org: matches(filters.organisation, org)) if filters.organisation else None,
        (lambda body: matches(filters.body, body, organ=True)) if filters.body else None,
        filters.date_from, filters.date_to,
    )


def paragraphs_within(view: Snapshot, filters: Filters) -> list[StoredParagraph]:
    """The stored § inside the filters, in catalog order (date, organisation, meeting, position)."""
    return view.table.select(within(view, filters))


def search(store: Store | Snapshot, query: str, k: int = 5, filters: Filters = Filters()) -> list[Hit]:
    """The k best § for a query within the filters, best first, all read from one generation of the store."""
    return pool(store, query, k, 0, filters)


def pool(store: Store | Snapshot, query: str, k: int = 5, dense_k: int = 0, filters: Filters = Filters()) -> list[Hit]:
    """The k best § of the fused ranking, then those of dense search's own `dense_k` best that the fused k left
    out (marked `dense_only`): a paraphrase that shares no word with its § ranks low in BM25, and fusion pushes it
    below § that both searches find mediocre, while E5 alone still ranks it near the top. At most k + dense_k §."""
    if not query.strip():
        raise BadInput("the question is empty")
    if k < 1 or dense_k < 0:
        raise BadInput("k must be at least 1 and dense_k at least 0")
    view = store.snapshot()
    table = view.table
    mask = within(view, filters)
    if not mask.any():
        return []
    lexical = view.lexical.scores(f"{query} {to_swedish_terms(query)}")
    lexical_masked = np.where(mask, lexical, 0.0)
    top = np.argsort(-lexical_masked)[:CANDIDATES]
    lexical_rank = [table.paragraphs[i].id for i in top if lexical_masked[i] > 0]
    plain = view.embedder.get_query_embedding(query)
    mapped = adapted(view.embedder, plain)
    # The § BM25 ranks are scored by meaning too, should the vector index leave one out (Snapshot.query_vectors).
    dense = dict(view.query_vectors(mapped or plain, CANDIDATES * 3, mask, lexical_rank))
    dense_rank = sorted(dense, key=dense.get, reverse=True)
    fused = reciprocal_rank_fusion([dense_rank, lexical_rank])
    best = sorted(fused, key=fused.get, reverse=True)[:k]
    extra = set(dense_rank[:dense_k]) - set(best)
    best += [key for key in dense_rank[:dense_k] if key in extra]
    if mapped is not None:  # the adapter chose the § (assistant/answer/adapter.py); their cosines stay E5's own
        chosen = np.zeros(len(table.paragraphs), dtype=bool)
        chosen[[table.row[key] for key in best]] = True
        dense = dict(view.query_vectors(plain, len(best), chosen, best))
    return [as_hit(table.paragraphs[table.row[key]], fused[key], dense.get(key, 0.0), float(lexical[table.row[key]]),
                   dense_only=key in extra)
            for key in best]


def as_hit(p: StoredParagraph, score: float = 1.0, dense: float = 0.0, lexical: float = 0.0,
           dense_only: bool = False) -> Hit:
    """A stored § as a Hit, for answers that read the catalog rather than search it (digests, assignments)."""
    return Hit(p, round(score, 6), round(dense, 4), round(lexical, 4), dense_only)


class HybridRetriever(BaseRetriever):
    """The same search as a LlamaIndex retriever, so Paragraf plugs into LlamaIndex query engines."""

    def __init__(self, store: Store | Snapshot, k: int = 5, filters: Filters = Filters()):
        super().__init__()
        self.store, self.k, self.filters = store, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = search(self.store, query_bundle.query_str, self.k, self.filters)
        return [
            NodeWithScore(node=TextNode(id_=h.id, text=h.text, metadata={k: v for k, v in h.to_json().items() if k != "text"}), score=h.score)
            for h in hits
        ]
