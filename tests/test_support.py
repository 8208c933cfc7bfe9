"""The abstention signal. The thresholds in assistant/support.py were set on the calibration
questions below (written for it, not taken from evals/gold.jsonl): every answerable one must be
backed by a §, no unanswerable one may be."""

import pytest

from assistant.answer import ask
from assistant.support import coverage, decompound, supports, topic_groups

ANSWERABLE = [
    "Vilken ränta fick fasträntekontot?",
    "How much money does Kalmar get from the state for 2024?",
    "Vem valdes till justerare i Blekinge?",
    "Hur många deltagare var aktiva i insatserna första halvåret 2023?",
    "What was decided about the board training in Östra Östergötland?",
    "Vad sa Försäkringskassan om sjukpenningen?",
    "Who will handle data protection from January 2026?",
    "Vad beslutades om ESF-projekt i Sörmland?",
    "Hur mycket utökades budgetramen för FINSAM-planerna?",
    "Vad sades om IPS-metoden?",
]
UNANSWERABLE = [
    "Vad beslutade styrelsen om tjänstebilar för förbundschefen?",
    "What did the board decide about the new office building?",
    "Vilka beslut fattades om vindkraft?",
    "Vad kostar förbundets nya hemsida?",
    "What did the Stockholm board decide in 2022?",
    "Vad beslutade Samordningsförbundet Skåne om ESF?",
    "Vad beslutade styrelsen om ett nytt IT-stöd för diarieföring?",
    "Har förbundet köpt in nya e-cyklar till personalen?",
    "What did the board decide about the new website?",
]


@pytest.mark.parametrize("question", ANSWERABLE)
def test_calibration_questions_with_an_answer_are_backed(corpus_store, question):
    assert not ask(corpus_store, question).abstained


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_calibration_questions_without_an_answer_are_not(corpus_store, question):
    assert ask(corpus_store, question).abstained


def test_rare_subject_words_weigh_more_than_common_ones(corpus_store):
    lexical = corpus_store.lexical
    text = "Förbundschefen föredrar ärendet om internkontroll."
    assert coverage("förbundschefen lönerevision", text, lexical) < 0.5
    assert coverage("internkontroll förbundschefen", text, lexical) == pytest.approx(1.0)


def test_english_question_words_are_translated_or_dropped(corpus_store):
    groups = topic_groups("What did the board decide about the procurement?", corpus_store.lexical, True)
    assert groups == (frozenset({"upphandling"}),)


def test_unknown_compounds_are_split_into_known_parts(corpus_store):
    assert decompound("decembermötet", corpus_store.lexical) == ["decemb", "möt"]
    assert decompound("vindkraft", corpus_store.lexical) == []


def test_support_needs_subject_or_meaning():
    assert supports(0.7, 0.70) and supports(0.0, 0.90) and supports(0.35, 0.85)
    assert not supports(0.2, 0.85) and not supports(0.35, 0.80)


def test_a_hyphenated_compound_is_shown_whole_or_by_its_first_part(corpus_store):
    groups = topic_groups("Vad beslutade styrelsen om ett nytt IT-system?", corpus_store.lexical)
    assert groups == (frozenset({"itsystem", "it"}),)  # not any 'system', and 'nytt' is no subject
    assert coverage("IT-system", "Ett nytt uppföljningssystem har införts.", corpus_store.lexical) == 0.0
    assert coverage("ESF-medel", "Styrelsen diskuterade ESF-projekten.", corpus_store.lexical) == pytest.approx(1.0)
