"""Faults: SIGKILL at many points, concurrent runs, lock retry, transient-error retry, and the
serving copy while a BI tool reads it.

A small landing set (one place, two months) keeps each run short. The sequence on one warehouse:

1. a baseline: one uninterrupted `minzheng run` into its own warehouse (its serving copy is the
   reference marts);
2. kill points during file reads and loads (ingestion in a subprocess, killed by MINZHENG_FAULT_AT),
   each followed by the check that no partial load is visible in raw;
3. kill points inside `minzheng run` itself (the reference load, a load in Dagster, dbt launched,
   dbt after its k-th model), killing the whole process tree (dbt too);
4. kill points while publishing the serving copy and exporting Parquet (the old copy stays whole);
5. a final rerun that also meets a transient error (retried by the RetryPolicy), while a BI reader
   holds the serving copy open and a second run started at the same time is refused with a clear
   message; then the marts equal the baseline's row for row, and the reader, reopened, sees them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from orchestration import concurrency, procguard, settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PLACE, MONTHS = "330382", ("202111", "202112")
START, END = "2021-11-01", "2021-12-01"  # partition keys of the window (both inclusive)
KEY = "kill-test-key"

# (MINZHENG_FAULT_AT, what is interrupted) — run by the ingestion driver in a subprocess
INGEST_KILLS = [
    ("ingest.decode:1", "the first CSV half decoded"),
    ("ingest.decode:6", "a later CSV half decoded"),
    ("ingest.read:1", "the first file parsed"),
    ("ingest.read:9", "the ninth file parsed"),
    ("ingest.typed:2", "the second file typed"),
    ("ingest.typed:14", "the fourteenth file typed"),
    ("ingest.begin:1", "the first load transaction opened"),
    ("ingest.begin:6", "the sixth load transaction opened"),
    ("ingest.deleted:3", "a window deleted, nothing inserted"),
    ("ingest.inserted:1", "the first file's rows inserted"),
    ("ingest.inserted:11", "the eleventh file's rows inserted"),
    ("ingest.recorded:4", "a ledger row written"),
    ("ingest.before_commit:1", "all written, before COMMIT"),
    ("ingest.before_commit:7", "the seventh extract before COMMIT"),
    ("ingest.committed:5", "just after a COMMIT"),
]
# killed inside `minzheng run` (Dagster, dbt subprocess and all)
RUN_KILLS = [
    ("reference.loaded:1", "admin divisions replaced"),
    ("ingest.before_commit:9", "a load inside the Dagster run, before COMMIT"),
    ("dbt.started:1", "the first dbt step just launched"),
    ("dbt.model:4", "dbt after its fourth model"),
    ("dbt.model:16", "dbt after its sixteenth model (a domain step)"),
]
# killed while publishing / exporting
SERVING_KILLS = [("serving.written:1", "serving copy written, before the swap"),
                 ("export.written:1", "Parquet written, before the swap")]


def _env(warehouse: Path, landing: Path, fault: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINZHENG_") and k != "DAGSTER_HOME"}
    env.update({settings.WAREHOUSE_ENV: str(warehouse), settings.LANDING_ENV: str(landing),
                settings.PSEUDONYM_KEY_ENV: KEY, "GX_ANALYTICS_ENABLED": "false", "PYTHONPATH": str(ROOT)})
    if fault:
        env["MINZHENG_FAULT_AT"] = fault
    return env


def _minzheng(warehouse: Path, landing: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("minzheng")), "run", "--landing", str(landing),
            "--warehouse", str(warehouse), *args]


def _run(cmd: list[str], env: dict[str, str], timeout: float = 1800) -> subprocess.CompletedProcess:
    """Run in its own session (the fault hook then kills that process group whole); return only
    when no process of the group is left, so the warehouse is free when the test opens it."""
    with subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert_group_gone(proc.pid)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def assert_group_gone(pgid: int) -> None:
    """Wait until no live process of group `pgid` is left (zombies hold nothing); a member still
    there after two minutes is an orphan the run left, and fails the test with its command line."""
    left = procguard.wait_gone(lambda: procguard.group_members(pgid), 120.0)
    assert left == [], [(p.pid, p.state, p.cmdline[:200]) for p in left]


@pytest.fixture(scope="module")
def small_landing(tmp_path_factory: pytest.TempPathFactory, sample_landing: Path) -> Path:
    out = tmp_path_factory.mktemp("small_landing")
    for p in sample_landing.rglob("*"):
        if p.is_file() and p.name.startswith(PLACE) and any(m in p.name for m in MONTHS):
            (out / p.parent.name).mkdir(exist_ok=True)
            shutil.copy2(p, out / p.parent.name / p.name)
    return out


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, small_landing: Path) -> dict:
    warehouse = tmp_path_factory.mktemp("baseline") / "w.duckdb"
    done = _run(_minzheng(warehouse, small_landing), _env(warehouse, small_landing))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    raw = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for (t,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'raw' and table_name like '%\\_\\_%' escape '\\' "
        "and table_name not like 'reference%' and table_name not like 'reports%' "
        # the published tables keep their provenance in source_file/source_row, not _source_file
        "and table_name not like 'official%'").fetchall()}
    files = con.execute("select count(*), sum(rows_in_file) from ingest.file_ledger where status = 'loaded'").fetchone()
    con.close()
    return {"warehouse": warehouse, "serving": settings.serving_path(warehouse), "raw": raw, "files": files}


def assert_no_partial_load(warehouse: Path, baseline: dict) -> None:
    """Each extract's raw rows are all of its window's files or none; the ledger says exactly that."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()}
        for table, expected in baseline["raw"].items():
            n = con.execute(f'select count(*) from raw."{table}"').fetchone()[0] if table in tables else 0
            assert n in (0, expected), (table, n, expected)
            if table not in tables:
                continue
            domain, extract = table.split("__")
            mismatch = con.execute(f"""
                with r as (select _source_file as path, count(*) as n from raw."{table}" group by 1),
                     l as (select path, rows_loaded as n from ingest.file_ledger
                           where domain = ? and extract = ? and status = 'loaded')
                select * from r full join l using (path) where r.n is distinct from l.n""", [domain, extract]).fetchall()
            assert mismatch == [], (table, mismatch)
        bad = con.execute("""select path from ingest.file_ledger where status = 'loaded'
                             and rows_in_file <> rows_loaded + rows_quarantined""").fetchall() if "file_ledger" in {
            t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'ingest'").fetchall()} else []
        assert bad == []
    finally:
        con.close()


def marts_difference(a: Path, b: Path) -> dict[str, tuple[int, int, int]]:
    """table -> (rows, rows only in a, rows only in b), every table of schema marts (load times left out).

    Both copies must hold the same relations of schema marts, tables and views alike (the serving copy
    publishes a view as a table); rows are compared where both sides store a table: a view is a query
    over tables compared here, and its SQL names the file's own catalog, which an ATTACH alias hides."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")

    def relations(db: str) -> dict[str, str]:
        return dict(con.execute("select table_name, table_type from information_schema.tables "
                                "where table_catalog = ? and table_schema = 'marts'", [db]).fetchall())
    try:
        ra, rb = relations("a"), relations("b")
        assert set(ra) == set(rb), (sorted(set(ra) ^ set(rb)))
        ta = {t for t in ra if ra[t] == rb[t] == "BASE TABLE"}
        out = {}
        for t in sorted(ta):
            cols = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where database_name='a' and schema_name='marts' "
                "and table_name=? and column_name not in ('loaded_at', '_loaded_at') order by column_index", [t]).fetchall()]
            sel = ", ".join(f'"{c}"' for c in cols)
            n = con.execute(f'select count(*) from a.marts."{t}"').fetchone()[0]
            only_a = con.execute(f'select count(*) from (select {sel} from a.marts."{t}" except all select {sel} from b.marts."{t}")').fetchone()[0]
            only_b = con.execute(f'select count(*) from (select {sel} from b.marts."{t}" except all select {sel} from a.marts."{t}")').fetchone()[0]
            out[t] = (n, only_a, only_b)
        return out
    finally:
        con.close()


def test_killed_anywhere_then_rerun_gives_the_uninterrupted_marts(tmp_path: Path, small_landing: Path, baseline: dict) -> None:
    warehouse = tmp_path / "w.duckdb"
    serving = settings.serving_path(warehouse)
    survived = []
    # 1. file reads and loads
    for fault, what in INGEST_KILLS:
        done = _run([sys.executable, "-m", "tests.fault_driver", "ingest", str(warehouse), str(small_landing),
                     START, "2022-01-01"], _env(warehouse, small_landing, fault))
        assert done.returncode == -signal.SIGKILL, (fault, done.returncode, done.stderr[-2000:])
        assert_no_partial_load(warehouse, baseline)
        survived.append(fault)
    # 2. inside `minzheng run`: the process tree (Dagster and dbt) is killed
    for fault, what in RUN_KILLS:
        done = _run(_minzheng(warehouse, small_landing), _env(warehouse, small_landing, fault))
        assert done.returncode == -signal.SIGKILL, (fault, done.returncode, done.stdout[-2000:], done.stderr[-2000:])
        assert_no_partial_load(warehouse, baseline)
        survived.append(fault)
    # 3. publishing and exporting: a killed swap leaves no serving copy / export behind, never a broken one
    export_dir = tmp_path / "bi_export"
    for fault, what in SERVING_KILLS:
        args = (["publish", str(warehouse), str(serving)] if fault.startswith("serving")
                else ["export", str(baseline["serving"]), str(export_dir)])
        done = _run([sys.executable, "-m", "tests.fault_driver", *args], _env(warehouse, small_landing, fault))
        assert done.returncode == -signal.SIGKILL, (fault, done.stderr[-2000:])
        survived.append(fault)
    assert not serving.exists() and not export_dir.exists()
    assert len(survived) >= 20

    # 4. an earlier publish (of whatever marts the killed runs left) that a BI tool now holds open
    done = _run([sys.executable, "-m", "tests.fault_driver", "publish", str(warehouse), str(serving)],
                _env(warehouse, small_landing))
    assert done.returncode == 0, done.stderr[-2000:]
    reader = duckdb.connect(str(serving), read_only=True)
    old_published = reader.execute("select max(run_id) from main.published").fetchone()[0]
    assert old_published == "fault_driver"
    old_counts = dict(reader.execute("select table_name, row_count from main.published").fetchall())

    # 5. the final rerun, meeting a transient error on its first file read (retried), while the reader
    #    reads on and a second run started at the same time is turned away
    log = (tmp_path / "final_run.log").open("w")  # a file, not a pipe: nobody reads it while the run goes on
    proc = subprocess.Popen(_minzheng(warehouse, small_landing), env=_env(warehouse, small_landing, "ingest.read:1:raise"),
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lock = warehouse.with_name(warehouse.name + ".run.lock")
    for _ in range(3000):  # until the new run holds the lock (a killed run's note may still be there)
        text = lock.read_text() if lock.exists() else ""
        if text and json.loads(text)["pid"] == proc.pid:
            break
        assert proc.poll() is None, (tmp_path / "final_run.log").read_text()[-3000:]
        time.sleep(0.1)
    assert json.loads(lock.read_text())["pid"] == proc.pid
    second = _run(_minzheng(warehouse, small_landing, "--wait", "0"), _env(warehouse, small_landing))
    assert second.returncode == 3
    assert f"another run is using the warehouse {warehouse}: PID {proc.pid} (" in second.stderr
    assert "build 2021-11..2021-12" in second.stderr
    reads = 0
    while proc.poll() is None:
        for table, n in old_counts.items():
            assert reader.execute(f'select count(*) from marts."{table}"').fetchone()[0] == n
        reads += 1
        time.sleep(1)
    log.close()
    assert_group_gone(proc.pid)
    out = (tmp_path / "final_run.log").read_text()
    assert proc.returncode == 0, out[-5000:]
    assert reads > 0
    # the reader still sees the old copy, whole
    assert dict(reader.execute("select table_name, row_count from main.published").fetchall()) == old_counts
    reader.close()
    reader = duckdb.connect(str(serving), read_only=True)
    assert reader.execute("select max(run_id) from main.published").fetchone()[0] != "fault_driver"
    reader.close()

    # the marts equal the uninterrupted run's, row for row, in the warehouse and in the serving copy
    for copy in (warehouse, serving):
        diff = marts_difference(baseline["serving"], copy)
        assert all(a == b == 0 for _, a, b in diff.values()), diff
        assert diff["fct_assistance"][0] > 0 and diff["fct_indicator_value"][0] > 1000
    assert_no_partial_load(warehouse, baseline)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*), sum(rows_in_file) from ingest.file_ledger where status = 'loaded'").fetchone() == baseline["files"]
    con.close()
    assert not list(settings.work_dir(warehouse).glob("*.utf8.csv"))
    print(f"\nkill points survived: {len(survived)}; files {baseline['files'][0]}, rows accounted {baseline['files'][1]}")


def _dbt_of(pgid: int) -> procguard.Proc | None:
    """The run's dbt process (minzheng-dbt), once it is running and not yet done."""
    for p in procguard.group_members(pgid):
        # named minzheng-dbt once its parent-death signal is armed (dbt_shim)
        if p.name == procguard.ARMED_NAME and " build " in f"{p.cmdline} ":
            return p
    return None


def test_killing_only_the_parent_leaves_no_child_and_the_next_run_succeeds(
        tmp_path: Path, small_landing: Path, baseline: dict) -> None:
    """SIGKILL to the `minzheng` process alone (as the OOM killer or `kill -9 <pid>` does): its dbt
    dies with it (PR_SET_PDEATHSIG). dbt is stopped (SIGSTOP) before the kill, so without that
    signal it would stay forever, holding the warehouse; then the next run gives the baseline's marts."""
    warehouse = tmp_path / "w.duckdb"
    log = (tmp_path / "run.log").open("w")
    proc = subprocess.Popen(_minzheng(warehouse, small_landing), env=_env(warehouse, small_landing), cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        dbt = None
        while dbt is None:  # until a dbt step is running (the run cannot finish without one)
            assert proc.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            dbt = _dbt_of(proc.pid)
            time.sleep(0.05)
        os.kill(dbt.pid, signal.SIGSTOP)
        assert procguard.read_proc(dbt.pid).ppid == proc.pid
        os.kill(proc.pid, signal.SIGKILL)  # the parent only
        assert proc.wait() == -signal.SIGKILL
    finally:
        log.close()
    assert_group_gone(proc.pid)  # dbt too, though stopped: nothing of the run is left
    gone = procguard.read_proc(dbt.pid)
    assert gone is None or not gone.alive or gone.start != dbt.start

    done = _run(_minzheng(warehouse, small_landing, "--wait", "0"), _env(warehouse, small_landing))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "a run killed earlier" not in done.stdout + done.stderr  # nothing was left for it to end
    diff = marts_difference(baseline["serving"], warehouse)
    assert all(a == b == 0 for _, a, b in diff.values()), diff
    assert diff["fct_indicator_value"][0] > 1000


_HOLDER = """
import subprocess, sys, time
from pathlib import Path
from orchestration.concurrency import run_lock
with run_lock(Path(sys.argv[1]), what="a run to be killed"):
    plain = "import time; time.sleep(600)"
    fake_dbt = "from orchestration import procguard; procguard.set_name('dbt[minzheng]'); " + plain  # named as dbt_shim names itself
    kids = [subprocess.Popen([sys.executable, "-c", code]) for code in (plain, fake_dbt)]
    print(" ".join(str(k.pid) for k in kids), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    p = procguard.read_proc(pid)
    return p is not None and p.alive


def test_the_next_run_ends_what_a_killed_run_left_in_its_group(tmp_path: Path) -> None:
    """A run that led its own group and was killed alone: its children (no parent-death signal
    here) live on; the next run to take the lock ends them all and says which."""
    warehouse = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(warehouse)], env=env, stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    plain, fake_dbt = map(int, holder.stdout.readline().split())
    note = json.loads(concurrency.run_lock_path(warehouse).read_text())
    assert (note["pid"], note["pgid"], note["leader"]) == (holder.pid, holder.pid, True)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert _alive(plain) and _alive(fake_dbt)  # orphans, as a killed run leaves them
    said: list[str] = []
    try:
        with concurrency.run_lock(warehouse, log=said.append, leftover_grace=0.2):
            assert not _alive(plain) and not _alive(fake_dbt)
            assert json.loads(concurrency.run_lock_path(warehouse).read_text())["pid"] == os.getpid()
    finally:
        if procguard.group_members(holder.pid):
            os.killpg(holder.pid, signal.SIGKILL)
    assert len(said) == 2, said
    assert said[0].startswith(f"a run killed earlier (PID {holder.pid}, a run to be killed, since ")
    assert "left 2 process(es) running: PID " in said[0]
    assert f"PID {plain} (" in said[0] and f"PID {fake_dbt} (" in said[0]
    assert said[1] == f"ended 2 process(es) left by the killed run PID {holder.pid}"
    # a run that ended normally leaves no note: the next one finds nothing to end
    said.clear()
    with concurrency.run_lock(warehouse, log=said.append):
        pass
    assert said == [] and concurrency.run_lock_path(warehouse).read_text() == ""


def test_a_killed_run_sharing_its_callers_group_has_only_its_orphaned_dbt_ended(tmp_path: Path) -> None:
    """A run started by make or a script shares its caller's group: the next run ends only the
    dead run's orphaned minzheng-dbt, never the caller or the caller's other children."""
    warehouse = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    caller = subprocess.Popen(  # the caller (make, a script) leads the group; the run and a bystander are its children
        [sys.executable, "-c", "import subprocess, sys, time\n"
         "bystander = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
         "run = subprocess.Popen([sys.executable, '-c', sys.argv[1], sys.argv[2]])\n"
         "time.sleep(600)", _HOLDER, str(warehouse)],
        env=env, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        plain, fake_dbt = map(int, caller.stdout.readline().split())
        note = json.loads(concurrency.run_lock_path(warehouse).read_text())
        assert note["pgid"] == caller.pid and note["leader"] is False
        bystander = [p.pid for p in procguard.group_members(caller.pid)
                     if p.ppid == caller.pid and p.pid != note["pid"]]
        assert len(bystander) == 1
        while (fake := procguard.read_proc(fake_dbt)) is not None and fake.name != procguard.ARMED_NAME:
            time.sleep(0.01)  # until it has named itself as the shim does
        os.kill(note["pid"], signal.SIGKILL)
        assert procguard.wait_gone(lambda: [p for p in procguard.group_members(caller.pid) if p.pid == note["pid"]],
                                   60) == []
        said: list[str] = []
        with concurrency.run_lock(warehouse, log=said.append, leftover_grace=0.2):
            pass
        assert not _alive(fake_dbt)
        assert _alive(plain) and _alive(bystander[0]) and _alive(caller.pid)  # not the dead run's dbt
        assert f"left 1 process(es) running: PID {fake_dbt} (" in said[0], said
        assert said[1] == f"ended 1 process(es) left by the killed run PID {note['pid']}"
    finally:
        os.killpg(caller.pid, signal.SIGKILL)
        caller.wait()


def test_minzheng_dbt_dies_with_its_parent(tmp_path: Path) -> None:
    """The shim's parent-death signal on its own: a parent that starts minzheng-dbt and is killed."""
    shim = str(Path(sys.executable).with_name(procguard.SHIM_NAME))
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time\n"
                               f"p = subprocess.Popen([{shim!r}, '--version'], stdout=subprocess.DEVNULL)\n"
                               "print(p.pid, flush=True); time.sleep(600)"],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        dbt = int(parent.stdout.readline())
        while (proc := procguard.read_proc(dbt)) is not None and proc.name != procguard.ARMED_NAME:
            time.sleep(0.01)  # until its parent-death signal is armed (then it renames itself)
        os.kill(dbt, signal.SIGSTOP)  # it never gets to finish on its own
        assert proc is not None and procguard.SHIM_NAME in proc.cmdline
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    assert_group_gone(parent.pid)


def test_export_swaps_the_parquet_folder_atomically(tmp_path: Path, baseline: dict) -> None:
    out = tmp_path / "bi"
    env = _env(baseline["warehouse"], tmp_path)
    cmd = [str(Path(sys.executable).with_name("minzheng")), "export", "--to", str(out), "--warehouse", str(baseline["warehouse"])]
    first = _run(cmd, env)
    assert first.returncode == 0, first.stderr
    target1 = os.readlink(out)
    con = duckdb.connect()
    n = con.execute(f"select count(*) from read_parquet('{out}/fct_assistance.parquet')").fetchone()[0]
    assert n == duckdb.connect(str(baseline["serving"]), read_only=True).execute(
        "select count(*) from marts.fct_assistance").fetchone()[0] > 0
    held = open(out / "fct_assistance.parquet", "rb")  # a reader in the middle of the old export
    second = _run(cmd, env)
    assert second.returncode == 0
    assert os.readlink(out) != target1 and out.is_symlink()
    assert held.read(4) == b"PAR1"  # the old version is still there for it
    held.close()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["_published.json"] + [f"{t}.parquet" for t in json.loads((out / "_published.json").read_text())["tables"]])


