"""Specification of the § numbering grammar and of the choice of numbering per document, on invented lines."""

from __future__ import annotations

import pytest

from index.parse.markers import find_markers
from index.parse.numbering import choose
from index.read.styles import LineLook


def numbers(text: str) -> list[int]:
    lines = text.split("\n")
    return [m.number for m in choose(lines, find_markers(lines)).headings]


def chosen(text: str):
    lines = text.split("\n")
    return choose(lines, find_markers(lines))


@pytest.mark.parametrize(
    ("line", "number", "form"),
    [
        ("§ 12 Budget", 12, "§ N"),
        ("§12 Budget", 12, "§ N"),
        ("12 § Budget", 12, "N §"),
        ("12§ Budget", 12, "N §"),
        ("KS § 4 Budget", 4, "KS § N"),
        ("KF 74 Budget", 74, "KF N"),
        ("Ks 118 Budget", 118, "Ks N"),
        ("Au 84 Budget", 84, "Au N"),
        ("1. Budget", 1, "N."),
        ("§ 3/ Budget fastställdes.", 3, "§ N"),
        ("§ 1042 Budget", 1042, "§ N"),
        ("$ 13 Budget", 13, "§ N"),
        ("8 13. Budget", 13, "§ N"),
        ("& 13. Budget", 13, "§ N"),
        ("§ 5 a Budget", 5, "§ N"),
        ("§ 6:", 6, "§ N"),
        ("Punkt 3 Val av justerare", 3, "Punkt N"),
        ("Punkt 3. Val av justerare", 3, "Punkt N"),
        ("Ärende 4: Budget", 4, "Ärende N"),
        ("ÄRENDE 4 BUDGET", 4, "ÄRENDE N"),
        ("Paragraf 5 Budget", 5, "Paragraf N"),
        ("Dagordningspunkt 6 Budget", 6, "Dagordningspunkt N"),
        ("Ärendepunkt 2 Budget", 2, "Ärendepunkt N"),
        ("§ 7 – Budget", 7, "§ N"),
        ("Punkt 8 - Budget", 8, "Punkt N"),
        ("9. — Budget", 9, "N."),
    ],
)
def test_one_grammar_reads_every_heading_form(line: str, number: int, form: str) -> None:
    markers = find_markers([line])
    assert [(m.number, m.form) for m in markers][:1] == [(number, form)]


@pytest.mark.parametrize(
    "line",
    [
        "Anna Berg X, § 105 - § 106",  # attendance range
        "Olof Sand, ej § 35 på grund av jäv",  # inside a sentence
        "Som sades i §1 Öppnande är allt bra.",  # reference in running text
        "Paragrafer 40-52",
        "Nr 3/2019",
        "§10:1",  # a decision label
        "Kommunstyrelsen 14.3.2021, 88 §",  # an earlier handling
        "Dnr 2020/ Ny förskola",  # a diarienummer
        "12 000 kronor beviljas",
        "§ 4 - 7 Budgetärenden",  # a range with spaces around its dash
    ],
)
def test_references_ranges_and_identifiers_are_no_candidates(line: str) -> None:
    assert [m.number for m in find_markers([line]) if m.shape != "bare" or m.col == 0] == []


def test_page_numbers_glued_before_a_heading_are_not_headings() -> None:
    markers = find_markers(["3 2 KS 305 KALLELSE OCH BESLUTFÖRHET"])
    assert [(m.number, m.form) for m in markers] == [(305, "KS N")]


def test_the_family_with_the_most_plausible_chain_wins() -> None:
    text = "1. Inledning\n§ 7 Budget\nText.\n2. Punkt\n§ 8 Val\nText.\n3. Punkt\n§ 9 Avslutning\nText."
    assert numbers(text) == [7, 8, 9]


def test_items_named_by_a_word_before_their_number_are_a_numbering_of_their_own() -> None:
    text = ("Punkt 1 Mötets öppnande\nOrdföranden öppnade mötet.\nPunkt 2 Budget\nStyrelsen beslutade\n1. att anta budgeten,\n"
            "2. att redovisa utfallet.\nPunkt 3 Mötets avslutande\nMötet avslutades.")
    assert [(m.number, m.form) for m in chosen(text).headings] == [(1, "Punkt N"), (2, "Punkt N"), (3, "Punkt N")]


