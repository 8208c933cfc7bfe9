"""Questions answered in worker processes: the same answer as in the server's own process, the archive as
the server last indexed it, a worker that dies is replaced without losing the question, and a question past its time
budget, or whose asker has gone, is stopped with its worker (a new one takes its place; none once the pool closed)."""

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
    for pid in answers.pids():
        os.kill(pid, signal.SIGKILL)
    assert cited(answers.ask("Hur mycket fick Snickeriet i Bergby?", [], Filters())) == [("2026-04-08", 2)]


def hang(answers: AnswerPool) -> list[int]:
    """Every worker stopped mid-way (SIGSTOP): a question sent to one never gets its answer."""
    pids = answers.pids()
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    return pids


def replaced(answers: AnswerPool, old: list[int]) -> bool:
    answers.warm()
    return len(answers.pids()) == 2 and not set(answers.pids()) & set(old)


@pytest.mark.slow
def test_a_question_past_its_budget_is_stopped_with_its_worker_and_the_next_is_answered(pool):
    from assistant.models import QuestionStopped

    answers, _ = pool
    stuck = hang(answers)
    started = time.monotonic()
    with pytest.raises(QuestionStopped, match="longer than 1 s and was stopped"):
        list(answers.answers("Hur mycket fick Snickeriet i Bergby?", [], Filters(), seconds=1))
    assert time.monotonic() - started < 5
    answers._starting = []  # the replacement starts in the background; wait for it below
    deadline = time.monotonic() + 120
    while not (set(answers.pids()) - set(stuck)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in stuck:  # the other stopped worker is let go, as a server would after its own budget
        if pid in answers.pids():
            os.kill(pid, signal.SIGCONT)
    assert cited(answers.ask("Hur mycket fick Snickeriet i Bergby?", [], Filters())) == [("2026-04-08", 2)]


@pytest.mark.slow
def test_a_question_whose_asker_stops_waiting_is_stopped_with_its_worker(pool):
    answers, _ = pool
    stuck = hang(answers)
    waiting = answers.answers("Hur mycket fick Snickeriet i Bergby?", [], Filters())
    assert next(waiting) is None  # still answering (the heartbeat a server passes on to Gradio)
    waiting.close()  # what Gradio does with a handler whose client has gone
    asked = set(stuck) - set(answers.pids())
    assert len(asked) == 1 and not alive(asked.pop())


@pytest.mark.slow
def test_closing_the_pool_ends_a_worker_mid_question_and_starts_none(pool):
    import threading

    answers, _ = pool
    stuck = hang(answers)
    outcome = []

    def asking():
        try:
            answers.ask("Hur mycket fick Snickeriet i Bergby?", [], Filters())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=asking)
    thread.start()
    time.sleep(1)
    answers.close()
    thread.join(10)
    assert not thread.is_alive() and "ended before the answer" in str(outcome[0])
    time.sleep(1)
    assert answers.pids() == [] and not any(alive(pid) for pid in stuck)


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
print(*pool.pids(), flush=True)
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


OTHER = """PROTOKOLL
fört vid sammanträde med styrelsen, Samordningsförbundet Västra Ängen
Datum: 2026-05-12

§ 3 Mötets öppnande
Ordföranden öppnar mötet.

§ 4 Bidrag till Cykelverkstaden i Ängby
Styrelsen behandlade en ansökan om 60 000 kronor till Cykelverkstaden i Ängby.
Beslut: Styrelsen beslutar att bevilja Cykelverkstaden i Ängby 60 000 kronor.
"""


@pytest.mark.slow
def test_a_worker_answering_for_a_member_of_one_organisation_sees_nothing_of_another(pool, tmp_path):
    """Issue 28 in issue 23's piped workers: the worker restricts its snapshot to the asker's organisations, so the
    other organisation's protocol is neither cited nor quoted, while an administrator's question finds it."""
    answers, store = pool
    index_paths(store, [protocol_folder(tmp_path / "may", "angen-2026-05-12.txt", OTHER)])
    question = "Hur mycket fick Cykelverkstaden i Ängby?"
    assert cited(answers.ask(question, [], Filters())) == [("2026-05-12", 4)]
    first = {m["organisation"] for m in store.refresh().meetings if m["date"] == "2026-04-08"}
    member = answers.ask(question, [], Filters(), organisations=frozenset(first))
    assert member.abstained and all(c.date != "2026-05-12" for c in member.citations)
    assert "Västra Ängen" not in str(member.to_json()) and "60 000 kronor" not in str(member.to_json())
