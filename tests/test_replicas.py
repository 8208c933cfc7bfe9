"""Stateless answering replicas: two `paragraf serve` on two loopback ports answer from one archive in PostgreSQL
and a Chroma server, keeping nothing of it on their disk. While a third process indexes a new protocol, 20
concurrent users spread over both ask; every answer completes with the § that answers it, both replicas cite
the same, and both find the new protocol afterwards without a restart. A replica killed and started again
answers at once. Real servers throughout (tests/conftest.py); bounded to a few minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
from test_load import QUESTIONS, UPLOAD, cited

from index.pipeline import index_paths
from index.store.archive import Store

ROOT = Path(__file__).resolve().parent.parent
USERS = 20
BUDGET_SECONDS = 240

pytestmark = pytest.mark.slow


def replica_env(database_url: str, chroma_url: str, uploads: Path) -> dict:
    return {**os.environ, "PARAGRAF_DATABASE_URL": database_url, "PARAGRAF_CHROMA_URL": chroma_url,
            "PARAGRAF_UPLOAD_DIR": str(uploads), "PARAGRAF_WORKERS": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def test_two_replicas_answer_alike_while_a_third_process_indexes(tmp_path, database_url, chroma_url):
    from gradio_client import Client

    from benchmarks.load import server

    index_paths(Store(tmp_path / "indexer", database_url=database_url, chroma_url=chroma_url), [ROOT / "corpus"])
    (tmp_path / "upload").mkdir()
    (tmp_path / "upload" / "lappland-syd-2026-02-10.txt").write_text(UPLOAD, encoding="utf-8")
    env = replica_env(database_url, chroma_url, tmp_path / "uploads")
    with ExitStack() as replicas:
        urls = [replicas.enter_context(server(tmp_path / f"replica-{n}", tmp_path / f"replica-{n}.log", env=env))
                for n in range(2)]
        clients = [Client(url, verbose=False) for url in urls]
        started = time.monotonic()
        indexer = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", str(tmp_path / "upload"),
                                    "--store", str(tmp_path / "indexer")], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, env=env)
        work = [(QUESTIONS[n % len(QUESTIONS)], clients[n % 2]) for n in range(USERS)]
        with ThreadPoolExecutor(max_workers=USERS) as pool:
            futures = [pool.submit(client.predict, question, api_name="/ask") for (question, _), client in work]
            answers = [f.result(timeout=BUDGET_SECONDS) for f in futures]
        output, _ = indexer.communicate(timeout=BUDGET_SECONDS)
        assert indexer.returncode == 0 and "Summary: 1 indexed" in output, output

        by_question: dict[str, set] = {}
        for ((question, gold), _), answer in zip(work, answers):
            assert not answer["abstained"] and gold in cited(answer), (question, answer["answer"][:300])
            by_question.setdefault(question, set()).add(tuple(c["id"] for c in answer["citations"]))
        assert all(len(citations) == 1 for citations in by_question.values()), by_question  # both replicas cite alike

        for client in clients:  # the new generation, seen by both at once, without a restart
            new = client.predict("Vad beslutade styrelsen om Fjällkvarnen i Vilhelmina?", api_name="/ask")
            assert ("2026-02-10", 4) in cited(new), new["answer"][:300]
        assert time.monotonic() - started < BUDGET_SECONDS
    for n in range(2):
        assert not (tmp_path / f"replica-{n}").exists()  # nothing of the archive on a replica's disk
        assert "Traceback" not in (tmp_path / f"replica-{n}.log").read_text()


def test_a_replica_killed_and_started_again_answers_at_once(tmp_path, database_url, chroma_url):
    from gradio_client import Client

    from benchmarks.load import server_process

    index_paths(Store(tmp_path / "indexer", database_url=database_url, chroma_url=chroma_url), [ROOT / "corpus"])
    env = replica_env(database_url, chroma_url, tmp_path / "uploads")
    question, gold = QUESTIONS[0]
    with server_process(tmp_path / "replica", tmp_path / "first.log", env=env, start_seconds=BUDGET_SECONDS,
                        start_new_session=True) as (first, url):
        try:
            assert gold in cited(Client(url, verbose=False).predict(question, api_name="/ask"))
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # a lost machine: nothing is cleaned up
            first.wait(timeout=30)
    started = time.monotonic()
    with server_process(tmp_path / "replica", tmp_path / "again.log", env=env, start_seconds=BUDGET_SECONDS,
                        start_new_session=True) as (_, url):
        ready = time.monotonic() - started
        answer = Client(url, verbose=False).predict(question, api_name="/ask")
        assert gold in cited(answer) and not answer["abstained"]
    log = (tmp_path / "again.log").read_text()
    assert ready < 120 and "re-embedded" not in log and "rebuilding" not in log, (ready, log[-2000:])
