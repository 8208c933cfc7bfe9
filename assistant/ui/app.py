"""Paragraf in the browser: a Gradio chat over the archive, built on the same `ask` as the CLI.

Read top to bottom: display helpers (all protocol text passes through `escape`), handlers,
then `build_app` (components and event wiring) and `serve` (launch). The chat handler is a
generator, so a streaming answer path plugs in through `answer_stream` without other changes; `serve`
answers in worker processes (assistant/ui/workers.py), one per core.
"""

from __future__ import annotations

import html
import inspect
import json
import typing
import logging
import os
import re
import signal
import sys
import threading
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

import gradio as gr
from starlette.middleware import Middleware
from fastapi import Request

from assistant.ui.auth import LoginGuard, SessionGuard
from assistant.ui.render import (ALL, CITE_PREFIX, TEXTS, cite_anchor, escape, escape_markdown, number_citations,
                                 parse_history, reference_label, references, render, source_hint, source_html, t,
                                 to_filters)
from assistant.engine import access_of, correct_meeting, index_archive, open_store, reader, remove_as
from assistant.models import SOURCE_ROUTE, Answer, Citation, Filters, history_from_json, source_url
from assistant.settings import Settings
from index.store import uploads
from index.store.accounts import EVERYTHING, Access
from index.parse.corrections import Correction
from index.errors import BadInput, ParagrafError
from index.pipeline import FileOutcome, remove_meeting

log = logging.getLogger(__name__)

UPLOAD_TYPES = (".pdf", ".docx", ".txt", ".md")
GRADIO_SUMMARY_EVERY = 1000  # events between two of Gradio's monitoring summaries (see launch)
QUEUE_STATUS_SECONDS = 1.0  # how often a waiting question is told its place in the queue (see launch)
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
.paragraf-source .paragraf-original { font-weight: 600; }
.paragraf-hidden { display: none !important; }
#chat a[href*="#paragraf-cite-"], #prepare-brief a[href*="#paragraf-cite-"], #prepare-timeline a[href*="#paragraf-cite-"] {
  text-decoration: none; cursor: pointer; }
/* Phone-sized screens: a shorter chat, so the question field and the sources follow within the first screens. */
@media (max-width: 640px) {
  #chat { height: 46vh !important; min-height: 240px; }
  #examples { display: none; }
  #top { flex-wrap: wrap; gap: 4px; }
  #top > * { flex: 1 1 100% !important; min-width: 0 !important; }
  #intro h1 { font-size: 1.5em; margin: 0; }
  #language .wrap { flex-wrap: nowrap; }
}
/* Printing "Inför mötet" prints the brief alone, in black on white, with its citations. */
@media print {
  body.paragraf-print-brief * { visibility: hidden; }
  body.paragraf-print-brief #prepare-brief, body.paragraf-print-brief #prepare-brief * { visibility: visible; color: #000; }
  body.paragraf-print-brief #prepare-brief { position: absolute; left: 0; top: 0; width: 100%; font-size: 11pt; }
  body.paragraf-print-brief #prepare-brief a { text-decoration: none; }
  body.paragraf-print-brief #prepare-brief li { break-inside: avoid; }
}
"""
_index_lock = threading.Lock()  # one upload indexes at a time; chats keep reading meanwhile
# A click on a citation link [n] in a text opens that § in the text's Källor panel: the page writes
# 'panel-key-n' into a hidden box (#paragraf-cite), whose change event does the rest (`open_cited`);
# the panel then scrolls into view once its § has arrived.
CITE_JS = """
<script>
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href*="#%(prefix)s"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const key = link.getAttribute('href').split('#%(prefix)s')[1];
  const box = document.querySelector('#paragraf-cite textarea');
  if (!box) return;
  box.value = key + ':' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const panel = key.startsWith('chat-') ? 'source' : key.replace(/-\\d+-\\d+$/, '') + '-source';
  const target = document.getElementById(panel);
  if (!target) return;
  const observer = new MutationObserver(() => {
    if (!target.querySelector('.paragraf-text')) return;
    observer.disconnect();
    target.scrollIntoView({block: 'start'});
  });
  observer.observe(target, {childList: true, subtree: true, characterData: true});
}, true);
</script>
""" % {"prefix": CITE_PREFIX}
# Gradio's own words ('Släpp fil här', 'Klicka för att ladda upp', 'Laddar', 'Fel', the queue's text) come from its
# frontend's translations, Swedish among them, in the language its i18n store holds: the browser's at start. The
# store's setter is the module export `changeLocale` of Gradio's core bundle (what Gradio's own settings panel
# calls); importing that bundle's URL again yields the same module, so the page sets its language there without a
# reload: Swedish at once, then what the language switch says. The promise settles when the language is in use
# (Gradio then writes it into <html lang>; a language's words may first have to be fetched).
LOCALE_JS = """
<script>
window.paragrafLocale = (lang) => import('./assets/%(core)s')
  .then((core) => new Promise((done) => {
    core.changeLocale(lang);
    let tries = 100;
    const check = () => (document.documentElement.lang === lang || !tries--) ? done() : setTimeout(check, 50);
    check();
  }))
  .catch((error) => console.warn('Paragraf: Gradio language not set', error));
