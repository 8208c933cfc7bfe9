"""Paragraf in the browser: a Gradio chat over the archive, built on the same `ask` as the CLI.

Read top to bottom: display helpers (all protocol text passes through `escape`), handlers,
then `build_app` (components and event wiring) and `serve` (launch). The chat handler is a
generator, so a streaming answer path plugs in through `answer_stream` without other changes.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import threading
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Iterator

import gradio as gr
from starlette.middleware import Middleware

from assistant.auth import LoginGuard, SessionGuard
from assistant.engine import open_store
from assistant.models import Answer, Citation, Filters
from assistant.settings import Settings
from index.errors import BadInput, ParagrafError
from index.pipeline import FileOutcome, index_paths

log = logging.getLogger(__name__)

ALL = "Alla"
UPLOAD_TYPES = (".pdf", ".docx", ".txt", ".md")
EXAMPLES = [
    "Vad beslutade styrelsen om ESF-medel?",
    "What did the board decide about ESF funding?",
    "Vilka beslut fattades på styrelsemötet 2025-09-29?",
    "Vad sades om årsredovisningen 2025?",
]
MEETING_HEADERS = ["Organisation", "Organ", "Datum", "Antal §", "Fil"]
CSS = """
.paragraf-source mark { background: #fde68a; color: inherit; padding: 0 2px; }
.paragraf-source .paragraf-text { white-space: pre-wrap; max-height: 420px; overflow-y: auto; }
.paragraf-source dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px 0; }
.paragraf-source dt { font-weight: 600; }
.paragraf-source dd { margin: 0; }
"""
AUTOLINK_START = re.compile(r":(?=//)|(?<=\bwww)\.", re.IGNORECASE)  # where GFM starts a bare link
_index_lock = threading.Lock()  # one upload indexes at a time; chats keep reading meanwhile


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


def source_html(citation: dict, text: str | None) -> str:
    """The Källor panel for one cited §: metadata, then the full text with the cited sentences marked."""
    number = f"§ {citation['paragraph']}" if citation.get("paragraph") else "utan §-nummer"
    rows = [
        ("Organisation", citation["organisation"]), ("Organ", citation["body"]), ("Mötesdatum", citation["date"] or "okänt"),
        ("Paragraf", number), ("Rubrik", citation["title"]), ("Källfil", citation["source_file"]),
    ]
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    if text is None:
        body, missing = "<p><em>Paragrafen finns inte längre i arkivet (den har indexerats om eller tagits bort).</em></p>", []
    else:
        marked, missing = highlight(text, citation.get("quotes", []))
        body = f'<div class="paragraf-text">{marked}</div>'
    extra = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in missing)
    cited = f"<p><strong>Citerat:</strong></p>{extra}" if extra else ""
    return f'<div class="paragraf-source"><h3>{escape(number)} {escape(citation["title"])}</h3><dl>{meta}</dl>{cited}{body}</div>'


def reference_label(n: int, citation: dict) -> str:
    """'[1] (Samordningsförbundet i Blekinge, styrelsen 2025-09-29, § 10) ESF-medel' — plain text."""
    return f"[{n}] {Citation(**citation).label()} {citation['title']}".strip()


def number_citations(text: str, citations: list[Citation]) -> str:
    """Escaped Markdown with ' **[n]**' after each citation label, n counting from 1 in the order given,
    so a reader can find the § in the Källor list."""
    numbers: dict[str, list[int]] = {}
    for n, c in enumerate(citations, 1):
        numbers.setdefault(escape_markdown(c.label()), []).append(n)
    for label, ns in numbers.items():
        text = text.replace(label, label + " **" + "".join(f"\\[{n}\\]" for n in ns) + "**")
    return text


def render_answer(answer: dict) -> str:
    """An answer as chat Markdown: the escaped text with each citation numbered, the references below."""
    citations = [Citation(**c) for c in answer.get("citations", [])]
    text = number_citations(escape_markdown(answer["answer"]), citations)
    if not citations:
        return text
    heading = "Källor" if answer.get("language", "sv") == "sv" else "Sources"
    refs = [f"\\[{n}\\] {escape_markdown(c.label())} {escape_markdown(c.title)} — {escape_markdown(c.source_file)}"
            for n, c in enumerate(citations, 1)]
    filters = Filters(**answer.get("filters", {}))
    scope = ""
    if not filters.is_empty():
        parts = [filters.organisation, filters.body, " – ".join(d for d in (filters.date_from, filters.date_to) if d)]
        scope = "\n\n_Avgränsning: " + escape_markdown(", ".join(p for p in parts if p)) + "_"
    return text + f"\n\n**{heading}** (klicka i panelen Källor för hela paragrafen)\n\n" + "  \n".join(refs) + scope


def render(turns: list[dict]) -> list[dict]:
    """The conversation as Chatbot messages. Turns keep the raw text (for `ask`'s history);
    what the browser gets is always escaped."""
    messages = []
    for turn in turns:
        if turn["role"] == "user":
            messages.append({"role": "user", "content": escape_markdown(turn["content"])})
        elif "answer" in turn:
            messages.append({"role": "assistant", "content": render_answer(turn["answer"])})
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
    try:
        turns = json.loads(history) if isinstance(history, str) else history
    except json.JSONDecodeError as exc:
        raise BadInput(f"history is not valid JSON ({exc.msg})") from None
    if not isinstance(turns, list) or not all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str) for t in turns
    ):
        raise BadInput('history must be a list of {"role": "user"|"assistant", "content": "..."}')
    return [{"role": t["role"], "content": t["content"]} for t in turns]


def safe_upload_name(name: str) -> str:
    """The bare file name an upload is saved under: directories stripped, '..' and hidden or
    unsupported names refused, so nothing can be written outside the upload folder."""
    parts = [p for p in PurePosixPath(name.replace("\\", "/")).parts if p not in ("/", "")]
    if any(p == ".." for p in parts):
        raise BadInput(f"{name}: file name must not contain '..'")
    clean = parts[-1] if parts else ""
    if ":" in clean:  # 'C:x.txt' or an NTFS stream
        clean = clean.rsplit(":", 1)[-1]
    if not clean or clean.startswith(".") or any(ord(ch) < 32 for ch in clean) or len(clean) > 200:
        raise BadInput(f"{name}: not a usable file name")
    if PurePosixPath(clean).suffix.lower() not in UPLOAD_TYPES:
        raise BadInput(f"{clean}: unsupported file type (supported: {', '.join(UPLOAD_TYPES)})")
    return clean


def save_upload(source: Path, name: str, upload_dir: Path, max_mb: int) -> Path:
    """Copy an uploaded file into the upload folder under its sanitised name, within the size limit."""
    clean = safe_upload_name(name)
    size = source.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise BadInput(f"{clean}: {size / 1024 / 1024:.1f} MB is over the limit of {max_mb} MB")
    upload_dir.mkdir(parents=True, exist_ok=True)
    target = (upload_dir / clean).resolve()
    if target.parent != upload_dir.resolve():
        raise BadInput(f"{name}: not a usable file name")
    shutil.copyfile(source, target)
    return target


def describe(outcome: FileOutcome) -> str:
    """One report line per uploaded file, in Swedish (the pipeline's reason kept as given)."""
    name = escape_markdown(Path(outcome.path).name)
    detail = f" ({escape_markdown(outcome.detail)})" if outcome.detail else ""
    text = {
        "indexed": f"indexerad, {outcome.paragraphs} §",
        "unchanged": "redan indexerad, oförändrad",
        "duplicate": "inte indexerad: dubblett",
        "refused": "inte indexerad",
        "removed": "borttagen ur arkivet",
    }.get(outcome.status, outcome.status)
    return f"- **{name}**: {text}{detail}"


# --- handlers ---------------------------------------------------------------------------------
def answer_stream(store, question: str, history: list[dict], filters: Filters, settings: Settings) -> Iterator[str | Answer]:
    """Partial answer texts (when assistant.answer offers a streaming `ask_stream`), ending with the Answer."""
    from assistant import answer as engine

    stream = getattr(engine, "ask_stream", None)
    if stream is None:
        yield engine.ask(store, question, history, filters, settings)
    else:
        yield from stream(store, question, history, filters, settings)


def user(question: str, turns: list[dict]):
    """Show the question at once and clear the box; the answer follows in `respond`."""
    question = (question or "").strip()
    if not question:
        return "", render(turns), turns
    turns = turns + [{"role": "user", "content": question}]
    return "", render(turns), turns


def respond(settings: Settings, turns: list[dict], organisation: str, body: str, date_from: str, date_to: str):
    """Answer the last question with the earlier turns as history; errors become one sentence."""
    if not turns or turns[-1]["role"] != "user":
        yield render(turns), turns, gr.skip(), gr.skip()
        return
    question = turns[-1]["content"]
    history = [{"role": t["role"], "content": t["content"]} for t in turns[:-1]]
    try:
        filters = to_filters(organisation, body, date_from, date_to)
        for piece in answer_stream(open_store(settings), question, history, filters, settings):
            if isinstance(piece, Answer):
                turn = {"role": "assistant", "content": piece.answer, "answer": piece.to_json()}
                turns = turns + [turn]
                yield render(turns), turns, references(turn["answer"]["citations"]), source_hint(piece.citations)
                return
            yield render(turns + [{"role": "assistant", "content": piece}]), turns, gr.skip(), gr.skip()
    except ParagrafError as exc:
        message = f"Frågan kunde inte besvaras: {str(exc).rstrip('.')}."
    except Exception:  # the page gets one sentence; the log gets the trace
        log.exception("answering %r failed", question)
        message = "Något gick fel när frågan skulle besvaras. Försök igen, eller formulera frågan på ett annat sätt."
    turns = turns + [{"role": "assistant", "content": message}]
    yield render(turns), turns, references([]), source_hint([])


def references(citations: list[dict]):
    """The Källor list for one answer; the value of each choice is its citation as JSON."""
    choices = [(reference_label(n, c), json.dumps(c, ensure_ascii=False)) for n, c in enumerate(citations, 1)]
    return gr.Radio(choices=choices, value=None, label=f"Källor ({len(choices)})" if choices else "Källor")


def source_hint(citations: list) -> str:
    if not citations:
        return '<div class="paragraf-source"><p>Inga källor att visa.</p></div>'
    return '<div class="paragraf-source"><p>Välj en källa ovan för att läsa hela paragrafen.</p></div>'


def show_source(settings: Settings, choice: str | None) -> str:
    """The full § of the chosen reference, looked up by paragraph id in the store."""
    if not choice:
        return gr.skip()
    citation = json.loads(choice)
    table = open_store(settings).table
    row = table.row.get(citation.get("id", ""))
    stored = table.paragraphs[row] if row is not None else None
    return source_html(citation, stored.text if stored else None)


def select_message(turns: list[dict], evt: gr.SelectData):
    """Clicking an earlier answer in the chat brings its references into the Källor panel."""
    index = evt.index if isinstance(evt.index, int) else evt.index[0]
    if 0 <= index < len(turns) and "answer" in turns[index]:
        citations = turns[index]["answer"]["citations"]
        return references(citations), source_hint(citations)
    return gr.skip(), gr.skip()


def archive(settings: Settings):
    """The meetings table and the filter choices, read fresh from the catalog."""
    meetings = open_store(settings).meetings
    rows = [[m["organisation"], m["body"], m["date"] or "okänt", m["paragraphs"], m["source_file"]] for m in meetings]
    organisations = [ALL] + sorted({m["organisation"] for m in meetings})
    bodies = [ALL] + sorted({m["body"] for m in meetings if m["body"]})
    return rows, gr.Dropdown(choices=organisations), gr.Dropdown(choices=bodies)


def add_files(settings: Settings, files: list[str] | None):
    """Save uploads into the upload folder, index them, and report per file what happened."""
    lines, saved = [], []
    for file in files or []:
        path = Path(file)
        try:
            saved.append(save_upload(path, path.name, settings.upload_dir, settings.max_file_mb))
        except BadInput as exc:
            lines.append(f"- **{escape_markdown(path.name)}**: inte indexerad ({escape_markdown(exc)})")
    if saved:
        try:
            with _index_lock:
                report = index_paths(open_store(settings), saved, max_file_mb=settings.max_file_mb)
            lines += [describe(o) for o in report.outcomes]
        except Exception:
            log.exception("indexing uploads failed")
            lines.append("- Indexeringen avbröts av ett fel; inget annat i arkivet påverkades. Försök igen.")
    report_text = "\n".join(lines) if lines else "Inga filer valdes."
    return (report_text, *archive(settings))


def api_ask(settings: Settings, question: str, history: str = "", organisation: str = "", body: str = "",
            date_from: str = "", date_to: str = "") -> dict:
    """The API's answer: the same `ask` as the chat, errors as one-sentence gr.Error. Every text in it is
    plain text, the protocol's characters as they are: no HTML, no Markdown, nothing to unescape; a
    caller escapes it like any text for whatever it renders into."""
    from assistant.answer import ask

    try:
        answer = ask(open_store(settings), question, parse_history(history),
                     to_filters(organisation, body, date_from, date_to), settings)
    except ParagrafError as exc:
        raise gr.Error(str(exc)) from None
    return answer.to_json()


# --- the app ----------------------------------------------------------------------------------
def source_panel(elem_id: str, label: str = "Källor"):
    """A Källor list and the § it opens; the chat and each part of "Inför mötet" get one, wired by `build_app`.
    The chat's keeps the ids 'refs' and 'source'; others are prefixed ('prepare-brief-refs')."""
    prefix = f"{elem_id}-" if elem_id else ""
    with gr.Group():
        refs = gr.Radio(choices=[], label=label, elem_id=f"{prefix}refs", info="Klicka på en källa för att läsa hela paragrafen.")
        source = gr.HTML(source_hint([]), elem_id=f"{prefix}source")
    return refs, source


def build_app(settings: Settings) -> gr.Blocks:
    from assistant import ui_prepare as prepare  # its handlers use the helpers above

    rows, organisations, bodies = archive(settings)
    prepare_organisations = prepare.organisations(settings)  # components made outside the layout are only updates
    with gr.Blocks(title="Paragraf", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown("# Paragraf\nFråga styrelseprotokollen. Varje svar citerar de paragrafer (§) det bygger på.")
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("Fråga protokollen", elem_id="tab-chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Samtal", elem_id="chat", height=520, allow_tags=False, sanitize_html=True,
                            latex_delimiters=[], feedback_options=None, buttons=["copy"],
                            placeholder="Ställ en fråga om protokollen, på svenska eller engelska.",
                        )
                        question = gr.Textbox(label="Fråga", elem_id="question", placeholder="Skriv en fråga och tryck Enter …", lines=1)
                        with gr.Row():
                            send = gr.Button("Fråga", variant="primary", elem_id="send")
                            clear = gr.Button("Ny konversation", elem_id="clear")
                        gr.Markdown("**Exempelfrågor**")
                        with gr.Row():
                            example_buttons = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                    with gr.Column(scale=2):
                        refs, source = source_panel("")
                        with gr.Accordion("Filter (gäller nästa fråga)", open=True):
                            organisation = gr.Dropdown(organisations.choices, value=ALL, label="Organisation", elem_id="filter-org")
                            body = gr.Dropdown(bodies.choices, value=ALL, label="Organ", elem_id="filter-body")
                            with gr.Row():
                                date_from = gr.Textbox(label="Från datum", placeholder="ÅÅÅÅ-MM-DD", elem_id="filter-from")
                                date_to = gr.Textbox(label="Till datum", placeholder="ÅÅÅÅ-MM-DD", elem_id="filter-to")
                            reset = gr.Button("Rensa filter", size="sm")
            with gr.Tab("Inför mötet", elem_id="tab-prepare"):
                gr.Markdown("Underlag inför ett möte: senaste beslut, öppna uppdrag, uppföljningar, belopp och förslag som "
                            "väntar på styrelsen. Under det: hur en fråga har utvecklats över tid. Varje rad citerar sin §.")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            prep_org = gr.Dropdown(prepare_organisations.choices, value=None, label="Organisation",
                                                   elem_id="prepare-org", scale=3)
                            prep_body = gr.Dropdown([ALL], value=ALL, label="Organ", elem_id="prepare-body", scale=1)
                            as_of = gr.Textbox(label="Per datum", placeholder="i dag (ÅÅÅÅ-MM-DD)",
                                               elem_id="prepare-as-of", scale=1)
                        show_brief = gr.Button("Visa underlag", variant="primary", elem_id="prepare-show")
                        brief_text = gr.Markdown("Välj en organisation.", elem_id="prepare-brief")
                    with gr.Column(scale=2):
                        brief_refs, brief_source = source_panel("prepare-brief")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            topic = gr.Textbox(label="Ämne", placeholder="t.ex. medelstilldelning, ESF, årsredovisning",
                                               elem_id="prepare-topic", scale=3)
                            only_org = gr.Checkbox(False, label="Bara vald organisation", elem_id="prepare-only-org", scale=1)
                        show_timeline = gr.Button("Visa tidslinje", elem_id="prepare-timeline-show")
                        timeline_text = gr.Markdown(elem_id="prepare-timeline")
                    with gr.Column(scale=2):
                        timeline_refs, timeline_source = source_panel("prepare-timeline")
        with gr.Row():
            with gr.Column(scale=3):
                meetings = gr.Dataframe(rows, headers=MEETING_HEADERS, label="Arkivets möten", interactive=False, wrap=True,
                                     column_widths=["32%", "15%", "13%", "10%", "30%"], elem_id="meetings")
            with gr.Column(scale=2):
                upload = gr.File(
                    label=f"Lägg till protokoll (PDF, DOCX, TXT, MD; högst {settings.max_file_mb} MB per fil)",
                    file_count="multiple", file_types=list(UPLOAD_TYPES), elem_id="upload",
                )
                upload_report = gr.Markdown(elem_id="upload-report")

        # --- wiring: the question shows at once, then the answer (with a spinner) ---------------
        filters = [organisation, body, date_from, date_to]
        answer_outputs = [chatbot, turns, refs, source]
        private = {"api_visibility": "private"}
        for trigger in (question.submit, send.click):
            trigger(user, [question, turns], [question, chatbot, turns], queue=False, **private).then(
                partial(respond, settings), [turns, *filters], answer_outputs, **private
            )
        for button in example_buttons:
            button.click(user, [button, turns], [question, chatbot, turns], queue=False, **private).then(
                partial(respond, settings), [turns, *filters], answer_outputs, **private
            )
        clear.click(lambda: ([], [], references([]), source_hint([])), None, answer_outputs, queue=False, **private)
        for panel_refs, panel_source in ((refs, source), (brief_refs, brief_source), (timeline_refs, timeline_source)):
            panel_refs.change(partial(show_source, settings), panel_refs, panel_source, **private)
        chatbot.select(select_message, turns, [refs, source], **private)
        reset.click(lambda: (ALL, ALL, "", ""), None, filters, queue=False, **private)

        # --- wiring of "Inför mötet" ------------------------------------------------------------
        prep_org.change(partial(prepare.organs, settings), prep_org, prep_body, **private)
        for trigger in (show_brief.click, as_of.submit):
            trigger(partial(prepare.show_brief, settings), [prep_org, prep_body, as_of], [brief_text, brief_refs, brief_source],
                    **private)
        for trigger in (show_timeline.click, topic.submit):
            trigger(partial(prepare.show_timeline, settings), [topic, prep_org, only_org],
                    [timeline_text, timeline_refs, timeline_source], **private)

        upload.upload(partial(add_files, settings), upload, [upload_report, meetings, organisation, body],
                      concurrency_limit=1, **private).then(partial(prepare.organisations, settings), None, prep_org, **private)
        demo.load(partial(archive, settings), None, [meetings, organisation, body], **private).then(
            partial(prepare.organisations, settings), None, prep_org, **private)

        def ask(question: str, history: str = "", organisation: str = "", body: str = "", date_from: str = "",
                date_to: str = "") -> dict:
            """Answer a question from the archive with citations. history: a JSON list of {"role": "user"|"assistant",
            "content": "..."} turns, oldest first; the filters are optional. Returns the Answer as JSON; its texts are
            plain text (no HTML, no Markdown): escape them for whatever you render them into."""
            return api_ask(settings, question, history, organisation, body, date_from, date_to)

        gr.api(ask, api_name="ask")
    return demo


def serve(settings: Settings, index_first: bool = False) -> None:
    """Index the corpus if asked (incremental), then serve the app on settings.host:settings.port."""
    if bool(settings.username) != bool(settings.password):
        raise ParagrafError("set both PARAGRAF_USERNAME and PARAGRAF_PASSWORD to require a login, or neither")
    store = open_store(settings)
    if index_first:
        if settings.corpus.is_dir():
            with _index_lock:
                report = index_paths(store, [settings.corpus], max_file_mb=settings.max_file_mb)
            log.warning("indexed %s first (--index-first). %s", settings.corpus, report.summary())
        else:
            log.warning("no corpus folder at %s; serving the store as it is", settings.corpus)
    # The model and the current generation are loaded before the first user waits for them: under load, twenty
    # first questions that all waited on them starved the server's event loop until requests timed out.
    store.snapshot()
    store.embedder.get_query_embedding("protokoll")
    launch(settings)


def launch(settings: Settings, **options) -> gr.Blocks:
    """The app on settings.host:settings.port: questions answered `settings.workers` at a time, the
    login guarded and its sessions expiring (assistant/auth.py). `options` go to Gradio's launch."""
    guard = login_guard(settings)
    if guard is None and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s without a login; set PARAGRAF_USERNAME and PARAGRAF_PASSWORD", settings.host)
    app = build_app(settings).queue(default_concurrency_limit=settings.workers)
    app.launch(
        server_name=settings.host, server_port=settings.port, auth=guard, share=False,
        auth_message="Paragraf: logga in för att fråga protokollen.", max_file_size=f"{settings.max_file_mb}mb",
        show_error=False, ssr_mode=False, footer_links=["api"], css=CSS, quiet=False,
        app_kwargs={"middleware": [Middleware(SessionGuard, session_seconds=settings.session_hours * 3600,
                                              secure_cookies=settings.secure_cookies)]},
        **options,
    )
    return app


def login_guard(settings: Settings) -> LoginGuard | None:
    """The login check Gradio calls, when a user name and password are set (assistant/auth.py)."""
    if not settings.username:
        return None
    return LoginGuard(settings.username, settings.password, settings.login_attempts, settings.lockout_seconds,
                      settings.lockout_max_seconds)
