"""Paragraf in the browser: the server. `serve` indexes what an earlier server left half done, warms the model,
starts the answering workers and launches the page (assistant/ui/layout.py) behind the login
(assistant/ui/auth.py); the originals of the cited protocols are served by a route of our own.

The page itself: layout.py (components and events), chat.py, prepare.py, archive.py and upload.py (handlers),
render.py (what the browser is shown), texts.py (every word, in Swedish and English), page.py (style and script).
"""

from __future__ import annotations

import inspect
import logging
import os
import signal
import sys
import threading

import gradio as gr
from fastapi import Request
from starlette.middleware import Middleware

from assistant.engine import access_of, index_archive, open_store
from assistant.models import SOURCE_ROUTE
from assistant.settings import Settings
from assistant.ui import chat
from assistant.ui.auth import LoginGuard, SessionGuard, login_name
from assistant.ui.layout import build_app
from assistant.ui.original import HEADERS, original_page
from assistant.ui.page import head
from assistant.ui.texts import language_of, t
from assistant.ui.upload import index_lock
from index.errors import ParagrafError
from index.store import uploads

log = logging.getLogger(__name__)

GRADIO_SUMMARY_EVERY = 1000  # events between two of Gradio's monitoring summaries (see launch)
QUEUE_STATUS_SECONDS = 1.0  # how often a waiting question is told its place in the queue (see launch)
SHUTDOWN_SECONDS = 3.0  # after a stop request (SIGTERM, Ctrl-C) the process is gone within this


async def login_of(request) -> str | None:
    """Gradio's login check (its `/gradio_api/user`) for a route of ours: '' when no login is configured, the user
    name when the request carries a session cookie the app issued at login, None when it does not
    (assistant/ui/auth.py `login_name`)."""
    app = request.app
    if getattr(app, "auth_dependency", None) is not None:
        user = app.auth_dependency(request)
        return await user if inspect.isawaitable(user) else user
    return login_name(app, request.cookies)


def original_route(settings: Settings):
    """`SOURCE_ROUTE/<meeting id>`: the file a meeting was indexed from, behind the app's login. A PDF is sent
    as itself (the browser's viewer opens it at '#page=N'); text and Word files are shown as escaped text, the §
    named by `?paragraph=<id>` marked (assistant/ui/original.py). Only files the catalog holds can be named, by
    meeting id, so no path can be asked for; and only those of the organisations the login may read."""
    from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse
    from fastapi.routing import APIRoute

    from index.read.document import read_text

    async def original(meeting_id: str, request: Request, paragraph: str = "", lang: str = "sv"):
        user = await login_of(request)
        if user is None:
            return PlainTextResponse(t("en", "not_logged_in"), status_code=401)
        language = language_of(lang)
        store = open_store(settings)
        path = store.catalog.source_path(meeting_id)
        if path is not None and not access_of(settings, user).reads(store.catalog.organisation_of(str(path)) or ""):
            path = None  # another organisation's protocol: as if it did not exist
        if path is None or not path.is_file():
            return PlainTextResponse(t(language, "original_gone"), status_code=404)
        if path.suffix.lower() == ".pdf":
            return FileResponse(path, media_type="application/pdf", content_disposition_type="inline", filename=path.name,
                                headers=HEADERS)
        try:
            text = read_text(path)
        except ParagrafError as exc:
            return PlainTextResponse(str(exc), status_code=422)
        table = store.table
        row = table.row.get(paragraph)
        cited = table.paragraphs[row] if row is not None and table.paragraphs[row].meeting_id == meeting_id else None
        shown = (cited.text, cited.title) if cited is not None else None
        return HTMLResponse(original_page(path.name, text, shown, language), headers=HEADERS)

    return APIRoute(f"{SOURCE_ROUTE}/{{meeting_id}}", original, methods=["GET"], include_in_schema=False)


