"""`paragraf user`: the archive's accounts (add, grant, revoke, password, remove, list)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from assistant.cli.common import ChromaOpt, DatabaseOpt, StoreOpt, app, guarded, settings_of


users = typer.Typer(help="The archive's users: an administrator sees everything; a member of an organisation reads its "
                         "protocols, its secretary also uploads and corrects them.", no_args_is_help=True)
app.add_typer(users, name="user")
PasswordOpt = typer.Option(..., "--password", prompt=True, hide_input=True, confirmation_prompt=True,
                           envvar="PARAGRAF_NEW_PASSWORD", help="Asked for when not given (or PARAGRAF_NEW_PASSWORD).")


def _accounts(store: Optional[Path], database_url: Optional[str], chroma_url: Optional[str] = None,
              writable: bool = True):
    from assistant.engine import open_store

    return open_store(settings_of(store, chroma_url, database_url=database_url), writable=writable, report=False)


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
