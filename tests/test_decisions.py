"""Specification of decision extraction: the fixed ways Swedish protocols state what was decided."""

from __future__ import annotations

from pathlib import Path

from index.parse.decisions import decision_sentences, is_section_heading, quotable, sentences
from index.parse.protocol import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def decisions_of(name: str, number: int) -> list[str]:
    meeting = parse_file(CORPUS / name)
    return next(p.decisions for p in meeting.paragraphs if p.number == number)


# --- From the real protocols ------------------------------------------------------------

def test_inline_beslut_prefix_is_dropped() -> None:
    """Sörmland §21: 'Beslut: Arbetsutskottet föreslår styrelsen att godkänna ansökan.'"""
    assert decisions_of("sormland-rar-arbetsutskottet-2026-03-04.txt", 21) == [
        "Arbetsutskottet föreslår styrelsen att godkänna ansökan."
    ]


def test_discussion_of_an_earlier_decision_is_not_a_decision() -> None:
    """Sörmland §22 talks about 'Styrelsens beslut att söka …'; only the 'Beslut:' line decides."""
    assert decisions_of("sormland-rar-arbetsutskottet-2026-03-04.txt", 22) == [
        "Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen."
    ]


def test_organ_beslutar_att_sentence() -> None:
    """Kalmar §78: the recommendation in the text is not the decision; the last sentence is."""
    assert decisions_of("kalmar-styrelsen-2023-10-27.txt", 78) == ["Styrelsen beslutar att avslå ansökan."]


def test_numbered_list_under_a_beslut_heading_gives_one_decision_per_item() -> None:
    """Östergötland §37: five numbered items; the sub-bullets of items 4 and 5 stay with their item."""
    found = decisions_of("ostra-ostergotland-styrelsen-2026-05-29.txt", 37)
    assert len(found) == 5
    assert found[0].startswith("Styrelsen beslutar att ge förbundschefen i uppdrag")
    assert found[1].startswith("Styrelsen noterar att inom kontrollområde Målbild 3")
    assert found[3].startswith("Styrelsen beslutar att inom kontrollområde Administrativa rutiner")
    assert "§22 Följs upp igen" in found[3] and "§32" in found[3]
    assert "Attestrutiner" in found[4] and "Felaktiga utbetalningar" in found[4]
    assert all("**" not in d and not d[0].isdigit() for d in found)


def test_bulleted_numbered_list_under_a_beslut_heading() -> None:
    """Östergötland §38: '- 1. …' and '- 2. …' with stray bold marks from the export."""
    assert decisions_of("ostra-ostergotland-styrelsen-2026-05-29.txt", 38) == [
        "Styrelsen beslutar att följa den statliga idealfördelningen för medeltilldelning budgetår 2027.",
        "Förbundschefen ges i uppdrag att formellt förankra medlemsavgiften med medlemsparterna i förbundet "
        "baserat på idealfördelningens nivå.",
    ]


def test_beslut_section_ends_at_the_description() -> None:
    """Östergötland §36: nothing from 'Beskrivning av ärendet' is a decision."""
    assert decisions_of("ostra-ostergotland-styrelsen-2026-05-29.txt", 36) == [
        "Styrelsen tar informationen till protokollet."
    ]


def test_styrelsen_beslutade_then_labelled_att_items() -> None:
    """Blekinge: 'Styrelsen beslutade:' / 'Beslut 2025-5 §11:1' / 'Att …' – the labels are not decisions."""
    found = decisions_of("blekinge-styrelsen-2025-09-29.txt", 11)
    assert [d.split()[:3] for d in found] == [["Att", "godkänna", "det"], ["Att", "ge", "förbundschefen"], ["Att", "bemyndiga", "styrelsens"]]
    assert not any(d.startswith("Beslut 2025") for d in found)


def test_filing_to_the_records_is_a_decision() -> None:
    assert decisions_of("kalmar-arbetsutskottet-2025-12-05.txt", 3) == [
        "Arbetsutskottet beslutar att AU-protokollet läggs till handlingarna."
    ]


# --- Invented variants ----------------------------------------------------------------------

def test_invented_beslut_colon_and_plain_text() -> None:
    text = "Förbundschefen redogör för ärendet.\n\nBeslut: Styrelsen godkänner budgeten."
    assert decision_sentences(text) == ["Styrelsen godkänner budgeten."]


def test_invented_beslut_heading_with_numbered_items_and_sub_bullets() -> None:
    text = (
        "Beslut\n\n1. Styrelsen beslutar att anta planen.\n"
        "2. Styrelsen beslutar att följa upp följande:\n- o Budget\n- o Bemanning\n\n"
        "Beskrivning av ärendet\n\nStyrelsen beslutar ingenting här, det är bakgrund."
    )
    assert decision_sentences(text) == [
        "Styrelsen beslutar att anta planen.",
        "Styrelsen beslutar att följa upp följande: Budget; Bemanning",
    ]


def test_invented_att_items_after_beslutade_colon() -> None:
    text = "Nämnden beslutade:\nAtt anta budgeten.\natt ge förvaltningen i uppdrag att följa upp.\n\nÖvrigt diskuterades."
    assert decision_sentences(text) == ["Att anta budgeten.", "att ge förvaltningen i uppdrag att följa upp."]


def test_invented_filing_with_lagger() -> None:
    text = "Styrelsen tar del av rapporten och lägger den till handlingarna."
    assert decision_sentences(text) == [text]


def test_invented_postponement_and_election() -> None:
    text = "Ärendet bordläggs till nästa möte. Anna Berg väljs till ordförande. Vädret var fint."
    assert decision_sentences(text) == ["Ärendet bordläggs till nästa möte.", "Anna Berg väljs till ordförande."]


def test_no_decision_in_plain_discussion() -> None:
    assert decision_sentences("Förbundschefen informerar om läget. Frågan diskuterades.") == []


def test_sentences_keep_numbers_and_abbreviations_together() -> None:
    assert sentences("Budgeten är 1 000 000 kr. Den ökar 2026.") == ["Budgeten är 1 000 000 kr.", "Den ökar 2026."]


def test_section_labels_are_not_quotable_sentences():
    text = "Beslut\nStyrelsen beslutar att fastställa rapporten.\nBeskrivning av ärendet\nRapporten har skickats ut.\nBeslut 2025-5 §10:1"
    assert quotable(text) == ["Styrelsen beslutar att fastställa rapporten.", "Rapporten har skickats ut."]
    assert is_section_heading("Beslutsunderlag") and not is_section_heading("Bakgrund till ärendet är att kostnaderna steg.")


def test_a_quoted_decision_leaves_its_label_behind():
    assert quotable("Beslut: Arbetsutskottet föreslår styrelsen att godkänna ansökan.") == [
        "Arbetsutskottet föreslår styrelsen att godkänna ansökan."]
