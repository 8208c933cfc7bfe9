"""The renderer of invented minutes: every layout prints the meeting's words with its page furniture, and the
parser reads the meeting back from every numbered layout (labels, date, organisation)."""

from __future__ import annotations

import json
from datetime import date

import pypdfium2 as pdfium
import pytest

from evals.render import archive
from evals.render.archive import content_key, load_plan, pad, render_archive, rendered
from evals.render.blocks import DateStyle, Numbering, compose, number, organ_prefix, write_date
from evals.render.layouts import LAYOUTS, layout
from evals.render.markup import load_archive, meeting_from_json
from index.errors import BadInput
from index.parse.protocol import parse_file


def markup(**changes) -> dict:
    row = {
        "archive": "norrbo-sof", "organisation": "Samordningsförbundet Norrbo", "organisation_kind": "samordningsförbund",
        "organ": "Styrelsen", "meeting_no": "3/2025", "date": "2025-03-14", "time": "09.00–11.45",
        "place": "Kommunhuset, sammanträdesrum Ekan, Norrbo",
        "present": [{"name": "Anna Lindqvist", "role": "ordförande", "for": "Norrbo kommun"},
                    {"name": "Karl Berg", "role": "ledamot", "for": "Försäkringskassan"}],
        "others": [{"name": "Petra Holm", "role": "förbundschef"}], "absent": [],
        "secretary": "Petra Holm", "adjusters": ["Karl Berg"], "signing": {"date": "2025-03-21", "place": "Norrbo"},
        "posted": "2025-03-24",
        "paragraphs": [
            {"label": "1", "title": "Mötets öppnande", "dnr": None,
             "sections": [{"heading": None, "text": "Ordföranden hälsar välkommen och förklarar mötet öppnat."}]},
            {"label": "2", "title": "Val av justerare", "dnr": None,
             "sections": [{"heading": None, "text": "Karl Berg väljs att justera protokollet."}]},
            {"label": "3", "title": "Ansökan om medel för förstudien Steg för steg", "dnr": "2025/014",
             "sections": [{"heading": None, "text": "Norrbo kommun har ansökt om 240 000 kronor för en förstudie. " * 12},
                          {"heading": "Beslutsunderlag", "text": "Ansökan daterad 2025-02-20\nTjänsteskrivelse 2025-03-01"},
                          {"heading": "Beslut", "text": "Styrelsen beslutar\n\natt bevilja förstudien 240 000 kronor."}]},
            {"label": "4", "title": "Revisionsrapport för 2024", "dnr": None,
             "sections": [{"heading": None, "text": "Revisorerna tillstyrker ansvarsfrihet. " * 30},
                          {"heading": "Beslut", "text": "Styrelsen lägger rapporten till handlingarna."}]},
            {"label": "5", "title": "Mötets avslutande", "dnr": None,
             "sections": [{"heading": None, "text": "Ordföranden tackar och avslutar mötet."}]},
        ],
    }
    return {**row, **changes}


MEETING = meeting_from_json(markup())


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_dates_are_written_in_the_layouts_style():
    assert write_date("2025-03-14", DateStyle.ISO) == "2025-03-14"
    assert write_date("2025-03-14", DateStyle.WORDS) == "fredagen den 14 mars 2025"
    assert write_date("2023-05-24", DateStyle.FINNISH) == "24.05.2023"
    assert write_date(None, DateStyle.ISO) == ""


def test_numbers_are_printed_as_each_numbering_writes_them():
    item = meeting_from_json(markup(organ="Kommunstyrelsen", paragraphs=[
        {"label": "3 a", "title": "Motion", "sections": [{"heading": None, "text": "x"}]}])).items[0]
    ks = meeting_from_json(markup(organ="Kommunstyrelsen"))
    assert number(item, ks, Numbering.SECTION) == "§ 3 a"
    assert number(item, ks, Numbering.ORGAN) == "KS § 3 a"
    assert number(item, ks, Numbering.FINNISH) == "3 a §"
    assert number(item, ks, Numbering.POINT) == "3 a."
    assert number(item, ks, Numbering.NONE) == ""
    assert organ_prefix("Hälso- och sjukvårdsnämnden") == "HSN"
    assert organ_prefix("Valnämnden") == "V"  # no usual abbreviation: its initials


def test_an_unnumbered_heading_is_named_by_its_title_and_printed_without_number():
    meeting = meeting_from_json(markup(paragraphs=[
        {"label": None, "title": "Stambyte", "sections": [{"heading": None, "text": "Offerter har kommit in."}]}]))
    assert meeting.items[0].name == "Stambyte" and not meeting.numbered
    text = layout("text-fields").render(meeting).decode()
    assert "\nStambyte\n" in text and "§" not in text.split("Stambyte")[1]


def test_a_bad_date_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(markup()) + "\n" + json.dumps(markup(date="2025-13-01")) + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"a\.jsonl:2: ValueError"):
        load_archive(path)


def test_an_unknown_layout_names_the_valid_ones():
    with pytest.raises(ValueError, match="text-fields.*pdf-esign"):
        layout("word")


def test_there_are_at_least_ten_layouts_text_and_pdf():
    suffixes = [shape.suffix for shape in LAYOUTS.values()]
    assert len(LAYOUTS) >= 10 and suffixes.count(".txt") >= 4 and suffixes.count(".pdf") >= 5


def test_inline_decisions_run_on_after_the_heading():
    text = layout("text-points").render(MEETING).decode()
    assert "Beslut: Styrelsen beslutar" in text and "\n3. Ansökan om medel" in text


