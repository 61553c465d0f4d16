"""Eldercare (养老服务): institution registry, community facilities and elder subsidies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .common import date_str, month_end, np_date, random_dates, rng_for, split_int
from .formats import cents_to_str, title_month, write_table
from .organization import committees_by_township
from .places import Area, Place, Township, code_matrix, kind_weights

DOMAIN = "eldercare"

# ---------------------------------------------------------------------------
# Institutions (养老机构名册): month-end snapshots, XLSX everywhere
# ---------------------------------------------------------------------------


@dataclass
class _Inst:
    place: int
    town: int
    name: str
    ownership: list[str]
    status: list[str | None]  # None: not (yet) in the registry
    beds: np.ndarray
    nursing: np.ndarray
    dementia: np.ndarray
    residents: np.ndarray
    caregivers: np.ndarray
    city_level: bool = False  # run by the city (市本级): in the city bureau's file, with the city's code


def _inst(rng, T, place, town, name, owner, beds, nursing_share, dementia=0, occupancy=0.75,
          staff_ratio=6.0, opens=0) -> _Inst:
    nursing = int(round(beds * nursing_share))
    occ = np.clip(occupancy + 0.3 * rng.normal(0, 0.03, T).cumsum(), 0.2, 0.97)
    return _Inst(
        place=place, town=town, name=name, ownership=[owner] * T,
        status=[None] * opens + ["运营"] * (T - opens),
        beds=np.full(T, beds), nursing=np.full(T, nursing), dementia=np.full(T, min(dementia, nursing)),
        residents=np.rint(beds * occ).astype(np.int64),
        caregivers=np.full(T, max(2, int(round(beds * occupancy / staff_ratio)))),
    )


def _town_index(towns: tuple[Township, ...]) -> dict[str, int]:
    out = {}
    for i, t in enumerate(towns):
        for v in t.versions:
            out[v.name] = i
        out[t.stem] = i
    return out


def _beds(rng, lo, hi, step=10) -> int:
    return int(rng.integers(lo // step, hi // step + 1)) * step


def _yueqing_institutions(area: Area, townships, rng) -> list[_Inst]:
    T = len(area.registry_months)
    towns = townships["330382"]
    ti = _town_index(towns)
    out = []
    # 5 公办 敬老院 handed to operators (公建民营) in Sep–Dec 2021
    for town, month in (("柳市镇", 8), ("北白象镇", 9), ("城南街道", 9), ("大荆镇", 10), ("虹桥镇", 11)):
        inst = _inst(rng, T, 0, ti[town], f"乐清市{town}敬老院", "公办", _beds(rng, 80, 160), 0.3, occupancy=0.8)
        inst.ownership = ["公办"] * month + ["公建民营"] * (T - month)
        out.append(inst)
    out.append(_inst(rng, T, 0, ti["乐成街道"], "乐清市社会福利院", "公办", 320, 0.55, dementia=30, occupancy=0.85))
    for town in ("清江镇", "芙蓉镇", "雁荡镇", "仙溪镇", "湖雾镇", "南塘镇", "南岳镇", "蒲岐镇", "盘石镇",
                 "翁垟街道", "天成街道"):
        out.append(_inst(rng, T, 0, ti[town], f"乐清市{town}敬老院", "公办", _beds(rng, 50, 140), 0.25, occupancy=0.75))
    # 淡溪镇四都敬老院: 公建民营 since 2020
    out.append(_inst(rng, T, 0, ti["淡溪镇"], "乐清市淡溪镇四都敬老院", "公建民营", 120, 0.4, occupancy=0.85))
    private = (("乐清市老来福休养中心", "淡溪镇"), ("乐清市康宁老年公寓", "乐成街道"), ("乐清市颐乐园养老院", "城东街道"),
               ("乐清市福康老年公寓", "柳市镇"), ("乐清市长乐颐养院", "北白象镇"), ("乐清市松柏老年公寓", "虹桥镇"),
               ("乐清市夕阳红养老院", "盐盆街道"), ("乐清市安泰养老院", "白石街道"), ("乐清市仁爱老年公寓", "石帆街道"),
               ("乐清市和顺颐养中心", "天成街道"), ("乐清市鸿福老年公寓", "清江镇"), ("乐清市慈孝养老院", "芙蓉镇"))
    for name, town in private:
        out.append(_inst(rng, T, 0, ti[town], name, "民办", _beds(rng, 40, 200), 0.45, occupancy=0.7))
    # 5 民办 without the means to meet fire-safety rules, closed by the end of September 2021
    for name, town in (("乐清市怡然老年公寓", "柳市镇"), ("乐清市福星养老院", "虹桥镇"), ("乐清市永康老年公寓", "大荆镇"),
                       ("乐清市百岁养老院", "南岳镇"), ("乐清市康乐老人之家", "蒲岐镇")):
        inst = _inst(rng, T, 0, ti[town], name, "民办", _beds(rng, 20, 60), 0.2, occupancy=0.6)
        inst.status = ["运营"] * 8 + ["停业"] * (T - 8)
        inst.residents[8:] = 0
        out.append(inst)
    return out


def _lanling_institutions(area: Area, townships, rng) -> list[_Inst]:
    T = len(area.registry_months)
    towns = townships["371324"]
    ti = _town_index(towns)
    out = [_inst(rng, T, 0, ti["苍山街道"], "兰陵县社会福利中心", "公办", 300, 0.5, dementia=20, occupancy=0.8)]
    for i, t in enumerate(towns):
        if t.versions[-1].name == "苍山街道":
            continue
        name = f"兰陵县{t.versions[-1].name}{'中心' if t.kind == '镇' and i % 3 == 0 else ''}敬老院"
        inst = _inst(rng, T, 0, i, name, "公办", _beds(rng, 90, 200), float(rng.uniform(0.15, 0.3)),
                     occupancy=float(rng.uniform(0.78, 0.92)), staff_ratio=8.0)
        if t.stem == "长城":  # 提升改造乡镇敬老院1处，增加护理型床位50张 (from August)
            inst.nursing[7:] += 50
        out.append(inst)
    private = (("兰陵县康华社会养老护理服务中心", "卞庄街道"), ("兰陵县颐和园养老中心", "苍山街道"),
               ("兰陵县福寿康养老院", "卞庄街道"), ("兰陵县仁和老年公寓", "向城镇"), ("兰陵县德馨养老服务中心", "长城镇"),
               ("兰陵县夕阳红老年公寓", "兰陵镇"), ("兰陵县安康颐养院", "神山镇"), ("兰陵县松鹤养老院", "车辋镇"),
               ("兰陵县泰和医养中心", "苍山街道"), ("兰陵县春晖老年公寓", "鲁城镇"))
    for name, town in private:
        out.append(_inst(rng, T, 0, ti[town], name, "民办", _beds(rng, 50, 260), float(rng.uniform(0.3, 0.6)),
                         occupancy=0.65))
    return out


def _zhoushan_institutions(area: Area, townships, rng) -> list[_Inst]:
    T = len(area.registry_months)  # 2022-12 + 2023-01..06
    out: list[_Inst] = []
    counts = {"330902": 24, "330903": 21, "330921": 15, "330922": 9}
    for p_idx, place in enumerate(area.places):
        towns = townships[place.code]
        prefix = place.full_name
        out.append(_inst(rng, T, p_idx, 0, f"{prefix}社会福利中心", "公办", _beds(rng, 200, 400), 0.6,
                         dementia=int(rng.integers(10, 30)), occupancy=0.8))
        n_rest = counts[place.code] - 1
        for k in range(n_rest):
            town = k % len(towns)
            tname = towns[town].versions[-1].name
            if k < len(towns):
                owner = "公办" if rng.random() < 0.5 else "公建民营"
                name = f"{prefix}{tname}敬老院"
                beds = _beds(rng, 40, 150)
            else:
                owner = "民办"
                brand = ("康乐", "颐康", "福寿", "海韵", "安康", "仁和", "长寿", "夕阳红", "慈航", "同心", "乐龄", "东海")[k % 12]
                name = f"{prefix}{brand}{('养老院', '颐养院', '老年公寓', '康养中心')[k % 4]}"
                beds = _beds(rng, 30, 220)
            dementia = int(rng.integers(5, 30)) if rng.random() < 0.4 else 0
            out.append(_inst(rng, T, p_idx, town, name, owner, beds, float(rng.uniform(0.35, 0.65)),
                             dementia=dementia, occupancy=float(rng.uniform(0.6, 0.85))))
    # H1 2023: new dementia care beds +197 and certified caregivers +169 over 2022-12
    existing = list(range(len(out)))
    dinghai = area.places.index(next(p for p in area.places if p.code == "330902"))
    putuo = area.places.index(next(p for p in area.places if p.code == "330903"))
    new1 = _inst(rng, T, dinghai, 3, "舟山市定海区中交仁逸康养中心", "民办", 300, 0.7, dementia=40,
                 occupancy=0.3, opens=4)
    new1.caregivers[:] = 22
    new2 = _inst(rng, T, putuo, 0, "舟山市普陀区海福社会福利中心", "公办", 260, 0.7, dementia=36,
                 occupancy=0.25, opens=5)
    new2.caregivers[:] = 18
    for inst, when in ((new1, 4), (new2, 5)):
        inst.residents[:when] = 0
    dem_at = rng.choice(existing, size=8, replace=False)
    for i, add in zip(dem_at, split_int(121, rng.uniform(0.5, 1.5, 8))):
        when = int(rng.integers(1, T))
        inst = out[i]
        inst.dementia[when:] += add
        inst.nursing[:] = np.maximum(inst.nursing, inst.dementia.max())
    care_at = rng.choice(existing, size=30, replace=False)
    for i, add in zip(care_at, split_int(129, rng.uniform(0.5, 1.5, 30))):
        out[i].caregivers[int(rng.integers(1, T)):] += add
    out.extend([new1, new2])
    return out


def _liandu_institutions(area: Area, townships, rng) -> list[_Inst]:
    T = len(area.registry_months)
    towns = townships["331102"]
    ti = _town_index(towns)
    out = [_inst(rng, T, 0, ti["紫金街道"], "丽水市莲都区社会福利中心", "公办", 360, 0.6, dementia=40, occupancy=0.85)]
    for name, town, owner in (("莲都区幸福敬老院", "岩泉街道", "公办"), ("莲都区郑榴娟敬老院", "联城", "公办"),
                              ("莲都区郑榴娟第二敬老院", "碧湖镇", "公办"), ("莲都区双黄敬老院", "雅溪镇", "公办"),
                              ("莲都区老竹敬老院", "老竹畲族镇", "公办"), ("莲都区大港头镇敬老院", "大港头镇", "公办"),
                              ("莲都区太平乡敬老院", "太平乡", "公建民营"), ("莲都区峰源乡敬老院", "峰源乡", "公建民营")):
        out.append(_inst(rng, T, 0, ti[town], name, owner, _beds(rng, 50, 150), 0.3, occupancy=0.8))
    for k, (brand, town) in enumerate((("瓯江", "白云街道"), ("康乐", "万象街道"), ("颐和", "南明山街道"),
                                       ("处州", "紫金街道"), ("安康", "碧湖镇"), ("仁和", "联城"),
                                       ("福寿", "岩泉街道"), ("松鹤", "雅溪镇"), ("长青", "万象街道"))):
        kind = ("养老院", "颐养中心", "老年公寓")[k % 3]
        out.append(_inst(rng, T, 0, ti[town], f"丽水市莲都区{brand}{kind}", "民办", _beds(rng, 40, 240),
                         float(rng.uniform(0.35, 0.6)), dementia=int(rng.integers(0, 20)), occupancy=0.7,
                         opens=6 if k == 8 else 0))
    return out


def _shenzhen_institutions(area: Area, townships, rng) -> list[_Inst]:
    T = len(area.registry_months)
    dec_counts = {"440303": 6, "440304": 8, "440305": 9, "440306": 12, "440307": 14, "440308": 3,
                  "440309": 8, "440310": 5, "440311": 6}  # 71 in all at 2021-12
    opening = {"440306": 2, "440307": 4, "440309": 6, "440305": 8, "440311": 10}  # new in 2021 (month index)
    kinds = ("长者颐养中心", "颐康院", "护养院", "养老院", "敬老院", "长者之家", "康养中心", "老年公寓")
    out = []
    for p_idx, place in enumerate(area.places):
        towns = townships[place.code]
        prefix = place.full_name
        out.append(_inst(rng, T, p_idx, 0, f"{prefix}社会福利中心", "公办", _beds(rng, 300, 600), 0.7,
                         dementia=int(rng.integers(20, 60)), occupancy=0.85, staff_ratio=4.0))
        for k in range(dec_counts[place.code] - 1):
            town = (k + 1) % len(towns)
            owner = ("公办", "公建民营", "民办", "民办", "公建民营")[k % 5]
            name = f"{prefix}{towns[town].stem}{kinds[(k + p_idx) % len(kinds)]}"
            opens = opening[place.code] if (place.code in opening and k == dec_counts[place.code] - 2) else 0
            out.append(_inst(rng, T, p_idx, town, name, owner, _beds(rng, 80, 500), float(rng.uniform(0.5, 0.8)),
                             dementia=int(rng.integers(0, 50)), occupancy=float(rng.uniform(0.55, 0.85)),
                             staff_ratio=4.5, opens=opens))
    # 深圳市社会福利中心 is run by the city: the first institution drawn for 福田 (same draws, so
    # every other figure and the city's 71 stay) is registered with 深圳市本级, not with the district
    city_run = next(i for i in out if i.place == 1)
    city_run.name, city_run.city_level = "深圳市社会福利中心", True
    return out


INSTITUTION_BUILDERS = {
    "yueqing": _yueqing_institutions, "lanling": _lanling_institutions, "zhoushan": _zhoushan_institutions,
    "liandu": _liandu_institutions, "shenzhen": _shenzhen_institutions,
}


def write_institutions(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    rng = rng_for(seed, "institutions", area.key)
    insts = INSTITUTION_BUILDERS[area.key](area, townships, rng)
    months = area.registry_months
    seq: dict[int, int] = {}
    ids = []
    for inst in insts:
        seq[inst.place] = seq.get(inst.place, 0) + 1
        ids.append(f"YL{area.places[inst.place].code}{seq[inst.place]:04d}")
    if area.city_level_place is not None:  # the city's own institutions carry the city's code
        city_run = [i for i, inst in enumerate(insts) if inst.city_level]
        for n, i in enumerate(city_run, 1):
            ids[i] = f"YL{area.city_level_place.code}{n:04d}"
    paths = []
    units = [(p_idx, place, False) for p_idx, place in enumerate(area.places)]
    if area.city_level_place is not None:
        units.append((None, area.city_level_place, True))
    for p_idx, place, city_level in units:
        codes = None if city_level else code_matrix(townships[place.code], months)
        for t, month in enumerate(months):
            rows = [(ids[i], inst) for i, inst in enumerate(insts)
                    if inst.city_level == city_level and (city_level or inst.place == p_idx) and inst.status[t]]
            df = pl.DataFrame({
                "机构编码": [r[0] for r in rows],
                "机构名称": [r[1].name for r in rows],
                "所在区划代码": [place.code if city_level else str(codes[r[1].town, t]) for r in rows],
                "机构性质": [r[1].ownership[t] for r in rows],
                "床位数": [int(r[1].beds[t]) for r in rows],
                "护理型床位数": [int(r[1].nursing[t]) for r in rows],
                "认知障碍照护床位数": [int(r[1].dementia[t]) for r in rows],
                "在院老人数": [int(min(r[1].residents[t], r[1].beds[t])) for r in rows],
                "持证护理员数": [int(r[1].caregivers[t]) for r in rows],
                "状态": [r[1].status[t] for r in rows],
            }, schema={"机构编码": pl.Utf8, "机构名称": pl.Utf8, "所在区划代码": pl.Utf8, "机构性质": pl.Utf8,
                       "床位数": pl.Int64, "护理型床位数": pl.Int64, "认知障碍照护床位数": pl.Int64,
                       "在院老人数": pl.Int64, "持证护理员数": pl.Int64, "状态": pl.Utf8})
            title = f"{place.full_name}{title_month(month)}养老机构名册"
            paths.append(write_table(out_dir, DOMAIN, area, place, "养老机构名册", month, df, title=title, xlsx=True))
    return paths


# ---------------------------------------------------------------------------
# Community facilities (社区养老服务设施名册): month-end snapshots
# ---------------------------------------------------------------------------

NAME_CHARS = tuple("东南西北新华丽景园湖山海桥林安康乐和平兴旺福春秋阳光明星月泉溪河塘岭岗田洲湾港城桂莲竹松梅兰荷"
                   "青翠金银玉龙凤鹤云霞锦绣嘉宁泰盛富裕民德仁义文鸿雁汇源上下前后中大小")


def _village_names(rng, n: int) -> list[str]:
    """Distinct two-character village/community names."""
    k = len(NAME_CHARS)
    pick = rng.choice(k * k, size=n, replace=False)
    return [NAME_CHARS[i // k] + NAME_CHARS[i % k] for i in pick]


@dataclass(frozen=True)
class FacilityGroup:
    kind: str  # facility type label as written
    brand: str | None
    before: int  # opened before the period
    during: int  # opened during the period
    served: tuple[int, int]  # communities served (min, max) per facility
    pattern: str  # name pattern: {town}, {stem}, {village}
    street_only: bool = False
    closed: int = 0  # facilities (opened before the period) closed during it
    since: int = 2012  # first year a facility of the group opened


FACILITIES: dict[str, dict[str, tuple[FacilityGroup, ...]]] = {
    "yueqing": {"330382": (
        FacilityGroup("居家养老服务照料中心", None, 185, 18, (1, 2), "{town}{village}居家养老服务照料中心"),
        FacilityGroup("助餐点", "老年食堂", 36, 10, (1, 3), "{town}{village}老年食堂"),
    )},
    "lanling": {"371324": (
        FacilityGroup("街道综合养老服务中心", None, 0, 2, (3, 6), "兰陵县{town}综合养老服务中心", street_only=True),
        FacilityGroup("居家养老服务照料中心", None, 2, 0, (1, 1), "兰陵县{town}{village}社区老年人日间照料中心",
                      street_only=True, since=2017),
        FacilityGroup("助餐点", "暖心食堂", 0, 12, (1, 2), "兰陵县{town}{village}暖心食堂"),
    )},
    "liandu": {"331102": (
        FacilityGroup("居家养老服务照料中心", None, 172, 18, (1, 2), "{town}{village}居家养老服务照料中心"),
        FacilityGroup("助餐点", "老年食堂", 38, 14, (1, 3), "{town}{village}老年食堂", closed=2),
    )},
    "shenzhen": {
        code: (
            FacilityGroup("街道综合养老服务中心", "街道长者服务中心", sc[0], sc[1], (4, 10), "{town}长者服务中心",
                          since=2019),
            FacilityGroup("社区养老服务机构", None, cc[0], cc[1], (1, 3), "{stem}{village}社区长者服务站", since=2016),
            FacilityGroup("助餐点", "长者饭堂", mc[0], mc[1], (1, 2), "{stem}{village}社区长者饭堂", since=2017),
        )
        for code, sc, cc, mc in (
            # (before, during) per district: Dec 2021: 26 street centres, 162 community orgs, 360 canteens
            ("440303", (2, 1), (15, 2), (38, 6)), ("440304", (3, 1), (19, 3), (45, 7)),
            ("440305", (2, 1), (16, 3), (40, 7)), ("440306", (3, 1), (28, 4), (56, 10)),
            ("440307", (3, 1), (27, 4), (54, 11)), ("440308", (1, 0), (5, 1), (10, 2)),
            ("440309", (2, 1), (13, 3), (31, 6)), ("440310", (1, 1), (7, 2), (15, 4)),
            ("440311", (1, 1), (8, 2), (14, 4)),
        )
    },
}

# 舟山: 幸福食堂 (before 2023, opened 2023 H1) and other meal points per county; the communities
# served by all meal points sum to 390 of the 451 committees (86.47%).
ZHOUSHAN_MEALS = {"330902": ((2, 3), 40, 150), "330903": ((1, 2), 32, 120),
                  "330921": ((1, 1), 22, 75), "330922": ((0, 1), 14, 45)}
ZHOUSHAN_DAYCARE = {"330902": 110, "330903": 90, "330921": 60, "330922": 35}


def _opened_dates(rng, area: Area, before: int, during: int, first_year: int = 2012) -> np.ndarray:
    p0 = np_date(area.months[0] + "-01")
    p1 = np_date(month_end(area.months[-1]))
    old = random_dates(rng, f"{first_year}-01-01", str(p0 - np.timedelta64(31, "D")), before)
    new = random_dates(rng, str(p0), str(p1), during)
    return np.concatenate([old, new])


def _facilities_generic(area: Area, place: Place, towns, rng) -> pl.DataFrame:
    frames = []
    street = np.array([t.kind == "街道" for t in towns])
    for g in FACILITIES[area.key][place.code]:
        n = g.before + g.during
        if n == 0:
            continue
        opened = _opened_dates(rng, area, g.before, g.during, g.since)
        if g.kind == "街道综合养老服务中心":
            pool = np.flatnonzero(street) if street.any() else np.arange(len(towns))
            town = rng.choice(pool, size=n, replace=n > pool.size)
        elif g.street_only:
            pool = np.flatnonzero(street)
            town = rng.choice(pool, size=n, replace=True)
        else:
            w = kind_weights(towns, 1.0, 1.4, 0.8) * rng.uniform(0.5, 1.5, len(towns))
            town = rng.choice(len(towns), size=n, p=w / w.sum())
        villages = _village_names(rng, n)
        names = [g.pattern.format(town=towns[t].versions[-1].name, stem=towns[t].stem, village=v)
                 for t, v in zip(town, villages)]
        served = rng.integers(g.served[0], g.served[1] + 1, n)
        closed = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        if g.closed:
            idx = rng.choice(g.before, size=g.closed, replace=False)
            closed[idx] = random_dates(rng, area.months[2] + "-01", area.months[-2] + "-28", g.closed)
        frames.append(pl.DataFrame({
            "town": town.astype(np.int64), "name": names, "type": [g.kind] * n, "brand": [g.brand] * n,
            "opened": opened, "closed": closed, "served": served.astype(np.int64),
        }, schema_overrides={"brand": pl.Utf8}))
    return pl.concat(frames)


def _facilities_zhoushan(area: Area, place: Place, towns, seed: int, rng) -> pl.DataFrame:
    committees = committees_by_township(place, towns, seed)
    total_c = committees["village"] + committees["residents"]
    (xf_before, xf_during), n_other, served_total = ZHOUSHAN_MEALS[place.code]
    n_meal = xf_before + xf_during + n_other
    # meal points per township (never more than its committees), then communities served
    points = split_int(n_meal, total_c, rng, 0.3, cap=total_c)
    served_town = points + split_int(served_total - n_meal, total_c - points, rng, 0.2, cap=total_c - points)
    town_of = np.repeat(np.arange(len(towns)), points)
    order = rng.permutation(n_meal)
    town_of = town_of[order]
    is_xf = np.zeros(n_meal, dtype=bool)
    is_xf[: xf_before + xf_during] = True
    served = np.ones(n_meal, dtype=np.int64)
    for t in range(len(towns)):
        idx = np.flatnonzero(town_of == t)
        if idx.size:
            w = np.where(is_xf[idx], 3.0, 1.0) * rng.uniform(0.5, 1.5, idx.size)
            served[idx] += split_int(int(served_town[t]) - idx.size, w)
    p0 = np_date("2023-01-01")
    opened = np.empty(n_meal, dtype="datetime64[D]")
    opened[:xf_before] = random_dates(rng, "2021-06-01", "2022-11-30", xf_before)
    opened[xf_before: xf_before + xf_during] = random_dates(rng, "2023-01-05", "2023-06-25", xf_during)
    n_other_new = max(1, n_other // 10)
    opened[xf_before + xf_during:] = np.concatenate([
        random_dates(rng, "2018-01-01", "2022-12-20", n_other - n_other_new),
        random_dates(rng, str(p0), "2023-06-28", n_other_new)])
    villages = _village_names(rng, n_meal + ZHOUSHAN_DAYCARE[place.code])
    names = [f"{towns[t].versions[-1].name}{v}{'幸福食堂' if x else '助餐服务点'}"
             for t, v, x in zip(town_of, villages[:n_meal], is_xf)]
    meals = pl.DataFrame({
        "town": town_of.astype(np.int64), "name": names, "type": ["助餐点"] * n_meal,
        "brand": np.where(is_xf, "幸福食堂", "老年食堂").tolist(), "opened": opened,
        "closed": np.full(n_meal, np.datetime64("NaT"), dtype="datetime64[D]"), "served": served,
    })
    n_day = ZHOUSHAN_DAYCARE[place.code]
    w = total_c * rng.uniform(0.7, 1.3, len(towns))
    town_d = rng.choice(len(towns), size=n_day, p=w / w.sum())
    day = pl.DataFrame({
        "town": town_d.astype(np.int64),
        "name": [f"{towns[t].versions[-1].name}{v}居家养老服务中心" for t, v in zip(town_d, villages[n_meal:])],
        "type": ["居家养老服务照料中心"] * n_day, "brand": [None] * n_day,
        "opened": _opened_dates(rng, area, n_day - 5, 5, 2013),
        "closed": np.full(n_day, np.datetime64("NaT"), dtype="datetime64[D]"),
        "served": rng.integers(1, 3, n_day).astype(np.int64),
    }, schema_overrides={"brand": pl.Utf8})
    return pl.concat([day, meals])


def write_community_services(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    paths = []
    for place in area.places:
        towns = townships[place.code]
        rng = rng_for(seed, "community_services", place.code)
        if area.key == "zhoushan":
            fac = _facilities_zhoushan(area, place, towns, seed, rng)
        else:
            fac = _facilities_generic(area, place, towns, rng)
        fac = fac.sort(["opened", "name", "type"], maintain_order=True).with_row_index("seq", offset=1)
        ids = [f"SQYL{place.code}{i:05d}" for i in fac["seq"].to_list()]
        fac = fac.with_columns(pl.Series("facility_id", ids))
        months = area.registry_months
        codes = code_matrix(towns, months)
        for t, month in enumerate(months):
            d = np_date(month_end(month))
            snap = fac.filter(pl.col("opened") <= d)
            town_idx = snap["town"].to_numpy()
            closed = snap["closed"].to_numpy()
            status = np.where(~np.isnat(closed) & (closed <= d), "停业", "运营")
            out = pl.DataFrame({
                "设施编码": snap["facility_id"],
                "设施名称": snap["name"],
                "所在区划代码": codes[town_idx, t] if town_idx.size else np.array([], dtype="U9"),
                "设施类型": snap["type"],
                "服务品牌": snap["brand"],
                "建成日期": date_str(snap["opened"].to_numpy()),
                "服务村(社区)数": snap["served"],
                "状态": status,
            }, schema_overrides={"所在区划代码": pl.Utf8, "服务品牌": pl.Utf8, "建成日期": pl.Utf8, "状态": pl.Utf8})
            title = f"{place.full_name}{title_month(month)}社区养老服务设施名册"
            paths.append(write_table(out_dir, DOMAIN, area, place, "社区养老服务设施名册", month, out, title=title))
    return paths


# ---------------------------------------------------------------------------
# Elder subsidies (老年人补贴发放统计): township × month × category
# ---------------------------------------------------------------------------

HARDSHIP, CARE, LONGEVITY = "经济困难老年人生活补贴", "护理补贴", "高龄津贴"


@dataclass(frozen=True)
class SubsidySpec:
    monthly_persons: int  # persons paid per month (approximately), or
    exact_person_months: int | None  # over the period, exactly
    tiers: tuple[tuple[float, int], ...]  # (share of persons, 元 per person-month)
    growth: float = 0.0  # monthly growth of the persons paid


def _sz(p80: int) -> dict[str, SubsidySpec]:
    return {HARDSHIP: SubsidySpec(max(60, p80 // 40), None, ((1.0, 300),)),
            CARE: SubsidySpec(max(30, p80 // 90), None, ((0.6, 500), (0.4, 800))),
            LONGEVITY: SubsidySpec(p80, None, ((0.87, 200), (0.125, 400), (0.005, 500)), 0.004)}


SUBSIDIES: dict[str, dict[str, dict[str, SubsidySpec]]] = {
    "yueqing": {"330382": {HARDSHIP: SubsidySpec(2600, None, ((1.0, 150),)),
                           CARE: SubsidySpec(900, None, ((0.6, 200), (0.4, 400))),
                           LONGEVITY: SubsidySpec(46000, None, ((0.86, 50), (0.137, 100), (0.003, 500)), 0.003)}},
    "lanling": {"371324": {HARDSHIP: SubsidySpec(0, 212_143, ((1.0, 100),)),  # 2121.43 万元
                           CARE: SubsidySpec(0, 818, ((1.0, 200),)),  # 16.36 万元
                           LONGEVITY: SubsidySpec(24500, None, ((0.85, 50), (0.145, 100), (0.005, 300)), 0.003)}},
    "zhoushan": {code: {HARDSHIP: SubsidySpec(h, None, ((1.0, 200),)),
                        CARE: SubsidySpec(c, None, ((0.5, 300), (0.5, 600))),
                        LONGEVITY: SubsidySpec(g, None, ((0.85, 60), (0.145, 120), (0.005, 600)), 0.003)}
                 for code, h, c, g in (("330902", 1200, 300, 14000), ("330903", 1000, 260, 11500),
                                       ("330921", 600, 150, 7000), ("330922", 300, 70, 3000))},
    "liandu": {"331102": {HARDSHIP: SubsidySpec(1800, None, ((1.0, 150),)),
                          CARE: SubsidySpec(600, None, ((0.6, 200), (0.4, 400))),
                          LONGEVITY: SubsidySpec(17000, None, ((0.86, 50), (0.137, 100), (0.003, 500)), 0.003)}},
    "shenzhen": {code: _sz(p80) for code, p80 in (
        ("440303", 6500), ("440304", 7800), ("440305", 6200), ("440306", 6800), ("440307", 7200),
        ("440308", 1300), ("440309", 4200), ("440310", 2000), ("440311", 2100))},
}
SUBSIDY_LABELS = {"liandu": {LONGEVITY: "高龄补贴"}}  # a synonym the contract accepts


def _subsidy_rows(area: Area, place: Place, towns, seed: int) -> pl.DataFrame:
    rng = rng_for(seed, "elder_subsidies", place.code)
    T = len(area.months)
    n_town = len(towns)
    codes = code_matrix(towns, area.months)
    frames = []
    for kind, spec in SUBSIDIES[area.key][place.code].items():
        w_town = kind_weights(towns, 0.9, 1.0, 1.1) * rng.uniform(0.6, 1.4, n_town)
        if spec.exact_person_months is not None:
            month_tot = split_int(spec.exact_person_months, 1 + 0.002 * np.arange(T), rng, 0.01)
        else:
            month_tot = np.rint(spec.monthly_persons * (1 + spec.growth) ** np.arange(T)
                                * rng.uniform(0.99, 1.01, T)).astype(np.int64)
        persons = np.stack([split_int(int(m), w_town * rng.uniform(0.97, 1.03, n_town)) for m in month_tot],
                           axis=1)  # (town, month)
        shares = np.array([s for s, _ in spec.tiers])
        rates = np.array([r for _, r in spec.tiers])
        flat = persons.ravel()
        tiers = rng.multinomial(flat, shares / shares.sum()) if len(spec.tiers) > 1 else flat[:, None]
        amount = (tiers * rates).sum(axis=1) * 100
        label = SUBSIDY_LABELS.get(area.key, {}).get(kind, kind)
        frames.append(pl.DataFrame({
            "t": np.tile(np.arange(T), n_town).astype(np.int32),
            "region_code": codes.ravel(),
            "kind": [label] * flat.size,
            "persons": flat.astype(np.int64),
            "cents": amount.astype(np.int64),
        }))
    return pl.concat(frames).filter(pl.col("region_code") != "").sort(["t", "region_code", "kind"], maintain_order=True)


def write_elder_subsidies(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    xlsx = area.fmt == "xlsx"
    region_header = "乡镇(街道)区划代码" if area.key == "lanling" else "区划代码"
    keyword = "高龄津贴及老年人补贴发放统计" if area.key == "shenzhen" else "老年人补贴发放统计"
    paths = []
    for place in area.places:
        df = _subsidy_rows(area, place, townships[place.code], seed)
        amount = (pl.col("cents") / 100).round(2) if xlsx else cents_to_str(pl.col("cents"))
        for t, month in enumerate(area.months):
            out = df.filter(pl.col("t") == t).select(
                pl.col("region_code").alias(region_header),
                pl.col("kind").alias("补贴类别"),
                pl.col("persons").alias("发放人数"),
                amount.alias("发放金额"),
                pl.lit(area.month_label(month)).alias("发放月份"),
            )
            paths.append(write_table(out_dir, DOMAIN, area, place, keyword, month, out))
    return paths


def generate(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    return (write_institutions(out_dir, area, townships, seed)
            + write_community_services(out_dir, area, townships, seed)
            + write_elder_subsidies(out_dir, area, townships, seed))
