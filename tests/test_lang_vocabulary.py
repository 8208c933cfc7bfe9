"""Specification of index/lang/vocabulary.py, phrases.py and questions.py: organs and roles shared by the parser
and the question reader, the fixed phrases of minutes, and how questions are put."""

from __future__ import annotations

import pytest

from index.lang.phrases import DECIDER_RE, DECISION_SENTENCE_RE, DECISION_TYPES, E_SIGNATURE_START_RE, ROUTINE_TITLE
from index.lang.questions import CUES, AnswerType, language, timeline_topic
from index.lang.titles import kind_first_name
from index.lang.vocabulary import (ABBREVIATIONS_AFTER, ASSOCIATION_KINDS, ASSOCIATION_RES, FRIENDS_AFTER, KINDS_BEFORE,
                                   OWNED_ORGAN_RE, PLACES, coordination_name, COORDINATION_RE, has_role, organ_alias, organ_named,
                                   role_form, role_named)
from index.lang.wordlists import DATA, rows, words


@pytest.mark.parametrize(("text", "organ"), [
    ("Protokoll från arbetsutskottets sammanträde", "arbetsutskottet"),
    ("AU-möte", "arbetsutskottet"),
    ("Styrelsemötet 3 maj", "styrelsen"),
    ("Socialnämnden", "socialnämnden"),
    ("Kommunfullmäktige", "kommunfullmäktige"),
    ("Protokoll årsmöte", "årsmöte"),
    ("Vårmöte i klubben", "vårmöte"),
    ("Stormötet valde styrelse", "stormöte"),
    ("Protokoll fört vid Kollektivhusföreningen Ekbackens husmöte", "husmöte"),
    ("Direktionen beslutade att sänka räntan", "direktionen"),
    ("Kommunstyrelseförvaltningen informerar", None),
    ("fört vid sammanträde med kyrkorådet i Tallmo församling", "kyrkorådet"),
    ("Förbundsdirektionen beslutar", "direktionen"),
    ("Direktören informerar", None),
])
def test_the_organ_minutes_name(text, organ):
    assert organ_named(text) == organ


def test_a_question_names_the_same_organs_in_english():
    assert organ_named("What did the working committee decide?", english=True) == "arbetsutskottet"
    assert organ_named("What did the board decide?", english=True) == "styrelsen"
    assert organ_named("What did the board decide?") is None
    assert organ_alias("au") == organ_alias("board".replace("board", "arbetsutskott")) == "arbetsutskottet"


def test_roles_as_minutes_and_questions_name_them():
    assert role_form("förbundschef") == "förbundschefen" and role_form("vice ordförande") is None
    assert role_named("What tasks has the director been given?") == "förbundschefen"
    assert has_role("vice ordförande", "ordföranden")


@pytest.mark.parametrize(("text", "name"), [
    ("Samordningsförbundet i\nMölnby Län", "Samordningsförbundet i Mölnby län"),
    ("Samordningsförbundet SAM i Tunabygden", "Samordningsförbundet SAM i Tunabygden"),
    ("Samordningsförbundet Västra Tunabygden", "Samordningsförbundet Västra Tunabygden"),
])
def test_a_coordination_association_and_its_own_acronym(text, name):
    assert coordination_name(COORDINATION_RE.search(text)) == name


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Arbetsutskottet föreslår styrelsen att anta planen.", "proposal"),
    ("Ärendet bordläggs.", "postponed"),
    ("Ansökan avslås.", "rejected"),
    ("Informationen läggs till handlingarna.", "information"),
])
def test_the_kind_of_a_decision(sentence, kind):
    assert next(name for name, pattern in DECISION_TYPES if pattern.search(sentence)) == kind
    assert DECISION_SENTENCE_RE.search(sentence) or kind == "rejected"


@pytest.mark.parametrize("sentence", [
    "Kyrkorådet beslutar att anta verksamhetsplanen för 2025.",
    "Direktionen beslutar att höja taxan med tre procent.",
    "Förbundsdirektionen beslutade att teckna avtal med Brandbolaget.",
    "Årsmötet valde Lina Berg till ordförande.",
    "Föreningsstämman beslutade att anta budgeten.",
    "Tekniska nämnden godkänner ritningarna.",
    "Nämnden beslutar att bevilja bidraget.",
    "Beslutade kyrkorådet att skjuta upp renoveringen.",
])
def test_any_organ_of_the_vocabulary_decides(sentence):
    assert DECISION_SENTENCE_RE.search(sentence)


@pytest.mark.parametrize("sentence", [
    "Kyrkorådets ordförande beslutar om mötesformen.",  # a genitive: the chair decides, not the council
    "Föreningen beslutar att byta bank.",  # no organ of the vocabulary
    "Styrelseledamoten Per Ek föreslår en ny rutin.",
])
def test_no_organ_no_decision_sentence(sentence):
    assert not DECISION_SENTENCE_RE.search(sentence)


@pytest.mark.parametrize(("text", "decider"), [
    ("Kyrkorådet beslutar att anta planen.", "Kyrkorådet"),
    ("Efter diskussion. Direktionen föreslår förbundsfullmäktige att fastställa budgeten.", "Direktionen"),
    ("Bolagsstämman beslutar att utdelning inte lämnas.", "Bolagsstämman"),
    ("Ordet gick till kyrkorådet beslutar ingen.", None),  # in a sentence's middle, not its subject
    ("Kyrkorådets sekreterare tar anteckningarna.", None),
])
def test_the_organ_deciding_in_a_text_is_any_organ_of_the_vocabulary(text, decider):
    found = DECIDER_RE.search(text)
    assert (found[1] if found else None) == decider


