"""Organization (社会组织 and 基层自治): the social-organization registry and 村(居)委会 statistics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from . import people
from .common import month_end, month_ends, month_start, np_date, rng_for, split_int
from .formats import write_table
from .places import Area, Place, Township, code_matrix, kind_weights, name_matrix

DOMAIN = "organization"

# ---------------------------------------------------------------------------
# 村(居)委会: (村委会, 居委会, members, women) per place at the last month of the period
# ---------------------------------------------------------------------------
COMMITTEES: dict[str, tuple[int, int, int, int]] = {
    "330382": (289, 51, 1428, 402),
    "371324": (588, 21, 2469, 762),  # 609 村(社区), 2469 成员, 女性 30.86%
    # 舟山: 451 committees in all; meal services reach 390 of them (86.47%)
    "330902": (121, 44, 690, 215), "330903": (98, 42, 585, 181),
    "330921": (72, 18, 372, 109), "330922": (43, 13, 228, 66),
    "331102": (174, 46, 905, 266),
    # 深圳 has no 村委会 since 2004
    "440303": (0, 83, 581, 236), "440304": (0, 92, 640, 262), "440305": (0, 101, 712, 286),
    "440306": (0, 124, 873, 340), "440307": (0, 111, 782, 305), "440308": (0, 19, 134, 55),
    "440309": (0, 50, 352, 139), "440310": (0, 23, 162, 66), "440311": (0, 28, 198, 80),
}


def committees_by_township(place: Place, towns: tuple[Township, ...], seed: int) -> dict[str, np.ndarray]:
    """Per township (in ``towns`` order): village and residents' committees, members, women."""
    rng = rng_for(seed, "village_committees", place.code)
    villages, residents, members, women = COMMITTEES[place.code]
    kinds = np.array([t.kind for t in towns])
    street = kinds == "街道"
    # every township has at least one committee of its dominant kind
    base_v = np.where(~street & (villages > 0), 1, 0)
    base_r = np.where(street | (villages == 0), 1, 0)
    if residents < base_r.sum():
        base_r[:] = 0
    v = base_v + split_int(villages - int(base_v.sum()), kind_weights(towns, 0.35, 1.0, 0.7), rng, 0.5)
    r = base_r + split_int(residents - int(base_r.sum()), kind_weights(towns, 1.0, 0.18, 0.04), rng, 0.5)
    total = v + r
    m = split_int(members, total, rng, 0.12)
    m = np.maximum(m, total)  # at least one member per committee (no-op at these sizes)
    w = split_int(women, m, rng, 0.15, cap=m)
    return {"village": v, "residents": r, "members": m, "women": w}


