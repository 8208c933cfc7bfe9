"""Specification of page furniture: lines repeated at the top or bottom of most pages go,
the letterhead stays once, the body stays whole; garbled pages are recognised by their tokens.
All text is invented."""

from __future__ import annotations

from index.read.pages import clean_page, is_garbled, line_key, repair_ligatures, strip_running_lines

BODY = [
    "Ekonomiuppföljningen visar ett överskott på 120 000 kronor.\nStyrelsen diskuterar fördelningen.\nBeslut\nRapporten läggs till handlingarna.",
    "Förbundschefen redovisar läget i projektet Steget vidare.\nTre deltagare har gått vidare till arbete.\nBeslut\nRedovisningen godkänns.",
    "Revisorerna har lämnat sin granskningsrapport.\nInga anmärkningar framförs.\nBeslut\nStyrelsen tackar för rapporten.",
    "Nästa sammanträde hålls i Vintersjö.\nOrdföranden avslutar mötet.\nBeslut\nMötet förklaras avslutat.",
]


def _page(number: int, total: int, body: str, paragraph: int) -> str:
    header = f"Samordningsförbundet Vintersjö\nStyrelsen\nSammanträdesdatum 2025-11-20\nSida {number} av {total}"
    footer = "Justerandes sign\nUtdragsbestyrkande"
    return f"{header}\n§ {paragraph} Ärende nummer {paragraph}\n{body}\n{footer}"


def _protocol() -> list[str]:
    return [_page(n, len(BODY), body, 10 + 2 * n) for n, body in enumerate(BODY, start=1)]


def test_digits_do_not_tell_running_lines_apart() -> None:
    assert line_key("Sida 3 av 12") == line_key("sida  11 av 12") == "sida # av #"


def test_letterhead_is_kept_once_and_page_furniture_is_dropped() -> None:
    pages = strip_running_lines(_protocol())
    assert pages[0].startswith("Samordningsförbundet Vintersjö\nStyrelsen\nSammanträdesdatum 2025-11-20\n§ 12")
    for page in pages[1:]:
        assert "Vintersjö\nStyrelsen" not in page and "Sammanträdesdatum" not in page
    text = "\n".join(pages)
    assert "Sida" not in text and "Justerandes" not in text and "Utdragsbestyrkande" not in text


def test_body_lines_stay_even_when_they_repeat_on_every_page() -> None:
    pages = strip_running_lines(_protocol())
    assert [page.count("\nBeslut\n") for page in pages] == [1, 1, 1, 1]
    assert [page.split("\n")[-1] for page in pages] == [body.split("\n")[-1] for body in BODY]


def test_a_running_paragraph_number_is_not_a_page_number() -> None:
    # '§ 14', '§ 16' ... at the top of every page advance by two per page: they stay.
    pages = strip_running_lines(_protocol())
    assert [page.count(f"§ {10 + 2 * n} Ärende") for n, page in enumerate(pages, start=1)] == [1, 1, 1, 1]


def test_a_line_on_half_the_pages_or_fewer_is_not_furniture() -> None:
    pages = ["Bilaga 1\n" + BODY[0], "Bilaga 1\n" + BODY[1], BODY[2], BODY[3]]
    assert strip_running_lines(pages) == pages


def test_a_single_page_is_left_alone() -> None:
    page = _page(1, 1, BODY[0], 1)
    assert strip_running_lines([page]) == [page]


def test_unread_scanned_pages_do_not_dilute_the_vote() -> None:
    pages = _protocol()[:2] + ["", "", ""]
    assert "Justerandes" not in "\n".join(strip_running_lines(pages))


def test_swedish_text_and_number_tables_are_not_garbled() -> None:
    assert not is_garbled(BODY[0] + "\n" + BODY[1])
    assert not is_garbled("Konto 4010 12 500 13 200 -700\nKonto 4020 3 100 2 900 200\nSumma 15 600 16 100 -500")


def test_a_broken_font_map_is_garbled() -> None:
    shifted = "6DPPDQWU\x03GHVGDWXP\x03\x15\x13\x15\x18\x10\x14\x14\x10\x15\x13 /HGDP¸WHU\x03RFK\x03HUV¸WWDUH " * 3
    private_use = " ".join("\ue000\ue011\ue02a\ue003" for _ in range(20))
    assert is_garbled(shifted)
    assert is_garbled(private_use)


def test_too_little_text_is_not_judged() -> None:
    assert not is_garbled("§ 3 ¤¤ ##")


def test_clean_page_spells_out_ligatures_and_drops_control_bytes() -> None:
    raw = "Styrelsen beslutar a\x00tt ﬁnansiera ﬀ\r\nprojektet ﬂyttas\x02 och fastr\u00e4nte\ufffekontot\x0c"
    assert clean_page(raw) == "Styrelsen beslutar att finansiera ff\nprojektet flyttas och fastränte-\nkontot\n"


# A font map that sends the 'tt' ligature to '<' and 'ti' to '?', as some office exports do.
BROKEN_MAP = [
    "Styrelsen beslutar a< a<estera fakturan och a< uppska<a kostnaden.\nAlterna?ven diskuteras ?ll nästa möte.",
    "Förbundet beslutar att attestera fakturor och att uppskatta tiden.\nAlternativen redovisas till styrelsen.\nÄr budgeten klar?",
]


def test_a_broken_ligature_map_is_repaired_from_the_documents_own_words() -> None:
    repaired = repair_ligatures(BROKEN_MAP)
    assert repaired[0] == "Styrelsen beslutar att attestera fakturan och att uppskatta kostnaden.\nAlternativen diskuteras till nästa möte."
    assert repaired[1] == BROKEN_MAP[1]  # a question mark that ends a sentence stays


def test_a_stray_character_without_evidence_is_left_alone() -> None:
    pages = ["Bilaga 4b visar A4-formatet.\nFrågan är: vad kostar 3b?", "Styrelsen tar del av bilagan."]
    assert repair_ligatures(pages) == pages