window.paragrafLocale('sv');
</script>
"""


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
    """Keep an uploaded file in the upload folder under its sanitised name, in a folder of its own
    (index/store/uploads.py), within the size limit."""
    clean = safe_upload_name(name)
    size = source.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise BadInput(f"{clean}: {size / 1024 / 1024:.1f} MB is over the limit of {max_mb} MB")
    return uploads.keep(source, clean, upload_dir)


def describe(outcome: FileOutcome, language: str = "sv") -> str:
    """One report line per uploaded file in the page's language (the pipeline's reason kept as given)."""
    name = escape_markdown(Path(outcome.path).name)
    detail = f" ({escape_markdown(outcome.detail)})" if outcome.detail else ""
    known = ("indexed", "unchanged", "duplicate", "refused", "removed")
    text = t(language, outcome.status, n=outcome.paragraphs) if outcome.status in known else outcome.status
    return f"- **{name}**: {text}{detail}"


# --- handlers ---------------------------------------------------------------------------------
_workers = None  # the AnswerPool of `serve` (assistant/ui/workers.py), when it answers in worker processes


def per_user(handler: Callable, settings: Settings) -> Callable:
    """`handler(settings, *inputs, access=…)` as a Gradio event handler: Gradio hands the wrapper the request first
    (by its annotation), and the request's login decides what the handler may read and change (engine.access_of:
    everything without a login or with the single login of PARAGRAF_USERNAME, else the user's organisations)."""
    params = [p for p in list(inspect.signature(handler).parameters.values())[1:] if p.kind is p.POSITIONAL_OR_KEYWORD]
    hints = typing.get_type_hints(handler)

    def access(request: gr.Request | None) -> Access:
        try:
            return access_of(settings, getattr(request, "username", None))
        except BadInput as exc:  # a user removed while logged in
            raise gr.Error(str(exc)) from None

    if inspect.isgeneratorfunction(handler):
        def wrapped(request: gr.Request, *inputs):
            yield from handler(settings, *inputs, access=access(request))
    else:
        def wrapped(request: gr.Request, *inputs):
            return handler(settings, *inputs, access=access(request))
    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    wrapped.__signature__ = inspect.Signature([inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                                 annotation=gr.Request), *params])
    wrapped.__annotations__ = {"request": gr.Request, **{p.name: hints[p.name] for p in params if p.name in hints}}
    return wrapped


def answer_stream(settings: Settings, question: str, history: list[dict], filters: Filters,
                  access: Access = EVERYTHING) -> Iterator[str | Answer]:
    """Partial answer texts from a language model, ending with the Answer. Made by a worker process when the
    server has them (`serve` starts them only without a language model); else in this process. Either way from
    the organisations `access` may read only."""
    if _workers is not None:
        yield _workers.ask(question, history, filters, access.organisations)
        return
    from assistant.ask import ask_stream

    yield from ask_stream(reader(settings, access), question, history, filters, settings)


def user(question: str, turns: list[dict]):
    """Show the question at once and clear the box; the answer follows in `respond`."""
    question = (question or "").strip()
    if not question:
        return "", render(turns), turns
    turns = turns + [{"role": "user", "content": question}]
    return "", render(turns), turns


def respond(settings: Settings, turns: list[dict], organisation: str, body: str, date_from: str, date_to: str,
            language: str = "sv", *, access: Access = EVERYTHING):
    """Answer the last question with the earlier turns as history; errors become one sentence. The page then
    speaks the answer's language (the question's)."""
    if not turns or turns[-1]["role"] != "user":
        yield render(turns), turns, gr.skip(), gr.skip(), gr.skip()
        return
    question = turns[-1]["content"]
    history = [{"role": t["role"], "content": t["content"]} for t in turns[:-1]]
    try:
        filters = to_filters(organisation, body, date_from, date_to)
        for piece in answer_stream(settings, question, history, filters, access):
            if isinstance(piece, Answer):
                turn = {"role": "assistant", "content": piece.answer, "answer": piece.to_json()}
                turns = turns + [turn]
                language = piece.language
                yield (render(turns), turns, references(turn["answer"]["citations"], language),
                       source_hint(piece.citations, language), language)
                return
            yield render(turns + [{"role": "assistant", "content": piece}]), turns, gr.skip(), gr.skip(), gr.skip()
    except ParagrafError as exc:
        message = t(language, "not_answered", reason=str(exc).rstrip("."))
    except Exception:  # the page gets one sentence; the log gets the trace
        log.exception("answering %r failed", question)
        message = t(language, "failed")
    turns = turns + [{"role": "assistant", "content": message}]
    yield render(turns), turns, references([], language), source_hint([], language), gr.skip()


def stored_text(settings: Settings, citation: dict, access: Access = EVERYTHING) -> str | None:
    """The § text as the store holds it now; None when it was removed or re-indexed under another id, or is of an
    organisation `access` may not read."""
    table = reader(settings, access).table
    row = table.row.get(citation.get("id", ""))
    return table.paragraphs[row].text if row is not None else None


def show_source(settings: Settings, choice: str | None, language: str = "sv", *, access: Access = EVERYTHING) -> str:
    """The full § of the chosen reference, looked up by paragraph id in the store."""
    if not choice:
        return gr.skip()
    citation = json.loads(choice)
    return source_html(citation, stored_text(settings, citation, access), language)