def test_lock_error_is_retried_then_fails_naming_the_holder(tmp_path: Path) -> None:
    from orchestration.concurrency import WarehouseBusy, connect_with_retry

    path = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); "
                               "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        waits: list[str] = []
        with pytest.raises(WarehouseBusy) as err:
            connect_with_retry(path, timeout=1.5, log=waits.append)
        assert f"the warehouse {path} is locked by PID {holder.pid} (" in str(err.value)
        assert "gave up after" in str(err.value) and len(waits) >= 3  # 0.2 + 0.4 + 0.8 s backoff
        # the holder goes away while we wait: the connection then succeeds
        subprocess.Popen([sys.executable, "-c", f"import os, time; time.sleep(1); os.kill({holder.pid}, 9)"])
        con = connect_with_retry(path, timeout=30)
        assert con.execute("select 42").fetchone() == (42,)
        con.close()
    finally:
        holder.kill()
        holder.wait()


def test_the_warehouse_pool_is_limited_to_one_slot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dagster as dg

    from orchestration.runner import ensure_pool_limit

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster_instance" / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1  # `make dagster`
        assert ensure_pool_limit(instance) == 1  # what `minzheng run` with DAGSTER_HOME sets
        assert instance.event_log_storage.get_concurrency_info(settings.WAREHOUSE_POOL).slot_count == 1
    # every step that writes the warehouse is in that pool
    from orchestration.definitions import build_definitions

    defs = build_definitions()
    job = defs.resolve_job_def("build_warehouse")
    step_pools = {n.name: n.definition.pool for n in job.graph.node_dict.values()}
    assert step_pools and set(step_pools.values()) == {settings.WAREHOUSE_POOL}, step_pools


