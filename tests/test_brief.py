"""Specification of the meeting brief and the topic timeline, from the five protocols.

The brief reads only stored extractions, so it is tested on paragraphs parsed and extracted here;
the timeline needs the hybrid search, so it runs on a store indexed once for this module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.brief import brief_from
from assistant.timeline import is_timeline_question, stem_matches, timeline
from index.catalog import StoredParagraph
from index.errors import BadInput
from index.extract import extract
from index.parse import parse_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def paragraphs() -> list[StoredParagraph]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        m = parse_file(path)
        out += [StoredParagraph(p.id, m.organisation, m.body, m.date, p.number, p.title, p.text, m.source_file,
                                p.decisions, extract(p, m), m.id, i) for i, p in enumerate(m.paragraphs)]
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from index.pipeline import index_paths
    from index.store import Store

    folder = tmp_path_factory.mktemp("store")
    store = Store(folder)
    report = index_paths(store, [CORPUS])
    assert report.count("indexed") == 5
    return store


def labels(items) -> list[str]:
    return [i.citation.label() for i in items]


# --- brief -------------------------------------------------------------------------------

def test_ostergotland_internal_control_follow_ups_are_due(paragraphs) -> None:
    b = brief_from(paragraphs, "Östergötland", as_of="2026-06-01")
    october = [i for i in b.followups if i.detail["due"] == "2026-10"]
    assert [i.text.split()[0] for i in october] == ["§3", "§22", "§32"]
    assert set(labels(october)) == {"(Samordningsförbundet Östra Östergötland, styrelsen 2026-05-29, § 37)"}
    assert b.followups[0].detail["due"] == "2026-08-28"  # sorted by date: the August board meeting comes first


def test_follow_ups_already_past_are_not_due(paragraphs) -> None:
    assert not [i for i in brief_from(paragraphs, "Östergötland", as_of="2026-11-01").followups if i.detail["due"]]


def test_kalmar_au_assignment_to_inform_the_board(paragraphs) -> None:
    b = brief_from(paragraphs, "Kalmar", as_of="2025-12-10")
    item = next(i for i in b.assignments if i.citation.paragraph == 16)
    assert item.detail["who"] == "förbundschefen" and item.text.startswith("meddela styrelseledamöterna")
    assert item.citation.label() == "(Samordningsförbundet i Kalmar län, arbetsutskottet 2025-12-05, § 16)"


def test_blekinge_procurement_cap_is_an_amount_decided(paragraphs) -> None:
    b = brief_from(paragraphs, "Blekinge", as_of="2025-10-01")
    cap = next(i for i in b.amounts if i.citation.paragraph == 11)
    assert cap.detail["kronor"] == [400_000] and "400 000 kr" in cap.text
    assert {i.detail["kronor"][0] for i in b.amounts} == {12_000_000, 400_000, 150_000, 80_000}
    mandate = next(i for i in b.assignments if i.detail["kind"] == "mandate")
    assert mandate.detail["kronor"] == [400_000] and mandate.citation.paragraph == 11


def test_sormland_au_proposals_await_the_board(paragraphs) -> None:
    b = brief_from(paragraphs, "Sörmland", as_of="2026-03-10")
    assert [i.citation.paragraph for i in b.awaiting_board] == [21, 22]
    assert b.awaiting_board[1].text == "Årsredovisning 2025: Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen."


def test_a_later_board_paragraph_on_the_same_matter_settles_a_proposal(paragraphs) -> None:
    board = StoredParagraph("x-p5", "Samordningsförbundet RAR i Sörmland", "styrelsen", "2026-03-20", 5,
                            "Årsredovisning 2025", "Styrelsen godkänner årsredovisningen.", "x.txt", [], {}, "x", 0)
    b = brief_from(paragraphs + [board], "Sörmland", as_of="2026-04-01")
    assert [i.citation.paragraph for i in b.awaiting_board] == [21]


def test_latest_meetings_only_and_routine_left_out(paragraphs) -> None:
    b = brief_from(paragraphs, "Kalmar", as_of="2026-01-01")
    assert b.meetings == ["arbetsutskottet 2025-12-05", "styrelsen 2023-10-27"]
    assert {i.citation.date for i in b.decisions} == {"2025-12-05", "2023-10-27"}
    assert not any("dagordning" in i.citation.title.lower() for i in b.decisions)
    assert {i.citation.paragraph for i in brief_from(paragraphs, "Kalmar", "au", "2026-01-01").decisions} <= set(range(1, 21))


def test_markdown_and_json_cite_every_line(paragraphs) -> None:
    b = brief_from(paragraphs, "Östergötland", as_of="2026-06-01")
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
def test_bad_input_is_one_clear_message(paragraphs, org, as_of, message) -> None:
    with pytest.raises(BadInput, match=message):
        brief_from(paragraphs, org, as_of=as_of)


def amount(pid: str, date: str, title: str, text: str, kronor: int, number: int) -> StoredParagraph:
    """An invented § of Förbundet Testa with one decided amount."""
    decision = {"type": "decision", "text": text, "kronor": [kronor]}
    return StoredParagraph(pid, "Samordningsförbundet Testa", "styrelsen", date, number, title, text, "testa.txt", [text],
                           {"decisions": [decision]}, f"testa-{date}", number)


def test_an_amount_decided_again_shows_its_latest_value_with_the_earlier_dated() -> None:
    paragraphs = [
        amount("t1", "2025-09-10", "Budgetram 2026", "Styrelsen beslutar om en budgetram på 12 000 000 kronor.", 12_000_000, 4),
        amount("t2", "2025-09-10", "Lokalhyra", "Styrelsen beslutar att hyran får vara 90 000 kronor.", 90_000, 5),
        amount("t3", "2025-11-20", "Budgetram 2026, revidering", "Styrelsen beslutar att höja budgetramen till 13 500 000 kronor.",
               13_500_000, 7),
    ]
    b = brief_from(paragraphs, "Testa", as_of="2025-12-01")
    assert [(i.detail["kronor"], i.citation.date) for i in b.amounts] == [([90_000], "2025-09-10"), ([13_500_000], "2025-11-20")]
    latest = b.amounts[1]
    assert [(e.detail["kronor"], e.citation.date, e.citation.paragraph) for e in latest.earlier] == [([12_000_000], "2025-09-10", 4)]
    line = next(x for x in b.to_markdown().split("## Beslutade belopp")[1].splitlines() if "13 500 000" in x)
    assert line.startswith("- **13 500 000 kr**: Styrelsen beslutar att höja")
    assert line.endswith("; tidigare 12 000 000 kr den 2025-09-10 (Samordningsförbundet Testa, styrelsen 2025-09-10, § 4)")
    assert b.to_json()["amounts"][1]["earlier"][0]["kronor"] == [12_000_000]


def test_the_brief_exported_to_word_and_markdown_keeps_every_citation(paragraphs, tmp_path) -> None:
    import docx

    from assistant.brief import export, sources

    b = brief_from(paragraphs, "Sörmland", as_of="2026-03-05")
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
    with pytest.raises(BadInput, match=".docx or .md"):
        export(b, tmp_path / "brief.pdf")


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
