"""What a question asks about in particular (index/lang/focus.py): the word of the asked detail, the offices a text
names and the offices it elects someone to. Invented questions and sentences."""

from index.lang.focus import asked_detail, elected_offices, offices
from index.lang.registry import changed


def test_the_asked_detail_is_the_noun_after_the_question_word():
    assert asked_detail("Vilket fastighetsbolag hyr förbundet kansliet av?") == "fastighetsbolag"
    assert asked_detail("Vilken ny leverantör valdes för städningen?") == "leverantör"
    assert asked_detail("Hur hög hyra betalar föreningen för lokalen?") == "hyra"
    assert asked_detail("Which company did the external analysis?") == "company"
    assert asked_detail("What monthly salary was the coordinator hired at?") == "salary"


def test_the_office_after_an_election_verb_is_the_asked_detail():
    assert asked_detail("Vem valdes till ordförande för mötet?") == "ordförande"
    assert asked_detail("Vem utsågs till ny kassör?") == "kassör"


def test_words_that_only_restate_the_answer_type_name_no_detail():
    assert asked_detail("Vilket beslut fattade styrelsen om bastun?") == ""
    assert asked_detail("Vilket år började projektet?") == ""
    assert asked_detail("När invigdes bryggan?") == ""


def test_an_office_is_read_once_and_most_specifically():
    assert offices("Vice ordförande Per Ek öppnade mötet.") == {"vice ordförande"}
    assert offices("Ordföranden hälsade välkommen och kassören redovisade.") == {"ordförande", "kassör"}
    assert offices("Who was elected chair?") == set()
    assert offices("Who was elected chair?", english=True) == {"ordförande"}
    assert offices("Till protokolljusterare valdes Eva Lind.") == {"justerare"}


def test_only_the_office_someone_is_elected_to_is_elected():
    text = "Till justerare att jämte ordföranden justera dagens protokoll valdes Anna Berg."
    assert offices(text) == {"justerare", "ordförande"}
    assert elected_offices(text) == {"justerare"}
    assert elected_offices("Lena Myrberg utsågs till ny ledamot. Kassör valdes Per Ek.") == {"ledamot", "kassör"}


def test_the_rules_can_be_switched_off():
    with changed({"question.asked_detail": False, "question.offices": False}):
        assert asked_detail("Vilket fastighetsbolag hyr förbundet kansliet av?") == ""
        assert offices("Ordföranden hälsade välkommen.") == set()
