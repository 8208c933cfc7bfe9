"""The commands that build and keep the archive: parse a protocol, index, check, correct a meeting, list and remove
meetings, move a store into PostgreSQL and a Chroma server."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant.settings import Settings
from assistant.cli.common import (AsOpt, ChromaOpt, DatabaseOpt, EmbedderOpt, JsonOpt, StoreOpt, command, open_archive,
                                  print_json, settings_of)


@command
def parse(
    file: Path = typer.Argument(..., help="A protocol file (.txt, .md, .pdf, .docx)."),
    as_json: bool = JsonOpt,
) -> None:
    """Parse one protocol into its meeting metadata and § paragraphs."""
    from index.parse.protocol import parse_file

    meeting = parse_file(file)
    if as_json:
        print_json(meeting.to_json())
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

    settings = settings_of(store, chroma_url, embedder, database_url)
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

    settings = settings_of(store, chroma_url, embedder, database_url)
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

    settings = settings_of(store, chroma_url, embedder, database_url)
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
def meetings(store: Optional[Path] = StoreOpt, as_json: bool = JsonOpt, chroma_url: Optional[str] = ChromaOpt,
             database_url: Optional[str] = DatabaseOpt, user: Optional[str] = AsOpt) -> None:
    """The indexed meetings, newest first, with the id `paragraf remove` takes."""
    rows = open_archive(settings_of(store, chroma_url, database_url=database_url), user).meetings
    if as_json:
        print_json(rows)
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

    settings = settings_of(store, chroma_url, database_url=database_url)
    archive = open_archive(settings, user, writable=True)
    outcome = remove_meeting(archive.store, remove_as(archive, meeting), settings.upload_dir)
    typer.echo(f"removed: {outcome.path}")


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
