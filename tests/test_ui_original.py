"""The original of a text protocol with its cited § marked (assistant/ui/original.py), found by the § text's own
words whatever the cleaning changed around them; and the route that serves it."""

from __future__ import annotations

from assistant.ui.original import locate, original_page

ORIGINAL = """PROTOKOLL  Samordningsförbundet Norr

§ 1 Mötets öppnande
Ordföranden öppnade mötet.

§ 2 Cykelpool för
deltagare
Kansliet har utrett en cykelpool. Kostnaden beräknas
till 40 000 kronor för två år.
Beslut: Styrelsen beslutar att inrätta en cykel-
pool för deltagare.
Justerandes sign ____

§ 3 Mötets avslutande
Ordföranden avslutade mötet.
"""
STORED = ("Kansliet har utrett en cykelpool. Kostnaden beräknas till 40 000 kronor för två år.\n\n"
          "Beslut: Styrelsen beslutar att inrätta en cykelpool för deltagare.")


def test_a_paragraph_is_found_from_its_heading_line_to_its_last_words_across_line_breaks():
    start, end = locate(ORIGINAL, STORED, "Cykelpool för deltagare")
    assert ORIGINAL[start:].startswith("§ 2 Cykelpool för\ndeltagare")  # the heading's line, over two lines
    assert ORIGINAL[:end].endswith("Styrelsen beslutar att inrätta en cykel-\npool för deltagare.")  # joined when stored
    assert "§ 3" not in ORIGINAL[start:end] and "§ 1" not in ORIGINAL[start:end]


def test_without_its_heading_a_paragraph_is_marked_from_its_first_words():
    span = locate(ORIGINAL, STORED, "")
    assert span is not None and ORIGINAL[span[0]:].startswith("Kansliet har utrett")


def test_when_the_last_words_are_not_in_the_file_a_run_further_in_ends_the_mark():
    start, end = locate(ORIGINAL, STORED + " Ordet finns inte i originalet alls.", "Cykelpool för deltagare")
    assert ORIGINAL[start:end].rstrip().endswith("för deltagare.")


def test_a_paragraph_that_is_not_in_the_file_is_not_marked():
    assert locate(ORIGINAL, "Styrelsen beslutar att köpa en segelbåt till kansliet.", "Segelbåt") is None
    assert locate(ORIGINAL, "", "Cykelpool") is None


def test_the_page_marks_the_paragraph_and_escapes_the_text():
    page = original_page("norr.txt", ORIGINAL.replace("Kansliet", "<b>Kansliet</b>"), (STORED.replace("Kansliet", "<b>Kansliet</b>"),
                                                                                    "Cykelpool för deltagare"), "en")
    assert page.count('<mark id="paragraf-cited">') == 1 and "&lt;b&gt;Kansliet&lt;/b&gt;" in page and "<b>" not in page
    assert '<html lang="en">' in page and "The cited paragraph is marked." in page
    plain = original_page("norr.txt", ORIGINAL)
    assert "<mark" not in plain and '<html lang="sv">' in plain
