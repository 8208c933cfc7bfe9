"""Handlers of the "Inför mötet" tab: the meeting brief of one organisation and the timeline of a topic.

Both show escaped Markdown with a number after each citation, and return the cited § for a Källor
panel built by `layout.source_panel` (the same one the chat uses, so a § opens the same way). All display
helpers come from assistant/ui/render.py; nothing here renders protocol text on its own. The brief downloads as
Word and as PDF (assistant/prepare/export.py), in the page's language.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant.engine import reader
from assistant.models import Citation
from assistant.prepare.brief import Brief, BriefItem, brief
from assistant.prepare.export import export
from assistant.prepare.timeline import TimelineEntry, timeline
from assistant.settings import Settings
from assistant.ui.inputs import ALL, choice, day
from assistant.ui.render import cite_anchor, escape_markdown, number_citations, references, source_hint
from assistant.ui.texts import t
from index.errors import BadInput, ParagrafError
from index.models import slug
from index.store.accounts import EVERYTHING, Access

log = logging.getLogger(__name__)


# --- display ----------------------------------------------------------------------------------
def escaped_citation(c: Citation) -> Citation:
    """The citation with the fields its label shows escaped for Markdown (quotes stay raw: they are matched in the § text)."""
    return replace(c, organisation=escape_markdown(c.organisation), body=escape_markdown(c.body),
                   date=escape_markdown(c.date) if c.date else c.date, title=escape_markdown(c.title))


def escaped_brief(b: Brief) -> Brief:
    """A copy of the brief with every piece of protocol text escaped, so `to_markdown` formats nothing from a document."""
    def item(i: BriefItem) -> BriefItem:
        detail = {k: escape_markdown(v) if isinstance(v, str) else v for k, v in i.detail.items()}
        return BriefItem(escape_markdown(i.text), escaped_citation(i.citation), detail, [item(e) for e in i.earlier])

    sections = {name: [item(i) for i in getattr(b, name)] for name in Brief.SECTIONS}
    return replace(b, organisation=escape_markdown(b.organisation), body=escape_markdown(b.body) if b.body else b.body,
                   meetings=[escape_markdown(m) for m in b.meetings], **sections)


def cited(citations: list[Citation]) -> list[Citation]:
    """Each cited § once (keyed on the paragraph id), in order of first mention, with the sentences cited from it.
    A brief line 'Titel: mening' quotes only the sentence, so it can be marked in the § text."""
    by_id: dict[str, Citation] = {}
    for c in citations:
        quotes = [q.removeprefix(f"{c.title}: ") for q in c.quotes]
        first = by_id.setdefault(c.id, replace(c, quotes=[]))
        first.quotes += [q for q in quotes if q not in first.quotes]
    return list(by_id.values())


def brief_markdown(b: Brief, sources: list[Citation], language: str = "sv") -> str:
    # escaping a label = the label of escaped fields
    return number_citations(escaped_brief(b).to_markdown(language), sources, cite_anchor("prepare-brief", 0))


def timeline_markdown(topic: str, entries: list[TimelineEntry], sources: list[Citation], language: str = "sv") -> str:
    """One line per § in date order: date, title, key sentence, citation and its number in the Källor list."""
    lines = [f"- **{escape_markdown(e.date or t(language, 'timeline_no_date'))}** {escape_markdown(e.title)}: "
             f"{escape_markdown(e.text)} {escape_markdown(e.citation.label())}" for e in entries]
    head = t(language, "timeline_head", topic=escape_markdown(topic), n=len(entries)) + "\n\n"
    text = head + ("\n".join(lines) or t(language, "timeline_none", topic=escape_markdown(topic)))
    return number_citations(text, sources, cite_anchor("prepare-timeline", 0))


def _sources(citations: list[Citation], language: str = "sv"):
    """The Källor list and hint of a part, and its citations kept for the links [n] in its text."""
    found = [c.to_json() for c in citations]
    return references(found, language), source_hint(citations, language), found


def brief_file(b: Brief, suffix: str = ".docx", language: str = "sv") -> str:
    """The brief written to a fresh temporary file named after the organisation and date, for a download button."""
    folder = Path(tempfile.mkdtemp(prefix="paragraf-brief-"))
    return str(export(b, folder / f"infor-motet-{slug(b.organisation)}-{b.as_of}{suffix}", language))


def _failure(what: str, exc: Exception, language: str) -> str:
    """One sentence: the reason of a refusal (ParagrafError), or that an error happened (logged with its trace)."""
    if isinstance(exc, ParagrafError):
        return t(language, f"{what}_failed", reason=escape_markdown(str(exc).rstrip(".")))
    log.error("%s failed", what, exc_info=exc)
    return t(language, f"{what}_error")


# --- handlers ---------------------------------------------------------------------------------
def organisations(settings: Settings, *, access: Access = EVERYTHING):
    """The organisations of the archive the user reads, for the brief (one must be chosen, so no 'Alla')."""
    names = sorted({m["organisation"] for m in reader(settings, access).meetings})
    return gr.Dropdown(choices=names)


def organs(settings: Settings, organisation: str | None, language: str = "sv", *, access: Access = EVERYTHING):
    """The organs of the chosen organisation, after 'Alla'."""
    meetings = reader(settings, access).meetings
    bodies = sorted({m["body"] for m in meetings if m["body"] and m["organisation"] == organisation})
    return gr.Dropdown(choices=[(t(language, "all"), ALL)] + [(b, b) for b in bodies], value=ALL)


def show_brief(settings: Settings, organisation: str | None, body: str | None, as_of: str | None, language: str = "sv", *,
               access: Access = EVERYTHING):
    """The brief as escaped Markdown, its cited § for the Källor panel, and its Word and PDF downloads. An empty
    date means today."""
    hidden = gr.DownloadButton(value=None, visible=False)
    try:
        if not choice(organisation):
            raise BadInput(t(language, "need_org"))
        result = brief(reader(settings, access), organisation, choice(body), day(as_of, t(language, "as_of"), language))
    except Exception as exc:
        return _failure("brief", exc, language), *_sources([], language), hidden, hidden
    sources = cited([c for i in result.items() for c in i.citations()])
    word = gr.DownloadButton(value=brief_file(result, ".docx", language), visible=True)
    pdf = gr.DownloadButton(value=brief_file(result, ".pdf", language), visible=True)
    return brief_markdown(result, sources, language), *_sources(sources, language), word, pdf


def show_timeline(settings: Settings, topic: str | None, organisation: str | None, only_organisation: bool,
                  language: str = "sv", *, access: Access = EVERYTHING):
    """Every § on the topic in date order, across organisations unless only the chosen one is asked for."""
    topic = (topic or "").strip()
    try:
        if not topic:
            raise BadInput(t(language, "need_topic"))
        entries = timeline(reader(settings, access), topic, choice(organisation) if only_organisation else None)
    except Exception as exc:
        return _failure("timeline", exc, language), *_sources([], language)
    sources = cited([e.citation for e in entries])
    return timeline_markdown(topic, entries, sources, language), *_sources(sources, language)

