"""What the chat shows: the page's words in both languages, protocol text escaped, answers with numbered
citations, the Källor panel's HTML, and the page's inputs read as filters.

Every piece of protocol text shown goes through `escape` or `escape_markdown`.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Callable

import gradio as gr

from assistant.models import Citation, Filters, history_from_json, source_url
from index.errors import BadInput

ALL = "Alla"


AUTOLINK_START = re.compile(r":(?=//)|(?<=\bwww)\.", re.IGNORECASE)  # where GFM starts a bare link


CITE_PREFIX = "paragraf-cite-"


# The page's own words in the two languages of a conversation: Swedish by default, English after an
# English question or the language switch. Protocol text is never translated (no offline translator).
TEXTS = {
    "sv": {
        "scope": "Avgränsning", "sources": "Källor", "no_sources": "Inga källor att visa.",
        "pick_source": "Välj en källa ovan, eller klicka på ett nummer [n] i texten, för att läsa hela paragrafen.",
        "gone": "Paragrafen finns inte längre i arkivet (den har indexerats om eller tagits bort).",
        "quoted": "Citerat:", "no_number": "utan §-nummer", "unknown_date": "okänt",
        "meta": ("Organisation", "Organ", "Mötesdatum", "Paragraf", "Rubrik", "Källfil"), "page": "sidan {page}",
        "open_original": "Öppna originalet", "open_original_page": "Öppna originalet på sidan {page}",
        "indexed": "indexerad, {n} §", "unchanged": "redan indexerad, oförändrad", "duplicate": "inte indexerad: dubblett",
        "refused": "inte indexerad", "removed": "borttagen ur arkivet", "no_files": "Inga filer valdes.",
        "not_saved": "kunde inte sparas; försök igen",
        "read_only": "en ledamot läser protokollen; sekreteraren lägger till dem",
        "index_failed": "Indexeringen avbröts av ett fel; inget annat i arkivet påverkades. Försök igen.",
        "indexing": "{name}: läses och indexeras ({done} av {total})", "saving": "Sparar filerna …",
        "not_answered": "Frågan kunde inte besvaras: {reason}.",
        "failed": "Något gick fel när frågan skulle besvaras. Försök igen, eller formulera frågan på ett annat sätt.",
        "confirm_remove": "Ta bort **{meeting}** ur arkivet? Dess paragrafer försvinner ur sökningen; filen finns kvar "
                          "och kan läggas till igen.",
        "removed_meeting": "**{meeting}** är borttaget ur arkivet.", "pick_meeting": "Välj ett möte att ta bort.",
        "pick_correct": "Välj ett möte att rätta (i listan eller i tabellen).",
        "nothing_changed": "Inget är ändrat: skriv rätt organisation, organ eller datum i fälten.",
        "corrected": "Rättat och indexerat på nytt: **{meeting}**. Rättelsen gäller också när arkivet indexeras om.",
        "not_corrected": "Kunde inte rättas: {reason}",
    },
    "en": {
        "scope": "Scope", "sources": "Sources", "no_sources": "No sources to show.",
        "pick_source": "Choose a source above, or click a number [n] in the text, to read the whole paragraph (in Swedish).",
        "gone": "This paragraph is no longer in the archive (it was re-indexed or removed).",
        "quoted": "Quoted:", "no_number": "no § number", "unknown_date": "unknown",
        "meta": ("Organisation", "Body", "Meeting date", "Paragraph", "Title", "Source file"), "page": "page {page}",
        "open_original": "Open the original", "open_original_page": "Open the original at page {page}",
        "indexed": "indexed, {n} §", "unchanged": "already indexed, unchanged", "duplicate": "not indexed: duplicate",
        "refused": "not indexed", "removed": "removed from the archive", "no_files": "No files were chosen.",
        "not_saved": "could not be saved; please try again",
        "read_only": "a member reads the minutes; the secretary adds them",
        "index_failed": "Indexing stopped on an error; nothing else in the archive was affected. Please try again.",
        "indexing": "{name}: reading and indexing ({done} of {total})", "saving": "Saving the files …",
        "not_answered": "The question could not be answered: {reason}.",
        "failed": "Something went wrong while answering. Please try again, or phrase the question differently.",
        "confirm_remove": "Remove **{meeting}** from the archive? Its paragraphs leave the search; the file stays and "
                          "can be added again.",
        "removed_meeting": "**{meeting}** was removed from the archive.", "pick_meeting": "Choose a meeting to remove.",
        "pick_correct": "Choose a meeting to correct (in the list or in the table).",
        "nothing_changed": "Nothing was changed: type the right organisation, body or date in the fields.",
        "corrected": "Corrected and indexed again: **{meeting}**. The correction also holds when the archive is re-indexed.",
        "not_corrected": "Could not be corrected: {reason}",
    },
}


def t(language: str | None, key: str, **values: object):
    """The page's text `key` in the conversation's language (Swedish unless it is English)."""
    text = TEXTS["en" if language == "en" else "sv"][key]
    return text.format(**values) if values else text


# --- display helpers: every piece of protocol text goes through escape() -----------------------
def escape(text: object) -> str:
    """Protocol text as inert HTML: '<script>' shows as text, never runs."""
    return html.escape(str(text), quote=True)


def escape_markdown(text: object) -> str:
    """Protocol text for the chat's Markdown: HTML-escaped, and the Markdown characters that would
    make links, images, code or math backslash-escaped, so a document cannot format or load anything.
    Bare addresses stay text too: GFM turns 'https://…', 'www.…' and 'namn@domän.se' into links by
    themselves, so the ':' of '://', the '.' of 'www.' and every '@' are escaped (they show unchanged).
    (Quotes stay as they are: entities like &#x27; would be broken by escaping their '#'.)"""
    escaped = re.sub(r"([\\`*_\[\]!$~|#@])", r"\\\1", html.escape(str(text), quote=False))
    return AUTOLINK_START.sub(lambda m: "\\" + m.group(0), escaped)


def highlight(text: str, quotes: list[str]) -> tuple[str, list[str]]:
    """The § text as HTML with each quoted sentence in <mark>; also the quotes not found in it.
    Whitespace may differ between quote and text (line breaks in the protocol)."""
    spans: list[tuple[int, int]] = []
    missing: list[str] = []
    for quote in quotes:
        words = quote.split()
        match = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
        if match:
            spans.append(match.span())
        elif words:
            missing.append(quote)
    out, position = [], 0
    for start, end in sorted(spans):
        start = max(start, position)
        if start >= end:
            continue
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return "".join(out), missing


def source_html(citation: dict, text: str | None, language: str = "sv") -> str:
    """The Källor panel for one cited §: metadata, a link to the original file (at the § page of a PDF),
    then the full text with the cited sentences marked."""
    number = f"§ {citation['paragraph']}" if citation.get("paragraph") else t(language, "no_number")
    page = citation.get("page")
    source = citation["source_file"] + (f", {t(language, 'page', page=page)}" if page else "")
    values = (citation["organisation"], citation["body"], citation["date"] or t(language, "unknown_date"), number,
              citation["title"], source)
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in zip(t(language, "meta"), values))
    if text is None:
        body, missing = f"<p><em>{escape(t(language, 'gone'))}</em></p>", []
    else:
        marked, missing = highlight(text, citation.get("quotes", []))
        body = f'<div class="paragraf-text">{marked}</div>'
    extra = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in missing)
    cited = f"<p><strong>{escape(t(language, 'quoted'))}</strong></p>{extra}" if extra else ""
    link = ""
    if citation.get("meeting_id"):
        words = t(language, "open_original_page", page=page) if page else t(language, "open_original")
        href = source_url("", citation["meeting_id"], page).lstrip("/")  # relative: works under any root path
        link = f'<p><a class="paragraf-original" href="{escape(href)}" target="_blank" rel="noopener">{escape(words)}</a></p>'
    return (f'<div class="paragraf-source"><h3>{escape(number)} {escape(citation["title"])}</h3><dl>{meta}</dl>{link}'
            f'{cited}{body}</div>')


