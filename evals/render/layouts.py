"""The layouts invented minutes are rendered in, chosen by name: each imitates a layout met in real minutes
(/work/shared/NOTES.md, evals/real/truth.jsonl), not any one organisation's file."""

from __future__ import annotations

from dataclasses import dataclass

from evals.render.blocks import DateStyle, Header, Numbering, Spec, compose
from evals.render.markup import Meeting
from evals.render.pdf import PdfFurniture, to_pdf
from evals.render.text import TextFurniture, to_text


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    spec: Spec
    suffix: str  # ".txt" or ".pdf"
    text: TextFurniture | None = None
    pdf: PdfFurniture | None = None

    def render(self, meeting: Meeting) -> bytes:
        """The file's bytes."""
        blocks = compose(meeting, self.spec)
        if self.pdf is not None:
            return to_pdf(meeting, blocks, self.spec, self.pdf)
        return to_text(meeting, blocks, self.spec, self.text or TextFurniture()).encode("utf-8")


LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (
    Layout("text-fields", "a secretary's web transcript: 'Sammanträdesdatum: 2025-03-14' fields, '§ 12 Title', "
           "section headings (Beslutsunderlag, Beslut) on lines of their own", Spec(), ".txt", text=TextFurniture()),
    Layout("text-prose", "a Word export: 'fört vid sammanträde med styrelsen … fredagen den 14 mars 2025', '§ 12' alone "
           "on its line with the title under it", Spec(dates=DateStyle.WORDS, header=Header.PROSE, number_alone=True),
           ".txt", text=TextFurniture()),
    Layout("text-organ", "a municipal transcript: 'KS § 12' with the organ's abbreviation, Dnr lines, a running head "
           "with organisation, page and date every few §, 'Justerandes sign' lines", Spec(numbering=Numbering.ORGAN),
           ".txt", text=TextFurniture(running_head=True, signature_lines=True)),
    Layout("text-points", "an association's minutes: '1. Mötets öppnande' numbered points, 'Beslut:' inline",
           Spec(numbering=Numbering.POINT, inline_decision=True), ".txt", text=TextFurniture()),
    Layout("text-flat", "a document viewer's transcript: each page one line led by its page number, the running head "
           "inside it", Spec(numbering=Numbering.ORGAN), ".txt", text=TextFurniture(running_head=True, flat=True)),
    Layout("pdf-letterhead", "a PDF with the organisation's letterhead on every page, bold '§ 12 Title' headings and a "
           "'Justerandes sign / Utdragsbestyrkande' footer", Spec(), ".pdf",
           pdf=PdfFurniture(letterhead_every_page=True, footer=True)),
    Layout("pdf-finnish", "a Finland-Swedish PDF: '10 §' numbering, dates '24.05.2023', a running header "
           "'Protokoll 7/2023 · 10 § · 24.05.2023 · Sida 3'", Spec(numbering=Numbering.FINNISH, dates=DateStyle.FINNISH,
                                                                  upper_titles=True), ".pdf",
           pdf=PdfFurniture(running_header="{organisation} · Protokoll {meeting_no} · {label} · {date} · Sida {page}",
                            footer=True)),
    Layout("pdf-cover-grid", "a municipal PDF: the cover page a grid of cells (Plats och tid, Beslutande, Justerare, "
           "Underskrifter, ANSLAG/BEVIS with posting dates), then 'SN § 12' pages with a running header",
           Spec(numbering=Numbering.ORGAN, header=Header.GRID), ".pdf",
           pdf=PdfFurniture(cover_grid=True, running_header="{organisation} · Sammanträdesprotokoll · {date} · Sida {page}",
                            footer=True)),
    Layout("pdf-headings", "a PDF whose items are bold headings without numbers (a Brf, a club)",
           Spec(numbering=Numbering.NONE), ".pdf", pdf=PdfFurniture()),
    Layout("pdf-esign", "a PDF with 'Beslut:' inline, the date in words, and an e-signature page (BankID, signing "
           "times days after the meeting)", Spec(dates=DateStyle.WORDS, header=Header.PROSE, inline_decision=True),
           ".pdf", pdf=PdfFurniture(esign=True)),
    Layout("pdf-contents", "a PDF with a table of contents (§, title, page) before the § and a running header with the "
           "date", Spec(), ".pdf", pdf=PdfFurniture(contents=True, running_header="Protokoll {date} · {label} · Sida {page}")),
)}


def layout(name: str) -> Layout:
    """The layout of that name; an unknown name raises with the valid ones."""
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; choose one of: {', '.join(LAYOUTS)}")
    return LAYOUTS[name]
