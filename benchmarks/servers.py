"""A server on a loopback port for as long as a block runs: started, polled until it answers, stopped whatever
happens. The benchmarks' `paragraf serve` (benchmarks/load.py, the replicas of benchmarks/scale.py) and the tests'
Chroma server (tests/conftest.py) start this way; it lives here, not in tests/, because the benchmarks may not import
the tests, and not in index/ or assistant/, which never start a server of their own.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

LOG_TAIL = 3000  # characters of a server's log shown when it did not start


def free_port() -> int:
    """A loopback port nothing listens on (the system's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    """Whether the page at `url` answers 200 within two seconds."""
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(url, timeout=2).status_code == 200
    return False


@contextlib.contextmanager
def serving(command: list[str], ready: Callable[[], bool], log_file: Path, start_seconds: float,
            stop_seconds: float = 15, poll_seconds: float = 0.3, **popen: Any) -> Iterator[subprocess.Popen]:
    """Runs `command` (its output in `log_file`), waits until `ready()` is true, yields the process and, when the
    block ends or fails, terminates it, killing it when it has not ended within `stop_seconds`. A process that
    ends, or is not ready within `start_seconds`, is a RuntimeError naming the end of its log. `popen`: further
    arguments of subprocess.Popen (cwd, env, start_new_session)."""
    with open(log_file, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **popen)
    try:
        deadline = time.monotonic() + start_seconds
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{Path(command[0]).name} did not start:\n{log_file.read_text()[-LOG_TAIL:]}")
            time.sleep(poll_seconds)
        yield process
    finally:
        stop(process, stop_seconds)


def stop(process: subprocess.Popen, seconds: float) -> None:
    """SIGTERM, then SIGKILL if the process has not ended within `seconds` (a server still answering a question)."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=seconds)