def reference_label(n: int, citation: dict) -> str:
    """'[1] (Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 10) ESF-medel' — plain text."""
    return f"[{n}] {Citation(**citation).label()} {citation['title']}".strip()


def cite_anchor(panel: str, key: int) -> Callable[[int], str]:
    """The link target of citation n in a text whose sources a panel shows: '#paragraf-cite-chat-3-1'.
    A click on it is caught in the page (CITE_JS) and opens that § in `panel`'s Källor; `key` is the
    chat turn the citations belong to (0 for the single text of a brief or timeline)."""
    return lambda n: f"#{CITE_PREFIX}{panel}-{key}-{n}"


def number_citations(text: str, citations: list[Citation], anchor: Callable[[int], str] | None = None) -> str:
    """Escaped Markdown with a link ' [n]' after each citation label, n counting from 1 in the order given;
    clicking it opens the § in the Källor panel (see `cite_anchor`)."""
    anchor = anchor or cite_anchor("chat", 0)
    numbers: dict[str, list[int]] = {}
    for n, c in enumerate(citations, 1):
        numbers.setdefault(escape_markdown(c.label()), []).append(n)
    for label, ns in numbers.items():
        text = text.replace(label, label + " " + " ".join(f"[**\\[{n}\\]**]({anchor(n)})" for n in ns))
    return text


