"""Each organisation's archive its own: a member of Alfadalen asks a question whose only answer is in Betaholm's
protocol. The answer abstains, and nothing of Betaholm appears in the answer, the search, the sources panel, the
meetings table, the brief, the timeline, the original-file route or the API; a secretary adds and corrects
protocols of her own organisation only. In-process against both backends, and through a real `paragraf serve`
on PostgreSQL and a Chroma server (real servers, tests/conftest.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from assistant.engine import access_of, reader
from assistant.settings import Settings
from index.errors import BadInput
from index.pipeline import index_paths
from index.store.accounts import Role
from index.store.archive import Store

ALFA, BETA = "Samordningsförbundet Alfadalen", "Samordningsförbundet Betaholm"
PROTOCOL = "PROTOKOLL\nfört vid sammanträde med styrelsen, {org}\nDatum: {day}\n\n§ {n} Mötets öppnande\nOrdföranden öppnar mötet.\n\n{body}"
ALFA_TEXT = PROTOCOL.format(org=ALFA, day="2026-01-14", n=1, body=(
    "§ 2 Budget för kansliet\nFörbundschefen redogör för kansliets budget.\n"
    "Beslut: Styrelsen beslutar att fastställa kansliets budget för 2026.\n"))
BETA_TEXT = PROTOCOL.format(org=BETA, day="2026-02-11", n=5, body=(
    "§ 6 Bidrag till Vävstugan i Granby\nStyrelsen behandlade en ansökan om 120 000 kronor till Vävstugan i Granby, "
    "en arbetsträning för unga vuxna.\nBeslut: Styrelsen beslutar att bevilja Vävstugan i Granby 120 000 kronor.\n"))
QUESTION = "Hur mycket beviljades Vävstugan i Granby?"
BETA_ONLY = ("Betaholm", "120 000", "beta.txt", "arbetsträning")  # nothing of these may reach a member of Alfadalen
PASSWORD = "ett långt lösenord"


def without_beta(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, default=str) if not isinstance(data, str) else data
    assert not [word for word in BETA_ONLY if word in text], text[:2000]


@pytest.fixture
def archive(tmp_path: Path, backend: dict, monkeypatch) -> Settings:
    """Both organisations' protocols indexed; a member and a secretary of Alfadalen and an administrator."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "alfa.txt").write_text(ALFA_TEXT, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA_TEXT, encoding="utf-8")
    for key, value in backend.items():
        monkeypatch.setenv(f"PARAGRAF_{key.upper()}", value)
    if backend:
        monkeypatch.setenv("PARAGRAF_UPLOAD_DIR", str(tmp_path / "uploads"))
    settings = Settings.load(store=tmp_path / "store")
    store = Store(settings.store, settings.embedder, settings.chroma_url, settings.database_url)
    assert index_paths(store, [folder]).count("indexed") == 2
    for name, role in (("ledamot", Role.MEMBER), ("sekreterare", Role.SECRETARY)):
        store.accounts.add(name, PASSWORD)
        store.accounts.grant(name, ALFA, role)
    store.accounts.add("admin", PASSWORD, admin=True)
    store.close()
    return settings


def test_a_member_s_answer_search_brief_timeline_and_meetings_hold_nothing_of_another_organisation(archive):
    from assistant.answer.retrieve import search
    from assistant.ask import ask
    from assistant.prepare.brief import brief
    from assistant.prepare.timeline import timeline

    member = reader(archive, access_of(archive, "ledamot"))
    answer = ask(member, QUESTION)
    assert answer.abstained and not answer.citations
    without_beta(answer.to_json())
    hits = search(member, "Vävstugan i Granby 120 000 kronor", k=10)
    assert hits and {h.organisation for h in hits} == {ALFA}
    assert [m["organisation"] for m in member.meetings] == [ALFA]
    assert timeline(member, "Vävstugan i Granby") == []
    with pytest.raises(BadInput) as refused:
        brief(member, "Betaholm", as_of="2026-03-01")
    assert BETA not in str(refused.value) and ALFA in str(refused.value)  # the choices offered are the member's own
    without_beta([e.to_json() for e in timeline(member, "budget")] + [brief(member, None, as_of="2026-03-01").to_json()])

    everything = ask(reader(archive, access_of(archive, "admin")), QUESTION)  # the same question, an administrator
    assert not everything.abstained and {c.organisation for c in everything.citations} == {BETA}


