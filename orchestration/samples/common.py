"""Small deterministic helpers shared by the domain generators."""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """An independent generator per (seed, keys): the output of one extract never depends on
    the order in which the others were generated."""
    words = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(k.encode("utf-8")) for k in keys]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(words)))


def split_int(total: int, weights, rng: np.random.Generator | None = None,
              noise: float = 0.0, cap=None) -> np.ndarray:
    """Split ``total`` into non-negative integers proportional to ``weights`` (largest
    remainder), optionally after multiplicative noise and never above ``cap``."""
    w = np.asarray(weights, dtype=float).copy()
    if noise and rng is not None:
        w = w * rng.uniform(1 - noise, 1 + noise, w.size)
    if w.sum() <= 0:
        w = np.ones_like(w)
    share = total * w / w.sum()
    out = np.floor(share).astype(np.int64)
    rest = int(total - out.sum())
    order = np.lexsort((np.arange(w.size), -(share - out)))
    out[order[:rest]] += 1
    if cap is not None:
        cap = np.asarray(cap, dtype=np.int64)
        for _ in range(100):
            over = out - cap
            excess = int(over[over > 0].sum())
            if excess == 0:
                break
            out = np.minimum(out, cap)
            room = cap - out
            if room.sum() < excess:
                raise ValueError("split_int: total exceeds the sum of caps")
            add = split_int(excess, np.where(room > 0, w * 0 + room, 0))
            out = out + add
    return out


def months_between(first: str, last: str) -> tuple[str, ...]:
    """'YYYY-MM' labels from first to last inclusive."""
    y, m = map(int, first.split("-"))
    y2, m2 = map(int, last.split("-"))
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return tuple(out)


def month_start(month: str) -> dt.date:
    y, m = map(int, month.split("-"))
    return dt.date(y, m, 1)


def month_end(month: str) -> dt.date:
    y, m = map(int, month.split("-"))
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def np_date(d: dt.date | str) -> np.datetime64:
    return np.datetime64(str(d), "D")


def month_ends(months) -> np.ndarray:
    return np.array([np_date(month_end(m)) for m in months], dtype="datetime64[D]")


def month_starts(months) -> np.ndarray:
    return np.array([np_date(month_start(m)) for m in months], dtype="datetime64[D]")


def random_dates(rng: np.random.Generator, start, end, n: int, p=None) -> np.ndarray:
    """Uniform (or weighted by day) dates in [start, end]."""
    a, b = np_date(start), np_date(end)
    span = int((b - a).astype(int)) + 1
    if p is None:
        off = rng.integers(0, span, n)
    else:
        off = rng.choice(span, size=n, p=p)
    return a + off.astype("timedelta64[D]")


def date_str(d: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD' strings; NaT becomes an empty string."""
    s = np.datetime_as_string(d.astype("datetime64[D]"), unit="D")
    return np.where(np.isnat(d), "", s)
