"""The month window of a run: reporting months [start, end), one value with every spelling it needs.

A run covers whole reporting months. `start` is the first day of its first month and `end` the first
day of the month after its last (exclusive), the same shape as Dagster's partition time window and
as the dbt vars {min_month, max_month} the incremental models filter on. Every consumer converts from
and to this value here: the run's tags (runner), the asset context (ingestion, dbt), the run tags
again (the quality checks), dbt vars, SQL bounds (the GX suites), the label of check results, and
the CLI's and the benchmark's `YYYY-MM` arguments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

# Dagster's run tags of a partition and of a partition range (dagster._core.storage.tags)
PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

# the bounds a query gets when it runs over every row (no window)
_NO_LOWER, _NO_UPPER = date(1900, 1, 1), date(2999, 1, 1)


def month_start(d: date | datetime) -> date:
    """The first day of d's month."""
    if isinstance(d, datetime):
        d = d.date()
    return date(d.year, d.month, 1)


def next_month(d: date) -> date:
    """The first day of the month after d's."""
    return date(d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1, 1)


def previous_month(d: date) -> date:
    """The first day of the month before d's."""
    return date(d.year - (d.month == 1), 12 if d.month == 1 else d.month - 1, 1)


def parse_month(text: str) -> date:
    """'2021-03', '2021/03', '202103' or '2021-03-01' → date(2021, 3, 1); a clear error otherwise."""
    try:
        text = str(text).strip().replace("/", "-")
        if len(text) == 6 and text.isdigit():  # 202103, the month of delivered file names
            text = f"{text[:4]}-{text[4:]}"
        y, m = text.split("-")[:2]
        return date(int(y), int(m), 1)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{text!r}: expected a month as YYYY-MM") from exc


@dataclass(frozen=True, order=True)
class Window:
    start: date  # first day of the first month
    end: date  # first day of the month after the last (exclusive)

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.end.day != 1:
            raise ValueError(f"window {self.start}..{self.end}: bounds must be first days of months")
        if self.end <= self.start:
            raise ValueError(f"window {self.start}..{self.end}: end must be after start")

    # ------------------------------------------------------------------ construction

    @classmethod
    def months(cls, first: date, last: date | None = None) -> Window:
        """The months first..last, both inclusive (last defaults to first)."""
        first = month_start(first)
        return cls(first, next_month(month_start(last) if last is not None else first))

    @classmethod
    def span(cls, first: date, count: int) -> Window:
        """`count` months from first's month."""
        if count < 1:
            raise ValueError(f"a window of {count} months")
        end = month_start(first)
        for _ in range(count):
            end = next_month(end)
        return cls(month_start(first), end)

    @classmethod
    def parse(cls, first: str, last: str | None = None) -> Window:
        """From the CLI's or the benchmark's `YYYY-MM` arguments (both inclusive)."""
        return cls.months(parse_month(first), parse_month(last) if last else None)

    @classmethod
    def from_context(cls, context) -> Window:
        """The partition time window of a Dagster asset (or op) execution context."""
        tw = context.partition_time_window
        return cls(month_start(tw.start), month_start(tw.end))

    @classmethod
    def from_tags(cls, tags: Mapping[str, str]) -> Window | None:
        """The window of a run from its partition tags (one partition or a range); None: not partitioned."""
        first = tags.get(RANGE_START_TAG) or tags.get(PARTITION_TAG)
        last = tags.get(RANGE_END_TAG) or tags.get(PARTITION_TAG)
        if not first or not last:
            return None
        return cls.months(date.fromisoformat(first[:10]), date.fromisoformat(last[:10]))

    # ------------------------------------------------------------------ conversions

    @property
    def last(self) -> date:
        """The first day of the last month in the window."""
        return previous_month(self.end)

    def __iter__(self) -> Iterator[date]:
        m = self.start
        while m < self.end:
            yield m
            m = next_month(m)

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d < self.end

    def tags(self) -> dict[str, str]:
        """The run tags that make a Dagster run cover this window (partition keys are months' first days)."""
        if self.last == self.start:
            return {PARTITION_TAG: self.start.isoformat()}
        return {RANGE_START_TAG: self.start.isoformat(), RANGE_END_TAG: self.last.isoformat()}

    def dbt_vars(self) -> dict[str, str]:
        """--vars of the incremental models: [min_month, max_month)."""
        return {"min_month": self.start.isoformat(), "max_month": self.end.isoformat()}

    def sql_bounds(self) -> tuple[str, str]:
        """(lower, exclusive upper) as SQL date literals."""
        return sql_bounds(self)

    def label(self) -> str:
        """'2021-01-01..2021-12-01' (the months, inclusive), or one month's first day."""
        return label(self)

    def describe(self) -> str:
        """'2021-01..2021-12' (the months, inclusive; '2021-03..2021-03' for one) for messages."""
        return f"{self.start:%Y-%m}..{self.last:%Y-%m}"


def sql_bounds(window: Window | None) -> tuple[str, str]:
    """The SQL date literals of a window's bounds; over every row (no window) the widest bounds."""
    lo, hi = (window.start, window.end) if window is not None else (_NO_LOWER, _NO_UPPER)
    return f"date '{lo.isoformat()}'", f"date '{hi.isoformat()}'"


def label(window: Window | None) -> str:
    """The label of a check result: the window's months, or 'all'."""
    if window is None:
        return "all"
    return window.start.isoformat() if window.last == window.start else f"{window.start.isoformat()}..{window.last.isoformat()}"
