"""benchmarks/servers.py: a server on a loopback port is started, polled until it answers and stopped whatever
happens: when the block ends, when it fails, when the server never starts, and when it ignores SIGTERM."""

from __future__ import annotations

import sys
import time

import pytest

from benchmarks.servers import answers, free_port, serving

IGNORES_SIGTERM = ("import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                   "print('ready', flush=True); time.sleep(60)")


def http_server(port: int) -> list[str]:
    return [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]


def test_a_server_answers_inside_the_block_and_is_stopped_after_it(tmp_path):
    url = f"http://127.0.0.1:{(port := free_port())}/"
    with serving(http_server(port), lambda: answers(url), tmp_path / "server.log", start_seconds=30,
                 cwd=tmp_path) as process:
        assert answers(url) and process.poll() is None
    assert process.poll() is not None
    assert not answers(url)


def test_a_failing_block_still_stops_the_server(tmp_path):
    url = f"http://127.0.0.1:{(port := free_port())}/"
    with pytest.raises(KeyError):
        with serving(http_server(port), lambda: answers(url), tmp_path / "server.log", start_seconds=30,
                     cwd=tmp_path) as process:
            raise KeyError("the block failed")
    assert process.poll() is not None


def test_a_server_that_ends_at_once_is_an_error_naming_its_log(tmp_path):
    command = [sys.executable, "-c", "print('port already taken'); raise SystemExit(3)"]
    with pytest.raises(RuntimeError, match="port already taken"):
        with serving(command, lambda: False, tmp_path / "server.log", start_seconds=30):
            pytest.fail("the block runs only once the server answers")


def test_a_server_not_ready_in_time_is_an_error_and_is_stopped(tmp_path):
    command = [sys.executable, "-c", "print('still loading', flush=True); import time; time.sleep(60)"]
    began = time.monotonic()
    with pytest.raises(RuntimeError, match="still loading"):
        with serving(command, lambda: False, tmp_path / "server.log", start_seconds=1, poll_seconds=0.1):
            pass
    assert time.monotonic() - began < 20  # not the 60 s the program would have slept


def test_a_server_ignoring_sigterm_is_killed_after_the_stop_seconds(tmp_path):
    log = tmp_path / "server.log"
    command = [sys.executable, "-c", IGNORES_SIGTERM]
    with serving(command, lambda: "ready" in log.read_text(), log, start_seconds=30, stop_seconds=1,
                 poll_seconds=0.1) as process:
        pass
    assert process.returncode == -9  # SIGKILL, once SIGTERM went unheeded for a second
