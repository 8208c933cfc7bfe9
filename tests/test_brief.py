"""Specification of the meeting brief and the topic timeline, from the five protocols (indexed once for
this module) and from invented protocols where a later meeting must settle an earlier matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.prepare.brief import brief
from assistant.answer.plan import is_timeline_question
from assistant.prepare.timeline import stem_matches, timeline
from index.errors import BadInput
from index.pipeline import index_paths
from index.store.archive import Store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    store = Store(folder)
    report = index_paths(store, [CORPUS])
    assert report.count("indexed") == 5
    return store


def indexed(folder: Path, protocols: dict[str, str], *more: Path) -> Store:
    """A store of invented protocols (file name -> text) and any further files."""
    archive = folder / "archive"
    archive.mkdir()
    for name, text in protocols.items():
        (archive / name).write_text(text, encoding="utf-8")
    store = Store(folder / "store")
    assert index_paths(store, [archive, *more]).count("indexed") == len(protocols) + len(more)
    return store


def protocol(organisation: str, body: str, day: str, paragraphs: str) -> str:
    return f"PROTOKOLL\nfört vid sammanträde med {body}, {organisation}\nDatum: {day}\n\n{paragraphs}"


def labels(items) -> list[str]:
    return [i.citation.label() for i in items]


# --- brief -------------------------------------------------------------------------------

def test_ostergotland_internal_control_follow_ups_are_due(store) -> None:
    b = brief(store, "Östergötland", as_of="2026-06-01")
    october = [i for i in b.followups if i.detail["due"] == "2026-10"]
    assert [i.text.split()[0] for i in october] == ["§3", "§22", "§32"]
    assert set(labels(october)) == {"(Samordningsförbundet Östra Östergötland, styrelsen 2026-05-29, § 37)"}
    assert b.followups[0].detail["due"] == "2026-08-28"  # sorted by date: the August board meeting comes first


def test_follow_ups_already_past_are_not_due(store) -> None:
    assert not [i for i in brief(store, "Östergötland", as_of="2026-11-01").followups if i.detail["due"]]


def test_kalmar_au_assignment_to_inform_the_board(store) -> None:
    b = brief(store, "Kalmar", as_of="2025-12-10")
    item = next(i for i in b.assignments if i.citation.paragraph == 16)
    assert item.detail["who"] == "förbundschefen" and item.text.startswith("meddela styrelseledamöterna")
    assert item.citation.label() == "(Samordningsförbundet i Kalmar län, arbetsutskottet 2025-12-05, § 16)"


def test_blekinge_procurement_cap_is_an_amount_decided(store) -> None:
    b = brief(store, "Blekinge", as_of="2025-10-01")
    cap = next(i for i in b.amounts if i.citation.paragraph == 11)
    assert cap.detail["kronor"] == [400_000] and "400 000 kr" in cap.text
    assert {i.detail["kronor"][0] for i in b.amounts} == {12_000_000, 400_000, 150_000, 80_000}
    mandate = next(i for i in b.assignments if i.detail["kind"] == "mandate")
    assert mandate.detail["kronor"] == [400_000] and mandate.citation.paragraph == 11


def test_sormland_au_proposals_await_the_board(store) -> None:
    b = brief(store, "Sörmland", as_of="2026-03-10")
    assert [i.citation.paragraph for i in b.awaiting_board] == [21, 22]
    assert b.awaiting_board[1].text == "Årsredovisning 2025: Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen."


def test_a_later_board_paragraph_on_the_same_matter_settles_a_proposal(tmp_path) -> None:
    board = protocol("Samordningsförbundet RAR i Sörmland", "styrelsen", "2026-03-20", (
        "§ 4 Mötets öppnande\nOrdföranden öppnar mötet.\n\n"
        "§ 5 Årsredovisning 2025\nFörbundschefen föredrar årsredovisningen för 2025.\n"
        "Beslut: Styrelsen beslutar att godkänna årsredovisningen för 2025.\n"))
    later = indexed(tmp_path, {"rar-styrelsen-2026-03-20.txt": board}, CORPUS / "sormland-rar-arbetsutskottet-2026-03-04.txt")
    assert [i.citation.paragraph for i in brief(later, "Sörmland", "arbetsutskottet", as_of="2026-04-01").awaiting_board] == [21]


def test_an_assignment_a_later_paragraph_reports_on_is_no_longer_open(tmp_path) -> None:
    blank = "Samordningsförbundet Blanka"
    committee = protocol(blank, "arbetsutskottet", "2025-03-01", (
        "§ 3 Lokaler för kansliet\nKansliets nuvarande lokaler är för små.\n"
        "Beslut: Arbetsutskottet uppdrar åt förbundschefen att utreda nya lokaler för kansliet.\n\n"
        "§ 4 Kompetensutveckling\nPersonalen efterfrågar utbildning i motiverande samtal.\n"
        "Beslut: Arbetsutskottet uppdrar åt förbundschefen att ta fram en plan för personalens kompetensutveckling.\n"))
    board = protocol(blank, "styrelsen", "2025-04-10", (
        "§ 8 Nya lokaler för kansliet\nFörbundschefen redovisar utredningen av nya lokaler för kansliet.\n"
        "Beslut: Styrelsen beslutar att teckna hyresavtal för lokalerna på Storgatan 5.\n\n"
        "§ 9 Årsredovisning 2024\nBeslut: Styrelsen godkänner årsredovisningen.\n"))
    later = indexed(tmp_path, {"blanka-au-2025-03-01.txt": committee, "blanka-styrelsen-2025-04-10.txt": board})
    assert [i.citation.paragraph for i in brief(later, "Blanka", "arbetsutskottet", as_of="2025-03-05").assignments] == [3, 4]
    assert [i.citation.paragraph for i in brief(later, "Blanka", "arbetsutskottet", as_of="2025-05-01").assignments] == [4]


def test_latest_meetings_only_and_routine_left_out(store) -> None:
    b = brief(store, "Kalmar", as_of="2026-01-01")
    assert b.meetings == ["arbetsutskottet 2025-12-05", "styrelsen 2023-10-27"]
    assert {i.citation.date for i in b.decisions} == {"2025-12-05", "2023-10-27"}
    assert not any("dagordning" in i.citation.title.lower() for i in b.decisions)
    assert {i.citation.paragraph for i in brief(store, "Kalmar", "au", "2026-01-01").decisions} <= set(range(1, 21))


def test_markdown_and_json_cite_every_line(store) -> None:
    b = brief(store, "Östergötland", as_of="2026-06-01")
    items = [line for line in b.to_markdown().splitlines() if line.startswith("- ") and line != "- Inga."]
    assert items and all(line.endswith("§ " + line.rsplit("§ ", 1)[1]) and "(Samordningsförbundet" in line for line in items)
    data = json.loads(json.dumps(b.to_json(), ensure_ascii=False))
    assert data["followups"][1]["citation"] == "(Samordningsförbundet Östra Östergötland, styrelsen 2026-05-29, § 37)"
    assert data["followups"][1]["source"]["paragraph"] == 37


@pytest.mark.parametrize(("org", "as_of", "message"), [
    ("Samordningsförbundet", None, "several organisations"),
    ("Uppsala", None, "no organisation"),
    ("Gotland", None, "no organisation"),  # part of a word ('Östergötland') names nothing
    (None, None, "choose an organisation"),
    ("Sörmland", "2020-01-01", "no meetings"),
    ("Sörmland", "4 mars", "not a date"),
])
def test_bad_input_is_one_clear_message(store, org, as_of, message) -> None:
    with pytest.raises(BadInput, match=message):
        brief(store, org, as_of=as_of)


def test_an_amount_decided_again_shows_its_latest_value_with_the_earlier_dated(tmp_path) -> None:
    testa = "Samordningsförbundet Testa"
    september = protocol(testa, "styrelsen", "2025-09-10", (
        "§ 4 Budgetram 2026\nFörbundschefen presenterar ett förslag till ram för nästa års verksamhet.\n"
        "Beslut: Styrelsen beslutar om en budgetram på 12 000 000 kronor.\n\n"
        "§ 5 Lokalhyra\nKansliets hyresavtal löper ut vid årsskiftet.\n"
        "Beslut: Styrelsen beslutar att hyran får vara 90 000 kronor.\n"))
    november = protocol(testa, "styrelsen", "2025-11-20", (
        "§ 6 Mötets öppnande\nOrdföranden öppnar mötet.\n\n"
        "§ 7 Budgetram 2026, revidering\nStatens tilldelning blev högre än väntat.\n"
        "Beslut: Styrelsen beslutar att höja budgetramen till 13 500 000 kronor.\n"))
    b = brief(indexed(tmp_path, {"testa-2025-09-10.txt": september, "testa-2025-11-20.txt": november}), "Testa",
              as_of="2025-12-01")
    assert [(i.detail["kronor"], i.citation.date) for i in b.amounts] == [([90_000], "2025-09-10"), ([13_500_000], "2025-11-20")]
    latest = b.amounts[1]
    assert [(e.detail["kronor"], e.citation.date, e.citation.paragraph) for e in latest.earlier] == [([12_000_000], "2025-09-10", 4)]
    line = next(x for x in b.to_markdown().split("## Beslutade belopp")[1].splitlines() if "13 500 000" in x)
    assert line.startswith("- **13 500 000 kr**: Styrelsen beslutar att höja")
    assert line.endswith("; tidigare 12 000 000 kr den 2025-09-10 (Samordningsförbundet Testa, styrelsen 2025-09-10, § 4)")
    assert b.to_json()["amounts"][1]["earlier"][0]["kronor"] == [12_000_000]


def test_the_brief_exported_to_word_pdf_and_markdown_keeps_every_citation(store, tmp_path) -> None:
    import docx
    import pypdf

    from assistant.prepare.brief import sources
    from assistant.prepare.export import export

    b = brief(store, "Sörmland", as_of="2026-03-05")
    word = docx.Document(str(export(b, tmp_path / "brief.docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Inför mötet: Samordningsförbundet RAR i Sörmland" in text
    assert "Förslag från arbetsutskottet som väntar på styrelsen" in [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    for c in sources(b):
        assert c.label() in text and c.source_file in text
    proposal = next(p for p in word.paragraphs if "godkänna ansökan" in p.text)
    assert proposal.text.endswith("(Samordningsförbundet RAR i Sörmland, arbetsutskottet 2026-03-04, § 21)")
    markdown = export(b, tmp_path / "brief.md").read_text(encoding="utf-8")
    assert markdown.startswith(b.to_markdown()) and "## Källor" in markdown
    def pdf_text(path: Path) -> str:  # a title wraps over two lines
        return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())

    pdf = pdf_text(export(b, tmp_path / "brief.pdf"))
    assert "Inför mötet: Samordningsförbundet RAR i Sörmland" in pdf and "Förslag från arbetsutskottet som väntar på styrelsen" in pdf
    for c in sources(b):
        assert c.label() in pdf
    english = pdf_text(export(b, tmp_path / "en.pdf", "en"))
    assert "Before the meeting: Samordningsförbundet RAR i Sörmland" in english and "Sources" in english
    assert "Working committee proposals awaiting the board" in english and "Inför mötet" not in english
    with pytest.raises(BadInput, match=".docx, .pdf, .md"):
        export(b, tmp_path / "brief.odt")


def test_the_brief_in_english_keeps_its_quotes_and_citations(store) -> None:
    b = brief(store, "Sörmland", as_of="2026-03-05")
    swedish, english = b.to_markdown(), b.to_markdown("en")
    assert english.startswith("# Before the meeting: Samordningsförbundet RAR i Sörmland\n\nAs of 2026-03-05.")
    assert "## Working committee proposals awaiting the board" in english and "Läge per" not in english
    quoted = [line.split("- ", 1)[1] for line in swedish.splitlines() if line.startswith("- ") and line != "- Inga."]
    assert quoted and all(line in english for line in quoted)  # the protocol's own words are never translated


# --- timeline ----------------------------------------------------------------------------

def test_medelstilldelning_timeline_across_all_organisations(store) -> None:
    entries = timeline(store, "medelstilldelning")
    keys = [(e.organisation.split()[-2] if "län" in e.organisation else e.organisation.split()[-1], e.date, e.paragraph) for e in entries]
    for wanted in [("Kalmar", "2023-10-27", 70), ("Blekinge", "2025-09-29", 7), ("Kalmar", "2025-12-05", 8),
                   ("Östergötland", "2026-05-29", 49)]:
        assert wanted in keys
    # not required: Östergötland § 38, which spells it 'Medeltilldelning' and never writes the topic's word
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert all(e.citation.label().startswith("(Samordningsförbundet") for e in entries)
    assert not any("Sörmland" in e.organisation for e in entries)  # Sörmland never discusses it
    first = entries[0]
    assert "16 020 000 kr" in first.text and first.line().endswith("(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 70)")


def test_timeline_relevance_cut_and_filter(store) -> None:
    entries = timeline(store, "internkontroll", org="Kalmar")
    assert [(e.date, e.paragraph) for e in entries] == [("2023-10-27", 74), ("2025-12-05", 13)]
    assert [e.paragraph for e in timeline(store, "ESF-projekt")] == [22]


def test_timeline_rejects_an_empty_topic(store) -> None:
    with pytest.raises(BadInput):
        timeline(store, "  ")


@pytest.mark.parametrize(("term", "stems", "expected"), [
    ("medelstilldelning", {"medeltilldelning"}, True),  # dropped linking s
    ("medelstilldelning", {"statsmedelstilldelning"}, True),  # compound
    ("medelstilldelning", {"tilldelning"}, False),
    ("esf", {"esf"}, True),
    ("esf", {"esfprojekt"}, False),  # short stems match whole words only
])
def test_stem_matching(term: str, stems: set[str], expected: bool) -> None:
    assert stem_matches(term, stems) is expected


@pytest.mark.parametrize(("question", "topic"), [
    ("Hur har frågan om lokalhyra utvecklats?", "lokalhyra"),
    ("Hur har medelstilldelningen förändrats över tid?", "medelstilldelningen"),
    ("Vad har beslutats om ESF-projekt över tid?", "ESF-projekt"),
    ("Ge mig en tidslinje för internkontrollen", "internkontrollen"),
    ("What has been decided about ESF over time?", "ESF"),
    ("How has the question of state funding evolved?", "state funding"),
    ("Timeline of the annual report", "annual report"),
    ("Vad beslutade styrelsen om medelstilldelning 2026?", None),
    ("Vem är förbundschef?", None),
])
def test_is_timeline_question(question: str, topic: str | None) -> None:
    assert is_timeline_question(question) == topic
