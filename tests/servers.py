"""A web server under test, started as a command in its own process group: a free port, polling it until
it answers, and stopping it until no process of its group is left."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def poll(what: str, probe, timeout: float, proc: subprocess.Popen, log: Path, name: str = "the server"):
    """Call probe() until it returns something truthy; fail naming `what` (and the server's log) on
    timeout or if the server exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited ({proc.returncode}) while waiting for {what}:\n{log.read_text()[-4000:]}")
        try:
            got = probe()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            got = None
        if got:
            return got
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}:\n{log.read_text()[-4000:]}")


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (make and everything it started), then wait until no process of
    the group is left (SIGKILL after 60 s)."""
    pgid = proc.pid
    for sig, grace in ((signal.SIGTERM, 60), (signal.SIGKILL, 30)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.5)
    proc.wait(timeout=30)
