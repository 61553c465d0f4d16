"""Monthly 民政统计月报 forms for the sample places, consistent with their rosters.

``generate(out_dir, seed)`` writes ``out_dir/official/<code>_<place>_民政统计月报_<YYYY-MM>.csv`` for
every place and month of the samples: a title line 民政统计月报表（YYYY年M月）, 编制单位 and 地区编码
lines, then the 低保 rows of the form (城市/农村低保人数 and 户数, 城市/农村低保累计支出 in 万元, year to
date) with 数量 | 上期 | 环比. The figures are computed from the same roster rows the sample
extracts are written from (``assistance.roster_rows``): persons and households paid in the month, and
the amounts paid since January, so a build of the samples shows the forms agreeing with the extracts.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from orchestration.samples.assistance import roster_rows
from orchestration.samples.places import AREAS, load_townships

KEYWORD = "民政统计月报"
# program_idx of assistance.PROGRAMS: 0 城市低保, 1 农村低保
ROWS = (
    ("二、社会工作", None, None),
    ("(二)社会救助", None, None),
    ("(1)城市低保", None, None),
    ("A 城市低保人数", "人", ("persons", 0)),
    ("B 城市低保户数", "户", ("households", 0)),
    ("(2)农村低保", None, None),
    ("A 农村低保人数", "人", ("persons", 1)),
    ("B 农村低保户数", "户", ("households", 1)),
    ("最低生活保障", None, None),
    ("A 城市低保累计支出", "万元", ("ytd_wan", 0)),
    ("B 农村低保累计支出", "万元", ("ytd_wan", 1)),
)


def _fmt(value: float, measure: str) -> str:
    return f"{value:,.1f}" if measure == "ytd_wan" else f"{int(value):,}"


def _rate(cur: float, prev: float | None) -> str:
    if prev in (None, 0) or cur == prev:
        return ""
    return f"{(cur / prev - 1) * 100:.2f}"


def monthly_figures(area, townships, seed: int) -> dict[tuple[int, int, int], dict[str, float]]:
    """(place index, month index, program) → persons, households, ytd_wan (万元, one decimal)."""
    df = roster_rows(area, townships, seed).filter(pl.col("program_idx") <= 1)
    g = (df.group_by("place", "t", "program_idx")
         .agg(pl.len().alias("persons"), pl.col("household_id").n_unique().alias("households"),
              pl.col("amount_yuan").sum().alias("amount"))
         .sort("place", "program_idx", "t"))
    years = {i: m[:4] for i, m in enumerate(area.months)}
    out: dict[tuple[int, int, int], dict[str, float]] = {}
    running: dict[tuple[int, int, str], int] = {}
    for row in g.iter_rows(named=True):
        key = (row["place"], row["program_idx"], years[row["t"]])
        running[key] = running.get(key, 0) + row["amount"]
        out[(row["place"], row["t"], row["program_idx"])] = {
            "persons": row["persons"], "households": row["households"],
            "ytd_wan": round(running[key] / 10000, 1),
        }
    return out


def generate(out_dir: Path, seed: int, townships_csv: Path | None = None) -> list[Path]:
    townships = load_townships(townships_csv)
    folder = Path(out_dir) / "official"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for area in AREAS:
        figures = monthly_figures(area, townships, seed)
        for p_idx, place in enumerate(area.places):
            for t, month in enumerate(area.months):
                y, m = month.split("-")
                lines = [[f"民政统计月报表（{y}年{int(m)}月）"], [f"编制单位：{place.full_name}"],
                         [f"地区编码：{place.code}000000"], ["指标名称", "单位", "数量", "上期", "环比"]]
                for label, unit, spec in ROWS:
                    if spec is None:
                        lines.append([label, "", "", "", ""])
                        continue
                    measure, prog = spec
                    cur = figures.get((p_idx, t, prog), {}).get(measure)
                    prev = figures.get((p_idx, t - 1, prog), {}).get(measure) if t > 0 else None
                    if measure == "ytd_wan" and t > 0 and area.months[t - 1][:4] != y:
                        prev = None  # a January form's 上期 is last December's full year: not in the samples
                    lines.append([label, unit, "" if cur is None else _fmt(cur, measure),
                                  "" if prev is None else _fmt(prev, measure),
                                  "" if cur is None else _rate(cur, prev)])
                path = folder / f"{place.code}_{place.name}_{KEYWORD}_{month}.csv"
                with open(path, "w", encoding="utf-8", newline="") as fh:
                    csv.writer(fh, lineterminator="\n").writerows(lines)
                paths.append(path)
    return sorted(paths)
