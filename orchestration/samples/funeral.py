"""Funeral (殡葬): monthly statistics, the cemetery registry and the grave-remediation ledger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .common import date_str, month_end, np_date, random_dates, rng_for
from .eldercare import _village_names
from .formats import title_month, write_table
from .places import Area, Place, Township, code_matrix, kind_weights

DOMAIN = "funeral"

# ---------------------------------------------------------------------------
# Monthly statistics (one row per county/district per month)
# ---------------------------------------------------------------------------
# deaths per month (average), cremation rate, eco-burial share of cremations
FUNERAL: dict[str, tuple[int, float, float]] = {
    "330382": (760, 0.995, 0.12), "371324": (780, 0.96, 0.05),
    "330902": (190, 1.0, 0.22), "330903": (150, 1.0, 0.28), "330921": (90, 1.0, 0.25), "330922": (33, 1.0, 0.35),
    "331102": (330, 0.97, 0.08),
    "440303": (120, 1.0, 0.2), "440304": (150, 1.0, 0.22), "440305": (140, 1.0, 0.22), "440306": (260, 1.0, 0.18),
    "440307": (280, 1.0, 0.18), "440308": (25, 1.0, 0.3), "440309": (140, 1.0, 0.18), "440310": (45, 1.0, 0.2),
    "440311": (55, 1.0, 0.2),
}
SEASON = {1: 1.3, 2: 1.15, 3: 1.05, 4: 0.95, 5: 0.9, 6: 0.88, 7: 0.88, 8: 0.9, 9: 0.9, 10: 0.95, 11: 1.05, 12: 1.2}


def write_funeral_statistics(out_dir: Path, area: Area, seed: int) -> list[Path]:
    paths = []
    for place in area.places:
        rng = rng_for(seed, "funeral_statistics", place.code)
        mean, crem_rate, eco_rate = FUNERAL[place.code]
        for month in area.months:
            deaths = int(rng.poisson(mean * SEASON[int(month[5:])]))
            cremations = int(rng.binomial(deaths, crem_rate))
            eco = int(rng.binomial(cremations, eco_rate))
            df = pl.DataFrame({"区划代码": [place.code], "地区": [place.full_name], "死亡人数": [deaths],
                               "火化数": [cremations], "生态安葬数": [eco],
                               "统计月份": [area.month_label(month)]})
            paths.append(write_table(out_dir, DOMAIN, area, place, "殡葬业务统计月报", month, df))
    return paths


# ---------------------------------------------------------------------------
# Cemetery registry (公墓名册): month-end snapshots at county level
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CemeterySpec:
    public_before: int
    commercial: int  # 经营性, all approved long ago
    new: int  # 公益性 approved during the period
    inspection_month: int | None  # month index of the period's annual inspection (None: not in period)
    all_pass: bool = False  # every cemetery inspected in the period passes


CEMETERIES: dict[str, CemeterySpec] = {
    "330382": CemeterySpec(96, 2, 24, 9, all_pass=True),  # 审批公墓24座, 经营性2处, 年检合格率100%
    "371324": CemeterySpec(32, 1, 3, 8),
    "330902": CemeterySpec(7, 1, 1, None), "330903": CemeterySpec(8, 1, 0, None),
    "330921": CemeterySpec(5, 0, 1, None), "330922": CemeterySpec(3, 0, 0, None),
    "331102": CemeterySpec(17, 1, 4, 10),
    "440303": CemeterySpec(1, 0, 0, 5), "440304": CemeterySpec(1, 0, 0, 5), "440305": CemeterySpec(2, 0, 0, 5),
    "440306": CemeterySpec(3, 0, 0, 5), "440307": CemeterySpec(2, 1, 0, 5), "440308": CemeterySpec(1, 0, 0, 5),
    "440309": CemeterySpec(2, 0, 0, 5), "440310": CemeterySpec(2, 0, 0, 5), "440311": CemeterySpec(2, 0, 0, 5),
}
CEMETERY_KINDS = ("公益性公墓", "生态公墓", "公益性骨灰堂", "纪念园")
COMMERCIAL_KINDS = ("陵园", "永久墓园")


def _cemeteries(area: Area, place: Place, towns, seed: int) -> dict[str, np.ndarray]:
    spec = CEMETERIES[place.code]
    rng = rng_for(seed, "cemeteries", place.code)
    year = int(area.months[0][:4])
    p0 = np_date(area.months[0] + "-01")
    n = spec.public_before + spec.commercial + spec.new
    approved = np.concatenate([
        random_dates(rng, "2008-01-01", f"{year - 1}-12-31", spec.public_before),
        random_dates(rng, "1996-01-01", "2006-12-31", spec.commercial),
        # spread over the months of the period
        np.sort(np_date(area.months[0] + "-01")
                + (np.linspace(0, len(area.months) * 30.4 - 5, spec.new) + rng.integers(0, 4, spec.new))
                .astype(int).astype("timedelta64[D]")) if spec.new else np.zeros(0, dtype="datetime64[D]"),
    ])
    kind = np.array(["公益性"] * spec.public_before + ["经营性"] * spec.commercial + ["公益性"] * spec.new)
    town = rng.integers(0, len(towns), n)
    villages = _village_names(rng, n)
    names = []
    for i in range(n):
        t = towns[town[i]].versions[-1].name
        if kind[i] == "经营性":
            names.append(f"{place.full_name}{villages[i]}{COMMERCIAL_KINDS[i % 2]}")
        else:
            names.append(f"{place.full_name}{t}{villages[i]}{CEMETERY_KINDS[i % len(CEMETERY_KINDS)]}")
    # inspections: the previous year's result for cemeteries approved before its July, and the
    # period year's result from its inspection month on
    prev_res = np.where(rng.random(n) < 0.92, "合格", np.where(rng.random(n) < 0.6, "不合格", "未检"))
    if spec.all_pass:
        cur_res = np.full(n, "合格")
    else:
        cur_res = np.where(rng.random(n) < 0.95, "合格", "不合格")
    insp_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if spec.inspection_month is not None:
        m = area.months[spec.inspection_month]
        insp_date = random_dates(rng, m + "-01", m + "-28", n)
    order = np.argsort(approved, kind="stable")
    out = dict(name=np.array(names, dtype=object), kind=kind, approved=approved, prev_res=prev_res,
               cur_res=cur_res, insp_date=insp_date)
    out = {k: v[order] for k, v in out.items()}
    out["id"] = np.array([f"GM{place.code}{i + 1:04d}" for i in range(n)])
    out["year"] = year
    out["p0"] = p0
    return out


def write_cemeteries(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    paths = []
    for place in area.places:
        c = _cemeteries(area, place, townships[place.code], seed)
        y = c["year"]
        for month in area.months:
            d = np_date(month_end(month))
            keep = c["approved"] <= d
            cur = (~np.isnat(c["insp_date"])) & (c["insp_date"] <= d) & (c["approved"] < np_date(f"{y}-07-01"))
            prev = c["approved"] < np_date(f"{y - 1}-07-01")
            year = np.where(cur, str(y), np.where(prev, str(y - 1), ""))
            res = np.where(cur, c["cur_res"], np.where(prev, c["prev_res"], ""))
            df = pl.DataFrame({
                "公墓编码": c["id"][keep], "公墓名称": c["name"][keep].astype(str),
                "区划代码": np.full(int(keep.sum()), place.code),
                "公墓性质": c["kind"][keep], "批准日期": date_str(c["approved"][keep]),
                "年检年度": year[keep], "年检结果": res[keep],
            }).with_columns(
                pl.col("年检年度").replace("", None).cast(pl.Int64), pl.col("年检结果").replace("", None))
            paths.append(write_table(out_dir, DOMAIN, area, place, "公墓名册", month, df,
                                     title=f"{place.full_name}{title_month(month)}公墓名册"))
    return paths


# ---------------------------------------------------------------------------
# Grave remediation ledger (坟墓整治台账): cumulative, one row per grave, month-end snapshots
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GraveBlock:
    kind: str  # 私墓 | 墓地
    campaign: str
    n: int
    ident: tuple[str, str]  # identification dates (first, last)
    mode: str  # lag: remediated after a lag; rem: remediated in ``rem``; pending: not remediated
    pending: int = 0  # lag mode: the latest-identified ``pending`` rows are not remediated
    cap: str | None = None  # lag mode: remediation never after this date
    rem: tuple[str, str] | None = None
    towns: tuple[str, ...] = ()  # restrict to these township stems
    front_loaded: bool = False


LANLING_CAMPAIGN = "散葬坟墓专项整治"
YUEQING_ROADS = ("柳市", "北白象", "虹桥", "淡溪", "大荆", "雁荡", "芙蓉", "清江", "南岳", "城东", "乐成", "翁垟")
GRAVES: dict[str, tuple[GraveBlock, ...]] = {
    # 兰陵: since 2020-03, 4万余座 remediated by the end of 2021 (42,367 of 43,120 identified)
    "371324": (GraveBlock("私墓", LANLING_CAMPAIGN, 43_120, ("2020-03-01", "2021-12-20"), "lag", pending=753,
                          cap="2021-12-31", front_loaded=True),),
    # 乐清: 禁新治理 587 remediated in 2021; 两路两侧 200多座 (236) in 2021
    "330382": (
        GraveBlock("私墓", "禁新治理", 410, ("2020-01-05", "2020-11-30"), "lag", cap="2020-12-31"),
        GraveBlock("私墓", "禁新治理", 587, ("", ""), "rem", rem=("2021-01-04", "2021-12-28")),
        GraveBlock("私墓", "禁新治理", 38, ("2021-10-08", "2021-12-29"), "pending"),
        GraveBlock("私墓", "两路两侧", 236, ("", ""), "rem", rem=("2021-03-01", "2021-12-25"), towns=YUEQING_ROADS),
        GraveBlock("私墓", "两路两侧", 54, ("2021-06-01", "2021-12-27"), "pending", towns=YUEQING_ROADS),
        GraveBlock("墓地", "两路两侧", 3, ("", ""), "rem", rem=("2021-04-01", "2021-11-30"), towns=YUEQING_ROADS),
    ),
    # 舟山: 143 私墓 identified, 138 remediated; 2 墓地 identified and remediated by 2023-06
    "330902": (GraveBlock("私墓", "两路两侧青山白化", 50, ("2022-09-01", "2023-05-31"), "lag", pending=2,
                          cap="2023-06-30"),
               GraveBlock("墓地", "两路两侧青山白化", 1, ("2022-10-01", "2023-03-31"), "lag", cap="2023-06-30")),
    "330903": (GraveBlock("私墓", "两路两侧青山白化", 45, ("2022-09-01", "2023-05-31"), "lag", pending=1,
                          cap="2023-06-30"),
               GraveBlock("墓地", "两路两侧青山白化", 1, ("2022-10-01", "2023-03-31"), "lag", cap="2023-06-30")),
    "330921": (GraveBlock("私墓", "两路两侧青山白化", 30, ("2022-09-01", "2023-05-31"), "lag", pending=1,
                          cap="2023-06-30"),),
    "330922": (GraveBlock("私墓", "两路两侧青山白化", 18, ("2022-09-01", "2023-05-31"), "lag", pending=1,
                          cap="2023-06-30"),),
    # 莲都: “三沿” graves in 大港头镇 and 碧湖镇
    "331102": (GraveBlock("私墓", "三沿坟墓治理", 1_860, ("2023-10-01", "2024-09-30"), "lag", pending=158,
                          cap="2024-12-31", towns=("大港头", "碧湖")),),
}
for _code, _n, _sites in (("440303", 12, 0), ("440304", 6, 0), ("440305", 18, 0), ("440306", 85, 2),
                          ("440307", 120, 3), ("440308", 10, 0), ("440309", 60, 0), ("440310", 70, 1),
                          ("440311", 75, 0)):
    GRAVES[_code] = tuple(
        [GraveBlock("私墓", "安葬设施违规建设专项整治", _n, ("2020-06-01", "2021-11-30"), "lag",
                    pending=max(1, _n // 7), cap="2021-12-31", front_loaded=True)]
        + ([GraveBlock("墓地", "安葬设施违规建设专项整治", _sites, ("2021-02-01", "2021-09-30"), "lag",
                       cap="2021-12-31")] if _sites else []))


def _grave_block(rng, b: GraveBlock, towns: tuple[Township, ...]) -> dict[str, np.ndarray]:
    n = b.n
    if b.towns:
        pool = np.array([i for i, t in enumerate(towns) if t.stem in b.towns])
        town = pool[rng.integers(0, pool.size, n)]
    else:
        w = kind_weights(towns, 0.3, 1.0, 1.2) * rng.uniform(0.5, 1.5, len(towns))
        town = rng.choice(len(towns), size=n, p=w / w.sum())
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    if b.mode == "rem":
        rem = random_dates(rng, b.rem[0], b.rem[1], n)
        ident = rem - rng.integers(0, 40, n).astype("timedelta64[D]")
        return dict(town=town, ident=ident, rem=rem)
    a, z = np_date(b.ident[0]), np_date(b.ident[1])
    span = int((z - a).astype(int)) + 1
    p = np.linspace(2.0, 0.5, span) if b.front_loaded else None
    ident = random_dates(rng, a, z, n, None if p is None else p / p.sum())
    ident[0] = a  # the ledger is never empty from the block's first day on
    if b.mode == "pending":
        return dict(town=town, ident=ident, rem=nat)
    lag = np.rint(rng.exponential(20.0, n)).astype(np.int64) + 1
    rem = np.minimum(ident + lag.astype("timedelta64[D]"), np_date(b.cap))
    if b.pending:
        latest = np.argsort(ident, kind="stable")[-3 * b.pending:]
        rem[rng.choice(latest, size=b.pending, replace=False)] = np.datetime64("NaT")
    return dict(town=town, ident=ident, rem=rem)


def _grave_ledger(area: Area, place: Place, towns, seed: int) -> dict[str, np.ndarray]:
    rng = rng_for(seed, "grave_remediation", place.code)
    parts = []
    for b in GRAVES[place.code]:
        g = _grave_block(rng, b, towns)
        g["kind"] = np.full(b.n, b.kind)
        g["campaign"] = np.full(b.n, b.campaign)
        parts.append(g)
    led = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((led["town"], led["ident"]))
    led = {k: v[order] for k, v in led.items()}
    led["id"] = np.char.add(f"FM{place.code}", np.char.zfill(np.arange(1, order.size + 1).astype(str), 6))
    return led


def write_grave_remediation(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    keyword = {"liandu": "三沿坟墓整治台账", "shenzhen": "散葬坟墓整治台账"}.get(area.key, "坟墓整治台账")
    region_header = "乡镇(街道)区划代码" if area.key == "shenzhen" else "区划代码"
    paths = []
    for place in area.places:
        towns = townships[place.code]
        led = _grave_ledger(area, place, towns, seed)
        codes = code_matrix(towns, area.months)
        ledger = pl.DataFrame({
            "id": led["id"], "town": led["town"].astype(np.int64), "kind": led["kind"],
            "campaign": led["campaign"], "ident": led["ident"], "rem": led["rem"],
        })
        for t, month in enumerate(area.months):
            d = np_date(month_end(month)).astype(object)
            snap = ledger.filter(pl.col("ident") <= d)
            region = pl.Series(codes[:, t])[snap["town"]] if snap.height else pl.Series([], dtype=pl.Utf8)
            df = snap.select(
                pl.col("id").alias("台账编号"),
                region.alias(region_header),
                pl.col("kind").alias("类型"),
                pl.col("campaign").alias("整治类别"),
                pl.col("ident").cast(pl.Utf8).alias("排查日期"),
                pl.when(pl.col("rem") <= d).then(pl.col("rem").cast(pl.Utf8)).alias("整治完成日期"),
            )
            paths.append(write_table(out_dir, DOMAIN, area, place, keyword, month, df,
                                     title=f"{place.full_name}{title_month(month)}坟墓整治台账"))
    return paths


def generate(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    return (write_funeral_statistics(out_dir, area, seed)
            + write_cemeteries(out_dir, area, townships, seed)
            + write_grave_remediation(out_dir, area, townships, seed))