def test_agenda_points_named_by_a_word_give_way_to_the_paragraphs_they_hold() -> None:
    text = ("Punkt 1 Val av ordförande\n§ 1 Till ordförande valdes Eva Lind.\nPunkt 2 Val av styrelse\n"
            "§ 2 Till ordförande valdes Per Holm.\n§ 3 Till ledamöter valdes Sara Ek.\nPunkt 3 Övrigt\n§ 4 Inget övrigt.")
    assert numbers(text) == [1, 2, 3, 4] and chosen(text).form == "§ N"


def test_bold_agenda_points_give_way_to_the_paragraph_signs_set_as_text_under_them() -> None:
    lines = ["Punkt 1 Val av ordförande", "§ 1 Till ordförande valdes Eva Lind.", "Punkt 2 Val av styrelse",
             "§ 2 Till ordförande valdes Per Holm.", "Punkt 3 Övrigt", "§ 3 Inget övrigt."]
    numbering = choose(lines, find_markers(lines), styled=frozenset({0, 2, 4}), plain=frozenset({1, 3, 5}))
    assert [(m.line, m.form) for m in numbering.headings] == [(1, "§ N"), (3, "§ N"), (5, "§ N")]


def test_an_agenda_point_is_no_paragraph_that_lost_its_sign() -> None:
    text = ("Punkt 1 Val\n§ 1 Till ordförande valdes Eva.\n§ 2 Till sekreterare valdes Per.\nPunkt 2 Kallelse\n"
            "§ 3 Kallelsen godkändes.\nPunkt 4 Röstlängd\n§ 5 Röstlängden fastställdes.\nPunkt 5 Avslut\n§ 6 Mötet avslutades.")
    assert numbers(text) == [1, 2, 3, 5, 6]


def test_an_item_word_inside_a_word_or_a_reference_is_no_label() -> None:
    assert find_markers(["Punktskatt 3 procent", "Ärendet 4 bordlades", "Punkt 2024/118 Bygglov"]) == []


def test_a_reference_number_out_of_sequence_falls_out() -> None:
    text = "81 Dagordning Styrelsen fastställer dagordningen. 90 Förslag om ny lokal bordläggs\n82 Budget Godkänns.\n83 Rapport Noteras."
    assert numbers(text) == [81, 82, 83]


def test_the_same_sign_number_twice_is_kept_twice_but_a_bare_number_is_not() -> None:
    assert numbers("§ 20 Övriga frågor\nInga.\n§ 20 Avslutning\nSlut.") == [20, 20]
    assert numbers("1. Öppnande\nText.\n2. Val\nText.\n2. Val igen\nText.\n3. Slut\nText.") == [1, 2, 3]


def test_a_table_of_contents_lends_titles_only_to_numbers_the_body_lacks() -> None:
    text = "§ 40 Val\n\n§ 41\n\n§ 42\n\nDagordning\n\nBudget\n\n§ 40\n\nVal\n\nAnna väljs att justera."
    found = chosen(text)
    assert [m.number for m in found.headings] == [40]
    assert sorted(m.number for m in found.listed_only) == [41, 42]


def test_a_heading_whose_sign_was_lost_joins_where_its_number_is_missing() -> None:
    assert numbers("§ 1/ Mötet öppnas.\n§ 2/ Val av justerare.\n3/ Mötet avslutas.") == [1, 2, 3]


def test_a_numbered_list_inside_a_paragraph_does_not_join_the_chain() -> None:
    text = "§ 1 Budget\nBeslut:\n1. Budgeten fastställs.\n2. Rapporten läggs till handlingarna.\n§ 2 Avslutning\nSlut."
    assert numbers(text) == [1, 2]


def test_a_flattened_table_of_contents_line_gives_its_numbers() -> None:
    line = ("Innehållsförteckning 11 Fastställande av dagordning 12 Detaljplan för Norrudden 2:4 13 Markanvisning för "
            "kvarteret Lärkan 1, Stenvik 14 Yttrande över remiss 15 Yttrande över medborgarförslag om en lekplats")
    assert numbers(line) == [11, 12, 13, 14, 15]


