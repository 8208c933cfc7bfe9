"""What an answer was limited to, and where each limit came from (assistant/answer/scope.py), on invented
conversations in both languages: a follow-up keeps the previous turn's limits and says so; a new question starts
clean; a removed limit is dropped from every reading of the question."""

from __future__ import annotations


import pytest

from assistant.answer.plan import understand
from assistant.answer.scope import date_span, scope_of, without
from assistant.ask import ask
from assistant.models import Filters, Limit, LimitField, LimitSource

ALVDALEN = "Samordningsförbundet Älvdalen"
FJALLBYGD = "Samordningsförbundet Fjällbygd"
PROTOCOLS = {
    "alvdalen-styrelsen-2025-03-10.txt": f"""PROTOKOLL

fört vid sammanträde med styrelsen, {ALVDALEN}

Datum: 2025-03-10

§ 1 Mötets öppnande

Ordföranden öppnade mötet.

§ 2 Cykelpool för deltagare

Kansliet har tagit fram ett förslag om en cykelpool för deltagare i insatserna. Kostnaden beräknas till 40 000 kronor.

Beslut: Styrelsen beslutar att inrätta en cykelpool för deltagare. Förbundschefen får i uppdrag att upphandla cyklarna.

§ 3 Mötets avslutande

Ordföranden avslutade mötet.
""",
    "fjallbygd-styrelsen-2025-04-02.txt": f"""PROTOKOLL

fört vid sammanträde med styrelsen, {FJALLBYGD}

Datum: 2025-04-02

§ 1 Mötets öppnande

Ordföranden öppnade mötet.

§ 2 Båtklubb för unga

En båtklubb för unga deltagare har sökt stöd. Kostnaden beräknas till 25 000 kronor.

Beslut: Styrelsen beslutar att stödja båtklubben. Förbundschefen får i uppdrag att teckna avtal med båtklubben.

§ 3 Cykelpool

Styrelsen diskuterar en cykelpool för deltagare. Beslut: Styrelsen beslutar att avvakta med en cykelpool till hösten.
""",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from index.pipeline import index_paths
    from index.store.archive import Store

    folder = tmp_path_factory.mktemp("scope-archive")
    for name, text in PROTOCOLS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path_factory.mktemp("scope-store"))
    assert index_paths(store, [folder]).count("indexed") == 2
    return store


def conversation(store, *questions: str, removed=frozenset()):
    """Ask the questions one after the other, each with the earlier turns as history; the answers."""
    history, answers = [], []
    for question in questions:
        answer = ask(store, question, history, removed=removed if question == questions[-1] else frozenset())
        answers.append(answer)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    return answers


def limits(answer) -> list[tuple[str, str, str]]:
    return [(limit.field.value, limit.value, limit.source.value) for limit in answer.scope]


# --- the sources of the limits -----------------------------------------------------------------------
def test_each_limit_says_where_it_came_from():
    answered = Filters(ALVDALEN, "styrelsen", "2025-01-01", "2025-12-31")
    asked = Filters(None, "styrelsen", "2025-01-01", "2025-12-31")
    chosen = Filters(ALVDALEN)
    assert scope_of(answered, asked, chosen) == [
        Limit(LimitField.ORGANISATION, ALVDALEN, LimitSource.FILTERS),
        Limit(LimitField.BODY, "styrelsen", LimitSource.QUESTION),
        Limit(LimitField.DATES, "2025-01-01 – 2025-12-31", LimitSource.QUESTION),
    ]
    assert scope_of(Filters(ALVDALEN, date_from="2025-03-10", date_to="2025-03-10"), Filters(), Filters()) == [
        Limit(LimitField.ORGANISATION, ALVDALEN, LimitSource.PREVIOUS_TURN),
        Limit(LimitField.DATES, "2025-03-10", LimitSource.PREVIOUS_TURN),
    ]
    assert scope_of(Filters(), Filters(ALVDALEN), Filters()) == []  # an answer limited to nothing has no scope


def test_a_date_span_is_one_day_or_a_period_with_open_ends():
    assert date_span("2025-03-10", "2025-03-10") == "2025-03-10"
    assert date_span("2025-01-01", "2025-12-31") == "2025-01-01 – 2025-12-31"
    assert date_span("2025-01-01", None) == "2025-01-01 –" and date_span(None, "2025-12-31") == "– 2025-12-31"