def write_village_committees(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    month = area.months[-1]
    paths = []
    for place in area.places:
        towns = townships[place.code]
        c = committees_by_township(place, towns, seed)
        codes = code_matrix(towns, [month])[:, 0]
        names = name_matrix(towns, [month])[:, 0]
        df = pl.DataFrame({
            "乡镇(街道)区划代码": codes, "乡镇(街道)": names,
            "村委会数": c["village"], "居委会数": c["residents"],
            "成员人数": c["members"], "女性成员人数": c["women"],
        }).filter(pl.col("乡镇(街道)区划代码") != "")
        keyword = "村(居)委会统计" if area.key != "shenzhen" else "村居委会成员统计"
        paths.append(write_table(out_dir, DOMAIN, area, place, keyword, month, df))
    return paths


# ---------------------------------------------------------------------------
# Social organizations
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgSpec:
    active_end: int  # 正常 at the last month-end
    new: int  # registered during the period
    closed: tuple[int, int]  # 注销, 撤销 during the period
    closed_before: int  # closed before the period, still listed
    charities: tuple[int, int]  # charities recognised before / during the period
    graded: int  # organizations holding an evaluation grade throughout


ORGS: dict[str, OrgSpec] = {
    "330382": OrgSpec(1150, 85, (32, 6), 140, (10, 2), 0),  # grades: see YUEQING_GRADES
    "371324": OrgSpec(620, 48, (5, 0), 60, (4, 1), 12),  # 僵尸型 clean-up: 主动注销 5
    "330902": OrgSpec(620, 30, (8, 2), 70, (10, 4), 25),
    "330903": OrgSpec(540, 26, (6, 1), 60, (8, 3), 20),
    "330921": OrgSpec(260, 12, (3, 1), 30, (4, 1), 10),
    "330922": OrgSpec(150, 7, (2, 0), 15, (3, 1), 6),  # charities 25 + 9 = 34 by 2023-06
    "331102": OrgSpec(580, 45, (18, 4), 70, (6, 2), 20),
    "440303": OrgSpec(1200, 110, (40, 10), 150, (20, 4), 60),
    "440304": OrgSpec(1700, 150, (55, 12), 200, (30, 6), 90),
    "440305": OrgSpec(1900, 170, (60, 14), 220, (32, 6), 95),
    "440306": OrgSpec(2100, 190, (65, 15), 240, (25, 5), 80),
    "440307": OrgSpec(2200, 200, (70, 16), 250, (26, 5), 85),
    "440308": OrgSpec(450, 40, (15, 3), 50, (8, 2), 20),
    "440309": OrgSpec(1500, 140, (48, 10), 160, (18, 4), 55),
    "440310": OrgSpec(650, 60, (20, 4), 70, (9, 2), 25),
    "440311": OrgSpec(700, 65, (22, 5), 75, (10, 2), 25),
}
# 乐清: 8 grades from the 2016 evaluation lapse at the end of October 2021; the 2021 evaluation
# (published 2021-11-01) rates 17 organizations, 5 of them re-rated.
YUEQING_GRADES = dict(old=8, new=17, overlap=5, switch="2021-11-01")

# places created after 1990: registrations start with them
FOUNDED = {"331102": "2000-07-01", "440306": "1993-01-01", "440307": "1993-01-01", "440308": "1998-03-01",
           "440309": "2017-01-07", "440310": "2017-01-07", "440311": "2018-09-19"}
GRADES = np.array(["1A", "2A", "3A", "4A", "5A"])
GRADE_P = (0.02, 0.08, 0.5, 0.3, 0.1)
INSPECTION = np.array(["合格", "基本合格", "不合格", "未参检"])
INSPECTION_P = (0.8, 0.07, 0.03, 0.1)

GROUP_TOPICS = tuple(
    "个体劳动者 企业家 老年人体育 书法家 摄影家 作家 音乐家 舞蹈家 篮球 足球 围棋 象棋 钓鱼 登山 太极拳 "
    "志愿者 教育 科技 农业科技 水产养殖 果蔬 茶叶 花卉 电气 模具 服装 鞋业 建筑业 物流 餐饮 旅游 电子商务 "
    "家政服务 律师 会计 医学 中医药 护理 家具 五金 汽车维修 房地产 民宿 民间文艺 诗词 楹联 收藏 "
    "老年大学校友 退役军人 青年企业家 女企业家 个私 外来务工人员 乡贤 关心下一代工作 见义勇为 残疾人 盲人 "
    "聋人 社区 义工 羽毛球 乒乓球 游泳 健身气功 广场舞 越剧 京剧 渔业 海洋 粮食 畜牧 蜂业 竹木 石材 "
    "印刷 包装 广告 美容美发 烹饪 珠宝 眼镜 食品 药品 医疗器械 软件 网络 人工智能 新能源".split()
)
GROUP_SUFFIX = ("协会", "商会", "学会", "研究会", "联合会", "促进会", "联谊会")
SERVICE_BRANDS = tuple(
    "阳光 彩虹 启明 益心 向日葵 春晖 同心 仁爱 爱心 晨曦 蒲公英 善行 和美 安康 乐龄 金色年华 小太阳 星星 "
    "童心 博雅 育才 明德 致远 知行 新星 海韵 蓝天 绿洲 春雨 暖阳 德馨 慧爱 红枫 银杏 青松 翰墨 雅韵 乐善 "
    "惠民 邻里 馨园 朝阳 长青 常青 福寿 颐和 怡心 悦心 睿智 启航 远航 筑梦 雏鹰 小树苗 彩虹桥 心连心 "
    "手拉手 微光 萤火虫 星火 繁星 聚力 众益 恒爱 至善 上善 仁和 家和 康宁".split()
)
SERVICE_KINDS = ("幼儿园", "培训学校", "职业技能培训学校", "社会工作服务中心", "养老服务中心", "居家养老服务中心",
                 "康复中心", "文化艺术中心", "体育俱乐部", "公益服务中心", "心理咨询服务中心", "青少年服务中心",
                 "人民调解服务中心", "志愿服务中心", "残疾人服务中心", "托育中心", "颐养院", "图书馆", "艺术培训中心",
                 "社区服务中心")
FOUNDATION_KINDS = ("教育发展基金会", "慈善基金会", "见义勇为基金会", "乡村振兴基金会", "公益基金会", "扶贫济困基金会",
                    "助学基金会", "文化发展基金会")
CHARITY_KINDS = ("慈善总会", "慈善基金会", "爱心慈善协会", "公益慈善服务中心", "慈善义工协会", "慈善救助服务中心",
                 "慈善助学基金会", "红十字慈善服务中心", "慈善超市服务中心", "邻里慈善互助会")
CHARITY_TYPES = {"慈善总会": "社会团体", "慈善基金会": "基金会", "爱心慈善协会": "社会团体",
                 "公益慈善服务中心": "社会服务机构", "慈善义工协会": "社会团体", "慈善救助服务中心": "社会服务机构",
                 "慈善助学基金会": "基金会", "红十字慈善服务中心": "社会服务机构", "慈善超市服务中心": "社会服务机构",
                 "邻里慈善互助会": "社会团体"}


def _org_names(rng, prefix: str, stems: list[str], types: np.ndarray) -> np.ndarray:
    """Distinct names by type, sampled without replacement from the name space."""
    out = np.empty(types.size, dtype=object)
    opts = [""] + stems
    for kind in ("社会团体", "社会服务机构", "基金会"):
        idx = np.flatnonzero(types == kind)
        if kind == "社会团体":
            a, b, c = opts, GROUP_TOPICS, GROUP_SUFFIX
        elif kind == "社会服务机构":
            a, b, c = opts, SERVICE_BRANDS, SERVICE_KINDS
        else:
            a, b, c = [""], SERVICE_BRANDS + ("",), FOUNDATION_KINDS
        space = len(a) * len(b) * len(c)
        pick = rng.choice(space, size=idx.size, replace=False)
        i, rest = np.divmod(pick, len(b) * len(c))
        j, k = np.divmod(rest, len(c))
        for n_, ii, jj, kk in zip(idx, i, j, k):
            out[n_] = f"{prefix}{a[ii]}{b[jj]}{c[kk]}"
    return out


def _registry(area: Area, place: Place, towns, seed: int) -> dict[str, np.ndarray]:
    spec = ORGS[place.code]
    rng = rng_for(seed, "social_orgs", place.code)
    p0 = np_date(month_start(area.months[0]))
    p1 = np_date(month_end(area.months[-1]))
    zx, cx = spec.closed
    n_closed_in = zx + cx
    n_old = spec.active_end - spec.new + n_closed_in + spec.closed_before
    # registration dates before the period (not before the place existed), growing over time
    first = np_date(FOUNDED.get(place.code, "1990-01-01"))
    span = int((p0 - first).astype(int))
    w = np.exp(0.08 * np.arange(span) / 365.25)
    reg_old = first + rng.choice(span, size=n_old, p=w / w.sum()).astype("timedelta64[D]")
    reg_new = p0 + rng.integers(0, int((p1 - p0).astype(int)) + 1, spec.new).astype("timedelta64[D]")
    reg = np.concatenate([reg_old, reg_new])
    n = reg.size
    close = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    status_closed = np.full(n, "", dtype=object)
    # closed before the period: registered at least ~13 months before the period starts
    eligible = np.flatnonzero(reg_old < p0 - np.timedelta64(400, "D"))
    cb = rng.choice(eligible, size=spec.closed_before, replace=False)
    lo = reg[cb] + np.timedelta64(365, "D")
    close[cb] = lo + (rng.random(cb.size) * (p0 - lo).astype(int)).astype(int).astype("timedelta64[D]")
    status_closed[cb] = np.where(rng.random(cb.size) < 0.7, "注销", "撤销")
    # closed during the period
    rest = np.setdiff1d(np.arange(n_old), cb)
    ci = rng.choice(rest, size=n_closed_in, replace=False)
    close[ci] = p0 + rng.integers(0, int((p1 - p0).astype(int)) + 1, n_closed_in).astype("timedelta64[D]")
    status_closed[ci] = np.array(["注销"] * zx + ["撤销"] * cx, dtype=object)[rng.permutation(n_closed_in)]
    active_end = np.isnat(close)
    # types and names
    types = rng.choice(np.array(["社会团体", "社会服务机构", "基金会"]), size=n, p=(0.44, 0.545, 0.015))
    prefix = place.full_name
    stems = [t.stem for t in towns]
    names = _org_names(rng, prefix, stems, types)
    # charities: recognised before the period (since the 2016 Charity Law) or during it
    before, during = spec.charities
    char_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    old_active = np.flatnonzero(active_end & (reg < p0 - np.timedelta64(60, "D")))
    cand = rng.choice(old_active, size=before + during, replace=False)
    cb_ = cand[:before]
    lo = np.maximum(reg[cb_] + np.timedelta64(30, "D"), np_date("2016-09-01"))
    char_date[cb_] = lo + (rng.random(before) * (p0 - lo).astype(int)).astype(int).astype("timedelta64[D]")
    cd_ = cand[before:]
    char_date[cd_] = p0 + rng.integers(0, int((p1 - p0).astype(int)) + 1, during).astype("timedelta64[D]")
    charity = cand
    kinds = rng.choice(len(CHARITY_KINDS), size=charity.size, replace=charity.size > len(CHARITY_KINDS))
    used: set[str] = set(names.tolist())
    for k_i, org in zip(kinds, charity):
        kind = CHARITY_KINDS[k_i]
        for stem in [""] + list(rng.permutation(stems)) + [f"{s}{b}" for s in stems for b in SERVICE_BRANDS]:
            cand_name = f"{prefix}{stem}{kind}"
            if cand_name not in used:
                break
        used.add(cand_name)
        names[org] = cand_name
        types[org] = CHARITY_TYPES[kind]
    # evaluation grades
    grade_a = np.full(n, "", dtype=object)
    grade_a_to = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    grade_b = np.full(n, "", dtype=object)
    grade_b_from = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    pool = np.setdiff1d(np.flatnonzero(active_end & (reg < p0 - np.timedelta64(730, "D"))), charity)
    if place.code == "330382":
        g = YUEQING_GRADES
        chosen = rng.choice(pool, size=g["old"] + g["new"] - g["overlap"], replace=False)
        old = chosen[: g["old"]]
        new = chosen[g["old"] - g["overlap"]:]
        grade_a[old] = GRADES[rng.choice(5, size=old.size, p=GRADE_P)]
        grade_a_to[old] = np_date(g["switch"])
        grade_b[new] = GRADES[rng.choice(5, size=new.size, p=GRADE_P)]
        grade_b_from[new] = np_date(g["switch"])
    else:
        chosen = rng.choice(pool, size=spec.graded, replace=False)
        grade_a[chosen] = GRADES[rng.choice(5, size=chosen.size, p=GRADE_P)]
    credit = people.make_credit_codes(rng, np.full(n, place.code), types)
    # annual inspection results for the inspected years the snapshots can show
    years = sorted({_inspected_year(m) for m in area.registry_months})
    inspection = {y: INSPECTION[rng.choice(4, size=n, p=INSPECTION_P)] for y in years}
    order = np.lexsort((credit, reg))
    cols = dict(credit=credit, name=names, type=types, reg=reg, close=close, status_closed=status_closed,
                char_date=char_date, grade_a=grade_a, grade_a_to=grade_a_to, grade_b=grade_b,
                grade_b_from=grade_b_from)
    out = {k: v[order] for k, v in cols.items()}
    out["inspection"] = {y: v[order] for y, v in inspection.items()}
    return out


def _inspected_year(month: str) -> int:
    """The year whose annual inspection (年检) results a snapshot shows: results come out mid-year."""
    y, m = map(int, month.split("-"))
    return y - 1 if m >= 7 else y - 2


def _registry_frame(reg: dict, type_labels: dict[str, str] | None) -> pl.DataFrame:
    types = reg["type"]
    if type_labels:
        types = np.array([type_labels.get(t, t) for t in types], dtype=object)
    cols = {
        "credit": reg["credit"].astype(str), "name": reg["name"].astype(str), "type": types.astype(str),
        "reg": reg["reg"], "close": reg["close"], "status_closed": reg["status_closed"].astype(str),
        "char_date": reg["char_date"], "grade_a": reg["grade_a"].astype(str), "grade_a_to": reg["grade_a_to"],
        "grade_b": reg["grade_b"].astype(str), "grade_b_from": reg["grade_b_from"],
    }
    for y, v in reg["inspection"].items():
        cols[f"insp_{y}"] = v.astype(str)
    return pl.DataFrame(cols)


def social_org_snapshot(frame: pl.DataFrame, month: str) -> pl.DataFrame:
    """The registry as exported at a month end."""
    d = np_date(month_end(month)).astype(object)
    y = _inspected_year(month)
    closed = pl.col("close").is_not_null() & (pl.col("close") <= d)
    grade = (pl.when(closed).then(None)
             .when((pl.col("grade_b") != "") & (pl.col("grade_b_from") <= d)).then(pl.col("grade_b"))
             .when((pl.col("grade_a") != "") & (pl.col("grade_a_to").is_null() | (pl.col("grade_a_to") > d)))
             .then(pl.col("grade_a")))
    charity = pl.col("char_date").is_not_null() & (pl.col("char_date") <= d) & ~closed
    inspected = (pl.col("reg") <= np_date(f"{y}-12-31").astype(object)) & ~closed
    return frame.filter(pl.col("reg") <= d).select(
        pl.col("credit").alias("credit_code"),
        "name",
        "type",
        pl.col("reg").cast(pl.Utf8).alias("registered"),
        pl.when(closed).then(pl.col("status_closed")).otherwise(pl.lit("正常")).alias("status"),
        pl.when(closed).then(pl.col("close").cast(pl.Utf8)).alias("closed"),
        grade.alias("grade"),
        pl.when(inspected).then(pl.col(f"insp_{y}")).alias("inspection"),
        pl.when(charity).then(pl.lit("是")).otherwise(pl.lit("否")).alias("is_charity"),
        pl.when(charity).then(pl.col("char_date").cast(pl.Utf8)).alias("charity_date"),
    )


def write_social_orgs(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    paths = []
    for place in area.places:
        reg = _registry(area, place, townships[place.code], seed)
        labels = {"社会服务机构": "民办非企业单位"} if area.key == "lanling" else None
        frame = _registry_frame(reg, labels)
        name_header = "社会组织名称" if area.key == "yueqing" else "名称"
        for month in area.registry_months:
            snap = social_org_snapshot(frame, month)
            out = snap.select(
                pl.col("credit_code").alias("统一社会信用代码"),
                pl.col("name").alias(name_header),
                pl.lit(place.code).alias("登记管理机关区划代码"),
                pl.col("type").alias("类型"),
                pl.col("registered").alias("登记日期"),
                pl.col("status").alias("状态"),
                pl.col("closed").alias("注销/撤销日期"),
                pl.col("grade").alias("评估等级"),
                pl.col("inspection").alias("年检结果"),
                pl.col("is_charity").alias("是否慈善组织"),
                pl.col("charity_date").alias("慈善组织认定日期"),
            )
            paths.append(write_table(out_dir, DOMAIN, area, place, "社会组织登记名册", month, out))
    return paths


def generate(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    return write_social_orgs(out_dir, area, townships, seed) + write_village_committees(out_dir, area, townships, seed)


__all__ = ["generate", "committees_by_township", "COMMITTEES", "ORGS", "month_ends"]
