"""The sample generator: files read back with polars/openpyxl reproduce the seed reports' figures,
match the extract contracts, and two runs with the same seed are byte-identical."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from orchestration.samples import generate_samples  # noqa: E402

NAME_RE = re.compile(r"^(?P<code>\d{6})_(?P<place>[^_]+)_(?P<keyword>.+)_(?P<month>\d{6})\.(?P<ext>csv|xlsx)$")
SEED = int(os.environ.get("MINZHENG_SAMPLES_SEED", "2021"))  # the figures hold for any seed


# ---------------------------------------------------------------------------
# fixtures and readers
# ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def runs(tmp_path_factory, sample_landing):
    """Run 1 is the session's sample landing folder (seed 2021, read-only for every test);
    run 2 goes through the CLI in a subprocess."""
    second = tmp_path_factory.mktemp("samples_run2")
    proc = subprocess.Popen([sys.executable, "-m", "orchestration.samples", str(second), "--seed", str(SEED)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if SEED == 2021:
        first = sample_landing
        paths = sorted(p for p in first.rglob("*") if p.is_file())
    else:
        first = tmp_path_factory.mktemp("samples_run1")
        paths = generate_samples(first, SEED)
    return first, paths, second, proc


@pytest.fixture(scope="session")
def out(runs):
    return runs[0]


@pytest.fixture(scope="session")
def contracts():
    out = {}
    for path in sorted((ROOT / "sources").glob("*/*.yaml")):
        c = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[c["extract"]] = c
    return out


def decode(raw: bytes) -> tuple[str, str]:
    """The ingestion rule: BOM, else strict UTF-8, else GBK, else GB18030."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    for enc in ("utf-8", "gbk", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("undecodable file")


@functools.lru_cache(maxsize=None)
def read_xlsx(path: Path) -> tuple[str, str, pl.DataFrame]:
    """(title, 统计单位 row, data) of a sheet laid out as title / unit / header / data."""
    raw = pl.read_excel(path, engine="calamine", has_header=False, infer_schema_length=0)
    header = [str(h) for h in raw.row(2)]
    data = raw.slice(3)
    data.columns = header
    return str(raw.row(0)[0]), str(raw.row(1)[0]), data


def openpyxl_rows(path: Path, n: int = 5) -> list[tuple]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    rows = [r for _, r in zip(range(n), wb.worksheets[0].iter_rows(values_only=True))]
    wb.close()
    return rows


@functools.lru_cache(maxsize=None)
def read(path: Path) -> pl.DataFrame:
    """Every column as text (numbers as written)."""
    if path.suffix == ".xlsx":
        return read_xlsx(path)[2]
    text, _ = decode(path.read_bytes())
    return pl.read_csv(io.StringIO(text), infer_schema=False)


def files(root: Path, domain: str, keyword: str, codes=None, month: str | None = None) -> list[Path]:
    out = []
    for p in sorted((root / domain).iterdir()):
        m = NAME_RE.match(p.name)
        assert m, p.name
        if keyword not in m["keyword"]:
            continue
        if codes is not None and m["code"] not in codes:
            continue
        if month is not None and m["month"] != month:
            continue
        out.append(p)
    return out


def load(root: Path, domain: str, keyword: str, codes=None, month: str | None = None) -> pl.DataFrame:
    frames = []
    for p in files(root, domain, keyword, codes, month):
        m = NAME_RE.match(p.name)
        frames.append(read(p).with_columns(pl.lit(m["code"]).alias("_code"), pl.lit(m["month"]).alias("_month")))
    assert frames, (domain, keyword, codes, month)
    return pl.concat(frames, how="diagonal")


def dec(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64).round(2).cast(pl.Decimal(18, 2))


def total(df: pl.DataFrame, col: str) -> Decimal:
    return Decimal(str(df.select(dec(col).sum()).item()))


def count(df: pl.DataFrame, *predicates) -> int:
    return df.filter(*predicates).height if predicates else df.height


LANLING, YUEQING, LIANDU = ("371324",), ("330382",), ("331102",)
ZHOUSHAN = ("330902", "330903", "330921", "330922")
SHENZHEN = tuple(f"4403{i:02d}" for i in range(3, 12))
CITY_LEVEL = "440300"  # 深圳市本级: the city bureau's own deliveries


