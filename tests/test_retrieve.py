"""Hybrid search puts the right § first, in Swedish and English, and honours filters."""

import pytest

from assistant.models import Filters
from assistant.answer.retrieve import pool, reciprocal_rank_fusion, search
from index.errors import BadInput

QUESTIONS = [  # (question, meeting date, §)
    ("Vad beslutade styrelsen om ESF-medel?", "2026-03-04", 22),
    ("What did the board decide about ESF funding?", "2026-03-04", 22),
    ("nya dataskyddsombud", "2025-12-05", 17),
    ("Who are the new data protection officers?", "2025-12-05", 17),
    ("upphandling av genomlysning av konsultationsteamen", "2025-09-29", 11),
    ("Utökas ramen för FINSAM-planer?", "2025-09-29", 10),
    ("fasträntekonto ränta bindningstid", "2025-12-05", 11),
    ("Preliminär medelstilldelning 2024 från statligt håll", "2023-10-27", 70),
    ("ansökan om miljonen från Möjligheternas hus i Emmaboda", "2023-10-27", 78),
    ("styrelseutbildning 2027 certifiering", "2026-05-29", 40),
    ("Which steering groups must the director join?", "2026-05-29", 39),
    ("Ansökan från regionen om case-manager", "2026-03-04", 21),
    ("20-årsjubileum Anna Tenje", "2025-09-29", 13),
]


@pytest.mark.parametrize("question,date,number", QUESTIONS)
def test_the_right_paragraph_comes_first(corpus_store, question, date, number):
    best = search(corpus_store, question, k=5)[0]
    assert (best.date, best.paragraph) == (date, number)


def test_filters_narrow_by_organisation_organ_and_dates(corpus_store):
    hits = search(corpus_store, "medelstilldelning", k=10, filters=Filters(organisation="kalmar", body="AU", date_from="2025-01-01"))
    assert hits and all(h.organisation == "Samordningsförbundet i Kalmar län" and h.body == "arbetsutskottet" for h in hits)
    assert all(h.date >= "2025-01-01" for h in hits)


def test_a_filter_matching_nothing_returns_nothing(corpus_store):
    assert search(corpus_store, "budget", filters=Filters(organisation="Göteborg")) == []


def test_bad_input_is_refused_with_a_reason(corpus_store):
    with pytest.raises(BadInput):
        search(corpus_store, "   ")
    with pytest.raises(BadInput):
        search(corpus_store, "budget", k=0)


def test_k_larger_than_the_archive_returns_what_there_is(corpus_store):
    assert len(search(corpus_store, "styrelsen", k=10_000)) <= len(corpus_store.paragraphs)


def test_reciprocal_rank_fusion_adds_reciprocal_ranks():
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert max(fused, key=fused.get) == "b"


def test_the_pool_adds_dense_search_s_own_best_that_the_fused_ranking_left_out(corpus_store):
    question = "Vem ska sköta personuppgifterna framöver?"  # shares few words with its §
    fused = search(corpus_store, question, k=3)
    pooled = pool(corpus_store, question, k=3, dense_k=8)
    assert [h.id for h in pooled[:3]] == [h.id for h in fused] and not any(h.dense_only for h in pooled[:3])
    extra = pooled[3:]
    assert extra and all(h.dense_only for h in extra) and len(pooled) <= 3 + 8
    assert len({h.id for h in pooled}) == len(pooled)  # no § twice
    assert [h.dense for h in extra] == sorted((h.dense for h in extra), reverse=True)
    assert min(h.dense for h in extra) <= max(h.dense for h in pooled[:3])


def test_a_pool_without_dense_k_is_the_fused_search(corpus_store):
    assert [h.id for h in pool(corpus_store, "budget", k=5, dense_k=0)] == [h.id for h in search(corpus_store, "budget", k=5)]
    with pytest.raises(BadInput):
        pool(corpus_store, "budget", k=5, dense_k=-1)
