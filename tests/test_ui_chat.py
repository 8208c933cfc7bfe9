"""The chat's handlers with a fake answer path: what an answer was limited to shows as removable chips, a chip's
cross answers again without that limit, "Ny fråga utan avgränsning" starts the next question clean, and an answer
shows while it is made (a language model's text marked as not yet checked)."""

from __future__ import annotations

import pytest

from assistant.models import Answer, Draft, Filters, Limit, LimitField, LimitSource
from assistant.settings import Settings
from assistant.ui import chat
from assistant.ui.inputs import ALL

BLEKINGE = "Samordningsförbundet i Blekinge"


@pytest.fixture
def answered(monkeypatch, tmp_path):
    """The chat's answer path faked: it records each call and answers limited to what it was given (the
    organisation from the previous turn when there is history, as a follow-up would be)."""
    calls = []

    def answer_stream(settings, question, history, filters, removed=frozenset(), access=None):
        calls.append({"question": question, "history": history, "filters": filters, "removed": removed})
        yield Draft("Det här står i protokollen:", checked=True)
        scope = []
        if filters.organisation:
            scope.append(Limit(LimitField.ORGANISATION, filters.organisation, LimitSource.FILTERS))
        elif history and LimitField.ORGANISATION not in removed:
            scope.append(Limit(LimitField.ORGANISATION, BLEKINGE, LimitSource.PREVIOUS_TURN))
        if filters.date_from and LimitField.DATES not in removed:
            scope.append(Limit(LimitField.DATES, f"{filters.date_from} –", LimitSource.FILTERS))
        language = "en" if question.startswith("What") else "sv"
        yield Answer(question, "Det här står i protokollen: …", False, [], language=language, scope=scope)

    monkeypatch.setattr(chat, "answer_stream", answer_stream)
    return Settings.load(store=tmp_path / "store"), calls


def asked(settings, turns, question, since=0, filters=(ALL, ALL, "", ""), language="sv"):
    """The turns and the last outputs after asking `question` in the chat."""
    _, _, turns = chat.user(question, turns)
    *_, last = chat.respond(settings, turns, since, *filters, language)
    return last[1], last


def test_an_answer_shows_its_limits_as_chips_with_where_each_came_from(answered):
    settings, _ = answered
    turns, _ = asked(settings, [], "Vad beslutade Blekinge om ESF?")
    turns, outputs = asked(settings, turns, "Och om budgeten?")
    line, organisation, body, dates = outputs[5:]
    assert line == "Svaret gäller bara:"
    assert organisation.visible and organisation.value == f"{BLEKINGE} (från förra frågan) ✕"
    assert not body.visible and not dates.visible
    assert "_Avgränsning: Samordningsförbundet i Blekinge (från förra frågan)_" in outputs[0][-1]["content"]


def test_an_answer_limited_to_nothing_says_it_covers_the_whole_archive(answered):
    settings, _ = answered
    _, outputs = asked(settings, [], "What was decided about ESF?", language="en")
    assert outputs[5] == "The answer covers the whole archive." and not any(chip.visible for chip in outputs[6:])


def test_a_chips_cross_answers_the_last_question_again_without_that_limit(answered):
    settings, calls = answered
    turns, _ = asked(settings, [], "Vad beslutade Blekinge om ESF?")
    turns, _ = asked(settings, turns, "Och om budgeten?")
    *_, last = chat.remove_limit(settings, "organisation", turns, 0, ALL, ALL, "", "", "sv")
    assert calls[-1]["question"] == "Och om budgeten?" and calls[-1]["removed"] == frozenset({LimitField.ORGANISATION})
    assert len(calls[-1]["history"]) == 2  # the conversation before the question, not the answer being replaced
    new_turns = last[1]
    assert len(new_turns) == len(turns) and new_turns[-1]["removed"] == ["organisation"]  # replaced, not appended
    assert last[5] == "Svaret gäller hela arkivet." and last[-4:] == (ALL, ALL, "", "")


def test_removing_a_limit_from_the_filters_clears_that_filter_too(answered):
    settings, calls = answered
    turns, _ = asked(settings, [], "Vad beslutades om ESF?", filters=(BLEKINGE, ALL, "2025-01-01", ""))
    *_, last = chat.remove_limit(settings, "organisation", turns, 0, BLEKINGE, ALL, "2025-01-01", "", "sv")
    assert calls[-1]["filters"] == Filters(None, None, "2025-01-01", None)
    assert last[-4:] == (ALL, ALL, "2025-01-01", "")  # the organisation filter is cleared; the dates stay
    *_, last = chat.remove_limit(settings, "dates", last[1], 0, *last[-4:], "sv")
    assert calls[-1]["removed"] == frozenset({LimitField.ORGANISATION, LimitField.DATES})  # both, one after the other
    assert last[-4:] == (ALL, ALL, "", "")


def test_a_chip_with_no_answer_to_redo_changes_nothing(answered):
    settings, calls = answered
    outputs = list(chat.remove_limit(settings, "organisation", [{"role": "user", "content": "x"}], 0, ALL, ALL, "", "", "sv"))
    assert calls == [] and len(outputs) == 1


def test_a_new_question_without_limits_reads_no_earlier_turn_and_no_filter(answered):
    settings, calls = answered
    turns, _ = asked(settings, [], "Vad beslutade Blekinge om ESF?")
    since, *filters, line, organisation, body, dates = chat.unscoped("sv", turns)
    assert since == 2 and filters == [ALL, ALL, "", ""] and not organisation.visible
    assert line.startswith("Nästa fråga ställs utan avgränsning")
    turns, outputs = asked(settings, turns, "Och om budgeten?", since=since)
    assert calls[-1]["history"] == [] and outputs[5] == "Svaret gäller hela arkivet."
    assert len(turns) == 4  # the earlier turns stay on screen


def test_a_language_models_draft_is_marked_as_not_yet_checked(monkeypatch, tmp_path):
    def answer_stream(settings, question, history, filters, removed=frozenset(), access=None):
        yield Draft("Styrelsen beslutade att", checked=False)
        yield Draft("Styrelsen beslutade att utöka ramen [1].", checked=False)
        yield Answer(question, "Styrelsen beslutade att utöka ramen.", False, [])

    monkeypatch.setattr(chat, "answer_stream", answer_stream)
    _, _, turns = chat.user("Vad beslutades?", [])
    shown = [outputs[0][-1]["content"] for outputs in chat.respond(Settings.load(store=tmp_path), turns, 0, ALL, ALL, "", "")]
    assert shown[0] == "Söker i protokollen …"
    assert shown[1].startswith("Styrelsen beslutade att\n\n_Skrivs … källorna kontrolleras")
    assert shown[2].startswith("Styrelsen beslutade att utöka ramen \\[1\\].")  # the model's own text, escaped
    assert shown[-1] == "Styrelsen beslutade att utöka ramen."  # the checked answer replaces the draft


def test_the_api_streams_drafts_then_the_answer(answered):
    settings, _ = answered
    steps = list(chat.api_ask(settings, "Vad beslutades om ESF?", "", BLEKINGE))
    assert steps[0] == {"question": "Vad beslutades om ESF?", "answer": "Det här står i protokollen:", "checked": True,
                        "partial": True}
    assert steps[-1]["partial"] is False and steps[-1]["scope"] == [
        {"field": "organisation", "value": BLEKINGE, "source": "filters"}]