def open_cited(settings: Settings, clicked: str, turns: list[dict], brief_sources: list[dict],
               timeline_sources: list[dict], language: str = "sv", *, access: Access = EVERYTHING):
    """A citation link [n] was clicked ('chat-3-2:nonce', 'prepare-brief-0-1:nonce'): that § opens in its text's
    Källor panel, chosen in the list and shown with its cited sentences marked. Outputs: the chat's list and §,
    the brief's, the timeline's; the panels not concerned are left as they are."""
    unchanged = [gr.skip()] * 6
    match = re.fullmatch(r"(chat|prepare-brief|prepare-timeline)-(\d+)-(\d+)(?::\d*)?", (clicked or "").strip())
    if not match:
        return unchanged
    panel, key, n = match.group(1), int(match.group(2)), int(match.group(3))
    if panel == "chat":
        turn = turns[key] if 0 <= key < len(turns) else {}
        citations = turn.get("answer", {}).get("citations", [])
    else:
        citations = brief_sources if panel == "prepare-brief" else timeline_sources
    if not 1 <= n <= len(citations):
        return unchanged
    citation = citations[n - 1]
    chosen = json.dumps(citation, ensure_ascii=False)
    at = {"chat": 0, "prepare-brief": 2, "prepare-timeline": 4}[panel]
    unchanged[at:at + 2] = (references(citations, language, chosen),
                            source_html(citation, stored_text(settings, citation, access), language))
    return unchanged


def select_message(turns: list[dict], evt: gr.SelectData, language: str = "sv"):
    """Clicking an earlier answer in the chat brings its references into the Källor panel."""
    index = evt.index if isinstance(evt.index, int) else evt.index[0]
    if 0 <= index < len(turns) and "answer" in turns[index]:
        citations = turns[index]["answer"]["citations"]
        return references(citations, language), source_hint(citations, language)
    return gr.skip(), gr.skip()


def archive(settings: Settings, correcting: str | None = None, *, access: Access = EVERYTHING):
    """The meetings table (the newest settings.meetings_shown), the filter choices and the meetings one can remove or
    correct (`correcting` chosen), read fresh from the catalog: those of the organisations `access` reads, and manages."""
    meetings = reader(settings, access).meetings
    newest = meetings[:settings.meetings_shown]
    rows = [[m["organisation"], m["body"], m["date"] or "okänt", m["paragraphs"], m["source_file"]] for m in newest]
    organisations = [ALL] + sorted({m["organisation"] for m in meetings})
    bodies = [ALL] + sorted({m["body"] for m in meetings if m["body"]})
    removable = [(meeting_name(m), m["id"]) for m in newest if access.manages(m["organisation"])]
    return (rows, gr.Dropdown(choices=organisations), gr.Dropdown(choices=bodies), gr.Dropdown(choices=removable, value=None),
            gr.Dropdown(choices=removable, value=correcting))


def find_meeting(settings: Settings, meeting_id: str | None, access: Access = EVERYTHING) -> dict | None:
    """The archive's meeting with this id, None when none is chosen, it is gone, or `access` may not manage it."""
    found = next((m for m in reader(settings, access).meetings if m["id"] == meeting_id), None) if meeting_id else None
    return found if found and access.manages(found["organisation"]) else None


def meeting_name(m: dict) -> str:
    return f"{m['organisation']}, {m['body']} {m['date'] or '?'} ({m['source_file']})"


def add_files(settings: Settings, files: list[str] | None, language: str = "sv", progress=gr.Progress(), *,
              access: Access = EVERYTHING):
    """Save uploads into the upload folder, index them with progress per file, and report per file what
    happened; the upload box is emptied, so the next drop sends only the new files. A secretary's upload is
    indexed only when it is a protocol of an organisation they manage; a member uploads nothing."""
    lines, saved = [], []
    progress(0, desc=t(language, "saving"))
    if not (access.admin or access.secretary_of):
        files = []
        lines.append(t(language, "refused") + f" ({escape_markdown(access.user)}: {t(language, 'read_only')})")
    for file in files or []:
        path = Path(file)
        try:
            saved.append(save_upload(path, path.name, settings.upload_dir, settings.max_file_mb))
        except BadInput as exc:
            lines.append(f"- **{escape_markdown(path.name)}**: {t(language, 'refused')} ({escape_markdown(exc)})")
        except OSError as exc:
            log.warning("saving the upload %s failed: %s", path.name, exc)
            lines.append(f"- **{escape_markdown(path.name)}**: {t(language, 'refused')} ({t(language, 'not_saved')})")
    if saved:
        def on_file(done: int, total: int, path: Path) -> None:
            progress((done, total), desc=t(language, "indexing", name=path.name, done=done + 1, total=total), unit="fil")

        try:
            with _index_lock:
                report = index_archive(settings, saved, on_file=on_file, access=access)
            lines += [describe(o, language) for o in report.outcomes]
        except Exception:
            log.exception("indexing uploads failed")
            lines.append(f"- {t(language, 'index_failed')}")
    report_text = "\n".join(lines) if lines else t(language, "no_files")
    return (report_text, None, *archive(settings, access=access))


def ask_remove(settings: Settings, meeting_id: str | None, language: str = "sv", *, access: Access = EVERYTHING):
    """The first step of removing a meeting: say what will go and show the confirm button."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        return t(language, "pick_meeting"), gr.Button(visible=False)
    return t(language, "confirm_remove", meeting=escape_markdown(meeting_name(meeting))), gr.Button(visible=True)


def remove(settings: Settings, meeting_id: str | None, language: str = "sv", *, access: Access = EVERYTHING):
    """Remove the confirmed meeting (catalog, vectors, BM25) and refresh the archive's lists."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        message = t(language, "pick_meeting")
    else:
        with _index_lock:
            view = reader(settings, access)
            remove_meeting(view.store, remove_as(view, meeting_id), settings.upload_dir)
        message = t(language, "removed_meeting", meeting=escape_markdown(meeting_name(meeting)))
    return (message, gr.Button(visible=False), *archive(settings, access=access))