def test_the_organ_transcript_has_running_heads_and_signature_lines():
    text = layout("text-organ").render(meeting_from_json(markup(organ="Socialnämnden"))).decode()
    assert "SN § 3 Ansökan om medel" in text
    assert "SAMORDNINGSFÖRBUNDET NORRBO\tSAMMANTRÄDESPROTOKOLL\tSida 2 (3)" in text
    assert text.count("Justerandes sign") == 3


def test_the_flat_transcript_is_one_line_a_page_led_by_its_number():
    lines = [line for line in layout("text-flat").render(MEETING).decode().splitlines() if line]
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]


def test_the_finnish_pdf_has_a_running_header_naming_the_paragraphs_of_each_page():
    pages = pdf_pages(layout("pdf-finnish").render(MEETING))
    assert len(pages) >= 2
    assert all("Justerandes sign" in page for page in pages)
    heads = [next(line for line in page.splitlines() if " · Sida " in line) for page in pages]
    assert heads[1].startswith("Samordningsförbundet Norrbo · Protokoll 3/2025 · ")
    assert all("14.03.2025" in head for head in heads) and any(" §" in head for head in heads)
    assert "3 § ANSÖKAN OM MEDEL" in "".join(pages)


def test_the_cover_grid_holds_posting_dates_that_are_not_the_meeting_date():
    first = pdf_pages(layout("pdf-cover-grid").render(MEETING))[0]
    assert "ANSLAG/BEVIS" in first and "2025-03-24" in first and "2025-04-14" in first
    assert "STY § 3" not in first  # the § start on the next page


def test_the_contents_page_gives_the_page_each_paragraph_starts_on():
    pages = pdf_pages(layout("pdf-contents").render(MEETING))
    contents = pages[0].split("Innehållsförteckning")[1]
    for item in MEETING.items:
        row = next(line for line in contents.splitlines() if line.startswith(f"§ {item.label} "))
        heading = f"§ {item.label} {item.title}"
        starts = next(i for i, page in enumerate(pages, start=1) if i > 1 and heading in page)
        assert row == f"{heading} {starts}"


def test_the_esign_page_dates_signatures_after_the_meeting():
    last = pdf_pages(layout("pdf-esign").render(MEETING))[-1]
    assert "Verifikat" in last and "2025-03-21" in last and "BankID" in last and "2025-03-14" not in last


def test_bold_headings_are_in_a_bold_font():
    data = layout("pdf-headings").render(MEETING)
    assert b"Bold" in data and "§" not in "".join(pdf_pages(data))


@pytest.mark.parametrize("name", [n for n, shape in LAYOUTS.items() if shape.spec.numbering is not Numbering.NONE])
def test_the_parser_reads_every_numbered_layout_back(name, tmp_path):
    shape = layout(name)
    path = tmp_path / f"protokoll{shape.suffix}"
    path.write_bytes(shape.render(MEETING))
    meeting = parse_file(path)
    assert meeting.date == "2025-03-14"
    assert meeting.organisation.startswith("Samordningsförbundet Norrbo")  # a flat transcript glues on the next word
    assert [str(p.number) for p in meeting.paragraphs] == ["1", "2", "3", "4", "5"]
    assert "240 000 kronor" in meeting.paragraphs[2].text


def test_every_block_of_the_meeting_is_said_in_every_layout():
    for name, shape in LAYOUTS.items():
        words = {b.text.split()[-1] for b in compose(MEETING, shape.spec) if b.text.strip()}
        data = shape.render(MEETING)
        text = "".join(pdf_pages(data)) if shape.suffix == ".pdf" else data.decode()
        flat = " ".join(text.upper().split())
        missing = [w for w in words if w.upper() not in flat]
        assert not missing, f"{name} leaves out {missing}"


def test_an_archive_is_rendered_by_its_plan_with_padding_before_its_first_meeting(tmp_path):
    folder = tmp_path / "invented"
    folder.mkdir()
    (folder / "norrbo-sof.jsonl").write_text(json.dumps(markup(), ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "archives.json").write_text(json.dumps(
        {"archives": {"norrbo-sof": {"layout": "pdf-esign", "pad_paragraphs": 40}}}), encoding="utf-8")
    truths = render_archive("norrbo-sof", tmp_path / "out", folder)
    assert [t.paragraphs for t in truths] == [["1", "2", "3", "4", "5"]]
    assert (tmp_path / "out" / "2025-03-14-styrelsen.pdf").is_file()
    padded = sorted((tmp_path / "out" / "padding").glob("*.txt"))
    assert padded and all(p.stem.split("-", 1)[1] < "2025-03-14" for p in padded)
    key = content_key(["norrbo-sof"], folder)
    assert rendered(["norrbo-sof"], tmp_path / "cache", folder).name.endswith(key)
    (folder / "norrbo-sof.jsonl").write_text(json.dumps(markup(date="2025-03-15"), ensure_ascii=False) + "\n", encoding="utf-8")
    assert content_key(["norrbo-sof"], folder) != key


def test_a_plan_naming_an_unknown_layout_is_refused(tmp_path):
    (tmp_path / "archives.json").write_text(json.dumps({"archives": {"a": {"layout": "fax"}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown layout 'fax'"):
        load_plan(tmp_path)


def test_padding_that_would_reach_the_archives_own_years_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "PAD_YEARS_BEFORE", 0)
    with pytest.raises(BadInput, match="into the archive's own period"):
        pad(tmp_path, 100, date(2023, 1, 1))
