"""Read a delivered CSV or XLSX into an all-text polars frame, finding the header row.

Real exports put a title row and a 统计单位 row above the header; the header row is the first of
the top rows that names at least two of the contract's columns. Every record keeps its physical row
number in the delivered file (`_row_number`, 1-based, counting the rows above it).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from orchestration.ingest.contract import Contract, normalise_header

SCAN_ROWS = 30
_UNIT_ROW = re.compile(r"(?:统计)?(?:计量)?单位\s*[:：]\s*([^\s,，;；]+)")


class FileRejected(ValueError):
    """The whole file cannot be taken; it stays where it is and the ledger records why."""


@dataclass
class RawTable:
    frame: pl.DataFrame  # one Utf8 column per delivered column (named by its header) + _row_number
    headers: list[str]
    header_row: int  # 1-based physical row of the header
    sheet_unit: str | None = None
    notes: list[str] = field(default_factory=list)
    # rows that could not be read at all (a truncated last line): (row number, raw text, reason);
    # they are not in `frame`, are quarantined, and count in the file's rows
    row_problems: list[tuple[int, str, str]] = field(default_factory=list)


def _known_headers(contract: Contract) -> set[str]:
    return {normalise_header(h) for f in contract.fields for h in f.headers}


def _header_score(cells: list[object], known: set[str]) -> int:
    score = 0
    for c in cells:
        h = normalise_header(c)
        if not h:
            continue
        base = re.sub(r"\([^()]*\)$", "", h)
        if h in known or base in known:
            score += 1
    return score


def _find_header(rows: list[list[object]], contract: Contract, where: str) -> tuple[int, str | None]:
    known = _known_headers(contract)
    unit = None
    for i, row in enumerate(rows[:SCAN_ROWS]):
        if _header_score(row, known) >= 2:
            return i, unit
        text = "".join(normalise_header(c) for c in row if c is not None)
        m = _UNIT_ROW.search(text)
        if m:
            unit = m.group(1)
    raise FileRejected(
        f"{where}: no header row found in the first {SCAN_ROWS} rows "
        f"(expected column names such as {', '.join(f.label_zh for f in contract.fields[:4])})"
    )


def _two_level_header(top: list[list[object]], idx: int, known: set[str]) -> list[str] | None:
    """Headers of a two-row header (merged cells: a group cell spanning sub-columns, and cells merged
    down over both rows), or None when the row below the header is data.

    A merged cell holds its value in its top-left cell only, so below a vertically merged cell the
    second row is empty; the second row names at least one contract column.
    """
    if idx + 1 >= len(top):
        return None
    upper, lower = top[idx], top[idx + 1]
    width = max(len(upper), len(lower))
    upper = [normalise_header(c) for c in upper] + [""] * (width - len(upper))
    lower = [normalise_header(c) for c in lower] + [""] * (width - len(lower))
    if _header_score(lower, known) < 1 or not any(u and not lo for u, lo in zip(upper, lower)):
        return None
    return [lo or u for u, lo in zip(upper, lower)]


def _unique_names(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers):
        name = h if h else f"__column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}__{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def read_csv(path: Path, contract: Contract, where: str) -> RawTable:
    """path must be UTF-8 (see encoding.decode_to_utf8)."""
    with path.open("r", encoding="utf-8", newline="") as f:
        head = f.read(256 * 1024)
    if not head.strip():
        raise FileRejected(f"{where}: the file is empty")
    top = list(csv.reader(io.StringIO(head)))[:SCAN_ROWS]
    header_idx, unit = _find_header(top, contract, where)
    headers = [str(h).strip() for h in top[header_idx]]
    skip = header_idx + 1
    two_level = _two_level_header(top, header_idx, _known_headers(contract))
    if two_level is not None:
        headers, skip = two_level, header_idx + 2
    names = _unique_names(headers)
    source, cut = _without_truncated_last_line(path, len(names))
    try:
        frame = pl.read_csv(
            source,
            skip_rows=skip,
            has_header=False,
            new_columns=names,
            schema_overrides={n: pl.Utf8 for n in names},
            infer_schema=False,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.ComputeError as exc:
        raise FileRejected(f"{where}: cannot be parsed as CSV: {str(exc).splitlines()[0]}") from None
    if frame.width != len(names):  # header only: polars sees no columns
        frame = pl.DataFrame(schema={n: pl.Utf8 for n in names})
    frame = frame.with_row_index("_row_number", offset=skip + 1).with_columns(
        pl.col("_row_number").cast(pl.Int64)
    )
    problems = []
    if cut is not None:
        text, n_fields = cut
        problems.append((skip + 1 + frame.height, text,
                         f"truncated last line: {n_fields} of {len(names)} fields and no line end"))
    return RawTable(frame, headers, header_idx + 1, unit, row_problems=problems)


def _without_truncated_last_line(path: Path, width: int) -> tuple[Path | io.BytesIO, tuple[str, int] | None]:
    """A file cut off in the middle of its last record (no line end, too few fields or an open quote):
    the rest of the file, and (the last line's text, its field count). Else (path, None)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(0, size - 65536))
        tail = f.read()
    if not tail or tail.endswith((b"\n", b"\r")):
        return path, None
    nl = tail.rfind(b"\n")
    if nl < 0:
        return path, None  # one line only: the header
    last = tail[nl + 1:]
    text = last.decode("utf-8", errors="replace")
    fields = next(csv.reader([text]), [])
    if len(fields) >= width and text.count('"') % 2 == 0:
        return path, None
    with path.open("rb") as f:
        body = f.read(size - len(last))
    return io.BytesIO(body), (text, len(fields))


def read_xlsx(path: Path, contract: Contract, where: str) -> RawTable:
    import fastexcel  # calamine: Rust, no row-by-row Python

    try:
        reader = fastexcel.read_excel(str(path))
        sheet = reader.load_sheet(0, header_row=None, dtypes="string")
        grid = sheet.to_polars()
    except Exception as exc:  # corrupt zip, not a workbook ...
        raise FileRejected(f"{where}: cannot be read as XLSX: {str(exc).splitlines()[0]}") from None
    if grid.height == 0:
        raise FileRejected(f"{where}: the workbook's first sheet is empty")
    top = [list(r) for r in grid.head(SCAN_ROWS).iter_rows()]
    header_idx, unit = _find_header(top, contract, where)
    headers = ["" if h is None else str(h).strip() for h in top[header_idx]]
    skip = header_idx + 1
    two_level = _two_level_header(top, header_idx, _known_headers(contract))
    if two_level is not None:  # merged header cells over two rows
        headers, skip = two_level, header_idx + 2
    names = _unique_names(headers)
    frame = grid.slice(skip).rename(dict(zip(grid.columns, names)))
    frame = frame.with_row_index("_row_number", offset=skip + 1).with_columns(
        pl.col("_row_number").cast(pl.Int64)
    )
    # drop rows that are entirely empty (trailing formatting rows)
    data_cols = [c for c in frame.columns if c != "_row_number"]
    if data_cols:
        frame = frame.filter(~pl.all_horizontal(pl.col(data_cols).is_null()))
    return RawTable(frame, headers, header_idx + 1, unit)