def serve(settings: Settings, index_first: bool = False) -> None:
    """Index the corpus if asked (incremental), then serve the app on settings.host:settings.port."""
    if bool(settings.username) != bool(settings.password):
        raise ParagrafError("set both PARAGRAF_USERNAME and PARAGRAF_PASSWORD to require a login, or neither")
    if index_first and not settings.corpus.is_dir():
        log.warning("no corpus folder at %s; serving the store as it is", settings.corpus)
    catalog = open_store(settings, writable=True).catalog  # opened for uploads; a damaged or lost one stops here
    left = catalog.pending_files() or uploads.unindexed(settings.upload_dir, set(catalog.files()))
    if left or (index_first and settings.corpus.is_dir()):  # uploads a killed server left are resumed, with the corpus if asked
        with index_lock:
            report = index_archive(settings, [settings.corpus] if index_first and settings.corpus.is_dir() else [])
        what = f"{settings.corpus} first (--index-first)" if index_first else "interrupted uploads"
        log.warning("indexed %s. %s", what, report.summary())
    # The model and the current generation are loaded before the first user waits for them: under load, twenty
    # first questions that all waited on them starved the server's event loop until requests timed out.
    store = open_store(settings)
    store.snapshot()
    store.embedder.get_query_embedding("protokoll")
    workers = None
    if settings.workers > 1 and settings.llm == "none":  # an answer streamed from a language model is made here
        from assistant.ui.workers import AnswerPool

        workers = AnswerPool(settings, settings.workers)
        workers.warm()
        chat.use_workers(workers)
        log.info("answering in %d worker processes", settings.workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a stop request ends the workers too (the finally below)
    try:
        launch(settings)
    finally:
        stop_serving(workers)


def stop_serving(workers=None) -> None:
    """End the answering workers at once (a question under way is stopped, no worker is started again) and make
    sure the process is gone within SHUTDOWN_SECONDS: a thread still answering or indexing does not hold it."""
    watchdog = threading.Timer(SHUTDOWN_SECONDS, os._exit, args=(0,))
    watchdog.daemon = True
    watchdog.start()
    chat.use_workers(None)
    if workers is not None:
        workers.close()


def launch(settings: Settings, **options) -> gr.Blocks:
    """The app on settings.host:settings.port: questions answered `settings.workers` at a time, the
    login guarded and its sessions expiring (assistant/ui/auth.py). `options` go to Gradio's launch."""
    guard = login_guard(settings)
    if guard is None and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s without a login; set PARAGRAF_USERNAME and PARAGRAF_PASSWORD", settings.host)
    # Gradio recomputes its queue's monitoring summary (a pandas groupby over every event kept) after each event by
    # default: 8 % of the server process's time under 20 users. Every 1 000 events is enough for its dashboard.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(GRADIO_SUMMARY_EVERY))
    # By default Gradio tells every waiting question its place in the queue each time a question starts: with 20
    # waiting, 20 messages per question to build, send and read. Once a second is enough for a person to see.
    app = build_app(settings).queue(default_concurrency_limit=settings.workers, status_update_rate=QUEUE_STATUS_SECONDS)
    app.launch(
        server_name=settings.host, server_port=settings.port, auth=guard, share=False,
        auth_message=t("sv", "login"), max_file_size=f"{settings.max_file_mb}mb",
        show_error=False, ssr_mode=False, footer_links=["api"], quiet=False, head=head(),
        app_kwargs={"routes": [original_route(settings)],
                    "middleware": [Middleware(SessionGuard, session_seconds=settings.session_hours * 3600,
                                              secure_cookies=settings.secure_cookies)]},
        **options,
    )
    return app


def login_guard(settings: Settings) -> LoginGuard | None:
    """The login check Gradio calls (assistant/ui/auth.py): the archive's accounts when it has users
    (`paragraf user add`), and the single login of PARAGRAF_USERNAME/PARAGRAF_PASSWORD when set."""
    accounts = open_store(settings, writable=True).accounts  # the server's own store (uploads), made when new
    if not settings.username and not accounts.any():
        return None
    return LoginGuard(settings.username, settings.password, settings.login_attempts, settings.lockout_seconds,
                      settings.lockout_max_seconds, accounts=accounts.verify)
