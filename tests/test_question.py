"""Understanding a question: language, filters from organisation, organ and dates, follow-ups."""

import pytest

from assistant.models import Cited
from assistant.answer.plan import is_follow_up, language, understand

MEETINGS = [
    {"organisation": "Samordningsförbundet i Kalmar län", "body": "styrelsen", "date": "2023-10-27"},
    {"organisation": "Samordningsförbundet i Kalmar län", "body": "arbetsutskottet", "date": "2025-12-05"},
    {"organisation": "Samordningsförbundet i Blekinge", "body": "styrelsen", "date": "2025-09-29"},
    {"organisation": "Samordningsförbundet RAR i Sörmland", "body": "arbetsutskottet", "date": "2026-03-04"},
]


def test_language_follows_the_question():
    assert language("Vad beslutade styrelsen om ESF-medel?") == "sv"
    assert language("What did the board decide about ESF funding?") == "en"
    assert language("Who will handle data protection from January 2026?") == "en"
    assert language("Why did RAR Sörmland end 2025 with a bigger surplus than planned?") == "en"  # names are no language
    assert language("Och i Blekinge?") == "sv" and language("Is there a price limit?") == "en"


def test_organisation_organ_and_month_become_filters():
    u = understand("Vad beslutade arbetsutskottet i Kalmar i december 2025?", None, MEETINGS)
    assert u.filters.organisation == "Samordningsförbundet i Kalmar län"
    assert u.filters.body == "arbetsutskottet"
    assert (u.filters.date_from, u.filters.date_to) == ("2025-12-01", "2025-12-31")


def test_an_english_possessive_and_au_are_understood():
    u = understand("What did Sörmland's AU propose?", None, MEETINGS)
    assert u.filters.organisation == "Samordningsförbundet RAR i Sörmland" and u.filters.body == "arbetsutskottet"


def test_the_latest_meeting_filters_no_dates():
    u = understand("Vad beslutades på senaste mötet i Kalmar?", None, MEETINGS)
    assert (u.filters.date_from, u.filters.date_to) == (None, None)  # every meeting of Kalmar is searched


def test_a_year_a_budget_is_for_is_no_meeting_filter():
    u = understand("Hur stor är medelstilldelningen för 2026 i Kalmar?", None, MEETINGS)
    assert u.filters.date_from is None


def test_dates_that_match_no_meeting_are_read_as_what_a_paragraph_talks_about():
    topic = understand("Who will handle data protection from January 2026?", None, MEETINGS)
    assert topic.filters.date_from is None and "januari" in topic.mentions and not topic.no_meeting_in_range
    meeting = understand("Vad sa Blekinges styrelse om hyran på februarimötet 2026?", None, MEETINGS)
    assert meeting.no_meeting_in_range and meeting.filters.date_from is None and "februari" in meeting.mentions


def test_a_date_that_matches_a_meeting_keeps_the_other_reading_too():
    plan = understand("Vad sades om mötet med revisorerna den 5 december 2025?", None, MEETINGS)
    assert plan.filters.date_from == "2025-12-05"
    assert plan.undated is not None and plan.undated.filters.date_from is None
    assert "5 december" in plan.undated.mentions and "2025-12-05" in plan.undated.mentions


def answered(question: str, cited: str, date: str) -> list[dict]:
    """A history of one question and its answer, the answer carried as data (as the UI and `ask --json` give it)."""
    answer = {"citations": [{"id": cited, "date": date, "paragraph": 4}]}
    return [{"role": "user", "content": question},
            {"role": "assistant", "content": "Det här står i protokollen: …", "answer": answer}]


def test_the_year_before_is_the_same_question_a_year_earlier():
    history = answered("Hur stor var medelstilldelningen till Kalmar 2025?", "kalmar-au-2025-12-05-p4", "2025-12-05")
    plan = understand("Och året innan?", history, MEETINGS)
    assert "medelstilldelningen" in plan.query and "2024" in plan.query and "2025" not in plan.query
    assert plan.context == (Cited("kalmar-au-2025-12-05-p4", "2025-12-05"),) and plan.question == "Och året innan?"
    after = understand("And the year after?", history, MEETINGS)
    assert "2026" in after.query


