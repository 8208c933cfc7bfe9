"""Blocks printed as a PDF with reportlab, with the page furniture of real minutes: a letterhead on every page,
a running header naming the § on the page ("Protokoll · 10 § · 24.05.2023 · Sida 3"), a "Justerandes sign"
footer, a cover page laid out as a grid of label and value cells, a table of contents with page numbers, bold
headings without numbers, and an e-signature page whose dates are not the meeting's."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle

from evals.render.blocks import Block, Header, Kind, Spec, number, write_date
from evals.render.markup import Meeting

FONT_FILES = {"Regular": "LiberationSans-Regular.ttf", "Bold": "LiberationSans-Bold.ttf"}
FONT_FOLDER = Path("/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class PdfFurniture:
    letterhead_every_page: bool = False
    running_header: str = ""  # a format of organisation, meeting_no, label, date, page: '{organisation} · {label} · Sida {page}'
    footer: bool = False  # "Justerandes sign" and "Utdragsbestyrkande" under every page
    cover_grid: bool = False  # the header as a grid of cells on a page of its own
    contents: bool = False  # a table of contents: § number, title, page
    esign: bool = False  # a last page of electronic signatures


@dataclass
class _Pages:
    """What the page furniture needs to know while the document is laid out."""

    meeting: Meeting
    spec: Spec
    furniture: PdfFurniture
    current: str = ""  # the § being printed when a page starts
    on_page: list[str] = field(default_factory=list)
    first_page: dict[str, int] = field(default_factory=dict)  # § label -> page where it starts


def fonts() -> tuple[str, str]:
    """(regular, bold): Liberation Sans where installed (every Swedish letter, en dash and ½), else Helvetica."""
    if all((FONT_FOLDER / f).is_file() for f in FONT_FILES.values()):
        for style, file in FONT_FILES.items():
            if f"Protocol-{style}" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(f"Protocol-{style}", str(FONT_FOLDER / file)))
        return "Protocol-Regular", "Protocol-Bold"
    return "Helvetica", "Helvetica-Bold"


def styles() -> dict[Kind, ParagraphStyle]:
    regular, bold = fonts()
    return {
        Kind.LETTERHEAD: ParagraphStyle("letterhead", fontName=bold, fontSize=16, leading=20, spaceAfter=2 * mm),
        Kind.TITLE: ParagraphStyle("title", fontName=bold, fontSize=13, leading=16, spaceAfter=3 * mm),
        Kind.LINE: ParagraphStyle("line", fontName=regular, fontSize=10, leading=13, spaceAfter=1 * mm),
        Kind.FIELD: ParagraphStyle("field", fontName=regular, fontSize=10, leading=13),
        Kind.ITEM: ParagraphStyle("item", fontName=bold, fontSize=12, leading=15, spaceBefore=5 * mm, spaceAfter=2 * mm),
        Kind.SUBHEADING: ParagraphStyle("subheading", fontName=bold, fontSize=10, leading=13, spaceBefore=2 * mm),
        Kind.TEXT: ParagraphStyle("text", fontName=regular, fontSize=10, leading=13, spaceAfter=2 * mm),
        Kind.SIGNATURES: ParagraphStyle("signatures", fontName=regular, fontSize=10, leading=13, spaceBefore=8 * mm),
    }


class _Heading(Paragraph):
    """A § heading that tells the page furniture which § it starts."""

    def __init__(self, text: str, style: ParagraphStyle, label: str | None):
        super().__init__(text, style)
        self.label = label


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, pages: _Pages):
        super().__init__(buffer, pagesize=A4, invariant=True, leftMargin=25 * mm, rightMargin=20 * mm, topMargin=28 * mm,
                         bottomMargin=25 * mm, title=f"Protokoll {pages.meeting.organ} {pages.meeting.date}",
                         author=pages.meeting.organisation)
        self.state = pages
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._start, onPageEnd=self._end)])

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab's hook
        label = getattr(flowable, "label", None)
        if label is not None:
            self.state.on_page.append(label)
            self.state.current = label
            self.state.first_page.setdefault(label, self.page)

    def _start(self, canvas, doc) -> None:
        self.state.on_page = [self.state.current] if self.state.current else []

    def _end(self, canvas, doc) -> None:
        meeting, spec, furniture = self.state.meeting, self.state.spec, self.state.furniture
        regular, bold = fonts()
        width, height = A4
        canvas.saveState()
        if furniture.letterhead_every_page:
            canvas.setFont(bold, 11)
            canvas.drawString(25 * mm, height - 14 * mm, meeting.organisation)
            canvas.setFont(regular, 9)
            canvas.drawRightString(width - 20 * mm, height - 14 * mm, f"PROTOKOLL {meeting.organ}")
            canvas.line(25 * mm, height - 16 * mm, width - 20 * mm, height - 16 * mm)
        if furniture.running_header:
            labels = [label for label in self.state.on_page if label]
            shown = _label_span(labels, meeting, spec)
            text = furniture.running_header.format(organisation=meeting.organisation, meeting_no=meeting.meeting_no or "",
                                                   label=shown, date=write_date(meeting.date, spec.dates), page=doc.page)
            text = " · ".join(part for part in text.split(" · ") if part.strip() not in ("", "Protokoll"))
            canvas.setFont(regular, 9)
            canvas.drawString(25 * mm, height - (21 if furniture.letterhead_every_page else 14) * mm, text)
        if furniture.footer:
            canvas.setFont(regular, 8)
            canvas.drawString(25 * mm, 14 * mm, "Justerandes sign")
            canvas.line(25 * mm, 17 * mm, 75 * mm, 17 * mm)
            canvas.drawRightString(width - 20 * mm, 14 * mm, "Utdragsbestyrkande")
        canvas.setFont(regular, 8)
        canvas.drawCentredString(width / 2, 9 * mm, f"{doc.page}")
        canvas.restoreState()


def _label_span(labels: list[str], meeting: Meeting, spec: Spec) -> str:
    """The § of a page as its running header names them: '10 §' or '10–12 §'."""
    if not labels:
        return ""
    unique = list(dict.fromkeys(labels))
    item = next(i for i in meeting.items if i.label == unique[0])
    first = number(item, meeting, spec.numbering) or unique[0]
    if len(unique) == 1:
        return first
    return first.replace(unique[0], f"{unique[0]}–{unique[-1]}")


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def flowables(meeting: Meeting, blocks: list[Block], spec: Spec, furniture: PdfFurniture,
              first_page: dict[str, int]) -> list:
    """The blocks as reportlab flowables; `first_page` (from a first layout) fills the table of contents."""
    style = styles()
    out: list = []
    fields = [b for b in blocks if b.kind is Kind.FIELD]
    grid_done = contents_done = False
    for block in blocks:
        if block.kind is Kind.FIELD and (furniture.cover_grid or spec.header is Header.GRID):
            if not grid_done:
                out += _grid(meeting, spec, fields, style)
                grid_done = True
            continue
        if block.kind is Kind.FIELD:
            out.append(_cell(f"{block.text}: {block.value}", style[Kind.FIELD]))
            continue
        if block.kind is Kind.ITEM and furniture.contents and not contents_done:
            out += _contents(meeting, spec, first_page, style)
            contents_done = True
        text = escape(block.text).replace("\n", "<br/>")
        out.append(_Heading(text, style[Kind.ITEM], block.label) if block.kind is Kind.ITEM else Paragraph(text, style[block.kind]))
    if furniture.esign:
        out += [PageBreak(), *esign_page(meeting, style)]
    return out


def _grid(meeting: Meeting, spec: Spec, fields: list[Block], style: dict[Kind, ParagraphStyle]) -> list:
    """A cover page: the header fields and the signatures as a grid of cells, the posting box under it."""
    rows = [[_cell(b.text, style[Kind.SUBHEADING]), _cell(b.value, style[Kind.FIELD])] for b in fields]
    signatures = (f"Sekreterare ..................... {meeting.secretary}\n\nOrdförande ..................... {meeting.chair}"
                  f"\n\nJusterare ..................... {', '.join(meeting.adjusters)}")
    rows.append([_cell("Underskrifter", style[Kind.SUBHEADING]), _cell(signatures, style[Kind.FIELD])])
    table = Table(rows, colWidths=[45 * mm, 120 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, *(_posting(meeting, spec, style) if meeting.posted else []), PageBreak()]


def _posting(meeting: Meeting, spec: Spec, style: dict[Kind, ParagraphStyle]) -> list:
    """The ANSLAG/BEVIS box of a public body's cover page: the posting dates, not the meeting's."""
    posted = date.fromisoformat(meeting.posted or meeting.date)
    rows = [["ANSLAG/BEVIS", "Protokollet är justerat. Justeringen har tillkännagivits genom anslag."],
            ["Organ", meeting.organ], ["Sammanträdesdatum", write_date(meeting.date, spec.dates)],
            ["Datum då anslaget sätts upp", write_date(posted, spec.dates)],
            ["Datum då anslaget tas ned", write_date(posted + timedelta(days=21), spec.dates)],
            ["Förvaringsplats för protokollet", "Kansliet"]]
    table = Table([[_cell(a, style[Kind.FIELD]), _cell(b, style[Kind.FIELD])] for a, b in rows], colWidths=[55 * mm, 110 * mm])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 6 * mm), table]


def _contents(meeting: Meeting, spec: Spec, first_page: dict[str, int], style: dict[Kind, ParagraphStyle]) -> list:
    rows = [[_cell(number(i, meeting, spec.numbering) or "", style[Kind.FIELD]), _cell(i.title, style[Kind.FIELD]),
             _cell(str(first_page.get(i.label or "", "")), style[Kind.FIELD])] for i in meeting.items]
    table = Table([[_cell("Paragraf", style[Kind.SUBHEADING]), _cell("Ärende", style[Kind.SUBHEADING]),
                    _cell("Sida", style[Kind.SUBHEADING])], *rows], colWidths=[22 * mm, 125 * mm, 15 * mm])
    return [Paragraph("Innehållsförteckning", style[Kind.TITLE]), table, PageBreak()]


def esign_page(meeting: Meeting, style: dict[Kind, ParagraphStyle]) -> list:
    """An e-signature service's last page: who signed, when (days after the meeting) and a transaction id."""
    signed = date.fromisoformat(meeting.signing_date or meeting.date)
    signers = [(meeting.secretary, "Sekreterare"), (meeting.chair, "Ordförande"), *((a, "Justerare") for a in meeting.adjusters)]
    rows = [[_cell(name, style[Kind.FIELD]), _cell(role, style[Kind.FIELD]),
             _cell(f"{signed.isoformat()} {9 + i:02d}:{(17 * i) % 60:02d}:{(31 * i) % 60:02d}\nBankID", style[Kind.FIELD])]
            for i, (name, role) in enumerate(signers) if name]
    digest = hashlib.sha1(f"{meeting.organisation}{meeting.date}".encode()).hexdigest()[:20].upper()
    return [Paragraph("Verifikat", style[Kind.TITLE]),
            Paragraph(escape(f"Transaktion {digest}"), style[Kind.LINE]),
            Paragraph("Dokumentet har signerats elektroniskt av följande parter:", style[Kind.LINE]),
            Table(rows, colWidths=[55 * mm, 35 * mm, 70 * mm]),
            Paragraph(escape(f"Alla signaturer är inhämtade {signed.isoformat()}."), style[Kind.LINE])]


def to_pdf(meeting: Meeting, blocks: list[Block], spec: Spec, furniture: PdfFurniture = PdfFurniture()) -> bytes:
    """The protocol as PDF bytes. A table of contents needs the pages: it is laid out twice."""
    first_page: dict[str, int] = {}
    for _ in range(2 if furniture.contents else 1):
        buffer = io.BytesIO()
        state = _Pages(meeting, spec, furniture)
        _Document(buffer, state).build(flowables(meeting, blocks, spec, furniture, first_page))
        first_page = state.first_page
    return buffer.getvalue()
