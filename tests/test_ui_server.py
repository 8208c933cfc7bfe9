"""assistant/ui/app.py: the real server. Workers answering at once, the queue's updates, `paragraf serve` through
its API with a login, questions beyond the limits refused, a question whose client has gone stopped, SIGTERM.

The server tests share one store indexed from corpus/ per test session (`indexed_copy`), and start
`paragraf serve` as a subprocess on a free loopback port (`running_server`); the browser tests and test_load use
the same two helpers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant import engine
from assistant.ui import app as ui
from assistant.ui import chat
from assistant.models import Answer
from assistant.settings import Settings
from benchmarks.load import server
from benchmarks.servers import answers, free_port
from test_ui_prepare import prepared, protocols  # noqa: F401  (fixtures: the five protocols without embeddings)

ROOT = Path(__file__).resolve().parent.parent
INDEX_SECONDS = 600


@pytest.mark.parametrize("workers", [1, 3])
def test_the_server_answers_up_to_its_workers_questions_at_once(prepared, monkeypatch, workers):
    """Three users ask at once; a question takes half a second. One worker answers them one by one;
    three answer them together."""
    import threading
    from dataclasses import replace

    from gradio_client import Client

    from assistant import ask as answer

    lock, running, peak = threading.Lock(), [0], [0]

    def slow_ask(store, question, history, filters, settings, removed):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.5)
        with lock:
            running[0] -= 1
        yield Answer(question, "Svar.", False)

    monkeypatch.setattr(answer, "ask_stream", slow_ask)
    app = ui.launch(replace(prepared, workers=workers, port=free_port()), prevent_thread_lock=True)
    try:
        clients = [Client(app.local_url, verbose=False) for _ in range(3)]
        threads = [threading.Thread(target=c.predict, args=(f"Fråga {i}",), kwargs={"api_name": "/ask"})
                   for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        app.close()
    assert peak[0] == workers


@pytest.mark.slow
def test_waiting_questions_are_told_their_place_in_the_queue_once_a_second_not_at_every_start(prepared):
    """With 20 users waiting, telling each of them its place whenever a question starts is 20 messages per
    question to build and send (Gradio's default); once a second is enough for a person watching."""
    from dataclasses import replace

    app = ui.launch(replace(prepared, port=free_port()), prevent_thread_lock=True)
    try:
        assert not app._queue.live_updates and app._queue.update_intervals == ui.QUEUE_STATUS_SECONDS == 1.0
    finally:
        app.close()


# --- the real server ------------------------------------------------------------------------------
def indexed_copy(tmp_path_factory, dest: Path) -> Path:
    """A store indexed from corpus/ (once per test session, by `paragraf index`), copied to dest."""
    base = tmp_path_factory.getbasetemp() / "paragraf-ui-corpus-store"
    if not (base / ".indexed").exists():
        shutil.rmtree(base, ignore_errors=True)
        done = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--store", str(base), str(ROOT / "corpus")],
                              cwd=ROOT, capture_output=True, text=True, timeout=INDEX_SECONDS, env=_env())
        assert done.returncode == 0, done.stdout + done.stderr
        (base / ".indexed").touch()
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns(".indexed"))
    return dest


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARAGRAF_")}
    return env | {"GRADIO_ANALYTICS_ENABLED": "False", "PARAGRAF_CORPUS": str(ROOT / "corpus")} | extra


@contextlib.contextmanager
def running_server(store: Path, log: Path, *flags: str, **env: str):
    """`paragraf serve` on a free loopback port; yields its URL, stops it afterwards."""
    with server(store, log, *flags, env=_env(**env)) as url:
        yield url


@pytest.mark.slow
def test_api_answers_with_citations_and_requires_login(tmp_path_factory, tmp_path):
    from gradio_client import Client

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    login = {"PARAGRAF_USERNAME": "styrelse", "PARAGRAF_PASSWORD": "hemligt-lösen-7"}
    with running_server(store, tmp_path / "serve.log", "--index-first", **login) as url:
        assert "corpus" in (tmp_path / "serve.log").read_text() and "5 unchanged" in (tmp_path / "serve.log").read_text()
        # Without a login neither the page config nor the API answers.
        assert httpx.get(url + "config", timeout=10).status_code == 401
        assert httpx.post(url + "gradio_api/call/ask", json={"data": ["Vem valdes till justerare?"]}, timeout=10).status_code == 401
        with pytest.raises(Exception):
            Client(url, verbose=False)
        with pytest.raises(Exception):
            Client(url, auth=("styrelse", "fel"), verbose=False)

        client = Client(url, auth=("styrelse", "hemligt-lösen-7"), verbose=False)
        first = client.predict("Vad blev utfallet för Möjligheternas hus i Emmaboda när de sökte pengar ur miljonen?", api_name="/ask")
        assert not first["abstained"]
        assert ("2023-10-27", 78) in {(c["date"], c["paragraph"]) for c in first["citations"]}
        assert "(Samordningsförbundet i Kalmar län, styrelsen 2023-10-27, § 78)" in first["answer"]

        history = json.dumps([{"role": "user", "content": first["question"]},
                              {"role": "assistant", "content": first["answer"], "answer": first}])
        scoped = client.predict("Vem valdes till justerare?", history, "Samordningsförbundet i Blekinge", "", "", "", api_name="/ask")
        assert scoped["citations"] and {c["organisation"] for c in scoped["citations"]} == {"Samordningsförbundet i Blekinge"}
        assert (scoped["citations"][0]["date"], scoped["citations"][0]["paragraph"]) == ("2025-09-29", 2)

        with pytest.raises(Exception, match="ÅÅÅÅ-MM-DD"):
            client.predict("Vad beslutades?", "", "", "", "igår", "", api_name="/ask")
        with pytest.raises(Exception, match="YYYY-MM-DD"):  # a refusal in the question's language
            client.predict("What was decided?", "", "", "", "yesterday", "", api_name="/ask")

        # The originals are behind the same login.
        original = url + f"paragraf/original/{first['citations'][0]['meeting_id']}"
        assert httpx.get(original, timeout=10).status_code == 401
        session = httpx.Client()
        assert session.post(url + "login", data={"username": "styrelse", "password": "hemligt-lösen-7"}).status_code == 200
        shown = session.get(original, timeout=10)
        assert shown.status_code == 200 and first["citations"][0]["source_file"] in shown.text


