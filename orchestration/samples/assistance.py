"""Assistance (社会救助): payment rosters, the temporary/medical relief ledger, allowance standards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from . import people
from .common import month_start, rng_for
from .formats import cents_to_str, title_month, write_table
from .places import Area, Place, Township, code_matrix, kind_weights, name_matrix

DOMAIN = "assistance"
PROGRAMS = ("城市低保", "农村低保", "特困集中供养", "特困分散供养")
SELF_CARE = ("全自理", "部分失能", "完全失能")

# ---------------------------------------------------------------------------
# Allowance standards: (type, amount, unit, effective date) per area. They drive the roster
# payments too, so the two extracts agree.
# ---------------------------------------------------------------------------
MONTHLY = "元/人·月"
YEARLY = "元/人·年"

STANDARDS: dict[str, tuple[tuple[str, float, str, str], ...]] = {
    "yueqing": (
        ("城市低保标准", 930, MONTHLY, "2020-11-01"), ("城市低保标准", 1005, MONTHLY, "2021-11-01"),
        ("农村低保标准", 930, MONTHLY, "2020-11-01"), ("农村低保标准", 1005, MONTHLY, "2021-11-01"),
        ("低保边缘标准", 1395, MONTHLY, "2020-11-01"), ("低保边缘标准", 1508, MONTHLY, "2021-11-01"),
        ("特困供养标准", 1209, MONTHLY, "2020-11-01"), ("特困供养标准", 1307, MONTHLY, "2021-11-01"),
    ),
    "lanling": (  # 2021: every standard 10% above 2020; rural standards published per year
        ("城市低保标准", 680, MONTHLY, "2020-01-01"), ("城市低保标准", 748, MONTHLY, "2021-01-01"),
        ("农村低保标准", 5100, YEARLY, "2020-01-01"), ("农村低保标准", 5610, YEARLY, "2021-01-01"),
        ("低保边缘标准", 1020, MONTHLY, "2020-01-01"), ("低保边缘标准", 1122, MONTHLY, "2021-01-01"),
        ("特困供养标准", 6630, YEARLY, "2020-01-01"), ("特困供养标准", 7293, YEARLY, "2021-01-01"),
    ),
    "zhoushan": (
        ("城市低保标准", 1040, MONTHLY, "2021-07-01"), ("城市低保标准", 1143, MONTHLY, "2022-07-01"),
        ("农村低保标准", 1040, MONTHLY, "2021-07-01"), ("农村低保标准", 1143, MONTHLY, "2022-07-01"),
        ("低保边缘标准", 1560, MONTHLY, "2021-07-01"), ("低保边缘标准", 1715, MONTHLY, "2022-07-01"),
        ("特困供养标准", 1352, MONTHLY, "2021-07-01"), ("特困供养标准", 1486, MONTHLY, "2022-07-01"),
    ),
    "liandu": (
        ("城市低保标准", 1105, MONTHLY, "2023-07-01"), ("城市低保标准", 1170, MONTHLY, "2024-07-01"),
        ("农村低保标准", 1105, MONTHLY, "2023-07-01"), ("农村低保标准", 1170, MONTHLY, "2024-07-01"),
        ("低保边缘标准", 1658, MONTHLY, "2023-07-01"), ("低保边缘标准", 1755, MONTHLY, "2024-07-01"),
        ("特困供养标准", 1437, MONTHLY, "2023-07-01"), ("特困供养标准", 1521, MONTHLY, "2024-07-01"),
    ),
    "shenzhen": (  # city-wide (440300); no rural 低保 in 深圳
        ("城市低保标准", 1160, MONTHLY, "2020-07-01"), ("城市低保标准", 1300, MONTHLY, "2021-07-01"),
        ("低保边缘标准", 1740, MONTHLY, "2020-07-01"), ("低保边缘标准", 1950, MONTHLY, "2021-07-01"),
        ("特困供养标准", 1856, MONTHLY, "2020-07-01"), ("特困供养标准", 2080, MONTHLY, "2021-07-01"),
    ),
}


def standard_by_month(area_key: str, standard_type: str, months) -> np.ndarray:
    """元/人·月 in force in each month (0 when the area has no such standard)."""
    rows = sorted((r for r in STANDARDS[area_key] if r[0] == standard_type), key=lambda r: r[3])
    out = np.zeros(len(months))
    for j, m in enumerate(months):
        start = month_start(m)
        for _, amount, unit, eff in rows:
            if dt.date.fromisoformat(eff) <= start:
                out[j] = amount / 12 if unit == YEARLY else amount
    return out


# ---------------------------------------------------------------------------
# Roster
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterSpec:
    # persons paid in the last month of the period, per place and programme (PROGRAMS order)
    final: dict[str, tuple[int, int, int, int]]
    keyword: str
    columns: tuple[tuple[str, str], ...]  # (field, header)
    # payment share of the standard for 低保: P(full standard), then low + width * Beta(a, b)
    full_share: tuple[float, float]  # urban, rural
    partial: tuple[float, float, float, float]  # low, width, a, b
    care: tuple[float, float, float]  # 特困 monthly care add-on by self-care level
    self_care_p: tuple[tuple[float, float, float], tuple[float, float, float]]  # 集中, 分散
    exact_self_care: dict[str, dict[int, tuple[int, int, int]]] = field(default_factory=dict)
    frozen: tuple[int, ...] = ()  # programmes with no joins or exits in the last two months
    amount_targets: tuple[tuple[tuple[int, ...], int], ...] = ()  # (programmes, total 元) per area
    labels: dict[int, str] = field(default_factory=dict)
    join_rate: float = 0.06
    exit_rate: float = 0.065


BASE_COLUMNS = (
    ("region_code", "属地区划代码"), ("household_id", "户编号"), ("person_name", "姓名"),
    ("id_number", "身份证号"), ("program", "保障类别"), ("household_size", "户保障人数"),
    ("amount", "保障金"), ("pay_month", "发放月份"), ("bank_name", "开户银行"), ("bank_account", "账号"),
)

ROSTERS: dict[str, RosterSpec] = {
    "yueqing": RosterSpec(
        final={"330382": (356, 8650, 380, 760)},
        keyword="低保特困发放花名册",
        columns=BASE_COLUMNS,
        full_share=(0.15, 0.15), partial=(0.2, 0.7, 2.0, 2.0),
        care=(200, 600, 1000), self_care_p=((0.3, 0.35, 0.35), (0.55, 0.3, 0.15)),
        frozen=(0,),
        labels={0: "城镇低保"},
    ),
    "lanling": RosterSpec(
        final={"371324": (2873, 29412, 1750, 3845)},  # 低保 32285, 特困 5595 at 2021-12
        keyword="低保特困发放花名册",
        columns=BASE_COLUMNS[:5] + (("self_care", "生活自理能力"),) + BASE_COLUMNS[5:],
        full_share=(0.3, 0.6), partial=(0.5, 0.5, 3.0, 1.0),
        care=(150, 380, 633), self_care_p=((0.1, 0.2, 0.7), (0.5, 0.3, 0.2)),
        # 集中供养率 of those unable to care for themselves: 1300 / 2100 = 61.9%
        exact_self_care={"371324": {2: (160, 290, 1300), 3: (2025, 1020, 800)}},
        amount_targets=(((0, 1), 176_041_900), ((2, 3), 65_958_900)),
    ),
    "zhoushan": RosterSpec(
        final={"330902": (1150, 1480, 160, 230), "330903": (980, 1320, 130, 210),
               "330921": (420, 900, 80, 140), "330922": (200, 430, 40, 60)},
        keyword="低保特困资金发放名册",
        columns=BASE_COLUMNS[:5] + (("self_care", "生活自理能力"),) + BASE_COLUMNS[5:],
        full_share=(0.15, 0.2), partial=(0.2, 0.7, 2.0, 2.0),
        care=(200, 600, 1000), self_care_p=((0.3, 0.35, 0.35), (0.55, 0.3, 0.15)),
    ),
    "liandu": RosterSpec(
        final={"331102": (1450, 3620, 260, 480)},
        keyword="低保特困发放花名册",
        columns=BASE_COLUMNS[:5] + (("household_class", "分类施保类别"), ("self_care", "生活自理能力"))
        + BASE_COLUMNS[5:],
        full_share=(0.2, 0.22), partial=(0.2, 0.65, 2.0, 2.2),
        care=(180, 540, 900), self_care_p=((0.3, 0.35, 0.35), (0.55, 0.3, 0.15)),
    ),
    "shenzhen": RosterSpec(
        final={"440303": (920, 0, 10, 8), "440304": (780, 0, 8, 7), "440305": (690, 0, 7, 6),
               "440306": (1480, 0, 15, 14), "440307": (1860, 0, 18, 16), "440308": (260, 0, 4, 3),
               "440309": (960, 0, 10, 8), "440310": (520, 0, 6, 5), "440311": (560, 0, 6, 5)},
        keyword="低保特困资金发放明细",
        columns=(("pay_month", "发放月份"), ("region_code", "属地区划代码"), ("household_id", "户编号"),
                 ("person_name", "姓名"), ("id_number", "身份证号码"), ("program", "保障类别"),
                 ("household_size", "户保障人数"), ("amount", "保障金额"), ("bank_name", "开户银行"),
                 ("bank_account", "银行账号")),
        full_share=(0.08, 0.08), partial=(0.12, 0.6, 2.0, 2.2),
        care=(300, 800, 1500), self_care_p=((0.25, 0.35, 0.4), (0.5, 0.3, 0.2)),
        amount_targets=(((0, 1, 2, 3), 56_050_000),),  # “全年累计发放救助金约5605万元”
    ),
}

HOUSEHOLD_SIZE_P = {
    0: (0.46, 0.26, 0.17, 0.08, 0.03),  # urban
    1: (0.42, 0.30, 0.14, 0.10, 0.04),  # rural
}


def _household_sizes(rng: np.random.Generator, target: int, p) -> np.ndarray:
    if target <= 0:
        return np.zeros(0, dtype=np.int64)
    p = np.asarray(p, dtype=float)
    mean = float((np.arange(1, p.size + 1) * p).sum())
    sizes = rng.choice(np.arange(1, p.size + 1), size=int(target / mean * 1.3) + 20, p=p)
    cs = np.cumsum(sizes)
    k = int(np.searchsorted(cs, target))
    sizes = sizes[: k + 1].copy()
    sizes[-1] -= cs[k] - target
    return sizes


def _ages(rng: np.random.Generator, program: np.ndarray, is_head: np.ndarray) -> np.ndarray:
    """Ages: 低保 household heads are adults (mostly elderly), other members of any age;
    特困 persons are mostly elderly."""
    n = program.size
    u = rng.random(n)
    head = np.where(u < 0.3, rng.integers(28, 60, n), rng.integers(60, 93, n))
    member = np.where(u < 0.4, rng.integers(0, 18, n),
                      np.where(u < 0.7, rng.integers(18, 60, n), rng.integers(60, 91, n)))
    dibao_age = np.where(is_head, head, member)
    tk_central = np.where(u < 0.9, rng.integers(60, 99, n), rng.integers(35, 60, n))
    tk_disp = np.where(u < 0.78, rng.integers(60, 96, n), rng.integers(18, 60, n))
    return np.where(program <= 1, dibao_age, np.where(program == 2, tk_central, tk_disp))


@dataclass
class _Population:
    """One row per person (arrays), for all places of an area."""

    place: np.ndarray
    township: np.ndarray
    program: np.ndarray
    household: np.ndarray  # household id string
    is_head: np.ndarray
    start: np.ndarray  # first month index paid
    end: np.ndarray  # last month index paid
    share: np.ndarray  # 低保 share of the standard (household)
    change_month: np.ndarray  # month index from which ``change_factor`` applies
    change_factor: np.ndarray
    self_care: np.ndarray  # index into SELF_CARE, -1 for 低保
    household_class: np.ndarray  # 'A类'/'B类'/''
    names: np.ndarray
    ids: np.ndarray
    bank: np.ndarray
    account: np.ndarray


def _population(area: Area, spec: RosterSpec, townships: dict[str, tuple[Township, ...]],
                seed: int) -> _Population:
    T = len(area.months)
    parts: list[dict[str, np.ndarray]] = []
    for p_idx, place in enumerate(area.places):
        rng = rng_for(seed, "roster", place.code)
        towns = townships[place.code]
        n_town = len(towns)
        town_noise = rng.uniform(0.5, 1.5, (4, n_town))
        town_w = [kind_weights(towns, 6.0, 1.0, 0.8) * town_noise[0],
                  kind_weights(towns, 0.3, 1.0, 1.2) * town_noise[1],
                  kind_weights(towns, 0.6, 1.0, 1.0) * town_noise[2],
                  kind_weights(towns, 0.4, 1.0, 1.2) * town_noise[3]]
        hh_blocks = []
        for prog in range(4):
            target = spec.final[place.code][prog]
            frozen = prog in spec.frozen
            if prog <= 1:
                sizes_f = _household_sizes(rng, target, HOUSEHOLD_SIZE_P[prog])
            else:
                sizes_f = np.ones(target, dtype=np.int64)
            nf = sizes_f.size
            last_join = T - 2 if frozen else T - 1
            join = (rng.random(nf) < spec.join_rate) & (last_join >= 1)
            s_f = np.where(join, rng.integers(1, max(last_join, 1) + 1, nf), 0)
            e_f = np.full(nf, T - 1)
            # households that left during the period
            nx = int(round(nf * spec.exit_rate * rng.uniform(0.8, 1.25)))
            if prog <= 1:
                sizes_x = rng.choice(np.arange(1, 6), size=nx, p=HOUSEHOLD_SIZE_P[prog])
            else:
                sizes_x = np.ones(nx, dtype=np.int64)
            last_exit = T - 3 if frozen else T - 2
            if last_exit < 0:
                nx, sizes_x = 0, sizes_x[:0]
            e_x = rng.integers(0, last_exit + 1, nx) if nx else np.zeros(0, dtype=np.int64)
            s_x = np.where(rng.random(nx) < 0.1, (rng.random(nx) * (e_x + 1)).astype(np.int64), 0)
            # one member of a few households left before the end (death, moved out)
            extra = np.zeros(nf, dtype=np.int64)
            if prog <= 1 and last_exit >= 0:
                extra = ((rng.random(nf) < 0.025) & (s_f == 0)).astype(np.int64)
            sizes = np.concatenate([sizes_f + extra, sizes_x])
            hh_s = np.concatenate([s_f, s_x])
            hh_e = np.concatenate([e_f, e_x])
            n_hh = sizes.size
            # members: first ``size_f`` members stay with the household; the extra one leaves early
            member_end = np.repeat(hh_e, sizes)
            first_of = np.repeat(np.cumsum(sizes) - sizes, sizes)
            pos = np.arange(sizes.sum()) - first_of
            is_extra = np.repeat(np.concatenate([extra, np.zeros(nx, dtype=np.int64)]), sizes).astype(bool) & (
                pos == np.repeat(sizes, sizes) - 1)
            n_extra = int(is_extra.sum())
            member_end[is_extra] = rng.integers(0, max(last_exit, 0) + 1, n_extra)
            town = rng.choice(n_town, size=n_hh, p=town_w[prog] / town_w[prog].sum())
            u = rng.random(n_hh)
            full = u < spec.full_share[min(prog, 1)]
            lo, width, a, b = spec.partial
            share = np.where(full, 1.0, lo + width * rng.beta(a, b, n_hh))
            klass = np.where(full | (rng.random(n_hh) < 0.04), "A类", "B类") if prog <= 1 else np.full(n_hh, "")
            hh_blocks.append(dict(
                prog=np.full(n_hh, prog), sizes=sizes, s=hh_s, town=town, share=share, klass=klass,
                member_end=member_end, is_head=pos == 0))
        # household ids: unique within the place, in random order across programmes
        n_all = sum(b["sizes"].size for b in hh_blocks)
        serial = rng.choice(np.arange(100001, 100001 + n_all * 3), size=n_all, replace=False)
        offset = 0
        for b in hh_blocks:
            n_hh = b["sizes"].size
            b["hid"] = np.array([place.code + f"{x:07d}" for x in serial[offset:offset + n_hh]], dtype="U13")
            offset += n_hh
        # expand to persons
        cols: dict[str, list[np.ndarray]] = {k: [] for k in (
            "program", "town", "hid", "head", "start", "end", "share", "klass")}
        for b in hh_blocks:
            sz = b["sizes"]
            cols["program"].append(np.repeat(b["prog"], sz))
            cols["town"].append(np.repeat(b["town"], sz))
            cols["hid"].append(np.repeat(b["hid"], sz))
            cols["head"].append(b["is_head"])
            cols["start"].append(np.repeat(b["s"], sz))
            cols["end"].append(b["member_end"])
            cols["share"].append(np.repeat(b["share"], sz))
            cols["klass"].append(np.repeat(b["klass"], sz))
        P = {k: np.concatenate(v) for k, v in cols.items()}
        n = P["program"].size
        prog = P["program"]
        # self-care of 特困 persons; exact counts among those paid in the last month when asked
        sc = np.full(n, -1)
        for k, pr in ((0, 2), (1, 3)):
            idx = np.flatnonzero(prog == pr)
            sc[idx] = rng.choice(3, size=idx.size, p=spec.self_care_p[k])
            exact = spec.exact_self_care.get(place.code, {}).get(pr)
            if exact:
                fin = idx[P["end"][idx] == T - 1]
                assert fin.size == sum(exact), (place.code, pr, fin.size, exact)
                labels = np.repeat(np.arange(3), exact)
                sc[fin] = rng.permutation(labels)
        # re-assessed payments for some 低保 persons
        change = (prog <= 1) & (rng.random(n) < 0.1)
        change_month = np.where(change, rng.integers(1, max(T, 2), n), T + 1)
        change_factor = np.where(change, rng.uniform(0.85, 1.15, n), 1.0)
        # identities
        male = np.where(P["head"], rng.random(n) < 0.55, rng.random(n) < 0.48)
        ages = _ages(rng, prog, P["head"])
        births = people.birth_dates(rng, ages, f"{area.months[0][:4]}-01-01")
        ids = people.make_id_numbers(rng, place.code, births, male)
        hh_sur = people.draw_surnames(rng, n, area.key)
        head_idx = np.maximum.accumulate(np.where(P["head"], np.arange(n), 0))
        same = rng.random(n) < 0.7
        surnames = np.where(P["head"] | ~same, hh_sur, hh_sur[head_idx])
        if area.encoding == "gb18030":  # a few names that need GB18030 (𠮷 as a surname, 䶮 given)
            always = np.flatnonzero((P["start"] == 0) & (P["end"] == T - 1))  # in every monthly file
            pick = rng.choice(always, size=6, replace=False)
            surnames[pick[:3]] = people.GB18030_ONLY_SURNAME
        names = people.make_names(rng, male, area.key, surnames)
        if area.encoding == "gb18030":
            names = names.astype("U8")
            for i in pick[3:]:
                names[i] = names[i][:1] + people.GB18030_ONLY_GIVEN
        bank_h, acct_h = people.make_bank_accounts(rng, n, area.key)
        parts.append(dict(
            place=np.full(n, p_idx), township=P["town"], program=prog, household=P["hid"],
            is_head=P["head"], start=P["start"], end=P["end"], share=P["share"],
            change_month=change_month, change_factor=change_factor, self_care=sc,
            household_class=P["klass"], names=names,
            ids=ids, bank=bank_h[head_idx], account=acct_h[head_idx]))
    cat = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return _Population(**cat)


def _hit_total(raw: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    """Whole-yuan amounts proportional to ``raw`` that sum to exactly ``total``."""
    amt = np.rint(raw * (total / raw.sum())).astype(np.int64)
    d = int(total - amt.sum())
    if d:
        idx = rng.choice(amt.size, size=abs(d), replace=False)
        amt[idx] += 1 if d > 0 else -1
    return amt


def roster_rows(area: Area, townships: dict[str, tuple[Township, ...]], seed: int) -> pl.DataFrame:
    """All roster rows of an area (every place and month), with amounts in 元 (integers)."""
    spec = ROSTERS[area.key]
    pop = _population(area, spec, townships, seed)
    counts = pop.end - pop.start + 1
    person = np.repeat(np.arange(counts.size), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    t = pop.start[person] + (np.arange(person.size) - first)
    prog = pop.program[person]
    std = np.stack([standard_by_month(area.key, "城市低保标准", area.months),
                    standard_by_month(area.key, "农村低保标准", area.months),
                    standard_by_month(area.key, "特困供养标准", area.months)])
    factor = np.where(t >= pop.change_month[person], pop.change_factor[person], 1.0)
    dibao = std[np.minimum(prog, 1), t] * pop.share[person] * factor
    care = np.asarray(spec.care)[np.maximum(pop.self_care[person], 0)]
    raw = np.where(prog <= 1, dibao, std[2, t] + care)
    amount = np.rint(raw).astype(np.int64)
    rng = rng_for(seed, "roster-amounts", area.key)
    for programs, total in spec.amount_targets:
        sel = np.isin(prog, programs)
        amount[sel] = _hit_total(raw[sel], total, rng)
    # township code valid at the month (as an integer, for sorting)
    place_of = pop.place[person]
    region = np.zeros(person.size, dtype=np.int64)
    for p_idx, place in enumerate(area.places):
        mat = code_matrix(townships[place.code], area.months)
        mat = np.where(mat == "", "0", mat).astype(np.int64)
        sel = place_of == p_idx
        region[sel] = mat[pop.township[person][sel], t[sel]]
    hh_num = pop.household.astype(np.int64)[person]
    # household size = persons of the household paid in the month
    key = t.astype(np.int64) * 10**13 + hh_num
    _, inverse, sizes = np.unique(key, return_inverse=True, return_counts=True)
    household_size = sizes[inverse]
    order = np.lexsort((person, ~pop.is_head[person], hh_num, region, t, place_of))
    person, t, place_of, region = person[order], t[order], place_of[order], region[order]
    amount, household_size = amount[order], household_size[order]
    # person-level columns are built once (polars is slow to ingest numpy unicode) and gathered
    labels = np.array([spec.labels.get(i, p) for i, p in enumerate(PROGRAMS)])
    persons = pl.DataFrame({
        "household_id": pop.household,
        "person_name": pop.names,
        "id_number": pop.ids,
        "program": labels[pop.program],
        "household_class": pop.household_class,
        "self_care": np.where(pop.self_care >= 0, np.array(SELF_CARE)[np.maximum(pop.self_care, 0)], ""),
        "bank_name": pop.bank,
        "bank_account": pop.account,
    }).with_columns(pl.col("household_class", "self_care").replace("", None))
    df = persons[person]
    return df.with_columns(
        pl.Series("place", place_of.astype(np.int32)),
        pl.Series("t", t.astype(np.int32)),
        pl.Series("region_code", region).cast(pl.Utf8),
        pl.Series("program_idx", pop.program[person].astype(np.int8)),
        pl.Series("amount_yuan", amount),
        pl.Series("household_size", household_size.astype(np.int64)),
    )


def write_rosters(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    spec = ROSTERS[area.key]
    df = roster_rows(area, townships, seed)
    xlsx = area.fmt == "xlsx"
    month_labels = pl.Series([area.month_label(m) for m in area.months])
    df = df.with_columns(
        pl.col("t").replace_strict(list(range(len(area.months))), month_labels.to_list(),
                                   return_dtype=pl.Utf8).alias("pay_month"),
        ((pl.col("amount_yuan") * 100).pipe(cents_to_str) if not xlsx
         else pl.col("amount_yuan").cast(pl.Float64)).alias("amount"),
    )
    paths = []
    for (p_idx, t), part in df.partition_by(["place", "t"], as_dict=True, maintain_order=True).items():
        place = area.places[p_idx]
        month = area.months[t]
        out = part.select([pl.col(f).alias(h) for f, h in spec.columns])
        paths.append(write_table(out_dir, DOMAIN, area, place, spec.keyword, month, out))
    return paths


# ---------------------------------------------------------------------------
# Relief ledger (临时救助, 医疗救助) by township and month
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerSpec:
    # per place: (临时救助 person-times over the period, 元 per person-time,
    #             医疗救助 person-times, 元 per person-time)
    volumes: dict[str, tuple[int, float, int, float]]
    keyword: str = "临时救助和医疗救助台账"
    wan_header: bool = False  # amounts in 万元, stated in the header 救助金额(万元)
    wan_sheet: tuple[str, ...] = ()  # places whose sheet states 单位：万元 in the 统计单位 row
    exact_temporary_wan: dict[str, int] = field(default_factory=dict)  # total in 0.01 万元 units


LEDGERS: dict[str, LedgerSpec] = {
    "yueqing": LedgerSpec({"330382": (1650, 3200.0, 21000, 780.0)}),
    "lanling": LedgerSpec({"371324": (790, 3491.8, 26500, 620.0)}, wan_header=True,
                          exact_temporary_wan={"371324": 27585}),  # 275.85 万元
    "zhoushan": LedgerSpec({"330902": (420, 2600.0, 5200, 900.0), "330903": (360, 2600.0, 4600, 880.0),
                            "330921": (210, 2500.0, 2500, 860.0), "330922": (90, 2400.0, 1100, 840.0)},
                           keyword="临时救助医疗救助台账", wan_sheet=("330921",)),
    "liandu": LedgerSpec({"331102": (1100, 2400.0, 9500, 850.0)}),
    "shenzhen": LedgerSpec({"440303": (420, 4500.0, 2600, 2500.0), "440304": (380, 4600.0, 2300, 2600.0),
                            "440305": (330, 4800.0, 2100, 2600.0), "440306": (640, 4300.0, 3900, 2400.0),
                            "440307": (760, 4300.0, 4700, 2400.0), "440308": (110, 4500.0, 700, 2500.0),
                            "440309": (450, 4400.0, 2600, 2400.0), "440310": (220, 4400.0, 1300, 2400.0),
                            "440311": (240, 4400.0, 1400, 2400.0)},
                           keyword="临时救助月度台账"),
}


def _ledger_place(area: Area, spec: LedgerSpec, place: Place, towns, seed: int) -> pl.DataFrame:
    rng = rng_for(seed, "relief_ledger", place.code)
    T = len(area.months)
    n_town = len(towns)
    tmp_n, tmp_avg, med_n, med_avg = spec.volumes[place.code]
    season = np.array([1.35 if m.endswith(("-01", "-12")) else 1.0 for m in area.months])
    codes = code_matrix(towns, area.months)
    names = name_matrix(towns, area.months)
    in_wan = spec.wan_header or place.code in spec.wan_sheet
    frames = []
    for kind, n_total, avg in (("临时救助", tmp_n, tmp_avg), ("医疗救助", med_n, med_avg)):
        w_town = kind_weights(towns, 0.8, 1.0, 1.1) * rng.uniform(0.5, 1.5, n_town)
        w = np.outer(w_town, season if kind == "临时救助" else np.ones(T))
        pt = rng.multinomial(n_total, (w / w.sum()).ravel()).reshape(n_town, T)
        raw = pt * avg * rng.lognormal(0.0, 0.25, pt.shape)
        if in_wan:  # integer units of 0.01 万元 (100 元)
            target = spec.exact_temporary_wan.get(place.code) if kind == "临时救助" else None
            scale = target / (raw.sum() / 100) if target is not None else 1.0
            units = np.rint(raw / 100 * scale).astype(np.int64)
            units = np.where(pt > 0, np.maximum(units, 1), 0)
            if target is not None:  # the period's total, exactly
                flat = units.ravel()
                d = int(target - flat.sum())
                ok = np.flatnonzero((pt.ravel() > 0) & ((flat > 1) | (d > 0)))
                idx = rng.choice(ok, size=abs(d), replace=False)
                flat[idx] += 1 if d > 0 else -1
                units = flat.reshape(pt.shape)
            cents = units * 100 * 100  # 0.01 万元 = 100 元 = 10000 分
        else:
            cents = np.rint(raw * 100).astype(np.int64)
        frames.append(pl.DataFrame({
            "ti": np.tile(np.arange(T), n_town).astype(np.int32),
            "region_code": codes.ravel(),
            "region_name_zh": names.ravel(),
            "relief_type_zh": np.full(n_town * T, kind),
            "person_times": pt.ravel().astype(np.int64),
            "cents": cents.ravel(),
        }))
    df = pl.concat(frames)
    df = df.filter(pl.col("region_code") != "")
    return df.sort(["ti", "relief_type_zh", "region_code"], maintain_order=True)


def write_relief_ledgers(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    spec = LEDGERS[area.key]
    xlsx = area.fmt == "xlsx"
    paths = []
    for place in area.places:
        df = _ledger_place(area, spec, place, townships[place.code], seed)
        in_wan = spec.wan_header or place.code in spec.wan_sheet
        if xlsx:
            amount = (pl.col("cents") / (1_000_000 if in_wan else 100)).round(2)
        elif in_wan:  # 万元 with 2 decimals: cents / 10^6
            amount = (pl.col("cents") // 1_000_000).cast(pl.Utf8) + "." + (
                (pl.col("cents") // 10_000) % 100).cast(pl.Utf8).str.zfill(2)
        else:
            amount = cents_to_str(pl.col("cents"))
        amount_header = "救助金额(万元)" if spec.wan_header else "救助金额"
        unit_line = "单位：万元" if place.code in spec.wan_sheet else "统计单位：元"
        for t, month in enumerate(area.months):
            part = df.filter(pl.col("ti") == t)
            out = part.select(
                pl.col("region_code").alias("乡镇(街道)区划代码"),
                pl.col("region_name_zh").alias("乡镇(街道)名称"),
                pl.col("relief_type_zh").alias("救助类型"),
                pl.col("person_times").alias("救助人次"),
                amount.alias(amount_header),
                pl.lit(area.month_label(month)).alias("统计月份"),
            )
            paths.append(write_table(out_dir, DOMAIN, area, place, spec.keyword, month, out,
                                     unit_line=unit_line))
    return paths


# ---------------------------------------------------------------------------
# Allowance standards: one file per place per sample year (month = first month of the period)
# ---------------------------------------------------------------------------

def write_standards(out_dir: Path, area: Area, seed: int) -> list[Path]:
    del seed  # fixed policy values
    places = (area.standards_place,) if area.standards_place else area.places
    rows = sorted(STANDARDS[area.key], key=lambda r: (PROGRAM_ORDER[r[0]], r[3]))
    paths = []
    month = area.months[0]
    xlsx = area.fmt == "xlsx"
    for place in places:
        out = pl.DataFrame({
            "区划代码": [place.code] * len(rows),
            "标准类型": [r[0] for r in rows],
            "标准金额": [float(r[1]) for r in rows] if xlsx else [f"{r[1]:.2f}" for r in rows],
            "计量单位": [r[2] for r in rows],
            "生效日期": [r[3] for r in rows],
        })
        title = f"{place.full_name}{month[:4]}年社会救助保障标准"
        paths.append(write_table(out_dir, DOMAIN, area, place, "救助保障标准", month, out, title=title))
    return paths


PROGRAM_ORDER = {"城市低保标准": 0, "农村低保标准": 1, "低保边缘标准": 2, "特困供养标准": 3}


def generate(out_dir: Path, area: Area, townships, seed: int) -> list[Path]:
    return (write_rosters(out_dir, area, townships, seed)
            + write_relief_ledgers(out_dir, area, townships, seed)
            + write_standards(out_dir, area, seed))


__all__ = ["generate", "roster_rows", "STANDARDS", "ROSTERS", "LEDGERS", "title_month"]