def test_no_plausible_numbering_gives_no_headings() -> None:
    found = chosen("Vi träffades och pratade om 3 Saker.\nNästa träff blir i maj.")
    assert found.headings == [] and found.form == ""


def test_an_ocr_speck_before_a_label_alone_on_its_line_does_not_hide_it() -> None:
    assert numbers("1/\nMötet öppnades.\n:2/\nDagordningen fastställdes.\n3/\nKallelsen godkändes.") == [1, 2, 3]


def test_a_point_label_alone_on_its_line_keeps_its_place_whatever_stop_follows_its_slash() -> None:
    text = "12/\nKassan redovisades.\n13/.\nUtdebiteringen fastställdes.\n14/\nMötet avslutades."
    assert numbers(text) == [12, 13, 14]


def test_points_of_one_sentence_each_are_no_table_of_contents_though_a_stray_number_follows_the_end() -> None:
    """Each point's one line ends with its full stop: a sentence, not a listed title; the '4' of a signature's
    scribble after the last point does not make the points before it a contents."""
    points = ["Mötet öppnades av ordföranden.", "Dagordningen godkändes utan ändringar.",
              "Mötet förklarades behörigen utlyst.", "Till ordförande valdes Karin Ek.",
              "Till sekreterare valdes Olle Berg.", "Till justerare valdes Eva Ström.",
              "Kassan redovisades av kassören.", "Mötet avslutades av ordföranden."]
    text = "\n".join(f"{n}/\n{line}" for n, line in zip([1, 2, 3, 4, 5, 6, 15, 16], points)) + "\n4 V/A J\nKarin Ek"
    assert numbers(text) == [1, 2, 3, 4, 5, 6, 15, 16]


def test_a_number_set_in_plain_text_fills_the_gap_between_two_typeset_headings_but_a_list_does_not_join() -> None:
    """Typography sets '9.' and '11.' apart as headings and shows '10.Arvoden' (its font another) and the list under
    11 as plain text: 10 is exactly the number missing between two headings, the list's 1 and 2 are no headings."""
    lines = ["9. Bokslut", "Resultatet fastställs.", "10.Arvoden till styrelsen", "Arvodena fastställs.",
             "11. Val av styrelse", "1. Anna Berg", "2. Olle Ström", "12. Avslutning", "Mötet avslutas."]
    styled, plain = frozenset({0, 4, 7}), frozenset({1, 2, 3, 5, 6, 8})
    assert [m.number for m in choose(lines, find_markers(lines), styled, plain).headings] == [9, 10, 11, 12]


def test_labels_set_in_plain_text_that_lead_into_the_typeset_headings_continue_the_run() -> None:
    """'1.'-'3.' are set like the text, '4.' on in bold: they stand in the gap before the run's first heading, as
    many as its numbers missing (index/parse/runs.py); a list after the last heading (an appendix's) does not join."""
    lines = ["1. Mötets öppnande", "Mötet öppnas.", "2. Val av ordförande", "Karin Ek väljs.", "3. Dagordning",
             "Den godkänns.", "4. Budget", "Budgeten fastställs.", "5. Avslutning", "Mötet avslutas.",
             "Bilaga: stadgar", "6. Medlemskap", "7. Avgifter"]
    styled, plain = frozenset({6, 8}), frozenset(set(range(len(lines))) - {6, 8})
    assert [m.number for m in choose(lines, find_markers(lines), styled, plain).headings] == [1, 2, 3, 4, 5]


def test_an_opening_and_a_closing_point_set_as_text_continue_the_run_of_bold_headings() -> None:
    """'1. Mötets öppnande 12:25' and '7. Mötet avslutas 12:58' are typed as plain lines, the points between in bold:
    each continues the run at its end, in its form and at its left edge. A list after a run's last heading that
    numbers on (an appendix's '6.', '7.') does not join: the run's closing point is its family's last label."""
    lines = ["1. Mötets öppnande 12:25", "2. Val av sekreterare", "Olle Berg väljs.", "3. Kassan", "Kassan godkänns.",
             "4. Festen", "Festen blir i maj.", "5. Avgiften", "Den höjs.", "6. Övrigt", "Inget övrigt.",
             "7. Mötet avslutas 12:58"]
    styled = frozenset({1, 3, 5, 7, 9})
    plain = frozenset(set(range(len(lines))) - styled)
    assert [m.number for m in choose(lines, find_markers(lines), styled, plain).headings] == [1, 2, 3, 4, 5, 6, 7]


