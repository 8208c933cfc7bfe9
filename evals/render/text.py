"""Blocks printed as plain text, the way minutes reach the web: a secretary's transcript of the Word file,
with page furniture where the transcript kept it (a running head every few §, "Justerandes sign" lines), or a
document-viewer transcript that joins each page into one line behind its page number."""

from __future__ import annotations

from dataclasses import dataclass

from evals.render.blocks import Block, Header, Kind, Spec, write_date
from evals.render.markup import Meeting

ITEMS_PER_PAGE = 3  # a transcript's "page" for its running head: about three § of an A4 page


@dataclass(frozen=True)
class TextFurniture:
    running_head: bool = False  # organisation, "Sammanträdesprotokoll", page, organ and date every few §
    signature_lines: bool = False  # "Justerandes sign    Utdragsbestyrkande" at each page end
    flat: bool = False  # each page one line, led by its page number (document-viewer transcripts)


def field_lines(block: Block, grid: bool) -> list[str]:
    """'Label: value', a value of several lines continued under it; a cover grid's cells side by side."""
    first, *rest = block.value.split("\n")
    if grid:
        return [f"{block.text:<22}{first}", *(" " * 22 + line for line in rest)]
    return [f"{block.text}: {first}", *(f"    {line}" for line in rest)]


def block_lines(block: Block, spec: Spec) -> list[str]:
    if block.kind is Kind.FIELD:
        return field_lines(block, spec.header is Header.GRID)
    if block.kind in (Kind.ITEM, Kind.SUBHEADING, Kind.LETTERHEAD, Kind.TITLE, Kind.LINE):
        return [block.text]
    return [*block.text.split("\n"), ""]


def pages(blocks: list[Block]) -> list[list[Block]]:
    """The header as the first page, then ITEMS_PER_PAGE § a page; the signatures stay with the last §."""
    out: list[list[Block]] = [[]]
    items = 0
    for i, block in enumerate(blocks):
        starts_item = block.kind is Kind.ITEM and (i == 0 or blocks[i - 1].kind is not Kind.ITEM)
        if starts_item:
            if items % ITEMS_PER_PAGE == 0:
                out.append([])
            items += 1
        out[-1].append(block)
    return [p for p in out if p]


def running_head(meeting: Meeting, spec: Spec, page: int, total: int) -> list[str]:
    return [f"{meeting.organisation.upper()}\tSAMMANTRÄDESPROTOKOLL\tSida {page} ({total})",
            f"{meeting.organ}\t{write_date(meeting.date, spec.dates)}", ""]


def to_text(meeting: Meeting, blocks: list[Block], spec: Spec, furniture: TextFurniture = TextFurniture()) -> str:
    """The whole protocol as text."""
    paged = pages(blocks)
    out: list[str] = []
    for number, page in enumerate(paged, start=1):
        lines: list[str] = []
        if furniture.running_head and number > 1:
            lines += running_head(meeting, spec, number, len(paged))
        for block in page:
            if block.kind is Kind.ITEM and lines and lines[-1] != "" and not furniture.flat:
                lines.append("")
            lines += block_lines(block, spec)
        if furniture.signature_lines:
            lines += ["", "Justerandes sign\t\tUtdragsbestyrkande", ""]
        if furniture.flat:
            out.append(f"{number} " + " ".join(line.strip() for line in lines if line.strip()))
            out.append("")
        else:
            out += lines
    return "\n".join(out).rstrip() + "\n"
