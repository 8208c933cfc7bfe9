"""What the chat shows: protocol text escaped, answers with numbered citations and their scope, and the
Källor panel's HTML. Every piece of protocol text shown goes through `escape` or `escape_markdown`; every
word of the page's own comes from assistant/ui/texts.py.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote as url_quote
from typing import Callable

import gradio as gr

from assistant.models import Citation, Limit, source_url
from assistant.ui.texts import t

AUTOLINK_START = re.compile(r":(?=//)|(?<=\bwww)\.", re.IGNORECASE)  # where GFM starts a bare link
CITE_PREFIX = "paragraf-cite-"


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
    number = f"§ {paragraph_label(citation)}" if paragraph_label(citation) else t(language, "no_number")
    page = citation.get("page")
    source = citation["source_file"] + (f", {t(language, 'page', page=page)}" if page else "")
    values = (citation["organisation"], citation["body"], citation["date"] or t(language, "unknown_date"), number,
              citation["title"], source)
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in zip(t(language, "meta"), values))
    if text is None:
        body, missing = f"<p><em>{escape(t(language, 'gone'))}</em></p>", []
    else:
        marked, missing = highlight(text, citation.get("quotes", []))
        # a scrolling region: reachable by keyboard (tabindex) and named for a screen reader
        body = (f'<div class="paragraf-text" tabindex="0" role="region" '
                f'aria-label="{escape(t(language, "paragraph_text"))}">{marked}</div>')
    extra = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in missing)
    cited = f"<p><strong>{escape(t(language, 'quoted'))}</strong></p>{extra}" if extra else ""
    link = ""
    if citation.get("meeting_id"):
        words = t(language, "open_original_page", page=page) if page else t(language, "open_original")
        href = original_href(citation, language)
        link = f'<p><a class="paragraf-original" href="{escape(href)}" target="_blank" rel="noopener">{escape(words)}</a></p>'
    return (f'<div class="paragraf-source"><h3 tabindex="-1">{escape(number)} {escape(citation["title"])}</h3>'
            f'<dl>{meta}</dl>{link}{cited}{body}</div>')


def paragraph_label(citation: dict) -> str:
    """The § as the protocol labels it ('22', '3 a'): the citation's label when it carries one, else its number."""
    return str(citation.get("label") or citation.get("paragraph") or "")


def original_href(citation: dict, language: str = "sv") -> str:
    """The link to a cited § in its original file, relative (it works under any root path): a PDF at the page
    where the § starts ('#page=N'), a text or Word file with the § marked and scrolled to (assistant/ui/original.py)."""
    href = source_url("", citation["meeting_id"]).lstrip("/")
    if citation.get("page"):
        return f"{href}#page={citation['page']}"
    if not citation.get("id"):
        return href
    return f"{href}?paragraph={url_quote(citation['id'], safe='')}&lang={language}#paragraf-cited"


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
    opens the § in the Källor panel (which lists the sources, so the chat does not list them again), and what
    the answer was limited to, each limit with where it came from."""
    citations = [Citation(**c) for c in answer.get("citations", [])]
    text = number_citations(escape_markdown(answer["answer"]), citations, cite_anchor("chat", key))
    scope = [Limit.from_json(limit) for limit in answer.get("scope", [])]
    if not scope:
        return text
    return text + f"\n\n_{t(answer.get('language'), 'scope')}: " + escape_markdown(scope_text(scope, answer.get("language"))) + "_"


def scope_text(scope: list[Limit], language: str | None) -> str:
    """'Samordningsförbundet i Blekinge (från förra frågan), styrelsen (ur frågan)'."""
    return ", ".join(f"{limit.value} ({t(language, 'scope_from_' + limit.source.value)})" for limit in scope)


def scope_chip(limit: Limit, language: str | None) -> str:
    """The words of a removable chip: the limit, where it came from, and the cross that removes it."""
    return t(language, "scope_chip", value=limit.value, source=t(language, "scope_from_" + limit.source.value))


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


# --- the Källor panel ---------------------------------------------------------------------
def references(citations: list[dict], language: str = "sv", value: str | None = None):
    """The Källor list for one answer; the value of each choice is its citation as JSON."""
    choices = [(reference_label(n, c), json.dumps(c, ensure_ascii=False)) for n, c in enumerate(citations, 1)]
    label = t(language, "sources") + (f" ({len(choices)})" if choices else "")
    return gr.Radio(choices=choices, value=value, label=label, info=t(language, "refs_info"))


def source_hint(citations: list, language: str = "sv") -> str:
    return f'<div class="paragraf-source"><p>{escape(t(language, "pick_source" if citations else "no_sources"))}</p></div>'