def pick_row(settings: Settings, evt: gr.SelectData, access: Access = EVERYTHING):
    """A click on a row of the meetings table chooses that meeting for correction."""
    organisation, body, when, _, source_file = evt.row_value
    meeting = next((m for m in reader(settings, access).meetings if (m["organisation"], m["body"], m["date"] or "okänt",
                                                                  m["source_file"]) == (organisation, body, when, source_file)), None)
    return (gr.Dropdown(value=meeting["id"]), gr.Accordion(open=True)) if meeting else (gr.skip(), gr.skip())


def correction_fields(settings: Settings, meeting_id: str | None, *, access: Access = EVERYTHING):
    """The chosen meeting's organisation, organ and date as they stand, to be corrected."""
    meeting = find_meeting(settings, meeting_id, access)
    return (meeting["organisation"], meeting["body"], meeting["date"] or "") if meeting else ("", "", "")


def correct(settings: Settings, meeting_id: str | None, organisation: str, body: str, when: str, language: str = "sv", *,
            access: Access = EVERYTHING):
    """Store the changed fields as the secretary's correction (index/parse/corrections.py, as `paragraf correct` does) and
    index the meeting's file again; the archive's lists show the corrected meeting at once."""
    meeting = find_meeting(settings, meeting_id, access)
    if meeting is None:
        return (t(language, "pick_correct"), *[gr.skip()] * 5)
    old = (meeting["organisation"], meeting["body"], meeting["date"] or "")
    changed = Correction(*(new.strip() if new and new.strip() != was else None for new, was in zip((organisation, body, when), old)))
    if not any(vars(changed).values()):
        return (t(language, "nothing_changed"), *[gr.skip()] * 5)
    try:
        with _index_lock:
            done = correct_meeting(settings, meeting_id, changed, access)
    except ParagrafError as exc:
        return (t(language, "not_corrected", reason=escape_markdown(exc)), *[gr.skip()] * 5)
    now = next((m for m in reader(settings, access).meetings if m["source_file"] == done.source_file), None)
    message = t(language, "corrected", meeting=escape_markdown(meeting_name(now) if now else done.source_file))
    return (message, *archive(settings, now["id"] if now else None, access=access))  # still chosen, under its corrected id


def api_ask(settings: Settings, question: str, history: str = "", organisation: str = "", body: str = "",
            date_from: str = "", date_to: str = "", access: Access = EVERYTHING) -> dict:
    """The API's answer: the same `ask` as the chat, errors as one-sentence gr.Error. Every text in it is
    plain text, the protocol's characters as they are: no HTML, no Markdown, nothing to unescape; a
    caller escapes it like any text for whatever it renders into."""
    try:
        *_, answer = answer_stream(settings, question, parse_history(history), to_filters(organisation, body, date_from, date_to),
                                   access)
    except ParagrafError as exc:
        raise gr.Error(str(exc)) from None
    return answer.to_json()


# --- the app ----------------------------------------------------------------------------------
# The labels of the page in both languages: (component key, attribute) -> (Swedish, English).
LABELS = {
    "intro": ("# Paragraf\nFråga styrelseprotokollen. Varje svar citerar de paragrafer (§) det bygger på.",
              "# Paragraf\nAsk the board minutes. Every answer cites the paragraphs (§) it rests on."),
    "tab_chat": ("Fråga protokollen", "Ask the minutes"), "tab_prepare": ("Inför mötet", "Before the meeting"),
    "chat": ("Samtal", "Conversation"), "chat_placeholder": ("Ställ en fråga om protokollen, på svenska eller engelska.",
                                                            "Ask about the minutes, in Swedish or English."),
    "question": ("Fråga", "Question"), "question_placeholder": ("Skriv en fråga och tryck Enter …", "Type a question and press Enter …"),
    "send": ("Fråga", "Ask"), "clear": ("Ny konversation", "New conversation"),
    "filters": ("Filter (gäller nästa fråga)", "Filters (apply to the next question)"),
    "organisation": ("Organisation", "Organisation"), "body": ("Organ", "Body"),
    "date_from": ("Från datum", "From date"), "date_to": ("Till datum", "To date"), "reset": ("Rensa filter", "Clear filters"),
    "refs_info": ("Klicka på en källa för att läsa hela paragrafen.", "Click a source to read the whole paragraph."),
    "as_of": ("Per datum", "As of"), "show_brief": ("Visa underlag", "Show the brief"),
    "download": ("Ladda ner (Word)", "Download (Word)"), "print": ("Skriv ut", "Print"),
    "topic": ("Ämne", "Topic"), "only_org": ("Bara vald organisation", "Only the chosen organisation"),
    "show_timeline": ("Visa tidslinje", "Show the timeline"),
    "meetings": ("Arkivets möten", "Meetings in the archive"),
    "upload": ("Lägg till protokoll (PDF, DOCX, TXT, MD; högst {mb} MB per fil)", "Add minutes (PDF, DOCX, TXT, MD; at most {mb} MB a file)"),
    "remove_choice": ("Ta bort ett möte ur arkivet", "Remove a meeting from the archive"),
    "remove_ask": ("Ta bort …", "Remove …"), "remove_confirm": ("Ja, ta bort", "Yes, remove"),
    "correct": ("Rätta ett mötes organisation, organ eller datum", "Correct a meeting's organisation, body or date"),
    "correct_choice": ("Möte att rätta", "Meeting to correct"), "correct_date": ("Mötesdatum", "Meeting date"),
    "correct_save": ("Spara rättelsen", "Save the correction"),
    "language": ("Språk", "Language"),
}


