"""Serving: BI tools never open the working warehouse.

DuckDB allows one writer or many readers per file, never both, so a BI tool holding the working
warehouse open (even read-only) would block the monthly run. At the end of a successful, checked run
the marts are published to a separate serving file by an atomic swap:

* every table of schema ``marts`` is copied into a new DuckDB file beside the serving copy
  (``.<name>.tmp-<pid>``), with a ``main.published`` table (when, which run, row counts);
* the new file is fsynced and ``os.replace``d over the serving copy. A reader with the file open
  keeps reading the old file (the old inode stays alive while it is open); a reader that opens the
  path gets the new file, complete. Nobody sees a mix or a half-written file.

``export_parquet`` writes the serving copy's marts as Parquet, one file per table, into a new
version folder ``.<DIR>.versions/<stamp>`` and then atomically repoints the symlink ``DIR`` at it;
the previous version is kept (readers still in it finish), older ones are removed.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from orchestration.faults import fault_point

MARTS = "marts"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def mart_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> list[str]:
    where = "table_schema = ?" + (" and table_catalog = ?" if catalog else "")
    params = [MARTS, catalog] if catalog else [MARTS]
    return [r[0] for r in con.execute(
        f"select table_name from information_schema.tables where {where} order by 1", params).fetchall()]


def publish_serving(con: duckdb.DuckDBPyConnection, serving: Path, *, run_id: str | None = None) -> dict[str, int]:
    """Copy the marts of the warehouse open on `con` to `serving`, swapped in atomically. Row counts."""
    serving.parent.mkdir(parents=True, exist_ok=True)
    for stale in serving.parent.glob(f".{serving.name}.tmp-*"):  # left by a killed publish
        stale.unlink(missing_ok=True)
    tmp = serving.with_name(f".{serving.name}.tmp-{os.getpid()}")
    catalog = con.execute("select current_database()").fetchone()[0]
    tables = mart_tables(con, catalog)
    if not tables:
        raise RuntimeError("the warehouse has no marts to publish")
    counts: dict[str, int] = {}
    con.execute(f"ATTACH '{_quote(tmp)}' AS serving_new")
    try:
        con.execute("CREATE SCHEMA serving_new.marts")
        for t in tables:
            con.execute(f'CREATE TABLE serving_new.marts."{t}" AS SELECT * FROM "{catalog}".marts."{t}"')
            counts[t] = con.execute(f'select count(*) from serving_new.marts."{t}"').fetchone()[0]
        published_at = datetime.now(timezone.utc).replace(tzinfo=None)
        con.execute("CREATE TABLE serving_new.main.published (table_name VARCHAR, row_count BIGINT, "
                    "published_at TIMESTAMP, run_id VARCHAR)")
        con.executemany("INSERT INTO serving_new.main.published VALUES (?, ?, ?, ?)",
                        [[t, n, published_at, run_id] for t, n in counts.items()])
        con.execute("CHECKPOINT serving_new")
    finally:
        con.execute("DETACH serving_new")
    _fsync(tmp)
    fault_point("serving.written")
    os.replace(tmp, serving)
    _fsync(serving.parent)
    return counts


def export_parquet(serving: Path, out_dir: Path, *, keep: int = 2) -> dict[str, int]:
    """Write the marts of the serving copy as DIR/<table>.parquet, DIR swapped atomically (a symlink)."""
    if not serving.exists():
        raise FileNotFoundError(f"no serving copy at {serving}: run `minzheng run` first")
    out_dir = out_dir.absolute()
    versions = out_dir.parent / f".{out_dir.name}.versions"
    versions.mkdir(parents=True, exist_ok=True)
    for stale in versions.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    tmp = versions / f".tmp-{stamp}-{os.getpid()}"
    tmp.mkdir()
    counts: dict[str, int] = {}
    con = duckdb.connect(str(serving), read_only=True)
    try:
        for t in mart_tables(con):
            target = tmp / f"{t}.parquet"
            con.execute(f"COPY marts.\"{t}\" TO '{_quote(target)}' (FORMAT parquet)")
            counts[t] = con.execute(f'select count(*) from marts."{t}"').fetchone()[0]
        published = con.execute("select max(published_at), max(run_id) from main.published").fetchone()
    finally:
        con.close()
    (tmp / "_published.json").write_text(json.dumps(
        {"tables": counts, "published_at": str(published[0]), "run_id": published[1],
         "exported_at": stamp}, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in tmp.iterdir():
        _fsync(p)
    fault_point("export.written")
    final = versions / stamp
    os.rename(tmp, final)
    link = out_dir.parent / f".{out_dir.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(final, out_dir.parent), link)
    if out_dir.exists() and not out_dir.is_symlink():
        if any(out_dir.iterdir()):  # a plain folder from before: set aside (once), then the symlink
            os.rename(out_dir, versions / f"replaced-{stamp}")
        else:
            out_dir.rmdir()
    os.replace(link, out_dir)
    _fsync(out_dir.parent)
    current = os.path.basename(os.readlink(out_dir))
    old = sorted(p for p in versions.iterdir() if not p.name.startswith(".") and p.name != current)
    for p in old[: max(0, len(old) - (keep - 1))]:
        shutil.rmtree(p, ignore_errors=True)
    return counts
