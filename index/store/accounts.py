"""Users and what each may see: an administrator sees and manages every organisation's archive; per organisation,
a member reads and a secretary also uploads and corrects. Kept with the records (index/store/records.py);
passwords hashed with Argon2id (argon2-cffi), never stored or logged in the clear.

`Access` is what a request may read: the organisations whose § it may search, be cited and be briefed from
(None: all of them, for an administrator, the single login of PARAGRAF_USERNAME, or a command run by the
operator of the store itself).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from index.errors import BadInput
from index.store.database import Database

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
MIN_PASSWORD = 8
# A hash to verify against when the user name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN = _hasher.hash("an unknown user's password")


class Role(str, Enum):
    MEMBER = "member"  # reads the organisation's protocols
    SECRETARY = "secretary"  # also uploads, corrects and removes them

    @classmethod
    def named(cls, name: str) -> "Role":
        try:
            return cls(name)
        except ValueError:
            raise BadInput(f"unknown role '{name}'; choose one of: {', '.join(r.value for r in cls)}") from None


@dataclass(frozen=True)
class Access:
    """What one request may read and change."""

    user: str = ""
    organisations: frozenset[str] | None = None  # None: every organisation
    secretary_of: frozenset[str] = field(default_factory=frozenset)
    admin: bool = True

    def reads(self, organisation: str) -> bool:
        return self.organisations is None or organisation in self.organisations

    def manages(self, organisation: str) -> bool:
        """May upload, correct and remove this organisation's protocols."""
        return self.admin or organisation in self.secretary_of


EVERYTHING = Access()


class Accounts:
    """The users of one archive and their memberships."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def any(self) -> bool:
        """Whether the archive has accounts (then the server asks every visitor to log in with one)."""
        return (self.db.one("SELECT count(*) FROM users") or (0,))[0] > 0

    def add(self, name: str, password: str, admin: bool = False) -> None:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise BadInput("a user name must be one word")
        if self.db.one("SELECT 1 FROM users WHERE name=?", (name,)):
            raise BadInput(f"user '{name}' exists already")
        self.db.run("INSERT INTO users(name, password, admin) VALUES(?,?,?)", (name, _hash(password), int(admin)))

    def set_password(self, name: str, password: str) -> None:
        self._known(name)
        self.db.run("UPDATE users SET password=? WHERE name=?", (_hash(password), name))

    def remove(self, name: str) -> None:
        self._known(name)
        with self.db.transaction():
            self.db.run("DELETE FROM memberships WHERE user_name=?", (name,))
            self.db.run("DELETE FROM users WHERE name=?", (name,))

    def grant(self, name: str, organisation: str, role: Role) -> None:
        """Make the user a member (or the secretary) of an organisation, named as the catalog names it."""
        self._known(name)
        if not organisation.strip():
            raise BadInput("name the organisation")
        self.db.run("INSERT INTO memberships(user_name, organisation, role) VALUES(?,?,?) "
                    "ON CONFLICT(user_name, organisation) DO UPDATE SET role=excluded.role", (name, organisation, role.value))

    def revoke(self, name: str, organisation: str) -> None:
        self.db.run("DELETE FROM memberships WHERE user_name=? AND organisation=?", (name, organisation))

    def verify(self, name: str, password: str) -> bool:
        """Whether the password is this user's (as slow for an unknown name as for a known one)."""
        row = self.db.one("SELECT password FROM users WHERE name=?", (name,))
        try:
            return _hasher.verify(row[0] if row else _UNKNOWN, password) and row is not None
        except (VerificationError, InvalidHashError):
            return False

    def access(self, name: str) -> Access:
        """What the user may read and change; BadInput for a user the archive does not know."""
        row = self._known(name)
        if row[0]:
            return Access(name)
        roles = self.db.query("SELECT organisation, role FROM memberships WHERE user_name=?", (name,))
        return Access(name, frozenset(org for org, _ in roles),
                      frozenset(org for org, role in roles if role == Role.SECRETARY.value), admin=False)

    def listing(self) -> list[tuple[str, bool, list[tuple[str, str]]]]:
        """(name, administrator, [(organisation, role)]) of every user, by name."""
        roles: dict[str, list[tuple[str, str]]] = {}
        for user, org, role in self.db.query("SELECT user_name, organisation, role FROM memberships ORDER BY organisation"):
            roles.setdefault(user, []).append((org, role))
        return [(name, bool(admin), roles.get(name, [])) for name, admin in self.db.query("SELECT name, admin FROM users ORDER BY name")]

    def _known(self, name: str) -> tuple:
        row = self.db.one("SELECT admin FROM users WHERE name=?", (name,))
        if row is None:
            raise BadInput(f"no user '{name}' (see `paragraf user list`)")
        return row


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)
