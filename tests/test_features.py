"""The features the learned answer parts read: organs named by the archive's own organ names, dates a text
writes, ranks, and one row per candidate and per sentence in the order the models were fitted on."""

import numpy as np
import pytest

from assistant.answer.features import (
    RANK_FEATURES, SENTENCE_FEATURES, candidates, initials, mentions, organs_named, reciprocal_ranks, sentence_features,
)
from assistant.answer.plan import understand
from assistant.answer.retrieve import paragraphs_within
from assistant.models import Filters

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


def test_a_year_the_question_names_is_met_by_the_meeting_or_the_text():
    from assistant.answer.support import years_met

    assert years_met("Vad kostar en båtplats säsongen 2025?", "2024-04-09", "Avgiften är 800 kr per säsong.") == 0.0
    assert years_met("Vad kostar en båtplats säsongen 2025?", "2025-04-08", "Avgiften är 850 kr per säsong.") == 1.0
    assert years_met("Hur stor är ramen för 2026?", "2025-11-20", "Ramen för 2026 blir 2 356 000 euro.") == 1.0
    assert years_met("Vad kostar en båtplats?", "2024-04-09", "Avgiften är 800 kr.") is None


def test_a_subject_word_found_only_inside_a_compound_is_not_found_whole():
    from index.store.lexical import LexicalIndex
    from assistant.answer.support import subject_found

    text = "Styrelsen beslutade om friskvårdsbidrag för personalen."
    lexical = LexicalIndex.build(["a", "b"], [text, "Lokalhyran höjs från januari."])
    assert subject_found("Vad beslutades om bidrag?", text, lexical)[0] == 1.0
    assert subject_found("Vad beslutades om bidrag?", text, lexical, whole_words=True)[0] == 0.0


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


def test_a_follow_up_marks_the_sections_of_meetings_after_the_one_its_previous_answer_cited(corpus_store):
    view = corpus_store.snapshot()
    earlier = paragraphs_within(view, Filters(date_from="2023-10-27", date_to="2023-10-27"))[0]
    history = [{"role": "user", "content": "Vad beslutade styrelsen om medelstilldelningen?"},
               {"role": "assistant", "content": "…", "answer": {"citations": [{"id": earlier.id, "date": earlier.date}]}}]
    found = candidates(view, understand("Och vad hände sedan?", history, view.meetings))
    later = RANK_FEATURES.index("context_later")
    assert any(c.hit.date > "2023-10-27" for c in found)
    assert all(c.values[later] == float(c.hit.date > "2023-10-27") for c in found)
    alone = candidates(view, understand("Vad beslutade styrelsen om medelstilldelningen?", None, view.meetings))
    assert all(c.values[later] == 0.0 for c in alone)


def test_a_candidate_says_whether_dense_search_alone_brought_it(corpus_store):
    view = corpus_store.snapshot()
    found = candidates(view, understand("Vem ska sköta personuppgifterna framöver?", None, view.meetings))
    column = RANK_FEATURES.index("dense_only")
    assert {c.values[column] for c in found} == {0.0, 1.0}
    assert all(c.values[column] == float(c.hit.dense_only) for c in found)
