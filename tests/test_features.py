"""The features the learned answer parts read: organs named by the archive's own organ names, dates a text
writes, ranks, and one row per candidate and per sentence in the order the models were fitted on."""

import numpy as np
import pytest

from assistant.answer.features import (
    RANK_FEATURES, SENTENCE_FEATURES, candidates, initials, mentions, organs_named, reciprocal_ranks, sentence_features,
)
from assistant.answer.plan import understand

ORGANS = ["Kommunstyrelsen", "Kommunfullmäktige", "Direktionen", "Hälso- och sjukvårdsnämnden"]


def test_an_organ_is_named_by_its_words_or_its_initials():
    assert organs_named("Vad beslutade direktionen om stegen?", ORGANS) == {"Direktionen"}
    assert organs_named("Vad sa KS om budgeten?", ORGANS) == {"Kommunstyrelsen"}
    assert organs_named("Vad beslutade kommunfullmäktige?", ORGANS) == {"Kommunfullmäktige"}
    assert organs_named("Vad beslutades om budgeten?", ORGANS) == set()
    assert initials("Kommunstyrelsen") == "KS" and initials("Styrelsen") == ""


def test_a_date_is_mentioned_only_as_itself():
    assert mentions("Medelstilldelningen för 2026 fastställs.", ("2026",))
    assert not mentions("Dnr 20261/3 registreras.", ("2026",))
    assert mentions("Mötet den 20 november hölls i Norrbo.", ("20 november", "2025-11-20"))
    assert not mentions("Inget datum här.", ())


def test_reciprocal_ranks_put_the_largest_first_and_nothing_at_zero():
    assert reciprocal_ranks([0.2, 0.9, 0.0, 0.5]) == [pytest.approx(1 / 3), 1.0, 0.0, 0.5]


def test_every_candidate_and_sentence_has_one_value_per_named_feature(corpus_store):
    view = corpus_store.snapshot()
    plan = understand("Hur mycket fick Kalmar i medelstilldelning för 2026?", None, view.meetings)
    found = candidates(view, plan)
    assert found and all(c.values.shape == (len(RANK_FEATURES),) and np.isfinite(c.values).all() for c in found)
    readings = {(c.reading.meeting_date, c.reading.subject_date) for c in found}
    assert (False, True) in readings  # 2026 read as what a § talks about
    rows = sentence_features(view, found[0])
    assert rows.shape == (len(found[0].sentences), len(SENTENCE_FEATURES))
    asks = RANK_FEATURES.index("asks_amount")
    assert all(c.values[asks] == 1.0 for c in found)
