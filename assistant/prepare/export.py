"""The brief written to take along: Word (.docx), PDF or Markdown, in the page's language; every line with its
citation, and the cited § listed at the end with the file each comes from."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.prepare.brief import WORDS, Brief, BriefItem, sources
from index.errors import BadInput

BOLD = re.compile(r"\*\*(.+?)\*\*")  # **x** is bold in a brief's Markdown line


def export(b: Brief, path: Path, language: str = "sv") -> Path:
    """Write the brief to `path`; its suffix chooses the format (EXPORTS)."""
    suffix = path.suffix.lower()
    if suffix not in EXPORTS:
        raise BadInput(f"{path.name}: the brief is written as {', '.join(EXPORTS)}")
    try:
        EXPORTS[suffix](b, path, language)
    except OSError as exc:
        raise BadInput(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return path


def source_lines(b: Brief) -> list[str]:
    return [f"[{n}] {c.label()} {c.title} ({c.source_file})" for n, c in enumerate(sources(b), 1)]


def _write_markdown(b: Brief, path: Path, language: str) -> None:
    words = WORDS[language]
    refs = "\n".join(f"{n}. {line.split('] ', 1)[1]}" for n, line in enumerate(source_lines(b), 1))
    path.write_text(b.to_markdown(language) + f"\n## {words['sources']}\n\n{refs or words['empty']}\n", encoding="utf-8")


def _write_docx(b: Brief, path: Path, language: str) -> None:
    import docx

    words = WORDS[language]
    document = docx.Document()
    document.add_heading(b.title(language), level=0)
    document.add_paragraph(b.situation(language))
    for heading, items in b.sections(language):
        document.add_heading(heading, level=1)
        empty: list[BriefItem | None] = [None]
        for item in items or empty:
            paragraph = document.add_paragraph(style="List Bullet")
            if item is None:
                paragraph.add_run(words["empty"])
                continue
            for k, part in enumerate(BOLD.split(item.line(language))):
                paragraph.add_run(part).bold = k % 2 == 1
    document.add_heading(words["sources"], level=1)
    for line in source_lines(b):
        document.add_paragraph(line)
    document.save(str(path))


def _write_pdf(b: Brief, path: Path, language: str) -> None:
    """A4 with the brief's headings, its cited lines (bold as in the Markdown) and the sources; Helvetica carries
    every Swedish letter and the § sign."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    def marked(line: str) -> str:  # protocol text escaped for reportlab's markup, **x** bold
        return "".join(f"<b>{escape(part)}</b>" if k % 2 else escape(part) for k, part in enumerate(BOLD.split(line)))

    styles = getSampleStyleSheet()
    words = WORDS[language]
    story = [Paragraph(escape(b.title(language)), styles["Title"]), Paragraph(escape(b.situation(language)), styles["Normal"])]
    for heading, items in b.sections(language):
        story += [Spacer(1, 0.3 * cm), Paragraph(escape(heading), styles["Heading2"])]
        lines = [marked(i.line(language)) for i in items] or [escape(words["empty"])]
        story.append(ListFlowable([ListItem(Paragraph(line, styles["Normal"])) for line in lines], bulletType="bullet"))
    story += [Spacer(1, 0.3 * cm), Paragraph(escape(words["sources"]), styles["Heading2"])]
    story += [Paragraph(escape(line), styles["Normal"]) for line in source_lines(b)]
    SimpleDocTemplate(str(path), pagesize=A4, title=b.title(language), leftMargin=2 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm).build(story)


EXPORTS = {".docx": _write_docx, ".pdf": _write_pdf, ".md": _write_markdown}