# ---------------------------------------------------------------------------
# inventory, contracts, formats
# ---------------------------------------------------------------------------

def test_inventory(out, runs):
    paths = runs[1]
    assert paths == sorted(paths) and all(p.is_file() for p in paths)
    by_domain = {}
    for p in paths:
        by_domain[p.parent.name] = by_domain.get(p.parent.name, 0) + 1
    assert by_domain == {"assistance": 344, "eldercare": 524, "funeral": 504, "organization": 188}
    assert len(paths) == 1560
    # 深圳市本级 delivers the registry of the institutions the city runs, every month of 2021
    assert [NAME_RE.match(p.name)["month"] for p in files(out, "eldercare", "养老机构名册", ("440300",))] == \
        [f"2021{m:02d}" for m in range(1, 13)]
    # 舟山: registries also at 2022-12, the other extracts only 2023-01..06
    assert len(files(out, "eldercare", "养老机构名册", ZHOUSHAN, "202212")) == 4
    assert len(files(out, "organization", "社会组织", ZHOUSHAN, "202212")) == 4
    assert len(files(out, "eldercare", "社区养老服务设施", ZHOUSHAN, "202212")) == 4
    assert not files(out, "assistance", "名册", ZHOUSHAN, "202212")
    # standards: one file per place and sample year, at the first month; 深圳 at city level
    assert [p.name for p in files(out, "assistance", "保障标准", ("440300",))] == ["440300_深圳市_救助保障标准_202101.csv"]
    assert len(files(out, "assistance", "保障标准")) == 8
    # village committees: one file per place, at the last month of its period
    vc = sorted(NAME_RE.match(p.name)["month"] for p in files(out, "organization", "委会"))
    assert vc == ["202112"] * 11 + ["202306"] * 4 + ["202412"]


def _contract_of(name: str, contracts) -> str:
    hits = [e for e, c in contracts.items() if any(k in name for k in c["file_keywords"])]
    assert len(hits) == 1, (name, hits)
    return hits[0]


def _norm(h: str) -> str:
    return re.sub(r"\((万元|元)\)$", "", h.strip())


def test_files_match_contracts(out, runs, contracts):
    seen = set()
    for p in runs[1]:
        extract = _contract_of(p.name, contracts)
        c = contracts[extract]
        assert c["domain"] == p.parent.name
        seen.add(extract)
        df = read(p)
        allowed = {}
        for f in c["fields"]:
            for h in [f["label_zh"], *f.get("headers", [])]:
                allowed[_norm(h)] = f["name"]
        names = [allowed.get(_norm(h)) for h in df.columns]
        assert None not in names, (p.name, df.columns)
        assert len(set(names)) == len(names), p.name
        required = {f["name"] for f in c["fields"] if f.get("required")}
        assert required <= set(names), (p.name, required - set(names))
        assert df.height > 0, p.name
        # enum values are canonical labels or listed synonyms
        for h, fname in zip(df.columns, names):
            f = next(x for x in c["fields"] if x["name"] == fname)
            if f["type"] == "enum":
                ok = set(map(str, f["values"])) | set(map(str, (f.get("synonyms") or {}).keys()))
                vals = set(df[h].drop_nulls().unique().to_list())
                assert vals <= ok, (p.name, h, vals - ok)
            if f["type"] == "boolean":
                assert set(df[h].drop_nulls().unique().to_list()) <= {"是", "否"}
    assert seen == set(contracts)


def test_month_columns_agree_with_file_month(out, runs, contracts):
    for p in runs[1]:
        c = contracts[_contract_of(p.name, contracts)]
        if "month_column" not in c:
            continue
        field = next(f for f in c["fields"] if f["name"] == c["month_column"])
        df = read(p)
        col = next(h for h in df.columns if _norm(h) in {field["label_zh"], *field["headers"]})
        months = set(df[col].str.replace("-", "").unique().to_list())
        assert months == {NAME_RE.match(p.name)["month"]}, (p.name, months)


