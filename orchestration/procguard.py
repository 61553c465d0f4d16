"""No process of a run outlives it: process groups, parent-death signals and what a dead run left.

A run (`minzheng run`, a Dagster run worker) starts one kind of subprocess: dbt, through the
`minzheng-dbt` console script (orchestration/dbt_shim.py). Three layers make sure that a run
killed from outside (SIGKILL, the OOM killer, a closed terminal) leaves nothing behind that
keeps writing or holds DuckDB's file lock:

1. **Parent-death signal.** `minzheng-dbt` asks Linux (`prctl(PR_SET_PDEATHSIG, SIGKILL)`) to
   kill it the moment its parent dies, and exits at once if the parent is already gone by the time
   it asks (the fork/prctl race).
2. **Process group.** Everything a run starts inherits its process group. A run started in its own
   session or group (the fault tests, a supervisor, a shell's job) can be ended whole with one
   `killpg`, children started in that instant included (the kernel restarts a fork that races a
   group signal).
3. **The run lock records the group** (concurrency.run_lock): the next run that finds a dead run's
   note checks for live members of that group (or, when the dead run shared its caller's group, for
   its `minzheng-dbt` processes), waits briefly for them, then ends them and says so.

Linux only for 1 and the /proc scans; elsewhere those are no-ops.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
SHIM_NAME = "minzheng-dbt"  # the executable; the kernel names the process after it at exec
ARMED_NAME = "dbt[minzheng]"  # the name it takes once its parent-death signal is armed (dbt_shim)


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies. False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def set_name(name: str) -> bool:
    """Set this process's name (/proc/<pid>/comm, what ps and top show; 15 bytes at most)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class Proc:
    pid: int
    name: str  # /proc/<pid>/comm
    ppid: int
    pgid: int
    state: str
    start: int  # clock ticks since boot (field 22 of /proc/<pid>/stat): tells a reused PID apart
    cmdline: str

    @property
    def alive(self) -> bool:
        """A zombie holds no files and no locks: it counts as gone."""
        return self.state not in ("Z", "X")


def read_proc(pid: int) -> Proc | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may itself contain spaces or ')'
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    rest = stat[stat.rindex(")") + 2:].split()
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        cmd = ""
    return Proc(pid=pid, name=name, state=rest[0], ppid=int(rest[1]), pgid=int(rest[2]), start=int(rest[19]), cmdline=cmd)


def start_time(pid: int) -> int | None:
    p = read_proc(pid)
    return p.start if p else None


def processes() -> list[Proc]:
    out = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return out
    for name in names:
        if name.isdigit():
            p = read_proc(int(name))
            if p is not None:
                out.append(p)
    return out


def group_members(pgid: int) -> list[Proc]:
    """Live (non-zombie) processes of process group `pgid`."""
    return [p for p in processes() if p.pgid == pgid and p.alive]


def wait_gone(select: Callable[[], list[Proc]], timeout: float, poll: float = 0.05) -> list[Proc]:
    """Poll until `select()` is empty or `timeout` seconds pass; returns what is still there."""
    deadline = time.monotonic() + timeout
    left = select()
    while left and time.monotonic() < deadline:
        time.sleep(poll)
        left = select()
    return left


def _alive(pids: Iterable[tuple[int, int]]) -> Callable[[], list[Proc]]:
    wanted = dict(pids)

    def select() -> list[Proc]:
        out = []
        for pid, start in wanted.items():
            p = read_proc(pid)
            if p is not None and p.alive and p.start == start:
                out.append(p)
        return out
    return select


def leftovers(note: dict) -> list[Proc]:
    """Live processes a dead run (its lock note) left behind.

    The run's own group when it led one (pgid == its pid), provided its leader is gone, not a
    reused PID; otherwise, in the group it shared with its caller, its orphaned `minzheng-dbt`
    processes."""
    pid, pgid = int(note.get("pid") or 0), int(note.get("pgid") or 0)
    if not pid or not pgid:
        return []
    leader = read_proc(pid)
    if leader is not None and leader.alive and leader.start == note.get("start"):
        return []  # the run itself is alive (it cannot be: it released the lock); leave it alone
    me = os.getpid()
    members = [p for p in group_members(pgid) if p.pid != me]
    if note.get("leader"):
        return members
    # the group is its caller's (e.g. make's): only orphaned minzheng-dbt processes (by the name the
    # shim gives itself), adopted by a reaper outside the group, are the dead run's; a live run's
    # dbt has its run as parent
    in_group = {p.pid for p in members}
    return [p for p in members if p.name in (SHIM_NAME, ARMED_NAME) and p.ppid not in in_group]


def end_leftovers(note: dict, *, grace: float = 10.0, log: Callable[[str], None] | None = None) -> list[Proc]:
    """End what a dead run left: wait `grace` seconds for it to finish on its own, then SIGKILL it
    and wait until it is gone. Returns the processes that were found (empty: nothing was left)."""
    found = leftovers(note)
    if not found:
        return []
    ids = [(p.pid, p.start) for p in found]
    desc = ", ".join(f"PID {p.pid} ({p.cmdline[:120]})" for p in found)
    if log:
        log(f"a run killed earlier (PID {note.get('pid')}, {note.get('what') or 'a run'}, since "
            f"{note.get('since')}) left {len(found)} process(es) running: {desc}; waiting up to "
            f"{grace:g}s for them, then ending them")
    left = wait_gone(_alive(ids), grace)
    if left:
        for p in left:
            try:
                os.kill(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        still = wait_gone(_alive(ids), 60.0)
        if still:
            raise RuntimeError(f"could not end the processes a killed run left: {still}")
        if log:
            log(f"ended {len(left)} process(es) left by the killed run PID {note.get('pid')}")
    return found


def run_identity() -> dict:
    """What the run lock records about the running process."""
    pid = os.getpid()
    pgid = os.getpgrp()
    return {"pid": pid, "pgid": pgid, "leader": pgid == pid, "start": start_time(pid)}
