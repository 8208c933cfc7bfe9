"""Specification of § labels read as a run (index/parse/runs.py), on invented protocols."""

from __future__ import annotations

from index.parse.markers import find_markers
from index.parse.numbering import choose
from index.parse.runs import ALONE, TITLED, edits, fills, look


def labels(text: str) -> list[str]:
    lines = text.split("\n")
    return [m.label for m in choose(lines, find_markers(lines)).headings]


def points(labels_: list[str], texts: list[str]) -> str:
    return "\n".join(f"{label}\n{text}" for label, text in zip(labels_, texts))


TEXTS = ["Ordföranden öppnade mötet.", "Dagordningen fastställdes.", "Mötet var behörigt utlyst.",
         "Till ordförande valdes Karin Ek.", "Till sekreterare valdes Olle Berg.", "Till justerare valdes Eva Ström.",
         "Verksamhetsberättelsen lades till handlingarna.", "Kassören redovisade ekonomin.",
         "Revisorernas rapport upplästes.", "Styrelsen beviljades ansvarsfrihet."]


def test_edits_counts_inserted_deleted_and_replaced_characters() -> None:
    assert edits("12/", "12/") == 0
    assert edits("J2/", "12/") == 1
    assert edits("217/", "17/") == 1
    assert edits("Zid", "7/") == 3


def test_a_run_is_set_alone_or_titled_or_mixed() -> None:
    alone = "1/\nMötet öppnades.\n2/\nDagordningen fastställdes."
    titled = "1. Mötets öppnande\nMötet öppnades.\n2. Dagordning\nDen fastställdes."
    for text, expected in ((alone, ALONE), (titled, TITLED)):
        lines = text.split("\n")
        assert look(lines, choose(lines, find_markers(lines)).headings) == expected


def test_a_scanners_damaged_labels_fill_the_gaps_of_the_run() -> None:
    """OCR read '3/' as 'J/', '5/' as 'D/' and '7/' as 'Zid': each stands alone where the run misses its number."""
    printed = ["1/", "2/", "J/", "4/", "D/", "6/", "Zid", "8/", "9/", "10/"]
    assert labels(points(printed, TEXTS)) == [str(n) for n in range(1, 11)]


def test_a_label_before_the_first_and_one_with_a_speck_glued_on_are_read() -> None:
    printed = ["1/5", "2/", "3/", "4/", "5/", "6/", "7/", "8/", "9/ a", "10/"]
    assert labels(points(printed, TEXTS)) == [str(n) for n in range(1, 11)]


def test_a_gap_is_filled_only_by_as_many_label_like_lines_as_numbers_missing() -> None:
    """Two short lines where one number is missing: which of them is the label is not known, so neither is taken."""
    text = (points(["1/", "2/", "3/", "4/"], TEXTS[:4]) + "\nJ/\nMötet valde Olle.\nX1\nMötet valde Eva.\n"
            + points(["6/", "7/"], TEXTS[5:7]))
    assert labels(text) == ["1", "2", "3", "4", "6", "7"]


def test_a_titled_run_is_filled_by_a_title_line_whose_label_differs_by_one_character() -> None:
    text = ("1. Mötets öppnande\nMötet öppnades.\n2. Val av ordförande\nKarin Ek valdes.\n"
            "S. Val av sekreterare\nOlle Berg valdes.\n4. Val av justerare\nEva Ström valdes.\n5. Avslutning\nSlut.")
    assert labels(text) == ["1", "2", "3", "4", "5"]


def test_text_lines_in_a_gap_are_no_labels() -> None:
    """'Till ordförande …' is no damaged '2.': a gap the text cannot fill stays a gap."""
    text = ("1. Mötets öppnande\nMötet öppnades.\nTill ordförande valdes Karin Ek.\n3. Val av justerare\n"
            "Eva Ström valdes.\n4. Avslutning\nMötet avslutades.")
    assert labels(text) == ["1", "3", "4"]


def test_a_label_alone_on_its_line_printed_twice_is_kept_twice() -> None:
    text = points(["1/", "2/", "3/", "3/", "4/"], TEXTS[:5])
    assert labels(text) == ["1", "2", "3", "3", "4"]


def test_fills_name_the_line_and_the_number_missing() -> None:
    lines = points(["1/", "J/", "3/", "4/"], TEXTS[:4]).split("\n")
    chain = [m for m in choose(lines, find_markers(lines)).headings if m.line != 2]
    assert [(f.line, f.number) for f in fills(lines, chain, {m.line for m in chain})] == [(2, 2)]