def label(key: str, language: str = "sv", **values: object) -> str:
    text = LABELS[key][language == "en"]
    return text.format(**values) if values else text


def source_panel(elem_id: str, label_text: str = "Källor"):
    """A Källor list and the § it opens; the chat and each part of "Inför mötet" get one, wired by `build_app`.
    The chat's keeps the ids 'refs' and 'source'; others are prefixed ('prepare-brief-refs')."""
    prefix = f"{elem_id}-" if elem_id else ""
    with gr.Group():
        refs = gr.Radio(choices=[], label=label_text, elem_id=f"{prefix}refs", info=label("refs_info"))
        source = gr.HTML(source_hint([]), elem_id=f"{prefix}source")
    return refs, source


def build_app(settings: Settings) -> gr.Blocks:
    from assistant.ui import prepare

    # The page as it is built shows nothing of the archive when it has users: each visitor's lists come at page load.
    first = EVERYTHING if not open_store(settings).accounts.any() else Access("", frozenset(), admin=False)
    rows, organisations, bodies, removable, _ = archive(settings, access=first)
    prepare_organisations = prepare.organisations(settings, access=first)  # components made outside the layout are only updates
    with gr.Blocks(title="Paragraf", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        with gr.Row(elem_id="top"):
            intro = gr.Markdown(label("intro"), elem_id="intro")
            language = gr.Radio([("Svenska", "sv"), ("English", "en")], value="sv", label=label("language"),
                                elem_id="language", scale=0, min_width=220)
        turns = gr.State([])
        brief_sources, timeline_sources = gr.State([]), gr.State([])
        cite = gr.Textbox(elem_id="paragraf-cite", elem_classes=["paragraf-hidden"], container=False, show_label=False)
        with gr.Tabs():
            with gr.Tab(label("tab_chat"), elem_id="tab-chat") as tab_chat:
                with gr.Row(elem_id="chat-row"):
                    with gr.Column(scale=3, elem_id="chat-column"):
                        chatbot = gr.Chatbot(
                            label=label("chat"), elem_id="chat", height=520, allow_tags=False, sanitize_html=True,
                            latex_delimiters=[], feedback_options=None, buttons=["copy"], placeholder=label("chat_placeholder"),
                        )
                        question = gr.Textbox(label=label("question"), elem_id="question",
                                              placeholder=label("question_placeholder"), lines=1)
                        with gr.Row():
                            send = gr.Button(label("send"), variant="primary", elem_id="send")
                            clear = gr.Button(label("clear"), elem_id="clear")
                        with gr.Row(elem_id="examples"):
                            example_buttons = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLES]
                    with gr.Column(scale=2, elem_id="sources-column"):
                        refs, source = source_panel("")
                        with gr.Accordion(label("filters"), open=True) as filter_box:
                            organisation = gr.Dropdown(organisations.choices, value=ALL, label=label("organisation"), elem_id="filter-org")
                            body = gr.Dropdown(bodies.choices, value=ALL, label=label("body"), elem_id="filter-body")
                            with gr.Row():
                                date_from = gr.Textbox(label=label("date_from"), placeholder="ÅÅÅÅ-MM-DD", elem_id="filter-from")
                                date_to = gr.Textbox(label=label("date_to"), placeholder="ÅÅÅÅ-MM-DD", elem_id="filter-to")
                            reset = gr.Button(label("reset"), size="sm", elem_id="reset")
            with gr.Tab(label("tab_prepare"), elem_id="tab-prepare") as tab_prepare:
                gr.Markdown("Underlag inför ett möte: senaste beslut, öppna uppdrag, uppföljningar, belopp och förslag som "
                            "väntar på styrelsen. Under det: hur en fråga har utvecklats över tid. Varje rad citerar sin §.")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            prep_org = gr.Dropdown(prepare_organisations.choices, value=None, label=label("organisation"),
                                                   elem_id="prepare-org", scale=3)
                            prep_body = gr.Dropdown([ALL], value=ALL, label=label("body"), elem_id="prepare-body", scale=1)
                            as_of = gr.Textbox(label=label("as_of"), placeholder="i dag (ÅÅÅÅ-MM-DD)",
                                               elem_id="prepare-as-of", scale=1)
                        with gr.Row():
                            show_brief = gr.Button(label("show_brief"), variant="primary", elem_id="prepare-show")
                            download = gr.DownloadButton(label("download"), visible=False, elem_id="prepare-download")
                            print_brief = gr.Button(label("print"), elem_id="prepare-print")
                        brief_text = gr.Markdown("Välj en organisation.", elem_id="prepare-brief")
                    with gr.Column(scale=2):
                        brief_refs, brief_source = source_panel("prepare-brief")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            topic = gr.Textbox(label=label("topic"), placeholder="t.ex. medelstilldelning, ESF, årsredovisning",
                                               elem_id="prepare-topic", scale=3)
                            only_org = gr.Checkbox(False, label=label("only_org"), elem_id="prepare-only-org", scale=1)
                        show_timeline = gr.Button(label("show_timeline"), elem_id="prepare-timeline-show")
                        timeline_text = gr.Markdown(elem_id="prepare-timeline")
                    with gr.Column(scale=2):
                        timeline_refs, timeline_source = source_panel("prepare-timeline")
        with gr.Row(elem_id="archive"):
            with gr.Column(scale=3):
                meetings = gr.Dataframe(rows, headers=MEETING_HEADERS, label=label("meetings"), interactive=False, wrap=True,
                                        column_widths=["32%", "15%", "13%", "10%", "30%"], elem_id="meetings")
                with gr.Accordion(label("correct"), open=False, elem_id="correct") as correct_box:
                    correct_choice = gr.Dropdown(removable.choices, value=None, label=label("correct_choice"),
                                                 elem_id="correct-meeting")
                    with gr.Row():
                        correct_org = gr.Textbox(label=label("organisation"), elem_id="correct-org", scale=3)
                        correct_body = gr.Textbox(label=label("body"), elem_id="correct-body", scale=2)
                        correct_date = gr.Textbox(label=label("correct_date"), placeholder="ÅÅÅÅ-MM-DD", elem_id="correct-date",
                                                  scale=2)
                    correct_save = gr.Button(label("correct_save"), elem_id="correct-save", size="sm")
                    correct_message = gr.Markdown(elem_id="correct-message")
            with gr.Column(scale=2):
                upload = gr.File(label=label("upload", mb=settings.max_file_mb), file_count="multiple",
                                 file_types=list(UPLOAD_TYPES), elem_id="upload")
                upload_report = gr.Markdown(elem_id="upload-report")
                with gr.Row():
                    remove_choice = gr.Dropdown(removable.choices, value=None, label=label("remove_choice"),
                                                elem_id="remove-meeting", scale=3)
                    remove_ask = gr.Button(label("remove_ask"), elem_id="remove-ask", scale=1, size="sm")
                remove_message = gr.Markdown(elem_id="remove-message")
                remove_confirm = gr.Button(label("remove_confirm"), variant="stop", visible=False, elem_id="remove-confirm")

        # --- wiring: the question shows at once, then the answer (with a spinner) ---------------
        filters = [organisation, body, date_from, date_to]
        answer_outputs = [chatbot, turns, refs, source, language]
        private = {"api_visibility": "private"}
        for trigger in (question.submit, send.click):
            trigger(user, [question, turns], [question, chatbot, turns], queue=False, **private).then(
                per_user(respond, settings), [turns, *filters, language], answer_outputs, **private
            )
        for button in example_buttons:
            button.click(user, [button, turns], [question, chatbot, turns], queue=False, **private).then(
                per_user(respond, settings), [turns, *filters, language], answer_outputs, **private
            )
        clear.click(lambda lang: ([], [], references([], lang), source_hint([], lang)), language, answer_outputs[:4],
                    queue=False, **private)
        for panel_refs, panel_source in ((refs, source), (brief_refs, brief_source), (timeline_refs, timeline_source)):
            panel_refs.change(per_user(show_source, settings), [panel_refs, language], panel_source, **private)
        cite.change(per_user(open_cited, settings), [cite, turns, brief_sources, timeline_sources, language],
                    [refs, source, brief_refs, brief_source, timeline_refs, timeline_source], **private)
        chatbot.select(select_message, [turns, language], [refs, source], **private)
        reset.click(lambda: (ALL, ALL, "", ""), None, filters, queue=False, **private)

        # --- the page's language: after each answer the question's, or the switch ----------------
        relabelled = {
            intro: lambda lang: gr.Markdown(label("intro", lang)),
            tab_chat: lambda lang: gr.Tab(label=label("tab_chat", lang)),
            tab_prepare: lambda lang: gr.Tab(label=label("tab_prepare", lang)),
            chatbot: lambda lang: gr.Chatbot(label=label("chat", lang), placeholder=label("chat_placeholder", lang)),
            question: lambda lang: gr.Textbox(label=label("question", lang), placeholder=label("question_placeholder", lang)),
            send: lambda lang: gr.Button(label("send", lang)), clear: lambda lang: gr.Button(label("clear", lang)),
            filter_box: lambda lang: gr.Accordion(label=label("filters", lang)),
            organisation: lambda lang: gr.Dropdown(label=label("organisation", lang)),
            body: lambda lang: gr.Dropdown(label=label("body", lang)),
            date_from: lambda lang: gr.Textbox(label=label("date_from", lang)),
            date_to: lambda lang: gr.Textbox(label=label("date_to", lang)),
            reset: lambda lang: gr.Button(label("reset", lang)),
            language: lambda lang: gr.Radio(label=label("language", lang)),
            meetings: lambda lang: gr.Dataframe(label=label("meetings", lang)),
            upload: lambda lang: gr.File(label=label("upload", lang, mb=settings.max_file_mb)),
            remove_choice: lambda lang: gr.Dropdown(label=label("remove_choice", lang)),
            remove_ask: lambda lang: gr.Button(label("remove_ask", lang)),
            remove_confirm: lambda lang: gr.Button(label("remove_confirm", lang)),
            correct_box: lambda lang: gr.Accordion(label=label("correct", lang)),
            correct_choice: lambda lang: gr.Dropdown(label=label("correct_choice", lang)),
            **{box: (lambda lang, key=key: gr.Textbox(label=label(key, lang)))
               for box, key in ((correct_org, "organisation"), (correct_body, "body"), (correct_date, "correct_date"))},
            correct_save: lambda lang: gr.Button(label("correct_save", lang)),
            **{panel: (lambda lang: gr.Radio(info=label("refs_info", lang))) for panel in (refs, brief_refs, timeline_refs)},
        }
        language.change(lambda lang: [make(lang) for make in relabelled.values()], language, list(relabelled), queue=False,
                        **private)
        # Gradio's own words: its language set in the page (LOCALE_JS), then the upload box, whose words a component
        # takes when it mounts, mounted again; on loading too, for a box mounted before the Swedish had arrived.
        for trigger in (language.change, demo.load):
            trigger(None, language, None, js="(lang) => window.paragrafLocale?.(lang)").then(
                lambda: gr.File(visible=False), None, upload, queue=False, **private).then(
                lambda: gr.File(visible=True), None, upload, queue=False, **private)

        # --- wiring of "Inför mötet" ------------------------------------------------------------
        prep_org.change(per_user(prepare.organs, settings), prep_org, prep_body, **private)
        for trigger in (show_brief.click, as_of.submit):
            trigger(per_user(prepare.show_brief, settings), [prep_org, prep_body, as_of],
                    [brief_text, brief_refs, brief_source, brief_sources, download], **private)
        print_brief.click(None, None, None, js="() => { document.body.classList.add('paragraf-print-brief'); window.print(); "
                                               "document.body.classList.remove('paragraf-print-brief'); }")
        for trigger in (show_timeline.click, topic.submit):
            trigger(per_user(prepare.show_timeline, settings), [topic, prep_org, only_org],
                    [timeline_text, timeline_refs, timeline_source, timeline_sources], **private)

        # --- the archive: upload with progress per file, remove with confirmation -----------------
        archive_outputs = [meetings, organisation, body, remove_choice, correct_choice]
        upload.upload(per_user(add_files, settings), [upload, language], [upload_report, upload, *archive_outputs],
                      concurrency_limit=1, show_progress_on=[upload_report], **private).then(
            per_user(prepare.organisations, settings), None, prep_org, **private)
        remove_ask.click(per_user(ask_remove, settings), [remove_choice, language], [remove_message, remove_confirm], **private)
        remove_confirm.click(per_user(remove, settings), [remove_choice, language], [remove_message, remove_confirm, *archive_outputs],
                             concurrency_limit=1, show_progress_on=[remove_message], **private).then(
            per_user(prepare.organisations, settings), None, prep_org, **private)
        demo.load(per_user(archive, settings), None, archive_outputs, **private).then(
            per_user(prepare.organisations, settings), None, prep_org, **private)

        # --- the archive: correcting a meeting's organisation, organ or date --------------------------

        def picked(evt: gr.SelectData, request: gr.Request):  # Gradio finds its arguments by this signature
            return pick_row(settings, evt, access_of(settings, request.username))

        meetings.select(picked, None, [correct_choice, correct_box], **private)
        correct_choice.change(per_user(correction_fields, settings), correct_choice, [correct_org, correct_body, correct_date],
                              **private)
        correct_save.click(per_user(correct, settings), [correct_choice, correct_org, correct_body, correct_date, language],
                           [correct_message, *archive_outputs], concurrency_limit=1,
                           show_progress_on=[correct_message], **private).then(
            per_user(prepare.organisations, settings), None, prep_org, **private)

        def ask(request: gr.Request, question: str, history: str = "", organisation: str = "", body: str = "",
                date_from: str = "", date_to: str = "") -> dict:
            """Answer a question from the archive with citations. history: a JSON list of {"role": "user"|"assistant",
            "content": "..."} turns, oldest first; the filters are optional. Returns the Answer as JSON; its texts are
            plain text (no HTML, no Markdown): escape them for whatever you render them into. Answers come from the
            organisations the login may read."""
            return api_ask(settings, question, history, organisation, body, date_from, date_to,
                           access_of(settings, request.username))

        gr.api(ask, api_name="ask")
    return demo


