"""Reports in the warehouse: the raw loader (cheap, a temporary DuckDB) and the marts (the session
`build` of tests/conftest.py, once the reports asset is part of the definitions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.reports.assets import CORPUS_DIR, load_reports, report_files

SEEDS = sorted(p.name for p in CORPUS_DIR.glob("*.txt"))
FIXTURE = Path(__file__).with_name("fixtures") / "xihu_2022_summary.txt"


# --------------------------------------------------------------------------- raw loader

@pytest.fixture()
def corpus(tmp_path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for name in SEEDS[:2]:
        shutil.copy(CORPUS_DIR / name, d / name)
    return d


def test_loader_ingests_new_and_changed_reports_only(tmp_path, corpus) -> None:
    landing = tmp_path / "landing"
    (landing / "reports").mkdir(parents=True)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    r = load_reports(con, landing, corpus=corpus)
    assert len(r.loaded) == 2 and r.claims > 100
    n = con.execute("select count(*) from raw.reports__claims").fetchone()[0]
    assert n == r.claims

    again = load_reports(con, landing, corpus=corpus)
    assert again.loaded == [] and len(again.unchanged) == 2  # same sha256: nothing re-extracted

    # a new report in the landing folder flows in; an identical copy under another name does not double
    shutil.copy(FIXTURE, landing / "reports" / FIXTURE.name)
    shutil.copy(corpus / SEEDS[0], landing / "reports" / "copy_of_seed.txt")
    r3 = load_reports(con, landing, corpus=corpus)
    assert r3.loaded == [f"reports/{FIXTURE.name}"]
    docs = con.execute("select origin, region_code from raw.reports__documents order by 1, 2").fetchall()
    assert ("landing", "330106") in docs and len(docs) == 3

    # a changed report replaces its claims; a removed one takes its claims with it
    changed = landing / "reports" / FIXTURE.name
    changed.write_text(FIXTURE.read_text(encoding="utf-8").replace("2,058人", "2,059人"), encoding="utf-8")
    r4 = load_reports(con, landing, corpus=corpus)
    assert r4.loaded == [f"reports/{FIXTURE.name}"] and len(r4.removed) == 1
    assert con.execute("select count(*) from raw.reports__claims where value = 2059").fetchone()[0] == 1
    assert con.execute("select count(*) from raw.reports__claims where value = 2058").fetchone()[0] == 0
    changed.unlink()
    load_reports(con, landing, corpus=corpus)
    assert con.execute("select count(*) from raw.reports__documents").fetchone()[0] == 2
    assert con.execute("select count(distinct document_sha256) from raw.reports__claims").fetchone()[0] == 2


def test_loader_records_unreadable_reports(tmp_path, corpus) -> None:
    landing = tmp_path / "landing"
    (landing / "reports").mkdir(parents=True)
    (landing / "reports" / "broken.docx").write_bytes(b"not a zip")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    r = load_reports(con, landing, corpus=corpus)
    assert [p for p, _why in r.rejected] == ["reports/broken.docx"]
    assert con.execute("select status, reason is not null from raw.reports__documents "
                       "where document_name = 'broken.docx'").fetchone() == ("rejected", True)


def test_report_files_take_the_corpus_and_the_landing_folder(tmp_path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "reports" / "b.csv").write_text("x", encoding="utf-8")
    files = report_files(tmp_path)
    assert {f.origin for f in files} == {"corpus", "landing"}
    assert [f.relpath for f in files if f.origin == "landing"] == ["reports/a.txt"]


# --------------------------------------------------------------------------- marts (full sample build)

@pytest.fixture(scope="module")
def marts(build):
    warehouse, _outcome = build
    con = duckdb.connect(str(warehouse), read_only=True)
    have = {r[0] for r in con.execute(
        "select table_schema || '.' || table_name from information_schema.tables").fetchall()}
    assert {"raw.reports__claims", "raw.reports__documents", "marts.fct_reported_indicator",
            "marts.rpt_reconciliation"} <= have, "the reports asset and marts are part of every build"
    yield con
    con.close()


@pytest.mark.slow
def test_every_claim_of_the_seeds_reaches_the_marts(marts) -> None:
    raw = marts.execute("select count(*) from raw.reports__claims").fetchone()[0]
    fct = marts.execute("select count(*) from marts.fct_reported_indicator").fetchone()[0]
    rec = marts.execute("select count(*) from marts.rpt_reconciliation").fetchone()[0]
    assert raw == fct == rec > 250
    docs = marts.execute("select count(distinct document_name) from marts.fct_reported_indicator").fetchone()[0]
    assert docs == 5


@pytest.mark.slow
def test_redacted_claims_are_redacted_in_the_reconciliation(marts) -> None:
    rows = marts.execute("select result, count(*) from marts.rpt_reconciliation where status = 'redacted' "
                         "group by 1").fetchall()
    assert [r[0] for r in rows] == ["redacted"] and rows[0][1] > 80
    assert marts.execute("select count(*) from marts.fct_reported_indicator "
                         "where status = 'redacted' and value is not null").fetchone()[0] == 0


@pytest.mark.slow
@pytest.mark.parametrize("document, indicator_code, reported", [
    ("001_63dd4d515c864998.txt", "dibao_persons", 32285),
    ("001_63dd4d515c864998.txt", "dibao_amount", 176_041_900),
    ("001_63dd4d515c864998.txt", "tekun_persons", 5595),
    ("001_63dd4d515c864998.txt", "temporary_relief_amount", 2_758_500),
    ("001_63dd4d515c864998.txt", "tekun_disabled_centralized_rate", 0.619),
    ("001_63dd4d515c864998.txt", "committee_members", 2469),
    ("002_8f15201e147daf51.txt", "graves_identified", 143),
    ("002_8f15201e147daf51.txt", "graves_remediated", 138),
    ("002_8f15201e147daf51.txt", "grave_remediation_rate", 0.965),
    ("002_8f15201e147daf51.txt", "eldercare_dementia_beds", 197),
    ("002_8f15201e147daf51.txt", "charities", 34),
    ("004_d0ccc07f7daceaef.txt", "eldercare_institutions", 71),
    ("004_d0ccc07f7daceaef.txt", "eldercare_meal_service_points", 360),
    ("004_d0ccc07f7daceaef.txt", "dibao_urban_standard", 1300),
    ("004_d0ccc07f7daceaef.txt", "basic_living_assistance_amount", 56_050_000),
    ("000_5cec5b6624562a69.txt", "dibao_urban_persons", 356),
])
def test_samples_agree_with_the_reports(marts, document, indicator_code, reported) -> None:
    rows = marts.execute(
        "select result, computed_value from marts.rpt_reconciliation "
        "where document_name = ? and indicator_code = ? and abs(reported_value - ?) < 1e-9",
        [document, indicator_code, reported]).fetchall()
    assert rows and all(r[0] == "match" for r in rows), rows


@pytest.mark.slow
def test_mismatches_carry_their_differences(marts) -> None:
    rows = marts.execute("select reported_value, computed_value, abs_difference, rel_difference "
                         "from marts.rpt_reconciliation where result = 'mismatch'").fetchall()
    for reported, computed, diff, rel in rows:
        assert diff == pytest.approx(computed - reported)
        assert rel == pytest.approx(diff / abs(reported))
