"""One writer at a time on the working warehouse.

DuckDB allows one process to write a database file (or many to read it), never both. Three layers
keep runs from colliding:

1. **Dagster pool** ``minzheng_warehouse`` (settings.WAREHOUSE_POOL) on every step that writes the
   warehouse, limited to 1 slot (dagster.yaml: ``concurrency: pools: default_limit: 1``; the runner
   sets the same limit on a persistent DAGSTER_HOME instance). Under ``dagster dev`` no two such
   steps of any runs execute at once.
2. **Run lock** ``<warehouse>.run.lock`` (flock, released by the OS even when the process is killed):
   ``minzheng run`` and ``runner.build_window`` hold it for the whole run, so two runs started at
   once do not interleave. The second waits up to ``--wait`` seconds, then fails naming the holder.
   The lock's note records the holder's PID, process group and start time; a run killed from
   outside leaves its note, and the next run to take the lock ends whatever that run left alive
   (its process group, or its ``minzheng-dbt`` processes) before it starts, saying so
   (procguard.end_leftovers), because such a process would keep writing or hold DuckDB's file lock.
3. **DuckDB's file lock**: a connection that meets "Could not set lock on file" is retried with
   exponential backoff (MINZHENG_LOCK_TIMEOUT seconds, default 120) and then fails with a message
   naming the process that holds the file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import duckdb

LOCK_TIMEOUT_ENV = "MINZHENG_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 120.0
_PID = re.compile(r"\(PID (\d+)\)")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse (its run lock or DuckDB's file lock)."""


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException | duckdb.Error) and "Could not set lock" in str(exc)


def describe_pid(pid: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return f"PID {pid}"
    return f"PID {pid} ({cmd[:200]})" if cmd else f"PID {pid}"


def lock_holder(message: str) -> str:
    """Who holds a DuckDB file, from DuckDB's lock error (which names the PID)."""
    m = _PID.search(message)
    return describe_pid(int(m.group(1))) if m else "another process (DuckDB did not say which)"


def lock_timeout() -> float:
    return float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT)


def backoff_delays(timeout: float, first: float = 0.2, cap: float = 10.0) -> Iterator[float]:
    """0.2, 0.4, 0.8 … seconds (at most `cap`) until `timeout` seconds are used up."""
    spent, delay = 0.0, first
    while spent < timeout:
        d = min(delay, cap, timeout - spent)
        yield d
        spent += d
        delay *= 2


def connect_with_retry(database: str | Path, *, read_only: bool = False, config: dict | None = None,
                       timeout: float | None = None, log: Callable[[str], None] | None = None):
    """duckdb.connect, retrying lock conflicts with backoff; WarehouseBusy naming the holder at the end."""
    timeout = lock_timeout() if timeout is None else timeout
    t0 = time.monotonic()
    last: BaseException | None = None
    for delay in [*backoff_delays(timeout), None]:
        try:
            return duckdb.connect(str(database), read_only=read_only, config=config or {})
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            last = exc
            if delay is None:
                break
            if log:
                log(f"warehouse {database} is locked by {lock_holder(str(exc))}; retrying in {delay:.1f}s")
            time.sleep(delay)
    raise WarehouseBusy(
        f"the warehouse {database} is locked by {lock_holder(str(last))}; gave up after "
        f"{time.monotonic() - t0:.0f}s ({LOCK_TIMEOUT_ENV}={timeout:g}). Runs on one warehouse are serialised: "
        "wait for that run to finish. BI tools must open the serving copy, not the working warehouse."
    ) from last


def run_lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".run.lock")


@contextlib.contextmanager
def run_lock(warehouse: Path, *, wait: float = 0.0, what: str = "",
             on_wait: Callable[[str], None] | None = None,
             log: Callable[[str], None] | None = None, leftover_grace: float = 10.0) -> Iterator[Path]:
    """Hold <warehouse>.run.lock for a run; wait up to `wait` seconds for another run to finish.

    A note left by a run that died holding the lock means it was killed: what it left running is
    given `leftover_grace` seconds, then ended (messages to `log`, else `on_wait`, else stderr)."""
    from orchestration import procguard

    path = run_lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    locked = False
    try:
        t0 = time.monotonic()
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            holder = read_holder(path)
            if time.monotonic() - t0 >= wait:
                raise WarehouseBusy(
                    f"another run is using the warehouse {warehouse}: {holder}. "
                    f"Runs on one warehouse are serialised; waited {time.monotonic() - t0:.0f}s "
                    "(`minzheng run --wait SECONDS` to wait longer)."
                )
            if on_wait and not announced:
                on_wait(f"waiting for the warehouse {warehouse}: {holder}")
                announced = True
            time.sleep(min(1.0, max(0.05, wait - (time.monotonic() - t0))))
        previous = _parse_note(os.pread(fd, 65536, 0))
        if previous and previous.get("host") == socket.gethostname():
            say = log or on_wait or (lambda m: print(m, file=sys.stderr, flush=True))
            procguard.end_leftovers(previous, grace=leftover_grace, log=say)
        info = {**procguard.run_identity(), "host": socket.gethostname(), "what": what,
                "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        locked = True
        yield path
    finally:
        if locked:
            os.ftruncate(fd, 0)  # a run killed before this leaves its note; the next holder overwrites it
        os.close(fd)  # releases the flock


def _parse_note(data: bytes) -> dict:
    try:
        note = json.loads(data.decode() or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return note if isinstance(note, dict) else {}


def read_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "a process that has not written its name yet"
    return f"{describe_pid(int(info['pid']))} on {info.get('host')}, {info.get('what') or 'a run'}, since {info.get('since')}"