def test_the_pages_handlers_show_a_member_nothing_of_another_organisation(archive):
    from assistant.ui import archive as arch
    from assistant.ui import chat, prepare

    member = access_of(archive, "ledamot")
    table, organisations, bodies, removable, correctable = arch.archive(archive, access=member)
    assert [row[0] for row in table.value["data"]] == [ALFA] and removable.choices == correctable.choices == []
    assert [value for _, value in organisations.choices][1:] == [ALFA]
    assert [value for _, value in prepare.organisations(archive, access=member).choices] == [ALFA]
    *_, turns = [outputs[1] for outputs in chat.respond(archive, [{"role": "user", "content": QUESTION}], 0, "*", "*",
                                                         "", "", access=member)]
    assert turns[-1]["answer"]["abstained"]
    without_beta(turns)
    *_, answer = chat.api_ask(archive, QUESTION, access=access_of(archive, "admin"))
    panel = chat.show_source(archive, json.dumps(answer["citations"][0]), access=member)  # Betaholm's citation, forged
    assert "Vävstugan i Granby" not in panel.split("</dl>", 1)[1]  # the § text itself is not shown
    without_beta(list(chat.api_ask(archive, QUESTION, access=member)))
    without_beta(prepare.show_timeline(archive, "Vävstugan i Granby", None, False, access=member)[0])


def test_a_secretary_adds_and_corrects_protocols_of_her_own_organisation_only(archive, tmp_path):
    from assistant.engine import correct_meeting
    from assistant.ui import archive as arch
    from index.parse.corrections import Correction

    secretary, member = access_of(archive, "sekreterare"), access_of(archive, "ledamot")
    upload = tmp_path / "inkommet"
    upload.mkdir()
    (upload / "beta-mars.txt").write_text(BETA_TEXT.replace("2026-02-11", "2026-03-11"), encoding="utf-8")
    (upload / "alfa-mars.txt").write_text(ALFA_TEXT.replace("2026-01-14", "2026-03-12"), encoding="utf-8")
    *_, (report, *_) = arch.add_files(archive, [str(upload / "beta-mars.txt"), str(upload / "alfa-mars.txt")], "en",
                                      "sekreterare", access=secretary)
    assert "a protocol of Samordningsförbundet Betaholm" in report and "beta-mars.txt" in report
    assert [m["date"] for m in reader(archive, secretary).meetings] == ["2026-03-12", "2026-01-14"]
    *_, (refused, *_) = arch.add_files(archive, [str(upload / "alfa-mars.txt")], "en", "ledamot", access=member)
    assert "a member reads the minutes" in refused
    with pytest.raises(BadInput):
        correct_meeting(archive, "beta.txt", Correction(date="2026-02-12"), secretary)
    with pytest.raises(BadInput):
        correct_meeting(archive, "alfa.txt", Correction(organisation=BETA), secretary)  # nor hand one over
    assert correct_meeting(archive, "alfa.txt", Correction(date="2026-01-15"), secretary).correction.date == "2026-01-15"


def test_only_a_secretary_of_its_organisation_or_an_administrator_removes_a_meeting(archive):
    from assistant.engine import remove_as

    for user, wanted in (("ledamot", "alfa.txt"), ("sekreterare", "beta.txt")):
        with pytest.raises(BadInput) as refused:
            remove_as(reader(archive, access_of(archive, user)), wanted)
        assert "Betaholm" not in str(refused.value) or user == "ledamot"  # another organisation's file is not named
    assert remove_as(reader(archive, access_of(archive, "sekreterare")), "alfa.txt").endswith("alfa.txt")
    assert remove_as(reader(archive, access_of(archive, "admin")), "beta.txt").endswith("beta.txt")


@pytest.mark.slow
def test_a_real_server_on_postgresql_keeps_each_organisation_s_archive_its_own(tmp_path, database_url, chroma_url):
    from gradio_client import Client

    from benchmarks.load import server

    env = {**os.environ, "PARAGRAF_DATABASE_URL": database_url, "PARAGRAF_CHROMA_URL": chroma_url,
           "PARAGRAF_UPLOAD_DIR": str(tmp_path / "uploads"), "PARAGRAF_WORKERS": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    store = Store(tmp_path / "store", database_url=database_url, chroma_url=chroma_url)
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "alfa.txt").write_text(ALFA_TEXT, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA_TEXT, encoding="utf-8")
    index_paths(store, [folder])
    store.accounts.add("ledamot", PASSWORD)
    store.accounts.grant("ledamot", ALFA, Role.MEMBER)
    meeting = {m["organisation"]: m["id"] for m in store.catalog.meetings()}
    with server(tmp_path / "store", tmp_path / "serve.log", env=env) as url:
        assert httpx.get(url + "config", timeout=10).status_code == 401  # accounts in the catalog: a login is asked for
        session = httpx.Client(timeout=30)
        assert session.post(url + "login", data={"username": "ledamot", "password": PASSWORD}).status_code == 200
        without_beta(session.get(url + "config").text)  # the page as built: no meeting of anyone's
        assert session.get(url + f"paragraf/original/{meeting[BETA]}").status_code == 404
        assert session.get(url + f"paragraf/original/{meeting[ALFA]}").status_code == 200
        answer = Client(url, auth=("ledamot", PASSWORD), verbose=False).predict(QUESTION, api_name="/ask")
        assert answer["abstained"]
        without_beta(answer)
    assert not (tmp_path / "store").exists()  # nothing of the archive was kept on the server's disk
