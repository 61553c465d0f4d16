"""The places and periods of the samples, and their townships (read from the dbt seed at run time)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .common import month_start, months_between

DEFAULT_TOWNSHIPS_CSV = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "region_townships.csv"


@dataclass(frozen=True)
class Place:
    """A county or district: one delivered file per month per extract."""

    code: str
    name: str  # short name used in file names: 乐清市, 定海区
    full_name: str  # used in sheet titles: 乐清市, 舟山市定海区


@dataclass(frozen=True)
class Area:
    """A report's place: one county, or a city delivered per county/district."""

    key: str
    name: str
    code: str
    places: tuple[Place, ...]
    months: tuple[str, ...]
    registry_extra_months: tuple[str, ...] = ()  # earlier month-end snapshots of registries
    fmt: str = "csv"  # csv | xlsx
    encoding: str = "utf-8"  # python codec of CSV files
    crlf: bool = False
    month_style: str = "dash"  # dash: 2021-12, compact: 202112
    standards_place: Place | None = None  # where allowance standards are published, if not per place
    # the city bureau as a reporting unit of its own (市本级): it delivers the registry of the
    # institutions the city runs, with the city's own code (dbt seed city_level_units declares it)
    city_level_place: Place | None = None

    @property
    def year(self) -> int:
        return int(self.months[-1][:4])

    @property
    def registry_months(self) -> tuple[str, ...]:
        return self.registry_extra_months + self.months

    def month_label(self, month: str) -> str:
        return month if self.month_style == "dash" else month.replace("-", "")


AREAS: tuple[Area, ...] = (
    Area("yueqing", "乐清市", "330382", (Place("330382", "乐清市", "乐清市"),),
         months_between("2021-01", "2021-12"), encoding="utf-8-sig", month_style="dash"),
    Area("lanling", "兰陵县", "371324", (Place("371324", "兰陵县", "兰陵县"),),
         months_between("2021-01", "2021-12"), encoding="gbk", crlf=True, month_style="compact"),
    Area("zhoushan", "舟山市", "330900",
         (Place("330902", "定海区", "舟山市定海区"), Place("330903", "普陀区", "舟山市普陀区"),
          Place("330921", "岱山县", "岱山县"), Place("330922", "嵊泗县", "嵊泗县")),
         months_between("2023-01", "2023-06"), registry_extra_months=("2022-12",), fmt="xlsx",
         month_style="dash"),
    Area("liandu", "莲都区", "331102", (Place("331102", "莲都区", "丽水市莲都区"),),
         months_between("2024-01", "2024-12"), encoding="gb18030", crlf=True, month_style="compact"),
    Area("shenzhen", "深圳市", "440300",
         (Place("440303", "罗湖区", "深圳市罗湖区"), Place("440304", "福田区", "深圳市福田区"),
          Place("440305", "南山区", "深圳市南山区"), Place("440306", "宝安区", "深圳市宝安区"),
          Place("440307", "龙岗区", "深圳市龙岗区"), Place("440308", "盐田区", "深圳市盐田区"),
          Place("440309", "龙华区", "深圳市龙华区"), Place("440310", "坪山区", "深圳市坪山区"),
          Place("440311", "光明区", "深圳市光明区")),
         months_between("2021-01", "2021-12"), encoding="utf-8", month_style="dash",
         standards_place=Place("440300", "深圳市", "深圳市"),
         city_level_place=Place("440300", "深圳市本级", "深圳市本级")),
)

AREA_BY_KEY = {a.key: a for a in AREAS}


# ---------------------------------------------------------------------------
# Townships
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TownshipVersion:
    code: str
    name: str
    kind: str  # 街道 | 镇 | 乡
    valid_from: dt.date | None
    valid_to: dt.date | None  # exclusive

    def valid_at(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Township:
    """A township through its renames and recodings (联城镇 331102101 → 联城街道 331102007)."""

    county: str
    versions: tuple[TownshipVersion, ...] = field(default_factory=tuple)

    @property
    def first(self) -> TownshipVersion:
        return self.versions[0]

    @property
    def kind(self) -> str:
        return self.versions[-1].kind

    @property
    def stem(self) -> str:
        return _stem(self.versions[-1].name)

    def at(self, month: str) -> TownshipVersion | None:
        day = month_start(month)
        for v in self.versions:
            if v.valid_at(day):
                return v
        return None


def _stem(name: str) -> str:
    return re.sub(r"(街道|畲族镇|畲族乡|镇|乡)$", "", name)


def _date(s: str) -> dt.date | None:
    s = (s or "").strip()
    return dt.date.fromisoformat(s) if s else None


def load_townships(csv_path: Path | None = None) -> dict[str, tuple[Township, ...]]:
    """Townships per county code, in code order, chaining a code to its successor when the
    successor's note says it replaces it (or same parent and stem, and the dates meet)."""
    path = Path(csv_path) if csv_path else DEFAULT_TOWNSHIPS_CSV
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    versions = {
        r["region_code"]: TownshipVersion(r["region_code"], r["name_zh"], r["township_type"],
                                          _date(r["valid_from"]), _date(r["valid_to"]))
        for r in rows
    }
    parent = {r["region_code"]: r["parent_code"] for r in rows}
    successor: dict[str, str] = {}
    for r in rows:
        m = re.search(r"replaces\s+(\d{9})", r.get("note") or "")
        if m and m.group(1) in versions:
            successor[m.group(1)] = r["region_code"]
    for code, v in versions.items():
        if code in successor or v.valid_to is None:
            continue
        for other, w in versions.items():
            if (other != code and parent[other] == parent[code] and w.valid_from == v.valid_to
                    and _stem(w.name) == _stem(v.name) and other not in successor.values()):
                successor[code] = other
                break
    out: dict[str, list[Township]] = {}
    for code in sorted(versions):
        if code in successor.values():
            continue
        chain = [versions[code]]
        while chain[-1].code in successor:
            chain.append(versions[successor[chain[-1].code]])
        out.setdefault(parent[code], []).append(Township(parent[code], tuple(chain)))
    return {k: tuple(v) for k, v in out.items()}


def code_matrix(townships: tuple[Township, ...], months) -> np.ndarray:
    """(n_townships, n_months) array of the code valid at each month ('' if none)."""
    out = np.empty((len(townships), len(months)), dtype="U9")
    for i, t in enumerate(townships):
        for j, m in enumerate(months):
            v = t.at(m)
            out[i, j] = v.code if v else ""
    return out


def name_matrix(townships: tuple[Township, ...], months) -> np.ndarray:
    out = np.empty((len(townships), len(months)), dtype=object)
    for i, t in enumerate(townships):
        for j, m in enumerate(months):
            v = t.at(m)
            out[i, j] = v.name if v else ""
    return out.astype(str)


def kind_weights(townships: tuple[Township, ...], street: float, town: float, xiang: float) -> np.ndarray:
    table = {"街道": street, "镇": town, "乡": xiang}
    return np.array([table.get(t.kind, town) for t in townships], dtype=float)