def test_encodings_and_line_endings(out):
    def raw(codes):
        return [p.read_bytes() for p in files(out, "assistance", "名册", codes) + files(out, "assistance", "明细", codes)]

    for b in raw(LANLING):  # GBK, CRLF
        assert not b.startswith(codecs.BOM_UTF8)
        with pytest.raises(UnicodeDecodeError):
            b.decode("utf-8")
        assert decode(b)[1] == "gbk" and b"\r\n" in b and b.count(b"\n") == b.count(b"\r\n")
    lian = raw(LIANDU)
    for b in lian:  # GB18030 (not GBK), CRLF
        assert decode(b)[1] == "gb18030" and b.count(b"\n") == b.count(b"\r\n")
    assert any("𠮷" in b.decode("gb18030") for b in lian)
    for b in raw(YUEQING):
        assert b.startswith(codecs.BOM_UTF8) and b"\r\n" not in b
    for b in raw(SHENZHEN):
        assert not b.startswith(codecs.BOM_UTF8) and decode(b)[1] == "utf-8" and b"\r\n" not in b
    # every other CSV of a place uses the same encoding
    for p in (out / "funeral").iterdir():
        if p.suffix == ".csv" and p.name.startswith(LANLING):
            assert decode(p.read_bytes())[1] == "gbk"


def test_xlsx_layout(out):
    for p in files(out, "eldercare", "养老机构名册"):  # XLSX everywhere
        assert p.suffix == ".xlsx"
    for p in files(out, "assistance", "名册", ZHOUSHAN) + files(out, "funeral", "坟墓整治", ZHOUSHAN):
        assert p.suffix == ".xlsx"
    path = files(out, "eldercare", "养老机构名册", ("330902",), "202306")[0]
    title, unit, df = read_xlsx(path)
    assert title == "舟山市定海区2023年6月养老机构名册" and unit == "统计单位：元"
    assert df.columns[:3] == ["机构编码", "机构名称", "所在区划代码"]
    rows = openpyxl_rows(path)  # openpyxl reads the same layout, with typed numbers
    assert rows[0] == (title,) and rows[1] == (unit,) and list(rows[2]) == df.columns
    assert isinstance(rows[3][0], str) and isinstance(rows[3][4], int)
    roster = openpyxl_rows(files(out, "assistance", "名册", ("330902",), "202306")[0])
    assert isinstance(roster[3][7], (int, float)) and isinstance(roster[3][3], str)
    units = {NAME_RE.match(p.name)["code"]: read_xlsx(p)[1] for p in files(out, "assistance", "救助台账", ZHOUSHAN, "202306")}
    assert units == {"330902": "统计单位：元", "330903": "统计单位：元", "330921": "单位：万元", "330922": "统计单位：元"}


def test_two_runs_are_byte_identical(runs):
    first, paths, second, proc = runs
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert "1560 files" in stdout

    def digests(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    a, b = digests(first), digests(second)
    assert len(a) == 1560 and a == b


# ---------------------------------------------------------------------------
# personal data, codes and regions
# ---------------------------------------------------------------------------

def _id_ok(s: str) -> bool:
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))  # a real birth date
    return "10X98765432"[sum(int(c) * k for c, k in zip(s, w)) % 11] == s[17]


