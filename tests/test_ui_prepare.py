"""assistant/ui/prepare.py: the "Inför mötet" tab's handlers (brief, timeline, organs) over the five protocols parsed
and extracted without embeddings, and the app's source panels, one per part."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import engine
from assistant.ui import archive, chat
from assistant.ui.layout import build_app
from assistant.models import Citation
from assistant.settings import Settings
from index.store.catalog import StoredParagraph
from index.store.table import ParagraphTable

ROOT = Path(__file__).resolve().parent.parent


# --- "Inför mötet": brief and timeline handlers ------------------------------------------------------
class ProtocolStore:
    """The five protocols parsed and extracted (no embeddings): enough for a brief and for opening a §."""

    def __init__(self):
        from index.parse.extract import extract
        from index.parse.protocol import parse_file

        self.paragraphs, self.rows = [], []
        for path in sorted((ROOT / "corpus").glob("*.txt")):
            m = parse_file(path)
            self.rows.append({"id": m.id, "organisation": m.organisation, "body": m.body, "date": m.date, "source_file": m.source_file,
                              "paragraphs": len(m.paragraphs)})
            self.paragraphs += [StoredParagraph(p.id, m.organisation, m.body, m.date, p.number, p.title, p.text, m.source_file,
                                                p.decisions, extract(p, m), m.id, i) for i, p in enumerate(m.paragraphs)]
        self.meetings, self.table = self.rows, ParagraphTable.of(self.paragraphs)

    def snapshot(self) -> "ProtocolStore":  # never changes: its own snapshot
        return self

    def within(self, organisations) -> "ProtocolStore":  # read as an administrator
        return self


@pytest.fixture(scope="module")
def protocols() -> ProtocolStore:
    return ProtocolStore()


@pytest.fixture
def prepared(monkeypatch, tmp_path, protocols):
    from assistant.ui import prepare as ui_prepare

    for module in (ui_prepare, chat, archive):
        monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: protocols)
    return Settings.load(store=tmp_path / "store")


SORMLAND = "Samordningsförbundet RAR i Sörmland"
SORMLAND_AU = f"({SORMLAND}, arbetsutskottet 2026-03-04, § %d)"


def test_brief_shows_proposals_awaiting_the_board_with_numbered_citations(prepared):
    from assistant.ui import prepare as ui_prepare

    text, refs, hint, sources, download, pdf = ui_prepare.show_brief(prepared, SORMLAND, "Alla", "2026-03-05")
    waiting = text.split("## Förslag från arbetsutskottet som väntar på styrelsen")[1].split("##")[0].strip().splitlines()
    assert waiting == [
        f"- Ansökan från regionen, kompletteringar: Arbetsutskottet föreslår styrelsen att godkänna ansökan. {SORMLAND_AU % 21} "
        "[**\\[1\\]**](#paragraf-cite-prepare-brief-0-1)",
        f"- Årsredovisning 2025: Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen. {SORMLAND_AU % 22} "
        "[**\\[2\\]**](#paragraf-cite-prepare-brief-0-2)",
    ]
    assert [s["paragraph"] for s in sources] == [21, 22]  # what a click on [n] opens
    import docx

    assert download.visible and download.value["orig_name"] == "infor-motet-samordningsforbundet-rar-i-sormland-2026-03-05.docx"
    assert SORMLAND_AU % 21 in "\n".join(p.text for p in docx.Document(download.value["path"]).paragraphs)
    assert pdf.visible and pdf.value["orig_name"] == "infor-motet-samordningsforbundet-rar-i-sormland-2026-03-05.pdf"
    assert [label for label, _ in refs.choices] == [f"[1] {SORMLAND_AU % 21} Ansökan från regionen, kompletteringar",
                                                    f"[2] {SORMLAND_AU % 22} Årsredovisning 2025"]
    assert "Välj en källa" in hint


def test_picking_a_brief_citation_shows_the_whole_paragraph(prepared):
    from assistant.ui import prepare as ui_prepare

    _, refs, *_ = ui_prepare.show_brief(prepared, SORMLAND, "arbetsutskottet", "2026-03-05")
    page = chat.show_source(prepared, refs.choices[1][1])
    for shown in (SORMLAND, "arbetsutskottet", "2026-03-04", "§ 22", "Årsredovisning 2025", "sormland-rar-arbetsutskottet-2026-03-04.txt"):
        assert shown in page
    assert "<mark>Arbetsutskottet föreslår styrelsen att godkänna årsredovisningen.</mark>" in page
    assert "Citerat:" not in page  # the quote is found in the § text, not shown apart


def test_brief_markdown_escapes_protocol_text_but_keeps_its_own_layout():
    from assistant.prepare.brief import Brief, BriefItem
    from assistant.ui import prepare as ui_prepare

    evil = Citation("Förbund <b>x</b>", "styrelsen", "2026-01-01", 4, "Rubrik [a](javascript:1)", "f.txt", "f-p4",
                    ["Rubrik [a](javascript:1): Styrelsen beslutar att ![bild](http://e.se/x.png) `kod` <img src=x>."])
    item = BriefItem(evil.quotes[0], evil)
    assigned = BriefItem(evil.quotes[0], evil, {"who": "*förbundschefen*"})
    b = Brief("Förbund <b>x</b>", None, "2026-02-01", ["styrelsen 2026-01-01"], decisions=[item], assignments=[assigned])
    sources = ui_prepare.cited([item.citation, assigned.citation])
    text = ui_prepare.brief_markdown(b, sources)
    assert text.startswith("# Inför mötet: Förbund &lt;b&gt;x&lt;/b&gt;\n") and "## Öppna uppdrag" in text
    assert ("- Rubrik \\[a\\](javascript:1): Styrelsen beslutar att \\!\\[bild\\](http\\://e.se/x.png) \\`kod\\` &lt;img src=x&gt;. "
            "(Förbund &lt;b&gt;x&lt;/b&gt;, styrelsen 2026-01-01, § 4) [**\\[1\\]**](#paragraf-cite-prepare-brief-0-1)") in text
    assert "- **\\*förbundschefen\\***: Rubrik" in text
    own_links = text.replace("**](#paragraf-cite-prepare-brief-0-1)", "")
    assert "<b>" not in text and "<img" not in text and "](" not in own_links.replace("\\](", "")
    # Each § once in the Källor list, its quote without the 'Title: ' prefix so it can be marked in the § text.
    assert [(c.id, c.quotes) for c in sources] == [("f-p4", ["Styrelsen beslutar att ![bild](http://e.se/x.png) `kod` <img src=x>."])]


def test_brief_errors_are_one_sentence(prepared):
    from assistant.ui import prepare as ui_prepare

    assert ui_prepare.show_brief(prepared, None, "Alla", "2026-03-05")[0] == "Underlaget kunde inte tas fram: välj en organisation."
    assert ui_prepare.show_brief(prepared, SORMLAND, "Alla", "igår")[0] == (
        "Underlaget kunde inte tas fram: Per datum måste vara ett datum som ÅÅÅÅ-MM-DD, inte 'igår'.")
    assert ui_prepare.show_brief(prepared, SORMLAND, "Alla", "2020-01-01")[1].choices == []


def test_brief_without_a_date_is_as_of_today(prepared):
    from datetime import date

    from assistant.ui import prepare as ui_prepare

    assert f"Läge per {date.today().isoformat()}." in ui_prepare.show_brief(prepared, SORMLAND, "Alla", " ")[0]


@pytest.mark.slow


def test_organs_of_the_chosen_organisation(prepared):
    from assistant.ui import prepare as ui_prepare

    assert [v for v, _ in ui_prepare.organs(prepared, "Samordningsförbundet i Kalmar län").choices] == ["Alla", "arbetsutskottet", "styrelsen"]
    assert SORMLAND in [v for v, _ in ui_prepare.organisations(prepared).choices]


def test_app_has_one_source_panel_per_part_and_no_stray_components(prepared):
    import gradio as gr

    app = build_app(prepared)
    components = list(app.blocks.values())
    assert sorted(c.elem_id for c in components if isinstance(c, gr.Radio)) == ["language", "prepare-brief-refs", "prepare-timeline-refs", "refs"]
    assert sorted(c.label for c in components if isinstance(c, gr.Dropdown)) == [
        "Möte att rätta", "Organ", "Organ", "Organisation", "Organisation", "Ta bort ett möte ur arkivet"]
    assert sorted(c.elem_id for c in components if isinstance(c, gr.Button) and "paragraf-chip" in (c.elem_classes or [])) == [
        "scope-body", "scope-dates", "scope-organisation"]
    prepare_org = next(c for c in components if c.elem_id == "prepare-org")
    assert SORMLAND in [v for v, _ in prepare_org.choices] and prepare_org.value is None


def test_timeline_rows_in_date_order_with_citations(prepared, monkeypatch):
    from assistant.ui import prepare as ui_prepare
    from assistant.prepare.timeline import TimelineEntry

    calls = []

    def timeline(store, topic, org):
        calls.append((topic, org))
        return [TimelineEntry(c.quotes[0], c, "lexical") for c in (
            Citation("Samordningsförbundet i Kalmar län", "styrelsen", "2023-10-27", 70, "Preliminär medelstilldelning 2024",
                     "k.txt", "k-p70", ["Den totala medelstilldelningen är 16 020 000 kr."]),
            Citation("Samordningsförbundet i Blekinge", "styrelsen", "2025-09-29", 7, "Ekonomi <i>", "b.txt", "b-p7",
                     ["Arbetet med *medelstilldelningen* för 2026."]))]

    monkeypatch.setattr(ui_prepare, "timeline", timeline)
    text, refs, _, _ = ui_prepare.show_timeline(prepared, " medelstilldelning ", SORMLAND, False)
    assert text.splitlines()[2:] == [
        "- **2023-10-27** Preliminär medelstilldelning 2024: Den totala medelstilldelningen är 16 020 000 kr. "
        "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 70) [**\\[1\\]**](#paragraf-cite-prepare-timeline-0-1)",
        "- **2025-09-29** Ekonomi &lt;i&gt;: Arbetet med \\*medelstilldelningen\\* för 2026. "
        "(Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 7) [**\\[2\\]**](#paragraf-cite-prepare-timeline-0-2)",
    ]
    assert len(refs.choices) == 2 and json.loads(refs.choices[1][1])["quotes"] == ["Arbetet med *medelstilldelningen* för 2026."]
    ui_prepare.show_timeline(prepared, "ESF", SORMLAND, True)
    assert calls == [("medelstilldelning", None), ("ESF", SORMLAND)]
    assert ui_prepare.show_timeline(prepared, "  ", None, False)[0].startswith("Tidslinjen kunde inte tas fram: skriv ett ämne")