def test_the_year_before_a_question_without_a_year_is_the_year_before_the_cited_meeting():
    history = answered("Vad beslutade Kalmar om lokalhyran?", "kalmar-au-2025-12-05-p9", "2025-12-05")
    assert "2024" in understand("Och året innan?", history, MEETINGS).query


def test_the_context_of_a_follow_up_is_data_not_the_answer_text():
    label = "… (Samordningsförbundet i Kalmar län, arbetsutskottet 2025-12-05, § 9)"
    history = [{"role": "user", "content": "Vad beslutade Kalmar om lokalhyran?"}, {"role": "assistant", "content": label}]
    assert understand("Och vad kostade den?", history, MEETINGS).context == ()


@pytest.mark.parametrize(("question", "kind"), [
    ("Hur mycket kostar den nya utbildningen?", "amount"),
    ("How many participants joined the pilot?", "amount"),
    ("Vem ska leda arbetsgruppen för digitala möten?", "person"),
    ("När ska den nya webbplatsen lanseras?", "date"),  # a feature of the learned answer model (holds a date or not)
    ("Vad hette entreprenören som lade anbudet?", "person"),
    ("Vad kostade den nya bryggan?", "amount"),
    ("Varför avbröts pilotprojektet med cykelpool?", "reason"),
    ("Why was the seminar on housing moved?", "reason"),
    ("Vad beslutade styrelsen om bilpoolen?", "decision"),
    ("Berätta om bilpoolen.", None),
])
def test_the_plan_names_the_kind_of_answer_asked_for(question, kind):
    assert understand(question, None, MEETINGS).answer_type == kind


@pytest.mark.parametrize(("question", "across"), [
    ("Hur förändrades bidraget till föreningen från 2025 till 2026?", True),
    ("Vad beslutades först om hyran för laddplatsen och vad gäller nu?", True),
    ("How has the estimate changed since the spring?", True),
    ("Vad beslutade styrelsen om hyran för laddplatsen?", False),
])
def test_a_question_whose_answer_lies_in_several_meetings(question, across):
    assert ("across_meetings" in understand(question, None, MEETINGS).intents) is across


@pytest.mark.parametrize(("question", "intent"), [
    ("Hur har frågan om cykelpoolen utvecklats?", "timeline"),
    ("Vilka uppdrag har förbundschefen fått?", "assignments"),
    ("Vilka beslut fattades den 5 december 2025?", "digest"),
    ("Vilka beslut fattades om cykelpoolen?", "answer"),  # no meeting named: no digest
])
def test_the_plan_names_the_intent_the_answer_dispatches_on(question, intent):
    assert understand(question, None, MEETINGS).intent == intent


def test_an_assignment_question_names_the_role():
    assert understand("What tasks has the director been given?", None, MEETINGS).role == "förbundschefen"


def test_an_unknown_forbund_is_noticed():
    assert understand("Vad beslutade Samordningsförbundet Göteborg om ESF?", None, MEETINGS).unknown_org == "Göteborg"
    assert understand("När ska Forum FINSAM startas?", None, MEETINGS).unknown_org is None


def test_follow_ups_take_the_earlier_question_and_switch_organisation():
    history = answered("Vem är ombud vid NNS medlemsmöte i Kalmar?", "kalmar-styrelsen-2023-10-27-p72", "2023-10-27")
    u = understand("And what about Blekinge?", history, MEETINGS)
    assert "NNS medlemsmöte" in u.query and "Kalmar" not in u.query
    assert u.filters.organisation == "Samordningsförbundet i Blekinge"
    same = understand("Och vad beslutade de om det?", history, MEETINGS)
    assert same.context == (Cited("kalmar-styrelsen-2023-10-27-p72", "2023-10-27"),) and same.filters.organisation == "Samordningsförbundet i Kalmar län"