def gradio_locale_js() -> str:
    """The page script that sets Gradio's own language (LOCALE_JS), naming the core bundle of the installed Gradio
    that exports `changeLocale`; empty, with a warning, when no bundle does (Gradio's words then follow the browser)."""
    assets = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
    core = next((p.name for p in sorted(assets.glob("core-*.js")) if "changeLocale" in p.read_text(encoding="utf-8")), None)
    if core is None:
        log.warning("Gradio %s has no core bundle exporting changeLocale; its own words follow the browser's language",
                    gr.__version__)
        return ""
    return LOCALE_JS % {"core": core}


# --- the original files -------------------------------------------------------------------------
ORIGINAL_PAGE = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{name}</title>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em; }}
pre {{ white-space: pre-wrap; font-family: inherit; line-height: 1.45; }}</style></head>
<body><h1>{name}</h1><pre>{text}</pre></body></html>"""
ORIGINAL_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Content-Type-Options": "nosniff"}


async def login_of(request) -> str | None:
    """Gradio's login check (its `/gradio_api/user`) for a route of ours: '' when no login is configured, the user
    name when the request carries a session cookie the app issued at login, None when it does not."""
    app = request.app
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return ""
    if app.auth_dependency is not None:
        user = app.auth_dependency(request)
        return await user if inspect.isawaitable(user) else user
    token = request.cookies.get(f"access-token-{app.cookie_id}") or request.cookies.get(f"access-token-unsecure-{app.cookie_id}")
    return app.tokens.get(token)


def original_route(settings: Settings):
    """`SOURCE_ROUTE/<meeting id>`: the file a meeting was indexed from, behind the app's login. A PDF is sent
    as itself (the browser's viewer opens it at '#page=N'); text and Word files are shown as escaped text.
    Only files the catalog holds can be named, by meeting id, so no path can be asked for; and only those of the
    organisations the login may read."""
    from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse
    from fastapi.routing import APIRoute

    from index.read.document import read_text

    async def original(meeting_id: str, request: Request):
        user = await login_of(request)
        if user is None:
            return PlainTextResponse("Not authenticated", status_code=401)
        catalog = open_store(settings).catalog
        path = catalog.source_path(meeting_id)
        if path is not None and not access_of(settings, user).reads(catalog.organisation_of(str(path)) or ""):
            path = None  # another organisation's protocol: as if it did not exist
        if path is None or not path.is_file():
            return PlainTextResponse("Mötet eller dess fil finns inte längre i arkivet.", status_code=404)
        if path.suffix.lower() == ".pdf":
            return FileResponse(path, media_type="application/pdf", content_disposition_type="inline", filename=path.name,
                                headers=ORIGINAL_HEADERS)
        try:
            text = read_text(path)
        except ParagrafError as exc:
            return PlainTextResponse(str(exc), status_code=422)
        return HTMLResponse(ORIGINAL_PAGE.format(name=escape(path.name), text=escape(text)), headers=ORIGINAL_HEADERS)

    return APIRoute(f"{SOURCE_ROUTE}/{{meeting_id}}", original, methods=["GET"], include_in_schema=False)


def serve(settings: Settings, index_first: bool = False) -> None:
    """Index the corpus if asked (incremental), then serve the app on settings.host:settings.port."""
    if bool(settings.username) != bool(settings.password):
        raise ParagrafError("set both PARAGRAF_USERNAME and PARAGRAF_PASSWORD to require a login, or neither")
    if index_first and not settings.corpus.is_dir():
        log.warning("no corpus folder at %s; serving the store as it is", settings.corpus)
    catalog = open_store(settings).catalog  # checked and repaired on opening; a damaged one stops here
    left = catalog.pending_files() or uploads.unindexed(settings.upload_dir, set(catalog.files()))
    if left or (index_first and settings.corpus.is_dir()):  # uploads a killed server left are resumed, with the corpus if asked
        with _index_lock:
            report = index_archive(settings, [settings.corpus] if index_first and settings.corpus.is_dir() else [])
        what = f"{settings.corpus} first (--index-first)" if index_first else "interrupted uploads"
        log.warning("indexed %s. %s", what, report.summary())
    # The model and the current generation are loaded before the first user waits for them: under load, twenty
    # first questions that all waited on them starved the server's event loop until requests timed out.
    store = open_store(settings)
    store.snapshot()
    store.embedder.get_query_embedding("protokoll")
    global _workers
    if settings.workers > 1 and settings.llm == "none":  # an answer streamed from a language model is made here
        from assistant.ui.workers import AnswerPool

        _workers = AnswerPool(settings, settings.workers)
        _workers.warm()
        log.info("answering in %d worker processes", settings.workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a stop request ends the workers too (the finally below)
    try:
        launch(settings)
    finally:
        if _workers is not None:
            _workers.close()


def launch(settings: Settings, **options) -> gr.Blocks:
    """The app on settings.host:settings.port: questions answered `settings.workers` at a time, the
    login guarded and its sessions expiring (assistant/ui/auth.py). `options` go to Gradio's launch."""
    guard = login_guard(settings)
    if guard is None and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s without a login; add users (paragraf user add) or set PARAGRAF_USERNAME and "
                    "PARAGRAF_PASSWORD", settings.host)
    # Gradio recomputes its queue's monitoring summary (a pandas groupby over every event kept) after each event by
    # default: 8 % of the server process's time under 20 users. Every 1 000 events is enough for its dashboard.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(GRADIO_SUMMARY_EVERY))
    # By default Gradio tells every waiting question its place in the queue each time a question starts: with 20
    # waiting, 20 messages per question to build, send and read. Once a second is enough for a person to see.
    app = build_app(settings).queue(default_concurrency_limit=settings.workers, status_update_rate=QUEUE_STATUS_SECONDS)
    app.launch(
        server_name=settings.host, server_port=settings.port, auth=guard, share=False,
        auth_message="Paragraf: logga in för att fråga protokollen.", max_file_size=f"{settings.max_file_mb}mb",
        show_error=False, ssr_mode=False, footer_links=["api"], css=CSS, quiet=False, head=CITE_JS + gradio_locale_js(),
        app_kwargs={"routes": [original_route(settings)],
                    "middleware": [Middleware(SessionGuard, session_seconds=settings.session_hours * 3600,
                                              secure_cookies=settings.secure_cookies)]},
        **options,
    )
    return app


def login_guard(settings: Settings) -> LoginGuard | None:
    """The login check Gradio calls (assistant/ui/auth.py): the archive's accounts when it has users
    (`paragraf user add`), and the single login of PARAGRAF_USERNAME/PARAGRAF_PASSWORD when set."""
    accounts = open_store(settings).accounts
    if not settings.username and not accounts.any():
        return None
    return LoginGuard(settings.username, settings.password, settings.login_attempts, settings.lockout_seconds,
                      settings.lockout_max_seconds, accounts=accounts.verify)
