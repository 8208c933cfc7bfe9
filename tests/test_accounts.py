"""Users and what each may see: passwords hashed (Argon2id) and checked, roles per organisation, an administrator
seeing everything; on both backends."""

from __future__ import annotations

import pytest

from index.errors import BadInput
from index.store.accounts import EVERYTHING, Access, Accounts, Role
from index.store.records import open_records

PASSWORD = "ett långt lösenord"


@pytest.fixture
def accounts(tmp_path, backend) -> Accounts:
    return Accounts(open_records(tmp_path, backend.get("database_url", "")))


def test_a_password_is_stored_hashed_and_only_the_right_one_logs_in(accounts):
    accounts.add("ledamot", PASSWORD)
    [(stored,)] = accounts.db.query("SELECT password FROM users")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.verify("ledamot", PASSWORD)
    assert not accounts.verify("ledamot", PASSWORD + "x") and not accounts.verify("okänd", PASSWORD)
    accounts.set_password("ledamot", "ett annat långt lösenord")
    assert not accounts.verify("ledamot", PASSWORD) and accounts.verify("ledamot", "ett annat långt lösenord")


def test_a_member_reads_and_a_secretary_also_manages_only_their_organisations(accounts):
    accounts.add("sekreterare", PASSWORD)
    accounts.grant("sekreterare", "Samordningsförbundet Alfadalen", Role.SECRETARY)
    accounts.grant("sekreterare", "Samordningsförbundet Betaholm", Role.MEMBER)
    access = accounts.access("sekreterare")
    assert access.organisations == {"Samordningsförbundet Alfadalen", "Samordningsförbundet Betaholm"}
    assert access.reads("Samordningsförbundet Betaholm") and not access.manages("Samordningsförbundet Betaholm")
    assert access.manages("Samordningsförbundet Alfadalen") and not access.reads("Samordningsförbundet Gammaby")
    accounts.revoke("sekreterare", "Samordningsförbundet Betaholm")
    assert accounts.access("sekreterare").organisations == {"Samordningsförbundet Alfadalen"}


def test_an_administrator_reads_and_manages_everything(accounts):
    accounts.add("admin", PASSWORD, admin=True)
    assert accounts.access("admin") == Access("admin") and EVERYTHING.reads("vilken som helst")
    assert accounts.listing() == [("admin", True, [])]


@pytest.mark.parametrize("name,password,role", [("två ord", PASSWORD, "member"), ("kort", "kort", "member"),
                                                ("ledamot", PASSWORD, "ordförande")])
def test_bad_names_short_passwords_and_unknown_roles_are_refused(accounts, name, password, role):
    with pytest.raises(BadInput):
        accounts.add(name, password)
        accounts.grant(name, "Samordningsförbundet Alfadalen", Role.named(role))


def test_an_unknown_or_removed_user_has_no_access(accounts):
    accounts.add("ledamot", PASSWORD)
    accounts.grant("ledamot", "Samordningsförbundet Alfadalen", Role.MEMBER)
    accounts.remove("ledamot")
    with pytest.raises(BadInput):
        accounts.access("ledamot")
    assert accounts.db.query("SELECT * FROM memberships") == [] and not accounts.any()
