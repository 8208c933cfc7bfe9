"""The commands that answer from the archive: search, ask (within the question limits and time), the chat server,
the brief before a meeting and a topic's timeline."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from assistant.models import Filters, QuestionStopped
from assistant.settings import Settings
from index.errors import ParagrafError
from assistant.cli.common import (AsOpt, BodyOpt, ChromaOpt, DatabaseOpt, EmbedderOpt, JsonOpt, OrgOpt, StoreOpt,
                                  command, iso_date, open_archive, organisation_named, print_json, settings_of, with_url)


@command
def search(
    query: str = typer.Argument(..., help="What to look for, in Swedish or English."),
    k: int = typer.Option(5, "-k", help="Number of results."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    org: Optional[str] = OrgOpt,
    body: Optional[str] = BodyOpt,
    date_from: Optional[str] = typer.Option(None, "--from", help="From date YYYY-MM-DD."),
    date_to: Optional[str] = typer.Option(None, "--to", help="To date YYYY-MM-DD."),
    as_json: bool = JsonOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Hybrid search over § paragraphs, best first."""
    from assistant.answer.retrieve import search as run_search

    dates = iso_date(date_from), iso_date(date_to)  # the input first, then the store
    settings = settings_of(store, chroma_url, embedder, database_url)
    archive = open_archive(settings, user)
    filters = Filters(organisation_named(archive, org), body, *dates)
    hits = run_search(archive, query, k, filters)
    if as_json:
        print_json({"query": query, "results": [with_url(h.to_json(), settings) for h in hits]})
        return
    for i, h in enumerate(hits, 1):
        where = f"§ {h.paragraph_label} {h.title}" if h.paragraph_label else h.title
        typer.echo(f"{i}. {h.organisation}, {h.body} {h.date}, {where}  [{h.score:.4f}]")


@command
def ask(
    question: str = typer.Argument(..., help="The question, in Swedish or English."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    history: Optional[Path] = typer.Option(None, "--history", help='JSON file: [{"role": "user"|"assistant", "content": "...", "answer": {...}}], oldest first; an assistant turn\'s "answer" (the JSON of `ask --json`) gives a follow-up the § it cited.'),
    org: Optional[str] = OrgOpt,
    body: Optional[str] = BodyOpt,
    as_json: bool = JsonOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Answer a question with citations of the § it rests on, or say that the archive has no answer."""
    from assistant.ask import ask as run_ask
    from assistant.models import history_from_json

    settings = settings_of(store, chroma_url, embedder, database_url)
    limits = settings.question_limits
    limits.check(question)  # before the store is opened: a question beyond the limits costs nothing
    turns = history_from_json(_read(history, limits.json_chars), str(history), limits.json_chars) if history else None
    archive = open_archive(settings, user)
    with _within(settings.question_seconds):
        answer = run_ask(archive, question, turns, Filters(organisation_named(archive, org), body), settings)
    if as_json:
        data = answer.to_json()
        print_json(data | {"citations": [with_url(c, settings) for c in data["citations"]]})
        return
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\nKällor:" if answer.language == "sv" else "\nSources:")
        for i, c in enumerate(answer.citations, 1):
            typer.echo(f"  [{i}] {c.label()} {c.title} ({c.source_file})")


@command
def serve(
    store: Optional[Path] = StoreOpt,
    host: Optional[str] = typer.Option(None, "--host", help="Address to listen on (default 127.0.0.1 or PARAGRAF_HOST)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port (default 7860 or PARAGRAF_PORT)."),
    index_first: bool = typer.Option(False, "--index-first", help="Index the corpus folder first (incremental: quick when nothing changed)."),
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    database_url: Optional[str] = DatabaseOpt,
) -> None:
    """Open the chat in the browser. Asks for a login when the archive has users (`paragraf user add`), or when
    PARAGRAF_USERNAME and PARAGRAF_PASSWORD are set."""
    from assistant.ui.app import serve as run_server

    run_server(Settings.load(store=store, host=host, port=port, chroma_url=chroma_url, embedder=embedder,
                             database_url=database_url), index_first)


@command
def brief(
    org: Optional[str] = typer.Option(None, "--org", help="The organisation: its whole name or whole words of it "
                                                          "(needed when the archive has several)."),
    body: Optional[str] = BodyOpt,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Prepare as of this date YYYY-MM-DD (default today)."),
    as_json: bool = JsonOpt,
    out: Optional[Path] = typer.Option(None, "--out", help="Write the brief to a file to take along: .docx (Word), .pdf or .md."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Meeting preparation: latest decisions, open assignments, follow-ups due, amounts, proposals awaiting the board."""
    from assistant.prepare.brief import brief as make_brief
    from assistant.prepare.export import export

    day = iso_date(as_of)
    result = make_brief(open_archive(settings_of(store, chroma_url, database_url=database_url), user), org, body, day)
    if out is not None:
        typer.echo(f"wrote {export(result, out)}")
        return
    if as_json:
        print_json(result.to_json())
        return
    typer.echo(result.to_markdown())


@command
def timeline(
    topic: str = typer.Argument(..., help="The topic, e.g. medelstilldelning."),
    org: Optional[str] = OrgOpt,
    as_json: bool = JsonOpt,
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Every § on a topic in date order across meetings and organisations, each cited."""
    from assistant.prepare.timeline import timeline as make_timeline

    archive = open_archive(settings_of(store, chroma_url, database_url=database_url), user)
    entries = make_timeline(archive, topic, organisation_named(archive, org))
    if as_json:
        print_json({"topic": topic, "entries": [e.to_json() for e in entries]})
        return
    for entry in entries:
        typer.echo(entry.line())
    if not entries:
        typer.echo(f"Inga paragrafer om '{topic}'.")


def _read(path: Path, max_chars: int = 0) -> str:
    """A text file, refused unread when it is larger than `max_chars` characters could be (0: any size)."""
    try:
        if max_chars and path.stat().st_size > 4 * max_chars:  # UTF-8 takes at most 4 bytes a character
            raise ParagrafError(f"{path}: {path.stat().st_size:,} bytes, more than a conversation within the limits can "
                                f"take ({max_chars:,} characters; PARAGRAF_MAX_HISTORY_CHARS, PARAGRAF_MAX_HISTORY_TURNS)")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParagrafError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None


@contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Stop what runs inside after `seconds` (0: never) with QuestionStopped; only the main thread gets the alarm."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_: object) -> None:
        raise QuestionStopped(f"the question took longer than {seconds:g} s and was stopped (limit PARAGRAF_QUESTION_SECONDS)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
