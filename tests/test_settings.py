"""Settings come from PARAGRAF_* variables over the defaults of the module that uses them."""

import re

import pytest

from assistant.settings import Settings
from index.errors import BadInput
from index.read.limits import MAX_PDF_PAGES, MAX_TEXT_CHARS, ReadLimits


def test_read_limits_default_to_the_readers_own(monkeypatch):
    monkeypatch.delenv("PARAGRAF_MAX_TEXT_CHARS", raising=False)
    monkeypatch.delenv("PARAGRAF_MAX_PDF_PAGES", raising=False)
    assert Settings.load().read_limits == ReadLimits(MAX_TEXT_CHARS, MAX_PDF_PAGES)


def test_read_limits_follow_the_environment(monkeypatch):
    monkeypatch.setenv("PARAGRAF_MAX_TEXT_CHARS", "5000")
    monkeypatch.setenv("PARAGRAF_MAX_PDF_PAGES", "12")
    assert Settings.load().read_limits == ReadLimits(max_text_chars=5000, max_pdf_pages=12)


def test_indexing_yields_to_questions_at_a_nice_level_from_0_to_19(monkeypatch):
    assert Settings.load().index_nice == 19
    monkeypatch.setenv("PARAGRAF_INDEX_NICE", "20")
    with pytest.raises(BadInput, match="PARAGRAF_INDEX_NICE must be 0 to 19"):
        Settings.load()


def test_question_limits_follow_the_environment_and_refuse_in_one_sentence(monkeypatch):
    monkeypatch.setenv("PARAGRAF_MAX_QUESTION_CHARS", "40")
    monkeypatch.setenv("PARAGRAF_MAX_QUESTION_TOKENS", "5")
    monkeypatch.setenv("PARAGRAF_MAX_HISTORY_TURNS", "2")
    monkeypatch.setenv("PARAGRAF_MAX_HISTORY_CHARS", "30")
    limits = Settings.load().question_limits
    limits.check("Vad beslutades om ESF-medel?", [{"role": "user", "content": "Och i Kalmar?"}])
    cases = [("x" * 41, [], "41 characters long, more than 40 (limit PARAGRAF_MAX_QUESTION_CHARS)"),
             ("a b c d e f", [], "6 words, more than 5 (limit PARAGRAF_MAX_QUESTION_TOKENS)"),
             ("Och?", [{"role": "user", "content": "x"}] * 3, "3 earlier turns, more than 2"),
             ("Och?", [{"role": "assistant", "content": "x" * 31}], "31 characters, more than 30")]
    for question, history, message in cases:
        with pytest.raises(BadInput, match=re.escape(message)) as refused:
            limits.check(question, history)
        assert "\n" not in str(refused.value)


def test_a_chat_sends_its_latest_turns_within_the_limits():
    from assistant.settings import QuestionLimits

    turns = [{"role": "user", "content": "x" * 10}, {"role": "assistant", "content": "y" * 10},
             {"role": "user", "content": "z" * 10}]
    assert QuestionLimits(max_history_turns=2).recent(turns) == turns[1:]
    assert QuestionLimits(max_history_chars=15).recent(turns) == turns[2:]


@pytest.mark.parametrize("name", ["MAX_QUESTION_CHARS", "QUESTION_SECONDS", "READ_MEMORY_MB"])
def test_new_limits_are_validated(monkeypatch, name):
    monkeypatch.setenv(f"PARAGRAF_{name}", "-1")
    with pytest.raises(BadInput, match=f"PARAGRAF_{name} must be"):
        Settings.load()
