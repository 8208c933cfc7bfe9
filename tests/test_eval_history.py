"""Specification of evals/history.py: a gold history's earlier answers reach `ask` with the § they name, as the
chat's turns carry them."""

from __future__ import annotations

from assistant.answer.retrieve import paragraphs_within
from assistant.models import Filters, conversation
from evals.history import cited_in, with_citations


def test_the_sections_a_reference_answer_names() -> None:
    text = ("Elin Strand, från 2023-09-01 (§ 26, 2023-06-09), och en extra omgång (§29, 2023-06-09); "
            "laddstolparna (punkten Laddstolpar, 2025-10-07) and (item Stambyte, 2025-04-08); again (§ 26, 2023-06-09).")
    assert cited_in(text) == [("26", "2023-06-09"), ("29", "2023-06-09"), ("Laddstolpar", "2025-10-07"),
                              ("Stambyte", "2025-04-08")]
    assert cited_in("Ingen § nämns, bara 2023-06-09.") == []


def test_an_earlier_answer_carries_the_stored_section_it_names(corpus_store) -> None:
    view = corpus_store.snapshot()
    history = [{"role": "user", "content": "Vad beslutade styrelsen om ansökan?"},
               {"role": "assistant", "content": "Ansökan avslogs (§ 78, 2023-10-27)."},
               {"role": "user", "content": "Och sedan?"},
               {"role": "assistant", "content": "Inget (§ 78, 1999-01-01)."}]
    turns = conversation(with_citations(view, history))
    (cited,) = turns[0].cited
    stored = {p.id: p for p in paragraphs_within(view, Filters(date_from="2023-10-27", date_to="2023-10-27"))}
    assert cited.date == "2023-10-27" and stored[cited.id].label == "78"
    assert turns[1].cited == ()  # a § the archive does not hold is left out


def test_a_turn_that_carries_its_answer_is_left_as_it_is(corpus_store) -> None:
    history = [{"role": "user", "content": "Fråga?"},
               {"role": "assistant", "content": "Svar (§ 78, 2023-10-27).", "answer": {"citations": []}}]
    assert with_citations(corpus_store.snapshot(), history) == history
    assert with_citations(corpus_store.snapshot(), None) is None