def test_a_closing_point_at_another_left_edge_than_the_run_does_not_join_it() -> None:
    lines = ["1. Val", "Anna väljs.", "2. Kassan", "Den godkänns.", "3. Avgiften", "Den höjs.", "4. Sidfot och annat"]
    styled, plain = frozenset({0, 2, 4}), frozenset({1, 3, 5, 6})
    looks = {k: LineLook(1, lines[k], 60.0 if k != 6 else 300.0, False) for k in range(len(lines))}
    assert [m.number for m in choose(lines, find_markers(lines), styled, plain, looks).headings] == [1, 2, 3]


def test_a_numbered_list_in_plain_text_under_bold_paragraph_signs_is_no_run_of_its_own() -> None:
    """'§3' and '§4' open bold heading lines; the decisions '1.'-'4.' inside §3 are plain text: more numbers, but
    text beside numbered headings, whatever their form."""
    lines = ["§3 Avstämning", "Direktionen föreslås besluta att:", "1. Räntan sänks.", "2. Lån erbjuds bankerna.",
             "3. Obligationer köps.", "4. Säkerheterna ändras.", "§4 Beslut", "Direktionen beslutade enligt förslaget."]
    styled = frozenset({0, 6})
    plain = frozenset(set(range(len(lines))) - styled)
    assert [m.label for m in choose(lines, find_markers(lines), styled, plain).headings] == ["3", "4"]


def test_numbers_set_in_small_print_head_nothing() -> None:
    """A footnote's number (a superscript read as a line of its own, then again before the note) and a chart's axis
    are set smaller than the text: many more numbers than the protocol's '§1.'-'§3.', none of them a §."""
    lines = ["§1. Utvecklingen", "Inflationen steg.", "1", "Räntan höjdes.", "1", "Källa: en rapport.", "2", "2",
             "§2. Omvärlden", "Tillväxten föll.", "3", "3", "4", "4", "5", "5", "§3. Beslut", "Räntan lämnas oförändrad."]
    small = {2, 4, 6, 7, 10, 11, 12, 13, 14, 15}
    looks = {k: LineLook(1, line, 60.0, k in small) for k, line in enumerate(lines)}
    assert [m.label for m in choose(lines, find_markers(lines)).headings] != ["1", "2", "3"]  # by numbers alone
    assert [m.label for m in choose(lines, find_markers(lines), looks=looks).headings] == ["1", "2", "3"]


def test_a_lone_page_number_closing_the_text_proves_no_table_of_contents() -> None:
    """'1. Mötets öppnande 19:09' has no text of its own before '2.', and the page's '1' after the last point brings
    the number back: still no contents, for the '1' brings back no text."""
    text = ("1. Mötets öppnande 19:09\n2. Utvärdering av kvällen\nEn enkät skickas ut.\n3. Hackathon\n"
            "Tre ledamöter deltar.\n4. Tävlingen\nMedaljer beställs.\n5. Mötet avslutas 19:44\n1")
    assert numbers(text) == [1, 2, 3, 4, 5]


def test_closing_paragraphs_set_as_text_after_bold_headings_continue_the_run_when_they_carry_the_sign() -> None:
    """'§ N. Title. Text …' run on in plain type, a few titles alone in bold: the run's last paragraphs, its
    family's last labels counting on at its left edge, join it, each with its paragraph sign (bare numbers on after
    a run may be an appendix's list: test_labels_set_in_plain_text_that_lead_into_the_typeset_headings_…)."""
    lines = ["§ 1. Stämmans öppnande. Ordföranden öppnade stämman.", "§ 2. Val av styrelse",
             "Karin Ek och Olle Berg valdes.", "§ 3. Övrigt", "En hemsida byggs.",
             "§ 4. Stämmoprotokoll. Protokollet finns hos ordföranden", "och sekreteraren.",
             "§ 5. Stämmans avslutning. Ordföranden tackade alla närvarande."]
    styled = frozenset({1, 3})
    plain = frozenset(set(range(len(lines))) - styled)
    assert [m.number for m in choose(lines, find_markers(lines), styled, plain).headings] == [1, 2, 3, 4, 5]