@pytest.mark.parametrize("action", ["fail", "raise"])
def test_a_failed_extract_does_not_stop_the_others_and_transient_errors_are_retried(
        tmp_path: Path, small_landing: Path, monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    import dagster as dg

    from orchestration import faults
    from orchestration.runner import build_window
    from datetime import date

    monkeypatch.setenv(settings.WAREHOUSE_ENV, str(tmp_path / "w.duckdb"))
    monkeypatch.setenv(settings.LANDING_ENV, str(small_landing))
    monkeypatch.setenv(settings.PSEUDONYM_KEY_ENV, KEY)
    # fail: a bug, not a transient error: no retry; raise: a transient error, retried by the RetryPolicy
    monkeypatch.setenv(faults.FAULT_ENV, f"ingest.read:1:{action}")
    faults._counts.clear()
    from orchestration.ingest.contract import load_contracts

    raw = [dg.AssetKey(["raw", c.table]) for c in load_contracts()]
    outcome = build_window(date(2021, 12, 1), date(2021, 12, 1), selection=raw, log_level="WARNING")
    faults._counts.clear()
    if action == "fail":
        assert not outcome.success
        (failed_step, message), = outcome.step_failures
        assert "injected fault at ingest.read (#1)" in message
        assert len(outcome.events("STEP_UP_FOR_RETRY")) == 0
        assert len(set(outcome.materialized)) == len(raw) - 1  # every other extract loaded
    else:
        assert outcome.success, outcome.step_failures
        (retried,) = outcome.events("STEP_UP_FOR_RETRY")
        assert "InjectedTransientError" in repr(retried.event_specific_data.error)
        assert len(set(outcome.materialized)) == len(raw)