# --- questions bounded in the server (issue 23) ------------------------------------------------------
def test_the_api_refuses_a_question_beyond_the_limits_at_once(tmp_path, monkeypatch):
    """The finding: a 1 MB question through the API kept a worker busy for 7.5 minutes."""
    import gradio as gr

    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: pytest.fail("the store was read"))
    started = time.monotonic()
    with pytest.raises(gr.Error, match="the question is 1,000,000 characters long, more than 2,000"):
        list(chat.api_ask(Settings.load(store=tmp_path / "store"), "x" * 1_000_000))
    with pytest.raises(gr.Error, match="nested deeper than"):
        list(chat.api_ask(Settings.load(store=tmp_path / "store"), "Och?", "[" * 100_000))
    assert time.monotonic() - started < 5


def test_the_chat_refuses_a_question_beyond_the_limits_in_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "open_store", lambda settings, **kwargs: pytest.fail("the store was read"))
    turns = [{"role": "user", "content": "x" * 3000}]
    *_, (html, turns, *_rest) = chat.respond(Settings.load(store=tmp_path / "store"), turns, 0, "Alla", "Alla", "", "")
    assert turns[-1]["content"] == ("Frågan kunde inte besvaras: the question is 3,000 characters long, more than 2,000 "
                                    "(limit PARAGRAF_MAX_QUESTION_CHARS).")


def children(pid: int) -> list[int]:
    """The answering workers a server started (multiprocessing's spawned children)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            if f"PPid:\t{pid}\n" in status.read_text() and b"spawn_main" in (status.parent / "cmdline").read_bytes():
                found.append(int(status.parent.name))
    return found


def marked(mark: str) -> list[int]:
    """Processes whose environment carries the mark (a server and every process it started, even orphaned)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        with contextlib.suppress(OSError):
            if mark.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
    return found


@pytest.mark.slow
def test_a_question_whose_client_has_gone_is_stopped_and_sigterm_ends_the_server_within_5_s(tmp_path_factory, tmp_path):
    """The findings: a question kept its worker busy after its client left; `paragraf serve` ignored SIGTERM while a
    long question ran, and restarted workers killed during shutdown. A worker stopped with SIGSTOP stands for a
    question that runs long."""
    import signal
    import uuid

    from test_workers import alive

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    mark = f"paragraf-test-{uuid.uuid4()}"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--port", str(port)],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env=_env(PARAGRAF_WORKERS="2", PARAGRAF_TEST_MARK=mark))
    try:
        deadline = time.monotonic() + 300
        while len(children(proc.pid)) < 2 or not answers(url):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-2000:]
            time.sleep(0.5)
        workers = children(proc.pid)
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        with httpx.Client(timeout=30) as http:
            event = http.post(f"{url}gradio_api/call/ask", json={"data": ["Vem valdes till justerare?", "", "", "", "", ""]})
            with http.stream("GET", f"{url}gradio_api/call/ask/{event.json()['event_id']}") as stream:
                next(stream.iter_lines())  # the question is under way; then the client goes
        deadline = time.monotonic() + 30
        while all(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [alive(pid) for pid in workers].count(False) == 1, "the question's worker was not stopped"

        asking = subprocess.Popen([sys.executable, "-c", f"import httpx; e = httpx.post({url!r} + 'gradio_api/call/ask', "
                                   "json={'data': ['Vad beslutades?', '', '', '', '', '']}, timeout=30).json()['event_id']; "
                                   f"httpx.get({url!r} + 'gradio_api/call/ask/' + e, timeout=600)"])
        time.sleep(3)  # sent to the worker still stopped
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        assert time.monotonic() - signalled < 5
        time.sleep(2)  # a worker restarted during shutdown would show up here
        assert marked(mark) == [], marked(mark)
        asking.kill()
    finally:
        for pid in marked(mark):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