def test_what_counts_as_a_follow_up():
    assert is_follow_up("Och i Blekinge?") and is_follow_up("Who do they work with?")
    assert not is_follow_up("Vad beslutade styrelsen i Kalmar om policyn för ersättning vid förlorad arbetsinkomst?")


def test_an_organ_after_the_organisation_in_one_word_is_a_filter():
    u = understand("Vad sades om budgeten på Kalmarstyrelsens möte hösten 2023?", None, MEETINGS)
    assert u.filters.organisation == "Samordningsförbundet i Kalmar län" and u.filters.body == "styrelsen"


def test_dates_that_became_a_filter_are_no_longer_part_of_the_subject():
    u = understand("Vad sades om budgeten på Kalmarstyrelsens möte hösten 2023?", None, MEETINGS)
    assert (u.filters.date_from, u.filters.date_to) == ("2023-01-01", "2023-12-31")
    assert "2023" not in u.topic and "hösten" not in u.topic and "budgeten" in u.topic


def test_a_question_about_nothing_but_a_meeting_keeps_its_date_as_subject():
    u = understand("Vad hände med Kalmars möte i december 2025?", None, MEETINGS)
    assert u.filters.date_from == "2025-12-01" and "december 2025" in u.topic


def test_two_years_are_no_single_year_filter():
    u = understand("Vad tog Kalmarstyrelsen upp på decembermötena 2023 och 2025?", None, MEETINGS)
    assert u.filters.date_from is None


def test_a_short_question_without_pronouns_also_gets_a_standalone_reading():
    history = [{"role": "user", "content": "Vad sades om Fasträntekontot?"}, {"role": "assistant", "content": "…"}]
    short = understand("Vem valdes till justerare?", history, MEETINGS)
    assert short.standalone is not None and short.standalone.query == "Vem valdes till justerare?"
    assert understand("Och vad beslutade de om det?", history, MEETINGS).standalone is None


def test_decision_digest_phrasings():
    for question in ("Vilka beslut fattade styrelsen den 29 maj 2026?", "Summarise the decisions of the meeting on 5 December 2025."):
        assert "digest" in understand(question, None, MEETINGS).intents


def test_plural_definites_ask_across_organisations():
    for question in ("Vad har förbunden sagt om arvoden till ledamöterna?", "How did the boards handle their interim reports?"):
        assert "cross" in understand(question, None, MEETINGS).intents


def test_a_month_compound_is_a_month_filter():
    u = understand("Vad beslutades om lokaler i Blekinge på septembermötet 2025?", None, MEETINGS)
    assert (u.filters.date_from, u.filters.date_to) == ("2025-09-01", "2025-09-30") and "september" not in u.topic


def test_an_inherited_year_is_a_meeting_filter_only_if_its_own_question_named_a_meeting():
    history = [{"role": "user", "content": "Vad sa Blekinge om lokalhyran 2027?"},
               {"role": "assistant", "content": "…"}]
    u = understand("Fick de veta hyran under mötet?", history, MEETINGS)
    assert not u.no_meeting_in_range and u.mentions == ("2027",)


def test_two_organisations_named_are_compared_not_filtered():
    u = understand("Hur ser Blekinge och Kalmar på medelstilldelningen?", None, MEETINGS)
    assert u.filters.organisation is None and "cross" in u.intents
    assert u.compared == ["Samordningsförbundet i Blekinge", "Samordningsförbundet i Kalmar län"]


def test_a_word_two_organisations_share_names_neither():
    meetings = [{"organisation": "Norrby Vägsamfällighet", "body": "årsmöte", "date": "2024-08-17"},
                {"organisation": "Norrby Dikningsföretag av år 1931", "body": "årsmöte", "date": "2024-08-17"}]
    u = understand("Vilka valdes till revisorer i Norrby Dikningsföretag 2024?", None, meetings)
    assert u.filters.organisation == "Norrby Dikningsföretag av år 1931" and not u.compared
    assert understand("Vad beslutade Norrbys årsmöte 2024?", None, meetings).filters.organisation is None