def render_answer(answer: dict, key: int = 0) -> str:
    """An answer as chat Markdown: the escaped text, each citation label followed by its number, a link that
    opens the § in the Källor panel (which lists the sources, so the chat does not list them again)."""
    citations = [Citation(**c) for c in answer.get("citations", [])]
    text = number_citations(escape_markdown(answer["answer"]), citations, cite_anchor("chat", key))
    filters = Filters(**answer.get("filters", {}))
    if filters.is_empty():
        return text
    parts = [filters.organisation, filters.body, " – ".join(d for d in (filters.date_from, filters.date_to) if d)]
    scope = t(answer.get("language", "sv"), "scope")
    return text + f"\n\n_{scope}: " + escape_markdown(", ".join(p for p in parts if p)) + "_"


def render(turns: list[dict]) -> list[dict]:
    """The conversation as Chatbot messages. Turns keep the raw text (for `ask`'s history);
    what the browser gets is always escaped."""
    messages = []
    for turn in turns:
        if turn["role"] == "user":
            messages.append({"role": "user", "content": escape_markdown(turn["content"])})
        elif "answer" in turn:
            messages.append({"role": "assistant", "content": render_answer(turn["answer"], len(messages))})
        else:
            messages.append({"role": "assistant", "content": escape_markdown(turn["content"])})
    return messages


# --- inputs from the page --------------------------------------------------------------------
def choice(value: str | None) -> str | None:
    """A dropdown's value; 'Alla' and empty mean no choice."""
    value = (value or "").strip()
    return None if value in ("", ALL) else value


def day(value: str | None, name: str) -> str | None:
    """A date box's value as YYYY-MM-DD, None when empty; `name` is the box's label for the message."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInput(f"{name} måste vara ett datum som ÅÅÅÅ-MM-DD, inte '{value}'") from None


def to_filters(organisation: str | None, body: str | None, date_from: str | None, date_to: str | None) -> Filters:
    """The filter widgets as Filters; 'Alla' and empty mean no restriction. Dates are YYYY-MM-DD."""
    start, end = day(date_from, "Från datum"), day(date_to, "Till datum")
    if start and end and start > end:
        raise BadInput(f"Från datum ({start}) ligger efter Till datum ({end})")
    return Filters(choice(organisation), choice(body), start, end)


def parse_history(history: str | list | None) -> list[dict]:
    """History for the API: a JSON list of {"role": "user"|"assistant", "content": "..."}."""
    if not history:
        return []
    return history_from_json(history if isinstance(history, str) else json.dumps(history), "history")


def references(citations: list[dict], language: str = "sv", value: str | None = None):
    """The Källor list for one answer; the value of each choice is its citation as JSON."""
    choices = [(reference_label(n, c), json.dumps(c, ensure_ascii=False)) for n, c in enumerate(citations, 1)]
    label = t(language, "sources") + (f" ({len(choices)})" if choices else "")
    return gr.Radio(choices=choices, value=value, label=label)


def source_hint(citations: list, language: str = "sv") -> str:
    return f'<div class="paragraf-source"><p>{escape(t(language, "pick_source" if citations else "no_sources"))}</p></div>'
