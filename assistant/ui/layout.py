"""The page: its components top to bottom, then the events that tie them to the handlers.

Read in order: the header (intro, language switch), the chat tab (conversation, scope chips, question, examples;
beside it the Källor panel and the filters), the "Inför mötet" tab (brief and timeline, each with its Källor
panel), the archive (meetings, correction, upload, removal); then the wiring of each part, and the `/ask` API.
Handlers live in chat.py, prepare.py and archive.py; every visible word comes from texts.py.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from functools import partial

import gradio as gr

from assistant.engine import access_of, open_store
from assistant.settings import Settings
from assistant.ui import archive as arch
from assistant.ui import chat
from assistant.ui import prepare
from assistant.ui.inputs import ALL
from assistant.ui.render import references, source_hint
from assistant.ui.texts import LANGUAGES, TEXTS, t
from assistant.ui.upload import UPLOAD_TYPES
from index.errors import BadInput
from index.store.accounts import EVERYTHING, Access

PRIVATE = {"api_visibility": "private"}


def source_panel(elem_id: str, language: str = "sv"):
    """A Källor list and the § it opens; the chat and each part of "Inför mötet" get one, wired by `build_app`.
    The chat's keeps the ids 'refs' and 'source'; others are prefixed ('prepare-brief-refs')."""
    prefix = f"{elem_id}-" if elem_id else ""
    with gr.Group():
        refs = gr.Radio(choices=[], label=t(language, "sources"), elem_id=f"{prefix}refs", info=t(language, "refs_info"))
        source = gr.HTML(source_hint([], language), elem_id=f"{prefix}source")
    return refs, source


def per_user(handler: Callable, settings: Settings, *bound: object) -> Callable:
    """`handler(settings, *bound, *inputs, access=…)` as a Gradio event handler: Gradio hands the wrapper the request
    first (by its annotation), and the request's login decides what the handler may read and change
    (engine.access_of: everything without a login or with the single login of PARAGRAF_USERNAME, else the user's
    organisations)."""
    params = [p for p in list(inspect.signature(handler).parameters.values())[1 + len(bound):]
              if p.kind is p.POSITIONAL_OR_KEYWORD]
    hints = typing.get_type_hints(handler)

    def access(request: gr.Request | None) -> Access:
        try:
            return access_of(settings, getattr(request, "username", None))
        except BadInput as exc:  # a user removed while logged in
            raise gr.Error(str(exc)) from None

    wrapped: Callable
    if inspect.isgeneratorfunction(handler):
        def wrapped(request: gr.Request, *inputs):
            yield from handler(settings, *bound, *inputs, access=access(request))
    else:
        def wrapped(request: gr.Request, *inputs):
            return handler(settings, *bound, *inputs, access=access(request))
    wrapped.__name__, wrapped.__doc__ = handler.__name__, handler.__doc__
    wrapped.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request), *params])
    wrapped.__annotations__ = {"request": gr.Request, **{p.name: hints[p.name] for p in params if p.name in hints}}
    return wrapped


