"""Questions answered in worker processes: the same answer as in the server's own process, the archive as
the server last indexed it, and a worker that dies is replaced without losing the question."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ask import ask
from assistant.models import Filters
from assistant.settings import Settings
from assistant.ui.workers import AnswerPool
from index.pipeline import index_paths
from index.store.archive import Store

FIRST = """PROTOKOLL
fört vid sammanträde med styrelsen, Samordningsförbundet Östra Kalkbrottet
Datum: 2026-04-08

§ 1 Mötets öppnande
Ordföranden öppnar mötet.

§ 2 Bidrag till Snickeriet i Bergby
Styrelsen behandlade en ansökan om 85 000 kronor till Snickeriet i Bergby, arbetsträning för unga vuxna.
Beslut: Styrelsen beslutar att bevilja Snickeriet i Bergby 85 000 kronor för år 2026.
"""
LATER = """PROTOKOLL
fört vid sammanträde med styrelsen, Samordningsförbundet Östra Kalkbrottet
Datum: 2026-06-10

§ 7 Mötets öppnande
Ordföranden öppnar mötet.

§ 8 Odlingslotten vid Kvarndammen
Styrelsen behandlade en ansökan om 40 000 kronor till odlingslotten vid Kvarndammen.
Beslut: Styrelsen beslutar att bevilja odlingslotten vid Kvarndammen 40 000 kronor.
"""


def protocol_folder(folder: Path, name: str, text: str) -> Path:
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def pool(tmp_path):
    settings = Settings.load(store=tmp_path / "store")
    store = Store(settings.store)
    index_paths(store, [protocol_folder(tmp_path / "april", "kalkbrottet-2026-04-08.txt", FIRST)])
    answers = AnswerPool(settings, 2)
    answers.warm()
    yield answers, store
    answers.close()


def cited(answer) -> list[tuple[str, int]]:
    return [(c.date, c.paragraph) for c in answer.citations]


@pytest.mark.slow
def test_a_worker_answers_as_the_server_s_own_process_would(pool):
    answers, store = pool
    question = "Hur mycket fick Snickeriet i Bergby?"
    answered = answers.ask(question, [], Filters())
    assert answered.to_json() == ask(store, question, [], Filters()).to_json()
    assert cited(answered) == [("2026-04-08", 2)] and "85 000 kronor" in answered.answer


@pytest.mark.slow
def test_workers_answer_from_a_protocol_the_server_indexed_after_they_started(pool, tmp_path):
    answers, store = pool
    index_paths(store, [protocol_folder(tmp_path / "june", "kalkbrottet-2026-06-10.txt", LATER)])
    assert cited(answers.ask("Vad beslutade styrelsen om odlingslotten vid Kvarndammen?", [], Filters())) == [("2026-06-10", 8)]


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_the_question_answered(pool):
    answers, _ = pool
    for process in list(answers._executor._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    assert cited(answers.ask("Hur mycket fick Snickeriet i Bergby?", [], Filters())) == [("2026-04-08", 2)]


@pytest.mark.slow
def test_workers_end_when_their_server_is_killed(tmp_path):
    server = subprocess.Popen([sys.executable, "-c", SERVER % str(tmp_path / "store")], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parent.parent)
    workers = [int(pid) for pid in server.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    server.kill()
    server.wait()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)


SERVER = """
from pathlib import Path
from assistant.settings import Settings
from assistant.ui.workers import AnswerPool
pool = AnswerPool(Settings.load(store=Path(%r)), 2)
pool.warm()
print(*[p.pid for p in pool._executor._processes.values()], flush=True)
import time
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone, only not yet reaped
        return stat.read().split(")")[1].split()[0] != "Z"