def test_titles_whose_labels_ocr_lost_whole_make_up_the_count_with_the_damaged_ones() -> None:
    """OCR kept only the stop of '1.', '2.' and '4.' and lost '3.' whole: with its bare title, the gap before '5.'
    holds four lines for four numbers; 'Övriga närvarande' is a label, and a list of names no title."""
    text = ("Protokoll fört vid årsstämma\nÅrsstämma i Fiktiva Bolaget AB den 3 maj 2025 i Solby.\n"
            ". Stämmans öppnande\nOrdföranden öppnar stämman och hälsar alla välkomna.\n"
            ". Val av ordförande\nBeslutas att Karin Ek är ordförande för stämman.\n"
            "Val av protokollförare\nOlle Berg utses att föra stämmans protokoll.\n"
            "Övriga närvarande\nVD Anna Lind\nRevisor Per Ström\n"
            ". Godkännande av dagordningen\nBeslutas att dagordningen godkänns.\n"
            "5. Fastställande av arvoden\nStämman beslutar enligt förslaget.\n"
            "6. Val av styrelse\nStämman väljer styrelsen enligt förslaget.\n"
            "7. Stämmans avslutande\nOrdföranden avslutar stämman.")
    assert labels(text) == ["1", "2", "3", "4", "5", "6", "7"]


def test_bare_titles_alone_do_not_fill_a_gap() -> None:
    """Without a single damaged label in the gap, short lines are only short lines."""
    text = ("Val av protokollförare\nOlle Berg utses att föra stämmans protokoll.\n"
            "5. Fastställande av arvoden\nStämman beslutar enligt förslaget.\n"
            "6. Val av styrelse\nStämman väljer styrelsen enligt förslaget.\n"
            "7. Stämmans avslutande\nOrdföranden avslutar stämman.")
    assert labels(text) == ["5", "6", "7"]


def test_a_bare_title_between_two_labels_fills_the_one_number_missing_there_but_two_do_not() -> None:
    head = ("1. Mötets öppnande\nOrdföranden öppnar mötet.\n2. Val av ordförande\nKarin Ek väljs till ordförande.\n"
            "3. Val av justerare\nEva Ström väljs att justera protokollet.\n")
    tail = "5. Val av revisorer\nPer Lind väljs till revisor.\n6. Mötets avslutande\nOrdföranden avslutar mötet."
    one = head + "Val av styrelse\nStyrelsen väljs enligt valberedningens förslag.\n" + tail
    two = head + "Val av styrelse\nStyrelsen väljs enligt förslaget.\nAnna Berg\nOlle Ström väljs till suppleant.\n" + tail
    assert labels(one) == ["1", "2", "3", "4", "5", "6"]
    assert labels(two) == ["1", "2", "3", "5", "6"]


def test_the_rule_is_switched_off_by_its_registry_entry() -> None:
    from index.lang.registry import changed

    printed = ["1/", "2/", "J/", "4/", "5/"]
    with changed({"parse.label_runs": False}):
        assert labels(points(printed, TEXTS)) == ["1", "2", "4", "5"]
    assert labels(points(printed, TEXTS)) == ["1", "2", "3", "4", "5"]


def test_a_label_set_off_from_its_title_by_a_dash_fills_its_gap() -> None:
    """OCR read '§4' as '84' and '§5' as '85' before a dash: both stand where the run misses 4 and 5."""
    text = ("§1 Ordföranden öppnade mötet.\n§2 Till ordförande valdes Karin Ek.\n§3 Till sekreterare valdes Olle Berg.\n"
            "84 Till justerare valdes Eva Ström.\n85 - Godkändes kallelse och dagordning.\n§6 Röstlängden fastställdes.\n"
            "§7 Kassören redovisade ekonomin.")
    assert labels(text) == ["1", "2", "3", "4", "5", "6", "7"]


def test_the_runs_next_label_after_its_last_continues_it_though_its_title_is_in_lower_case() -> None:
    """'15. övriga frågor: …' after '14. Information': the one line opening with the run's next label; a list after
    it numbered anew ('1. …') does not count on."""
    titled = [f"{n}. {title}: {text}" for n, (title, text) in enumerate(zip(
        ["Val", "Dagordning", "Kassan", "Avgifter"], TEXTS), start=11)]
    text = "\n".join(titled + ["15. övriga frågor: Ett förslag om en massagebädd lämnades.", "Förslaget behandlas senare.",
                               "Bilaga", "1. medlemslista"])
    assert labels(text) == ["11", "12", "13", "14", "15"]
    assert labels(text.replace("15. övriga", "16. övriga")) == ["11", "12", "13", "14"]