def build_app(settings: Settings) -> gr.Blocks:
    # The page as it is built shows nothing of the archive when it has users: each visitor's lists come at page load.
    # (the server's own store, writable for uploads: a new one is made here; the archive's lists are read read-only)
    first = EVERYTHING if not open_store(settings, writable=True).accounts.any() else Access("", frozenset(), admin=False)
    table, organisations, bodies, removable, _ = arch.archive(settings, access=first)
    prepare_organisations = prepare.organisations(settings, access=first)  # components made outside the layout are only updates
    sv = "sv"
    with gr.Blocks(title=t(sv, "title"), analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        # --- the header -------------------------------------------------------------------------------
        with gr.Row(elem_id="top"):
            intro = gr.Markdown(t(sv, "intro"), elem_id="intro")
            language = gr.Radio(list(zip(t(sv, "language_names"), LANGUAGES)), value=sv, label=t(sv, "language"),
                                elem_id="language", scale=0, min_width=240)
        turns, since = gr.State([]), gr.State(0)
        brief_sources, timeline_sources = gr.State([]), gr.State([])
        cite = gr.Textbox(elem_id="paragraf-cite", elem_classes=["paragraf-hidden"], container=False, show_label=False)
        with gr.Tabs():
            # --- the chat -------------------------------------------------------------------------------
            with gr.Tab(t(sv, "tab_chat"), elem_id="tab-chat") as tab_chat:
                with gr.Row(elem_id="chat-row"):
                    with gr.Column(scale=3, elem_id="chat-column"):
                        chatbot = gr.Chatbot(
                            label=t(sv, "chat"), elem_id="chat", height=520, allow_tags=False, sanitize_html=True,
                            latex_delimiters=[], feedback_options=None, buttons=["copy"], placeholder=t(sv, "chat_placeholder"),
                        )
                        with gr.Row(elem_id="scope"):
                            scope_line = gr.Markdown("", elem_id="scope-line")
                            chips = [gr.Button(visible=False, size="sm", variant="secondary", elem_id=f"scope-{f.value}",
                                               elem_classes=["paragraf-chip"]) for f in chat.CHIPS]
                        with gr.Row(elem_id="ask-row", equal_height=True):
                            question = gr.Textbox(label=t(sv, "question"), elem_id="question", scale=5,
                                                  placeholder=t(sv, "question_placeholder"), lines=1)
                            send = gr.Button(t(sv, "send"), variant="primary", elem_id="send", scale=1, min_width=90)
                        with gr.Row(elem_id="examples"):
                            examples_label = gr.Markdown(f"**{t(sv, 'examples')}:**", elem_id="examples-label")
                            example_buttons = [gr.Button(q, size="sm", variant="secondary", elem_classes=["paragraf-example"])
                                               for q in t(sv, "example_questions")]
                        with gr.Row(elem_id="chat-actions"):
                            unscoped = gr.Button(t(sv, "unscoped"), elem_id="unscoped", size="sm")
                            clear = gr.Button(t(sv, "clear"), elem_id="clear", size="sm")
                    with gr.Column(scale=2, elem_id="sources-column"):
                        refs, source = source_panel("")
                        with gr.Accordion(t(sv, "filters"), open=True, elem_id="filters") as filter_box:
                            organisation = gr.Dropdown(organisations.choices, value=ALL, label=t(sv, "organisation"),
                                                       elem_id="filter-org")
                            body = gr.Dropdown(bodies.choices, value=ALL, label=t(sv, "body"), elem_id="filter-body")
                            with gr.Row():
                                date_from = gr.Textbox(label=t(sv, "date_from"), placeholder=t(sv, "date_placeholder"),
                                                       elem_id="filter-from")
                                date_to = gr.Textbox(label=t(sv, "date_to"), placeholder=t(sv, "date_placeholder"),
                                                     elem_id="filter-to")
                            reset = gr.Button(t(sv, "reset"), size="sm", elem_id="reset")
            # --- "Inför mötet" -------------------------------------------------------------------------------
            with gr.Tab(t(sv, "tab_prepare"), elem_id="tab-prepare") as tab_prepare:
                prepare_intro = gr.Markdown(t(sv, "prepare_intro"), elem_id="prepare-intro")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            prep_org = gr.Dropdown(prepare_organisations.choices, value=None, label=t(sv, "organisation"),
                                                   elem_id="prepare-org", scale=3)
                            prep_body = gr.Dropdown([(t(sv, "all"), ALL)], value=ALL, label=t(sv, "body"),
                                                    elem_id="prepare-body", scale=1)
                            as_of = gr.Textbox(label=t(sv, "as_of"), placeholder=t(sv, "as_of_placeholder"),
                                               elem_id="prepare-as-of", scale=1)
                        with gr.Row():
                            show_brief = gr.Button(t(sv, "show_brief"), variant="primary", elem_id="prepare-show")
                            download = gr.DownloadButton(t(sv, "download"), visible=False, elem_id="prepare-download")
                            download_pdf = gr.DownloadButton(t(sv, "download_pdf"), visible=False, elem_id="prepare-download-pdf")
                            print_brief = gr.Button(t(sv, "print"), elem_id="prepare-print")
                        brief_text = gr.Markdown(t(sv, "choose_org"), elem_id="prepare-brief")
                    with gr.Column(scale=2):
                        brief_refs, brief_source = source_panel("prepare-brief")
                with gr.Row():
                    with gr.Column(scale=3):
                        with gr.Row():
                            topic = gr.Textbox(label=t(sv, "topic"), placeholder=t(sv, "topic_placeholder"),
                                               elem_id="prepare-topic", scale=3)
                            only_org = gr.Checkbox(False, label=t(sv, "only_org"), elem_id="prepare-only-org", scale=1)
                        show_timeline = gr.Button(t(sv, "show_timeline"), elem_id="prepare-timeline-show")
                        timeline_text = gr.Markdown(elem_id="prepare-timeline")
                    with gr.Column(scale=2):
                        timeline_refs, timeline_source = source_panel("prepare-timeline")
        # --- the archive ---------------------------------------------------------------------------------
        with gr.Row(elem_id="archive"):
            with gr.Column(scale=3):
                meetings = gr.Dataframe(table.value, label=t(sv, "meetings"), interactive=False, wrap=True,
                                        column_widths=["30%", "15%", "13%", "10%", "32%"], elem_id="meetings")
                with gr.Accordion(t(sv, "correct"), open=False, elem_id="correct") as correct_box:
                    correct_choice = gr.Dropdown(removable.choices, value=None, label=t(sv, "correct_choice"),
                                                 elem_id="correct-meeting")
                    with gr.Row():
                        correct_org = gr.Textbox(label=t(sv, "organisation"), elem_id="correct-org", scale=3)
                        correct_body = gr.Textbox(label=t(sv, "body"), elem_id="correct-body", scale=2)
                        correct_date = gr.Textbox(label=t(sv, "correct_date"), placeholder=t(sv, "date_placeholder"),
                                                  elem_id="correct-date", scale=2)
                    correct_save = gr.Button(t(sv, "correct_save"), elem_id="correct-save", size="sm")
                    correct_message = gr.Markdown(elem_id="correct-message")
            with gr.Column(scale=2):
                upload = gr.File(label=t(sv, "upload", mb=settings.max_file_mb), file_count="multiple",
                                 file_types=list(UPLOAD_TYPES), elem_id="upload")
                upload_report = gr.HTML("", elem_id="upload-report")
                upload_cancel = gr.Button(t(sv, "upload_cancel"), variant="stop", visible=False, elem_id="upload-cancel")
                with gr.Row():
                    remove_choice = gr.Dropdown(removable.choices, value=None, label=t(sv, "remove_choice"),
                                                elem_id="remove-meeting", scale=3)
                    remove_ask = gr.Button(t(sv, "remove_ask"), elem_id="remove-ask", scale=1, size="sm")
                remove_message = gr.Markdown(elem_id="remove-message")
                remove_confirm = gr.Button(t(sv, "remove_confirm"), variant="stop", visible=False, elem_id="remove-confirm")

        # --- wiring of the chat: the question shows at once, then the answer as it is made ----------------
        filters = [organisation, body, date_from, date_to]
        answer_outputs = [chatbot, turns, refs, source, language, scope_line, *chips]
        for trigger in (question.submit, send.click):
            trigger(chat.user, [question, turns], [question, chatbot, turns], queue=False, **PRIVATE).then(
                per_user(chat.respond, settings), [turns, since, *filters, language], answer_outputs, **PRIVATE)
        for button in example_buttons:
            button.click(chat.user, [button, turns], [question, chatbot, turns], queue=False, **PRIVATE).then(
                per_user(chat.respond, settings), [turns, since, *filters, language], answer_outputs, **PRIVATE)
        for chip, field in zip(chips, chat.CHIPS):
            chip.click(per_user(chat.remove_limit, settings, field.value), [turns, since, *filters, language],
                       [*answer_outputs, *filters], **PRIVATE)
        unscoped.click(chat.unscoped, [language, turns], [since, *filters, scope_line, *chips], queue=False, **PRIVATE,
                       js="(lang, turns) => { document.querySelector('#question textarea')?.focus(); return [lang, turns]; }")
        clear.click(lambda lang: ([], [], 0, references([], lang), source_hint([], lang), "",
                                  *[gr.Button(visible=False) for _ in chat.CHIPS]),
                    language, [chatbot, turns, since, refs, source, scope_line, *chips], queue=False, **PRIVATE)
        for panel_refs, panel_source in ((refs, source), (brief_refs, brief_source), (timeline_refs, timeline_source)):
            # .input: a choice the user makes (a citation link or the language switch sets the list and its § at once)
            panel_refs.input(per_user(chat.show_source, settings), [panel_refs, language], panel_source, **PRIVATE)
        cite.change(per_user(chat.open_cited, settings), [cite, turns, brief_sources, timeline_sources, language],
                    [refs, source, brief_refs, brief_source, timeline_refs, timeline_source], **PRIVATE)
        chatbot.select(chat.select_message, [turns, language], [refs, source], **PRIVATE)
        reset.click(lambda: (ALL, ALL, "", ""), None, filters, queue=False, **PRIVATE)

        # --- wiring of "Inför mötet" ---------------------------------------------------------------------
        prep_org.change(per_user(prepare.organs, settings), [prep_org, language], prep_body, **PRIVATE)
        for trigger in (show_brief.click, as_of.submit):
            trigger(per_user(prepare.show_brief, settings), [prep_org, prep_body, as_of, language],
                    [brief_text, brief_refs, brief_source, brief_sources, download, download_pdf], **PRIVATE)
        print_brief.click(None, None, None, js="() => window.paragrafPrintBrief()")
        for trigger in (show_timeline.click, topic.submit):
            trigger(per_user(prepare.show_timeline, settings), [topic, prep_org, only_org, language],
                    [timeline_text, timeline_refs, timeline_source, timeline_sources], **PRIVATE)

        # --- wiring of the archive: upload with progress and cancel, removal after a confirmation ---------
        archive_outputs = [meetings, organisation, body, remove_choice, correct_choice]

        def add_files(files: list[str] | None, lang: str, request: gr.Request):  # Gradio finds the request by its type
            yield from arch.add_files(settings, files, lang, request.session_hash or "",
                                      access=access_of(settings, request.username))

        def cancel_upload(request: gr.Request):
            return arch.cancel_upload(request.session_hash or "")

        # The cancel button is shown and hidden by events of its own: an output of the batch's event, it was drawn
        # anew at every step and slipped from under the pointer.
        upload.upload(lambda: gr.Button(visible=True), None, upload_cancel, queue=False, **PRIVATE).then(
            add_files, [upload, language], [upload_report, upload, *archive_outputs], concurrency_limit=1,
            concurrency_id="upload", show_progress="hidden", **PRIVATE).then(
            lambda: gr.Button(visible=False), None, upload_cancel, queue=False, **PRIVATE).then(
            per_user(prepare.organisations, settings), None, prep_org, **PRIVATE)
        upload_cancel.click(cancel_upload, None, upload_cancel, concurrency_limit=None, **PRIVATE)  # never waits its turn
        remove_ask.click(per_user(arch.ask_remove, settings), [remove_choice, language], [remove_message, remove_confirm],
                         **PRIVATE)
        remove_confirm.click(per_user(arch.remove, settings), [remove_choice, language],
                             [remove_message, remove_confirm, *archive_outputs], concurrency_limit=1,
                             show_progress_on=[remove_message], **PRIVATE).then(
            per_user(prepare.organisations, settings), None, prep_org, **PRIVATE)
        demo.load(per_user(arch.archive, settings), language, archive_outputs, **PRIVATE).then(
            per_user(prepare.organisations, settings), None, prep_org, **PRIVATE)

        def picked(evt: gr.SelectData, request: gr.Request):  # Gradio finds its arguments by this signature
            return arch.pick_row(settings, evt, access_of(settings, request.username))

        meetings.select(picked, None, [correct_choice, correct_box], **PRIVATE)
        correct_choice.change(per_user(arch.correction_fields, settings), correct_choice,
                              [correct_org, correct_body, correct_date], **PRIVATE)
        correct_save.click(per_user(arch.correct, settings), [correct_choice, correct_org, correct_body, correct_date, language],
                           [correct_message, *archive_outputs], concurrency_limit=1,
                           show_progress_on=[correct_message], **PRIVATE).then(
            per_user(prepare.organisations, settings), None, prep_org, **PRIVATE)

        # --- the page's language: after each answer the question's, or the switch -------------------------
        def words(lang: str) -> list:
            """Every component's words in `lang`, in the order of `worded`."""
            say = partial(t, lang)
            return [
                gr.Markdown(say("intro")), gr.Radio(label=say("language")), gr.Tab(label=say("tab_chat")),
                gr.Tab(label=say("tab_prepare")),
                gr.Chatbot(label=say("chat"), placeholder=say("chat_placeholder")),
                gr.Textbox(label=say("question"), placeholder=say("question_placeholder")),
                gr.Button(say("send")), gr.Button(say("unscoped")), gr.Button(say("clear")),
                gr.Markdown(f"**{say('examples')}:**"), *[gr.Button(q) for q in say("example_questions")],
                gr.Accordion(label=say("filters")), gr.Dropdown(label=say("organisation")), gr.Dropdown(label=say("body")),
                *[gr.Textbox(label=say(key), placeholder=say("date_placeholder")) for key in ("date_from", "date_to")],
                gr.Button(say("reset")),
                gr.Markdown(say("prepare_intro")), gr.Dropdown(label=say("organisation")), gr.Dropdown(label=say("body")),
                gr.Textbox(label=say("as_of"), placeholder=say("as_of_placeholder")), gr.Button(say("show_brief")),
                gr.DownloadButton(say("download")), gr.DownloadButton(say("download_pdf")), gr.Button(say("print")),
                gr.Textbox(label=say("topic"), placeholder=say("topic_placeholder")), gr.Checkbox(label=say("only_org")),
                gr.Button(say("show_timeline")),
                gr.Accordion(label=say("correct")), gr.Dropdown(label=say("correct_choice")),
                gr.Textbox(label=say("organisation")), gr.Textbox(label=say("body")),
                gr.Textbox(label=say("correct_date"), placeholder=say("date_placeholder")), gr.Button(say("correct_save")),
                gr.File(label=say("upload", mb=settings.max_file_mb)), gr.Button(say("upload_cancel")),
                gr.Dropdown(label=say("remove_choice")), gr.Button(say("remove_ask")), gr.Button(say("remove_confirm")),
            ]

        worded = [intro, language, tab_chat, tab_prepare, chatbot, question, send, unscoped, clear, examples_label,
                  *example_buttons, filter_box, organisation, body, date_from, date_to, reset, prepare_intro, prep_org, prep_body, as_of, show_brief, download, download_pdf, print_brief,
                  topic, only_org, show_timeline, correct_box, correct_choice, correct_org, correct_body, correct_date,
                  correct_save, upload, upload_cancel, remove_choice, remove_ask, remove_confirm]
        language.change(words, language, worded, queue=False, **PRIVATE).then(
            per_user(arch.archive, settings), language, archive_outputs, **PRIVATE).then(
            lambda lang, chosen: prepare.organs(settings, chosen, lang), [language, prep_org], prep_body, **PRIVATE).then(
            lambda lang, shown: t(lang, "choose_org") if shown in TEXTS["choose_org"] else gr.skip(),  # a brief stays
            [language, brief_text], brief_text, queue=False, **PRIVATE).then(
            per_user(chat.panels_in, settings), [language, turns, refs, brief_sources, brief_refs, timeline_sources, timeline_refs],
            [refs, source, brief_refs, brief_source, timeline_refs, timeline_source], **PRIVATE)
        # Gradio's own words: its language set in the page (static/paragraf.js), then the upload box, whose words a
        # component takes when it mounts, mounted again; on loading too, for a box mounted before the Swedish arrived.
        for trigger in (language.change, demo.load):
            trigger(None, language, None, js="(lang) => window.paragrafLocale?.(lang)").then(
                lambda: gr.File(visible=False), None, upload, queue=False, **PRIVATE).then(
                lambda: gr.File(visible=True), None, upload, queue=False, **PRIVATE)

        # --- the API: the same answer, streamed as server-sent events ----------------------------------
        def ask(request: gr.Request, question: str, history: str = "", organisation: str = "", body: str = "",
                date_from: str = "", date_to: str = "") -> Iterator[dict]:
            """Answer a question from the archive with citations, streamed: {"partial": true, "answer": text so
            far, "checked": bool} while it is made, then the Answer as JSON with "partial": false (its "scope" says
            what it was limited to and where each limit came from). history: a JSON list of {"role": "user" |
            "assistant", "content": "..."} turns, oldest first; the filters are optional. Texts are plain text (no
            HTML, no Markdown): escape them for whatever you render them into. Answers come from the organisations
            the login may read."""
            yield from chat.api_ask(settings, question, history, organisation, body, date_from, date_to,
                                    access_of(settings, request.username))

        gr.api(ask, api_name="ask")
    return demo
