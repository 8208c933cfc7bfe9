"""Specification of the structured extraction stored with each §: typed decisions, amounts in kronor,
assignments, follow-ups with dates, and the people named. Each rule is checked on the real protocols
and on invented variants."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from index.lang.names import people
from index.lang.numbers import amounts
from index.models import AmountFact, Decision, Facts
from index.parse.extract import decision_type, due, extract
from index.models import Meeting, Paragraph
from index.parse.protocol import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
OSTERGOTLAND = "ostra-ostergotland-styrelsen-2026-05-29.txt"
KALMAR_AU = "kalmar-arbetsutskottet-2025-12-05.txt"
KALMAR_BOARD = "kalmar-styrelsen-2023-10-27.txt"
BLEKINGE = "blekinge-styrelsen-2025-09-29.txt"
SORMLAND = "sormland-rar-arbetsutskottet-2026-03-04.txt"


@lru_cache(maxsize=None)
def meeting(name: str) -> Meeting:
    return parse_file(CORPUS / name)


def extracted(name: str, number: int, occurrence: int = 0) -> dict:
    """The extraction of a § ('§ 20' occurs twice in the Kalmar AU protocol: occurrence picks which)."""
    m = meeting(name)
    return extract([p for p in m.paragraphs if p.number == number][occurrence], m)


def variant(text: str, held: str = "2025-12-05", attendees: list[str] | None = None) -> dict:
    m = Meeting("x.txt", "Samordningsförbundet Test", "styrelsen", held, attendees=attendees or [])
    return extract(Paragraph(1, "Test", text, [text]), m)


# --- decision types ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "number", "expected"), [
    (SORMLAND, 21, ["proposal"]),
    (SORMLAND, 22, ["proposal"]),
    (KALMAR_BOARD, 78, ["rejected"]),
    (KALMAR_BOARD, 79, ["decision"]),
    (KALMAR_AU, 3, ["information"]),
    (OSTERGOTLAND, 36, ["information"]),
    (OSTERGOTLAND, 44, ["information"]),
])
def test_decision_types_in_the_protocols(name: str, number: int, expected: list[str]) -> None:
    assert [d.type for d in extracted(name, number).decisions] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Arbetsutskottet föreslår styrelsen att bevilja ansökan.", "proposal"),
    ("AU föreslår att styrelsen fastställer budgeten.", "proposal"),
    ("Ärendet bordläggs till nästa sammanträde.", "postponed"),
    ("Styrelsen beslutar att bordlägga frågan.", "postponed"),
    ("Ansökan avslås.", "rejected"),
    ("Styrelsen beslutar att inte bevilja ansökan.", "rejected"),
    ("Rapporten läggs till handlingarna.", "information"),
    ("Styrelsen tar informationen till protokollet.", "information"),
    ("Styrelsen beslutar att fastställa budgeten.", "decision"),
])
def test_decision_type_variants(sentence: str, expected: str) -> None:
    assert decision_type(sentence) == expected


# --- amounts -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kronor"), [
    ("utökas till 12 miljoner kronor", [12_000_000]),
    ("blir 13 618 tkr med parternas finansiering", [13_618_000]),
    ("ett återflöde på 704.000 kr", [704_000]),
    ("till en kostnad av 80.000 kronor", [80_000]),
    ("Fasträntekontot på 1 000 000 kr", [1_000_000]),
    ("maximalt 400 000 kr exklusive moms", [400_000]),
    ("ett minusresultat om ca 1,5 miljoner", [1_500_000]),
    ("minska med minst tre miljoner kronor", [3_000_000]),
    ("årets resultat uppgår till 2136 tkr", [2_136_000]),
    ("från 10,7 till 12 miljoner", [10_700_000, 12_000_000]),
    ("budget för 2026 på 15 598 000 kr", [15_598_000]),
    ("2 promille av tilldelade medel, kl 12-14.30, 3,5 heltidstjänster", []),
])
def test_amounts_are_normalised_to_kronor(text: str, kronor: list[int]) -> None:
    assert [a.kronor for a in amounts(text)] == kronor


def test_blekinge_procurement_cap_is_a_decided_amount() -> None:
    x = extracted(BLEKINGE, 11)
    assert AmountFact("400 000 kr", 400_000, decided=True) in x.amounts
    mandate = next(a for a in x.assignments if a.kind == "mandate")
    assert mandate.who == "styrelsens ordförande" and mandate.kronor == [400_000]
    assert mandate.task.startswith("på styrelsens vägnar, teckna avtal")


def test_amount_in_a_title_is_found() -> None:
    assert [a.kronor for a in extracted(KALMAR_AU, 11).amounts] == [1_000_000, 1_000_000]


# --- assignments -------------------------------------------------------------------------

def test_kalmar_au_assignment_to_inform_the_board() -> None:
    [a] = extracted(KALMAR_AU, 16).assignments
    assert a.who == "förbundschefen" and a.kind == "assignment"
    assert a.task.startswith("meddela styrelseledamöterna detta")


@pytest.mark.parametrize(("name", "number", "who", "task_start"), [
    (KALMAR_AU, 8, "förbundschefen", "sända ut verksamhetsplan och budget för 2026"),
    (BLEKINGE, 11, "förbundschefen", "genomföra upphandlingen"),
    (BLEKINGE, 14, "styrelsen", "inför nästa möte fundera"),
    (OSTERGOTLAND, 38, "förbundschefen", "formellt förankra medlemsavgiften"),
    (OSTERGOTLAND, 40, "förbundschefen", "upphandla en leverantör"),
    (OSTERGOTLAND, 45, "förbundschefen", "framföra till projektet att lokalkostnader"),
    (OSTERGOTLAND, 44, "Sandra", "återkomma med svar"),  # named in full only in the text, not among the attendees
])
def test_assignments_in_the_protocols(name: str, number: int, who: str, task_start: str) -> None:
    found = extracted(name, number).assignments
    assert any(a.who == who and a.task.startswith(task_start) for a in found), found


@pytest.mark.parametrize(("text", "who", "task"), [
    ("Styrelsen ger förbundschefen i uppdrag att ta fram en ny budget.", "förbundschefen", "ta fram en ny budget"),
    ("Arbetsutskottet beslutar, med uppdrag till förbundschef att kalla till extra möte.", "förbundschefen", "kalla till extra möte"),
    ("Förbundschefen ges i uppdrag att utreda frågan.", "förbundschefen", "utreda frågan"),
    ("Ordföranden får i uppdrag att kontakta regionen.", "ordföranden", "kontakta regionen"),
    ("Styrelsen uppdrar åt kansliet att sammanställa remissvar.", "kansliet", "sammanställa remissvar"),
    ("Förbundschefen kommer framföra synpunkterna till FK.", "förbundschefen", "framföra synpunkterna till FK"),
    ("Styrelsen ger Anna Berg i uppdrag att leda arbetet.", "Anna Berg", "leda arbetet"),
])
def test_assignment_variants(text: str, who: str, task: str) -> None:
    [a] = variant(text).assignments
    assert (a.who, a.task) == (who, task)


def test_plain_reporting_is_no_assignment() -> None:
    assert variant("Förbundschef redogör för de svar han kommer lämna till Försäkringskassan.").assignments == []


# --- follow-ups --------------------------------------------------------------------------

def test_ostergotland_internal_control_follow_ups_in_october_2026() -> None:
    found = extracted(OSTERGOTLAND, 37).followups
    assert [(f.text.split()[0], f.due, f.due_from, f.due_to, f.by) for f in found] == [
        (s, "2026-10", "2026-10-01", "2026-10-31", "internkontrollen") for s in ("§3", "§22", "§32")
    ]


@pytest.mark.parametrize(("name", "number", "occurrence", "expected_due"), [
    (KALMAR_AU, 20, 1, "2026-02-20"),  # 'Nästa möte blir den 20 februari' at a December meeting: next year
    (OSTERGOTLAND, 38, 0, "2026-08-28"),  # 'beslutas om på nästkommande styrelsemöte 28 augusti'
    (KALMAR_BOARD, 85, 0, "2023-12-15"),  # 'Nästa styrelsemöte är ... den 15 december'
    (BLEKINGE, 7, 0, "2025-W48"),  # 'senast vecka 48'
    (BLEKINGE, 9, 0, "2026-02"),  # 'vid mötet i februari tar ställning'
])
def test_follow_up_dates_in_the_protocols(name: str, number: int, occurrence: int, expected_due: str) -> None:
    assert [f.due for f in extracted(name, number, occurrence).followups] == [expected_due]


def test_follow_up_of_an_earlier_meeting_is_not_due() -> None:
    """Östergötland §36 'följer upp föregående styrelsemöte den 27 mars 2026': a date before the meeting."""
    assert extracted(OSTERGOTLAND, 36).followups == []


def test_undated_next_meeting_follow_up_is_kept() -> None:
    [f] = extracted(OSTERGOTLAND, 47).followups
    assert f.next_meeting and f.due is None and "redovisas nästa möte" in f.text


@pytest.mark.parametrize(("sentence", "held", "expected"), [
    ("Följs upp i oktober 2026.", "2026-05-29", ("2026-10", "2026-10-01", "2026-10-31")),
    ("Återrapporteras i mars.", "2025-12-05", ("2026-03", "2026-03-01", "2026-03-31")),
    ("Återrapporteras i december.", "2025-12-05", ("2025-12", "2025-12-01", "2025-12-31")),
    ("Nästa möte är den 3 juni 2026.", "2026-05-29", ("2026-06-03", "2026-06-03", "2026-06-03")),
    ("Redovisas senast 2026-09-30.", "2026-05-29", ("2026-09-30", "2026-09-30", "2026-09-30")),
    ("Återkommer under kvartal 1 år 2027.", "2026-05-29", ("2027-Q1", "2027-01-01", "2027-03-31")),
    ("Följdes upp den 3 mars 2026.", "2026-05-29", None),
])
def test_due_dates(sentence: str, held: str, expected: tuple | None) -> None:
    found = due(sentence, held)
    assert (found and (found.label, found.start.isoformat(), found.end.isoformat())) == expected or (found is None and expected is None)


def test_variant_follow_up_without_a_cue_is_not_a_follow_up() -> None:
    assert variant("En workshop ska arrangeras i Karlskrona den 16 oktober.").followups == []


# --- people ------------------------------------------------------------------------------

def test_people_resolve_to_attendees() -> None:
    m = meeting(SORMLAND)
    assert people("Charlotta S. frågar. Oleg K. svarar.", m.attendees) == ["Charlotta Skålén", "Oleg Kosovic"]
    assert extracted(OSTERGOTLAND, 37).people == ["Riitta Leiviskä Widlund"]


def test_people_named_in_full_and_by_first_name() -> None:
    x = extracted(OSTERGOTLAND, 44)
    assert "Roger Eklund-Åkesson" in x.people  # attendee spelling wins over 'Roger Eklund Åkesson'
    assert "Sandra Gullberg" not in x.people  # a first name no attendee bears starts no name


def test_titles_and_organisations_are_not_people() -> None:
    assert people("Ordförande Helena Koch hälsade. Nationella Rådet och Region Kalmar län.", ["Helena Koch"]) == ["Helena Koch"]


def test_facts_are_stored_as_json_with_the_first_keys_and_read_back() -> None:
    import json

    x = extracted(BLEKINGE, 10)
    stored = json.loads(json.dumps(x.to_json()))
    assert set(stored) == {"decisions", "amounts", "assignments", "followups", "people"}
    assert Facts.from_json(stored) == x
    assert Facts.from_json({"decisions": stored["decisions"]}).assignments == []  # a store indexed before assignments
    assert x.decisions == [Decision("Att ramen för FINSAM-planer utökas till 12 miljoner kronor.", "decision", [12_000_000])]