def test_routine_titles():
    assert ROUTINE_TITLE.search("Val av justerare") and ROUTINE_TITLE.search("Godkännande av dagordning")
    assert not ROUTINE_TITLE.search("Budget 2026")


def test_an_e_signature_service_s_pages_start_at_its_validation_text():
    minutes = "§ 9 Avslutning\nOrdföranden avslutar mötet.\n\nDetta är ett elektroniskt undertecknat dokument\nTransaktions-ID 12AB"
    start = E_SIGNATURE_START_RE.search(minutes)
    assert start and minutes[: start.start()].rstrip().endswith("avslutar mötet.")
    assert not E_SIGNATURE_START_RE.search("Styrelsen beslutar att verifikaten ska attesteras av två ledamöter.")


@pytest.mark.parametrize(("question", "kind"), [
    ("Hur mycket kostade cykelpoolen?", AnswerType.AMOUNT), ("Who chairs the board?", AnswerType.PERSON),
    ("Varför sades avtalet upp?", AnswerType.REASON),
])
def test_what_a_question_asks_for(question, kind):
    assert CUES[kind].search(question)


def test_the_language_of_a_question():
    assert language("What did the board decide about the bicycle pool?") == "en"
    assert language("Vad beslutade styrelsen om cykelpoolen?") == "sv"
    assert language("Why did Mölnby end 2025 with a surplus?") == "en"


def test_a_question_about_a_topic_over_time():
    assert timeline_topic("Hur har frågan om cykelpoolen utvecklats?") == "cykelpoolen"
    assert timeline_topic("How has the bicycle pool evolved?") == "bicycle pool"
    assert timeline_topic("Vad kostade cykelpoolen?") is None


def test_every_data_file_says_what_it_is_and_holds_one_entry_a_line():
    for path in sorted(DATA.iterdir()):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("#"), f"{path.name} opens without a comment saying what the list is"
        entries = words(path.stem) if path.suffix == ".txt" else rows(path.stem)
        assert entries, path.name
        if path.suffix == ".txt":
            assert all(len(e.split()) == 1 for e in entries), f"{path.name}: one word a line"


def test_each_organ_is_listed_once_so_its_forms_live_in_one_row() -> None:
    from index.lang.vocabulary import ORGANS

    named = [organ.name for organ in ORGANS if organ.name]
    assert len(named) == len(set(named))



def _named_after(text: str) -> str | None:
    return next((m[1] for pattern in ASSOCIATION_RES if (m := pattern.search(text))), None)


@pytest.mark.parametrize("kind", ASSOCIATION_KINDS, ids=lambda kind: f"{kind.word}-{kind.place}")
def test_every_kind_of_association_in_the_list_makes_a_name_where_it_stands(kind) -> None:
    """Each entry of data/association_kinds.tsv, in the place the list gives it, makes an invented name an
    association's: 'IFK Norrvik', 'Norrvik IF', 'Sällskapet Gamla Norrvik', 'Bergslagsbanans vänner'."""
    if kind.place != "after":
        assert kind_first_name(f"Protokoll fört vid styrelsemöte i {kind.word} Gamla Norrvik") == f"{kind.word} Gamla Norrvik"
    if kind.place != "before":
        name = f"Gamla Norrvik {kind.word}" if kind.abbreviation else f"Gamla Norrviks {kind.word}"
        assert _named_after(f"Protokoll fört vid styrelsemöte i {name} den 5 mars 2024") == name


def test_the_association_kinds_say_where_they_stand_in_a_name() -> None:
    assert "IFK" in KINDS_BEFORE and "IFK" not in ABBREVIATIONS_AFTER
    assert {"IF", "BK", "GoIF"} <= set(ABBREVIATIONS_AFTER) and "vänner" in FRIENDS_AFTER
    assert {"Sällskapet", "Stiftelsen", "Föreningen"} <= set(KINDS_BEFORE)
    assert all(kind.place in PLACES for kind in ASSOCIATION_KINDS)


def test_a_friends_society_follows_a_name_in_the_genitive_and_an_abbreviation_is_a_whole_word() -> None:
    assert _named_after("Kära vänner, välkomna") is None
    assert _named_after("Ekbacka IFs styrelse") == "Ekbacka IF"  # the club in the genitive
    assert _named_after("Sjöviks BKA") is None



def test_a_coordination_association_is_named_by_the_words_of_one_cell() -> None:
    """A letterhead 'Samordningsförbundet Norrhavet<TAB>PROTOKOLL Styrelsen' names the förbund, not its record."""
    match = COORDINATION_RE.search("Samordningsförbundet Norrhavet\tPROTOKOLL Styrelsen")
    assert coordination_name(match) == "Samordningsförbundet Norrhavet"


@pytest.mark.parametrize(("after_the_name", "owned"), [
    (":s styrelse beslutade", True),
    ("s årsmöte valde", True),
    (":s arbetsutskott föreslår", True),  # any organ of data/organs.tsv, not a list of its own
    ("s förbundsdirektion", True),
    ("s stämma", True),
    ("s medlemmar", True),
    (":s kassör", False),  # a role, not an organ that meets
    ("s protokoll", False),
])
def test_an_association_is_named_as_the_owner_of_an_organ_by_any_organ_the_vocabulary_knows(after_the_name, owned):
    assert bool(OWNED_ORGAN_RE.match(after_the_name)) is owned
