"""Fault injection for the crash tests: SIGKILL the process (tree) at a named point.

``MINZHENG_FAULT_AT=<point>[:<n>][:raise]`` kills the process the n-th time (default 1) it reaches
``fault_point("<point>")``; several specs may be given, separated by commas. With ``:raise`` it
raises a transient error (TimeoutError) there instead, once, to exercise the retry policy; with
``:fail`` a non-transient error (RuntimeError), which fails the step without retry. The kill is real
(SIGKILL to the process group it leads, or else to every descendant, e.g. a dbt subprocess, and then
to the process itself), so nothing
gets to clean up: the tests then check that no partial load is visible and that a rerun gives the
same marts as an uninterrupted run.

When the variable is unset ``fault_point`` is one dictionary lookup: no cost in production.

Named points (see docs/architecture.md, "Faults and concurrency"):
  ingest.decode          a CSV half decoded to its UTF-8 work file
  ingest.read            a file parsed, before its rows are typed
  ingest.typed           a file typed and checked, before the load transaction
  ingest.begin           the load transaction open, nothing written
  ingest.deleted         the window's raw rows and ledger rows deleted (uncommitted)
  ingest.inserted        one file's rows inserted (uncommitted); n counts files
  ingest.recorded        one file's ledger row written (uncommitted); n counts files
  ingest.before_commit   everything written, COMMIT not yet issued
  ingest.committed       committed, before Dagster records the materialization
  reference.loaded       raw.reference__admin_divisions replaced
  dbt.started            a dbt step launched
  dbt.model              a dbt model finished (n counts models across the run's dbt steps)
  serving.written        the serving copy's temp file written, before the swap
  export.written         the Parquet export's temp folder written, before the swap
"""

from __future__ import annotations

import os
import signal

FAULT_ENV = "MINZHENG_FAULT_AT"
_counts: dict[str, int] = {}


def _spec() -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for part in os.environ.get(FAULT_ENV, "").split(","):
        bits = part.strip().split(":")
        if not bits[0]:
            continue
        n = int(bits[1]) if len(bits) > 1 and bits[1] else 1
        out[bits[0]] = (n, bits[2] if len(bits) > 2 else "kill")
    return out


class InjectedTransientError(TimeoutError):
    """Raised by a `:raise` fault point: looks like a transient failure (retried)."""


def fault_point(name: str) -> None:
    """Kill this process and its children here when MINZHENG_FAULT_AT names this point."""
    if FAULT_ENV not in os.environ:
        return
    spec = _spec().get(name)
    if spec is None:
        return
    target, action = spec
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] != target:
        return
    if action == "raise":
        raise InjectedTransientError(f"injected transient fault at {name} (#{target})")
    if action == "fail":
        raise RuntimeError(f"injected fault at {name} (#{target})")
    kill_tree()


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            continue
        for k in kids:
            out.append(k)
            out.extend(_descendants(k))
    return out


def kill_tree() -> None:  # pragma: no cover - the process ends here
    """SIGKILL this process and everything it started.

    When this process leads its own process group (the fault tests start it in a new session), one
    `killpg` ends the whole group at once, a child forked in that instant included (the kernel
    restarts a fork that races a group signal). Otherwise every descendant found in /proc, children
    first, then this process; dbt dies with its parent anyway (procguard, PR_SET_PDEATHSIG)."""
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    for pid in reversed(_descendants(os.getpid())):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.kill(os.getpid(), signal.SIGKILL)