def test_a_limit_in_json_reads_back_the_same():
    limit = Limit(LimitField.DATES, "2025-03-10", LimitSource.PREVIOUS_TURN)
    assert limit.to_json() == {"field": "dates", "value": "2025-03-10", "source": "previous_turn"}
    assert Limit.from_json(limit.to_json()) == limit


def test_a_removed_limit_leaves_every_reading_of_the_plan():
    meetings = [{"organisation": ALVDALEN, "body": "styrelsen", "date": "2025-03-10"},
                {"organisation": FJALLBYGD, "body": "styrelsen", "date": "2025-04-02"}]
    history = [{"role": "user", "content": "Vad beslutade Älvdalen om cykelpoolen i mars 2025?"},
               {"role": "assistant", "content": "Det här står i protokollen: ..."}]
    plan = understand("Vem fick uppdraget?", history, meetings)
    assert plan.filters.organisation == ALVDALEN and plan.filters.date_from == "2025-03-01"
    freed = without(plan, frozenset({LimitField.ORGANISATION, LimitField.DATES}))
    for reading in filter(None, (freed, freed.standalone, freed.undated)):
        assert reading.filters.organisation is None and reading.filters.date_from is None
    assert freed.filters.body == plan.filters.body and freed.undated is None
    assert without(plan, frozenset()) is plan


# --- invented conversations ----------------------------------------------------------------------------
def test_a_swedish_follow_up_keeps_the_organisation_and_says_it_came_from_the_previous_question(archive):
    first, follow_up = conversation(archive, "Vad beslutade Älvdalen om cykelpoolen?", "Och vad kostar den?")
    assert limits(first) == [("organisation", ALVDALEN, "question")]
    assert limits(follow_up) == [("organisation", ALVDALEN, "previous_turn")]
    assert {c.organisation for c in follow_up.citations} == {ALVDALEN}


def test_a_new_swedish_question_with_its_own_intent_starts_clean(archive):
    alone = ask(archive, "Vilka uppdrag har förbundschefen fått?")
    first, second = conversation(archive, "Vad beslutade Älvdalen om cykelpoolen?", "Vilka uppdrag har förbundschefen fått?")
    assert limits(second) == [] and {c.organisation for c in second.citations} == {ALVDALEN, FJALLBYGD}
    assert [c.id for c in second.citations] == [c.id for c in alone.citations]  # as in a new conversation


def test_a_question_nothing_answers_is_refused_without_the_earlier_limits(archive):
    _, unrelated = conversation(archive, "What did Fjällbygd decide about the boat club?", "Vad beslutades om julbordet 2019?")
    assert unrelated.abstained and all(limit.source is not LimitSource.PREVIOUS_TURN for limit in unrelated.scope)


def test_an_english_follow_up_naming_another_organisation_takes_that_one_from_the_question(archive):
    first, other, ceiling = conversation(archive, "What did Fjällbygd decide about the bike pool?", "And in Älvdalen?",
                                         "Is there a cost estimate?")
    assert limits(first) == [("organisation", FJALLBYGD, "question")]
    assert limits(other) == [("organisation", ALVDALEN, "question")]
    assert limits(ceiling) == [("organisation", ALVDALEN, "previous_turn")]
    assert {c.organisation for c in ceiling.citations} == {ALVDALEN}


def test_removing_the_inherited_organisation_answers_across_the_archive(archive):
    *_, freed = conversation(archive, "Vad beslutade Älvdalen om cykelpoolen?", "Och vad beslutades om cykelpoolen sedan?",
                             removed=frozenset({LimitField.ORGANISATION}))
    assert limits(freed) == [] and FJALLBYGD in {c.organisation for c in freed.citations}


def test_filters_chosen_beside_the_chat_are_named_as_filters(archive):
    answer = ask(archive, "Vad beslutade styrelsen om cykelpoolen?", filters=Filters(FJALLBYGD))
    assert ("organisation", FJALLBYGD, "filters") in limits(answer)
    assert {c.organisation for c in answer.citations} == {FJALLBYGD}