def _uscc_ok(s: str) -> bool:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(s) != 18 or s[0] != "5" or s[1] not in "123":
        return False
    org = s[8:17]
    v = [int(c, 36) for c in org[:8]]
    c9 = 11 - sum(a * b for a, b in zip(v, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
    if org[8] != {10: "X", 11: "0"}.get(c9, str(c9)):
        return False
    total_ = sum(chars.index(c) * pow(3, i, 31) for i, c in enumerate(s[:17]))
    return chars[(31 - total_ % 31) % 31] == s[17]


def test_identity_numbers(out):
    for codes, month, col in ((LANLING, "202112", "身份证号"), (LIANDU, "202412", "身份证号"),
                              (ZHOUSHAN, "202306", "身份证号"), (SHENZHEN, "202112", "身份证号码")):
        df = pl.concat([read(p).select(pl.col(col).alias("id"), pl.lit(NAME_RE.match(p.name)["code"]).alias("c"))
                        for p in files(out, "assistance", "发放", codes, month)])
        assert df["id"].n_unique() == df.height  # unique within a month
        assert df.filter(pl.col("id").str.slice(0, 6) != pl.col("c")).height == 0
        bad = [s for s in df["id"].to_list() if not _id_ok(s)]
        assert not bad, bad[:5]
    # stable identities: most December persons were paid in January too
    jan = set(read(files(out, "assistance", "花名册", LANLING, "202101")[0])["身份证号"].to_list())
    decm = set(read(files(out, "assistance", "花名册", LANLING, "202112")[0])["身份证号"].to_list())
    assert 0.9 < len(jan & decm) / len(decm) < 1.0


def test_bank_accounts_have_luhn_check(out):
    df = read(files(out, "assistance", "花名册", YUEQING, "202106")[0])
    for acct in df["账号"].unique().to_list()[:2000]:
        digits = [int(c) for c in acct][::-1]
        s = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(digits))
        assert len(acct) == 19 and s % 10 == 0, acct


def test_credit_codes(out):
    for p in files(out, "organization", "社会组织"):
        m = NAME_RE.match(p.name)
        if m["month"] not in ("202112", "202306", "202412"):
            continue
        df = read(p)
        codes = df["统一社会信用代码"].to_list()
        assert len(set(codes)) == len(codes)
        assert all(_uscc_ok(c) and c[2:8] == m["code"] for c in codes)
        types = {"1": {"社会团体"}, "2": {"社会服务机构", "民办非企业单位"}, "3": {"基金会"}}
        assert all(t in types[c[1]] for c, t in zip(codes, df["类型"].to_list()))


@pytest.fixture(scope="session")
def township_validity():
    rows = list(csv.DictReader(open(ROOT / "dbt_project/seeds/region_townships.csv", encoding="utf-8")))

    def valid(code: str, month: str) -> bool:
        day = dt.date(int(month[:4]), int(month[4:]), 1)
        for r in rows:
            if r["region_code"] == code:
                lo = dt.date.fromisoformat(r["valid_from"]) if r["valid_from"] else dt.date.min
                hi = dt.date.fromisoformat(r["valid_to"]) if r["valid_to"] else dt.date.max
                return lo <= day < hi
        return False

    return valid, {r["region_code"]: r["parent_code"] for r in rows}


REGION_COLUMNS = {
    "assistance": ("属地区划代码", "乡镇(街道)区划代码", "区划代码"),
    "eldercare": ("所在区划代码", "区划代码", "乡镇(街道)区划代码"),
    "funeral": ("区划代码", "乡镇(街道)区划代码"),
    "organization": ("乡镇(街道)区划代码", "登记管理机关区划代码"),
}


def test_region_codes(out, runs, township_validity):
    valid, parent = township_validity
    county_level = ("殡葬业务", "公墓名册", "社会组织", "保障标准")
    for p in runs[1]:
        m = NAME_RE.match(p.name)
        df = read(p)
        col = next(c for c in REGION_COLUMNS[p.parent.name] if c in df.columns)
        codes = set(df[col].unique().to_list())
        if any(k in m["keyword"] for k in county_level) or m["code"] == CITY_LEVEL:
            assert codes == {m["code"]}, (p.name, codes)  # a county's own rows, or 市本级's with the city's code
        else:
            for c in codes:
                assert len(c) == 9 and parent.get(c) == m["code"] and valid(c, m["month"]), (p.name, c)


# ---------------------------------------------------------------------------
# 兰陵县 371324, 2021
# ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def lanling_roster(out):
    return load(out, "assistance", "花名册", LANLING).with_columns(dec("保障金").alias("amt"))


DIBAO = pl.col("保障类别").is_in(["城市低保", "农村低保", "城镇低保"])
TEKUN = pl.col("保障类别").is_in(["特困集中供养", "特困分散供养"])


def test_lanling_roster_persons_and_funds(lanling_roster):
    df = lanling_roster
    dec_ = df.filter(pl.col("_month") == "202112")
    assert dec_.filter(DIBAO)["身份证号"].n_unique() == 32285
    assert dec_.filter(TEKUN)["身份证号"].n_unique() == 5595
    assert set(df["发放月份"].unique().to_list()) == {f"2021{m:02d}" for m in range(1, 13)}
    assert total(df.filter(DIBAO), "保障金") == Decimal("176041900.00")  # 17604.19 万元
    assert total(df.filter(TEKUN), "保障金") == Decimal("65958900.00")  # 6595.89 万元
    per_person_month = total(df.filter(DIBAO), "保障金") / df.filter(DIBAO).height
    assert 440 < per_person_month < 470
    assert df.filter(DIBAO)["保障金"].n_unique() > 100  # varies with the household
    monthly = df.filter(DIBAO).group_by("_month").agg(pl.col("身份证号").n_unique().alias("n")).sort("_month")["n"]
    assert monthly.n_unique() > 6 and (monthly.max() - monthly.min()) < 0.03 * monthly.max()


def test_lanling_household_size_and_self_care(lanling_roster):
    df = lanling_roster
    g = df.group_by("_month", "户编号").agg(pl.len().alias("n"), pl.col("户保障人数").cast(pl.Int64).min().alias("lo"),
                                         pl.col("户保障人数").cast(pl.Int64).max().alias("hi"))
    assert g.filter((pl.col("n") != pl.col("lo")) | (pl.col("n") != pl.col("hi"))).height == 0
    assert g["n"].max() >= 4
    assert df.filter(TEKUN & pl.col("生活自理能力").is_null()).height == 0
    assert df.filter(DIBAO & pl.col("生活自理能力").is_not_null()).height == 0
    disabled = df.filter((pl.col("_month") == "202112") & TEKUN & (pl.col("生活自理能力") == "完全失能"))
    central = disabled.filter(pl.col("保障类别") == "特困集中供养").height
    assert round(100 * central / disabled.height, 1) == 61.9


def test_lanling_relief_ledger(out):
    df = load(out, "assistance", "救助台账", LANLING)
    assert "救助金额(万元)" in df.columns
    tmp = df.filter(pl.col("救助类型") == "临时救助")
    assert tmp["救助人次"].cast(pl.Int64).sum() == 790
    assert total(tmp, "救助金额(万元)") == Decimal("275.85")
    assert tmp["救助金额(万元)"].str.contains(r"^\d+\.\d{2}$").all()
    med = df.filter(pl.col("救助类型") == "医疗救助")
    assert med["救助人次"].cast(pl.Int64).sum() > 1000


def test_lanling_elder_subsidies(out):
    df = load(out, "eldercare", "老年人补贴", LANLING)
    assert total(df.filter(pl.col("补贴类别") == "经济困难老年人生活补贴"), "发放金额") == Decimal("21214300.00")
    assert total(df.filter(pl.col("补贴类别") == "护理补贴"), "发放金额") == Decimal("163600.00")
    assert df.filter(pl.col("补贴类别") == "高龄津贴").height > 0


def test_lanling_institutions_and_facilities(out):
    inst = load(out, "eldercare", "养老机构名册", LANLING).filter(pl.col("状态") == "运营")
    nursing = inst.group_by("_month").agg(pl.col("护理型床位数").cast(pl.Int64).sum()).sort("_month")["护理型床位数"]
    assert nursing[-1] - nursing[0] == 50
    fac = load(out, "eldercare", "社区养老服务设施", LANLING, "202112")
    assert count(fac, pl.col("设施类型") == "街道综合养老服务中心") == 2
    day = fac.filter(pl.col("设施类型") == "居家养老服务照料中心")
    assert day.height == 2 and day["设施名称"].str.contains("社区老年人日间照料中心").all()


def test_lanling_village_committees(out):
    df = load(out, "organization", "委会", LANLING, "202112")
    n = df["村委会数"].cast(pl.Int64).sum() + df["居委会数"].cast(pl.Int64).sum()
    members, women = df["成员人数"].cast(pl.Int64).sum(), df["女性成员人数"].cast(pl.Int64).sum()
    assert (n, members, women) == (609, 2469, 762)
    assert round(100 * women / members, 2) == 30.86


def test_lanling_social_orgs_and_graves(out):
    orgs = load(out, "organization", "社会组织", LANLING, "202112")
    assert count(orgs, pl.col("状态") == "注销", pl.col("注销/撤销日期").str.starts_with("2021")) == 5
    assert count(orgs, pl.col("状态") == "撤销", pl.col("注销/撤销日期").str.starts_with("2021")) == 0
    graves = load(out, "funeral", "坟墓整治", LANLING, "202112").filter(pl.col("类型") == "私墓")
    done = graves.filter(pl.col("整治完成日期").is_not_null() & (pl.col("整治完成日期") <= "2021-12-31"))
    assert 40_000 < done.height < 45_000  # “4万余座”
    assert graves["排查日期"].min() >= "2020-03-01" and done["整治完成日期"].min() >= "2020-03-01"
    assert graves.filter(pl.col("整治完成日期") < pl.col("排查日期")).height == 0
    # the cumulative ledger grows month by month
    sizes = [read(p).height for p in files(out, "funeral", "坟墓整治", LANLING)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_lanling_standards(out):
    df = read(files(out, "assistance", "保障标准", LANLING)[0])
    rural = df.filter(pl.col("标准类型") == "农村低保标准")
    assert set(rural["计量单位"].to_list()) == {"元/人·年"}
    assert set(df.filter(pl.col("标准类型") == "城市低保标准")["计量单位"].to_list()) == {"元/人·月"}


# ---------------------------------------------------------------------------
# 乐清市 330382, 2021
# ---------------------------------------------------------------------------

def test_yueqing_roster(out):
    df = load(out, "assistance", "花名册", YUEQING)
    urban = df.filter(pl.col("保障类别") == "城镇低保")  # the 城市低保 synonym
    by_month = dict(urban.group_by("_month").agg(pl.col("身份证号").n_unique()).iter_rows())
    assert by_month["202111"] == 356 and by_month["202112"] == 356
    assert 3000 < df.filter((pl.col("_month") == "202112") & (pl.col("保障类别") == "农村低保")).height < 20000
    assert df.filter(pl.col("发放月份") == "2021-12").height > 0


def test_yueqing_institutions(out):
    df = load(out, "eldercare", "养老机构名册", YUEQING)
    counts = {m: dict(df.filter((pl.col("_month") == m) & (pl.col("状态") == "运营"))
                      .group_by("机构性质").len().iter_rows()) for m in df["_month"].unique().to_list()}
    assert counts["202112"] == {"公建民营": 6, "民办": 12, "公办": 12}
    for m in range(1, 9):
        assert counts[f"2021{m:02d}"] == {"公建民营": 1, "民办": 17, "公办": 17}
    closed = df.filter(pl.col("状态") == "停业")
    assert set(closed["_month"].unique().to_list()) == {f"2021{m:02d}" for m in range(9, 13)}
    assert closed.filter(pl.col("_month") == "202112").height == 5
    assert (closed["机构性质"] == "民办").all()
    handed = df.filter((pl.col("_month") == "202112") & (pl.col("机构性质") == "公建民营"))["机构名称"].to_list()
    for town in ("柳市镇", "北白象镇", "城南街道", "大荆镇"):
        assert any(town in n and "敬老院" in n for n in handed)


def test_yueqing_facilities_cemeteries_graves_orgs(out):
    fac = load(out, "eldercare", "社区养老服务设施", YUEQING, "202112")
    assert count(fac, pl.col("设施类型") == "居家养老服务照料中心") == 203
    cem = load(out, "funeral", "公墓名册", YUEQING)
    dec_ = cem.filter(pl.col("_month") == "202112")
    assert count(dec_, pl.col("批准日期").str.starts_with("2021")) == 24
    assert count(dec_, pl.col("公墓性质") == "经营性") == 2
    inspected = cem.filter(pl.col("年检年度") == "2021")
    assert inspected.height > 0 and (inspected["年检结果"] == "合格").all()
    graves = load(out, "funeral", "坟墓整治", YUEQING, "202112")
    in_2021 = pl.col("整治完成日期").str.starts_with("2021")
    assert count(graves, pl.col("类型") == "私墓", pl.col("整治类别") == "禁新治理", in_2021) == 587
    assert 200 <= count(graves, pl.col("类型") == "私墓", pl.col("整治类别") == "两路两侧", in_2021) < 300
    orgs = load(out, "organization", "社会组织", YUEQING, "202112")
    assert count(orgs, pl.col("评估等级").is_not_null()) == 17
    assert (orgs.filter(pl.col("评估等级").is_not_null())["状态"] == "正常").all()


# ---------------------------------------------------------------------------
# 舟山市 (330902 330903 330921 330922), 2023 H1
# ---------------------------------------------------------------------------

def test_zhoushan_graves(out):
    df = load(out, "funeral", "坟墓整治", ZHOUSHAN, "202306")
    graves, sites = df.filter(pl.col("类型") == "私墓"), df.filter(pl.col("类型") == "墓地")
    assert (graves.height, count(graves, pl.col("整治完成日期").is_not_null())) == (143, 138)
    assert (sites.height, count(sites, pl.col("整治完成日期").is_not_null())) == (2, 2)
    assert round(100 * 138 / 143, 1) == 96.5


def test_zhoushan_meal_services(out):
    fac = load(out, "eldercare", "社区养老服务设施", ZHOUSHAN, "202306")
    xf = fac.filter(pl.col("服务品牌") == "幸福食堂")
    assert xf.height == 11
    assert count(xf, pl.col("建成日期") >= "2023-01-01", pl.col("建成日期") <= "2023-06-30") == 7
    served = fac.filter(pl.col("设施类型") == "助餐点")["服务村(社区)数"].cast(pl.Int64).sum()
    vc = load(out, "organization", "委会", ZHOUSHAN, "202306")
    committees = vc["村委会数"].cast(pl.Int64).sum() + vc["居委会数"].cast(pl.Int64).sum()
    assert (served, committees) == (390, 451)
    assert round(100 * served / committees, 2) == 86.47
    before = load(out, "eldercare", "社区养老服务设施", ZHOUSHAN, "202212")
    assert count(before, pl.col("服务品牌") == "幸福食堂") == 4


def test_zhoushan_charities(out):
    def charities(month):
        df = load(out, "organization", "社会组织", ZHOUSHAN, month)
        return df.filter((pl.col("是否慈善组织") == "是") & (pl.col("状态") == "正常"))

    june = charities("202306")
    assert june.height == 34
    assert count(june, pl.col("慈善组织认定日期") >= "2023-01-01", pl.col("慈善组织认定日期") <= "2023-06-30") == 9
    assert charities("202212").height == 25


def test_zhoushan_institutions(out):
    df = load(out, "eldercare", "养老机构名册", ZHOUSHAN).filter(pl.col("状态") == "运营")
    s = df.group_by("_month").agg(pl.col("认知障碍照护床位数").cast(pl.Int64).sum().alias("dem"),
                                  pl.col("持证护理员数").cast(pl.Int64).sum().alias("care"))
    s = {m: (d, c) for m, d, c in s.iter_rows()}
    assert s["202306"][0] - s["202212"][0] == 197
    assert s["202306"][1] - s["202212"][1] == 169


# ---------------------------------------------------------------------------
# 深圳市 (440303..440311), 2021
# ---------------------------------------------------------------------------

def test_shenzhen_standards(out):
    df = read(files(out, "assistance", "保障标准", ("440300",))[0])
    rows = set(df.select("标准类型", "标准金额", "计量单位", "生效日期").iter_rows())
    assert {("城市低保标准", "1300.00", "元/人·月", "2021-07-01"), ("城市低保标准", "1160.00", "元/人·月", "2020-07-01"),
            ("低保边缘标准", "1950.00", "元/人·月", "2021-07-01"), ("特困供养标准", "2080.00", "元/人·月", "2021-07-01")} <= rows
    assert set(df["区划代码"].to_list()) == {"440300"}


def test_shenzhen_eldercare(out):
    inst = load(out, "eldercare", "养老机构名册", SHENZHEN + (CITY_LEVEL,), "202112")
    assert count(inst, pl.col("状态") == "运营") == 71  # 70 in the districts' files, 1 run by the city
    assert set(inst["_code"].unique().to_list()) == set(SHENZHEN) | {CITY_LEVEL}
    city = inst.filter(pl.col("_code") == CITY_LEVEL)
    assert city["机构名称"].to_list() == ["深圳市社会福利中心"] and city["所在区划代码"].to_list() == [CITY_LEVEL]
    assert city["机构编码"].to_list() == ["YL4403000001"] and city["机构性质"].to_list() == ["公办"]
    assert inst.filter(pl.col("_code") == "440304").height == 7
    fac = load(out, "eldercare", "社区养老服务设施", SHENZHEN, "202112")
    assert count(fac, pl.col("设施类型") == "街道综合养老服务中心") == 26
    assert count(fac, pl.col("设施类型") == "社区养老服务机构") == 162
    assert count(fac, pl.col("设施类型") == "助餐点", pl.col("服务品牌") == "长者饭堂") == 360


def test_shenzhen_roster_and_orgs(out):
    df = load(out, "assistance", "发放明细", SHENZHEN)
    assert total(df, "保障金额") == Decimal("56050000.00")  # 约5605万元
    dec_persons = df.filter(pl.col("_month") == "202112")["身份证号码"].n_unique()
    assert 7000 < dec_persons < 9000
    orgs = load(out, "organization", "社会组织", SHENZHEN, "202112")
    assert 11_000 < count(orgs, pl.col("状态") == "正常") < 15_000


# ---------------------------------------------------------------------------
# 莲都区 331102, 2024
# ---------------------------------------------------------------------------

def test_liandu(out):
    roster = load(out, "assistance", "花名册", LIANDU)
    dibao = roster.filter(DIBAO)
    assert dibao.height > 0 and dibao["分类施保类别"].is_in(["A类", "B类"]).all()
    assert roster.filter(TEKUN)["分类施保类别"].is_null().all()
    dec_ = dibao.filter(pl.col("_month") == "202412")
    assert 4000 < dec_.height < 6000
    a = count(dec_, pl.col("分类施保类别") == "A类")
    assert 0 < a < dec_.height / 2
    inst = load(out, "eldercare", "养老机构名册", LIANDU, "202412")
    public = inst.filter(pl.col("机构性质") == "公办")["机构名称"].to_list()
    for name in ("幸福敬老院", "郑榴娟敬老院", "双黄敬老院", "老竹敬老院"):
        assert any(n.endswith(name) for n in public), name
    graves = load(out, "funeral", "坟墓整治", LIANDU)
    assert set(graves["区划代码"].unique().to_list()) == {"331102102", "331102103"}  # 碧湖镇, 大港头镇
    ledger = load(out, "assistance", "救助台账", LIANDU).filter(pl.col("救助类型") == "临时救助")
    lc = ledger.filter(pl.col("乡镇(街道)区划代码").is_in(["331102101", "331102007"]))
    codes = dict(lc.group_by("_month").agg(pl.col("乡镇(街道)区划代码").unique()).iter_rows())
    for m in range(1, 13):
        assert list(codes[f"2024{m:02d}"]) == (["331102101"] if m <= 6 else ["331102007"])
    names = dict(lc.select("_month", "乡镇(街道)名称").unique().iter_rows())
    assert names["202406"] == "联城镇" and names["202407"] == "联城街道"


# ---------------------------------------------------------------------------
# plausibility everywhere
# ---------------------------------------------------------------------------

def test_funeral_statistics_plausible(out):
    df = load(out, "funeral", "殡葬")
    d, c, e = (df[x].cast(pl.Int64) for x in ("死亡人数", "火化数", "生态安葬数"))
    assert (d > 0).all() and (c <= d).all() and (e <= c).all()
    assert df.height == 12 + 12 + 24 + 12 + 108


def test_registry_snapshots_consistent(out):
    for code in ("330382", "371324", "330902", "331102", "440307"):
        for domain, keyword, key in (("eldercare", "养老机构名册", "机构编码"), ("organization", "社会组织", "统一社会信用代码"),
                                     ("eldercare", "社区养老服务设施", "设施编码"), ("funeral", "公墓名册", "公墓编码")):
            snaps = [read(p) for p in files(out, domain, keyword, (code,))]
            for df in snaps:
                assert df[key].n_unique() == df.height
            # month-end registries only grow (closed entries stay listed)
            for a, b in zip(snaps, snaps[1:]):
                assert set(a[key].to_list()) <= set(b[key].to_list())
    inst = load(out, "eldercare", "养老机构名册")
    for a, b in (("在院老人数", "床位数"), ("护理型床位数", "床位数"), ("认知障碍照护床位数", "护理型床位数")):
        assert (inst[a].cast(pl.Int64) <= inst[b].cast(pl.Int64)).all(), a
    vc = load(out, "organization", "委会")
    assert (vc["女性成员人数"].cast(pl.Int64) <= vc["成员人数"].cast(pl.Int64)).all()
