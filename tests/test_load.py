"""Concurrent users: 20 simultaneous /ask requests to a real `paragraf serve` on loopback, while
another process indexes a new protocol into the same store. Every answer must complete and cite
the § that answers it; afterwards the new protocol is found by the running server.

Bounded: 20 requests, one upload, two minutes. The server is the one test_ui.py starts
(`running_server`), on a copy of the corpus store indexed once per session (`indexed_copy`).
"""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_ui_server import ROOT, _env, indexed_copy, running_server

REQUESTS = 20
BUDGET_SECONDS = 120
# Questions from evals/gold.jsonl and the (date, §) that answers each.
QUESTIONS = [
    ("Vad blev utfallet för Möjligheternas hus i Emmaboda när de sökte pengar ur miljonen?", ("2023-10-27", 78)),
    ("Hur gick det med ansökan om miljonmedel för gruppen med aktivitetsersättning i södra länet?", ("2023-10-27", 79)),
    ("What did the Östra Östergötland board decide about training for the board that takes office in 2027?", ("2026-05-29", 40)),
    ("Vad bestämde styrelsen i Östra Östergötland om förbundschefens plats i insatsernas styrgrupper?", ("2026-05-29", 39)),
    ("Vem ska företräda styrelsen i Östra Östergötland på samverkansmötet i september?", ("2026-05-29", 41)),
    ("Blir det någon gemensam träff mellan arbetsutskottet i Kalmar och insatspersonalen?", ("2025-12-05", 19)),
    ("Vilket beslut fattade Kalmarstyrelsen om ersättning för förlorad arbetsinkomst vid styrelsemöten?", ("2023-10-27", 82)),
    ("Which earlier board decisions will Östra Östergötland's internal control check again, and when?", ("2026-05-29", 37)),
    ("Hur många deltagare var aktiva i Kalmarförbundets insatser under första halvåret 2023?", ("2023-10-27", 80)),
    ("Till vilken nivå föreslås serviceavgiften till NNS höjas?", ("2023-10-27", 72)),
]
UPLOAD = """PROTOKOLL

fört vid sammanträde med styrelsen, Samordningsförbundet Lappland Syd

Datum: 2026-02-10

§ 4 Fjällkvarnen i Vilhelmina

Styrelsen behandlade ansökan om 300 000 kronor till Fjällkvarnen, ett kvarnkafé i Vilhelmina där unga
deltagare får arbetsträning.

Beslut: Styrelsen beslutar att bevilja Fjällkvarnen 300 000 kronor för år 2026.
"""


def cited(answer: dict) -> set[tuple[str, int]]:
    return {(c["date"], c["paragraph"]) for c in answer["citations"]}


@pytest.mark.slow
def test_twenty_concurrent_questions_while_a_protocol_is_indexed(tmp_path_factory, tmp_path):
    from gradio_client import Client

    store = indexed_copy(tmp_path_factory, tmp_path / "store")
    (tmp_path / "upload").mkdir()
    (tmp_path / "upload" / "lappland-syd-2026-02-10.txt").write_text(UPLOAD, encoding="utf-8")
    with running_server(store, tmp_path / "serve.log") as url:
        client = Client(url, verbose=False)
        started = time.monotonic()
        indexer = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index",
                                    str(tmp_path / "upload"), "--store", str(store)],
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env())
        work = [QUESTIONS[i % len(QUESTIONS)] for i in range(REQUESTS)]
        with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
            futures = [pool.submit(client.predict, question, api_name="/ask") for question, _ in work]
            answers = [f.result(timeout=BUDGET_SECONDS) for f in futures]
        output, _ = indexer.communicate(timeout=BUDGET_SECONDS)
        assert indexer.returncode == 0 and "Summary: 1 indexed" in output, output

        for (question, gold), answer in zip(work, answers):
            assert not answer["abstained"] and gold in cited(answer), (question, answer["answer"][:300], cited(answer))
            assert answer["question"] == question

        # After the upload: the old answers are unchanged and the new protocol is found.
        again = client.predict(QUESTIONS[0][0], api_name="/ask")
        assert QUESTIONS[0][1] in cited(again)
        new = client.predict("Vad beslutade styrelsen om Fjällkvarnen i Vilhelmina?", api_name="/ask")
        assert ("2026-02-10", 4) in cited(new), new["answer"][:300]
        assert time.monotonic() - started < BUDGET_SECONDS
    log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in log, log[-3000:]
