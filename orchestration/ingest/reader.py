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
    """path must be UTF-8 (see encoding.decode_to_utf8).

    Line ends may be CRLF, LF or (old county systems, classic Mac) CR alone. A file polars cannot
    split evenly (rows with more cells than the header, a quote never closed) is read again by the
    csv module to say which rows are wrong (_read_uneven)."""
    with path.open("r", encoding="utf-8", newline="") as f:
        head = f.read(256 * 1024)
    if not head.strip():
        raise FileRejected(f"{where}: the file is empty")
    notes: list[str] = []
    eol = "\n"
    if "\r" in head and "\n" not in head:
        eol = "\r"
        notes.append("line ends are CR alone (an old county system or classic Mac export): read as line ends")
    top = list(csv.reader(io.StringIO(head, newline="")))[:SCAN_ROWS]
    header_idx, unit = _find_header(top, contract, where)
    headers = [str(h).strip() for h in top[header_idx]]
    skip = header_idx + 1
    two_level = _two_level_header(top, header_idx, _known_headers(contract))
    if two_level is not None:
        headers, skip = two_level, header_idx + 2
    names = _unique_names(headers)
    source, cut = _without_truncated_last_line(path, len(names), eol.encode())
    problems = []
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
            eol_char=eol,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.SchemaError, pl.exceptions.ShapeError):
        frame, problems = _read_uneven(source, skip, names, where, notes)
    if "_row_number" not in frame.columns:
        if frame.width != len(names):  # header only: polars sees no columns
            frame = pl.DataFrame(schema={n: pl.Utf8 for n in names})
        frame = frame.with_row_index("_row_number", offset=skip + 1).with_columns(
            pl.col("_row_number").cast(pl.Int64)
        )
    if cut is not None:
        text, n_fields = cut
        problems.append((skip + 1 + frame.height + len(problems), text,
                         f"truncated last line: {n_fields} of {len(names)} fields and no line end"))
    return RawTable(frame, headers, header_idx + 1, unit, notes=notes, row_problems=problems)


def _read_uneven(source, skip: int, names: list[str], where: str, notes: list[str]):
    """The csv module's reading of a file whose rows do not all have the header's cells. Cells beyond
    the header that are all empty (padding a spreadsheet adds) are dropped, with a note; a row with
    other extra cells, or fewer cells, cannot be lined up with the header and is quarantined whole.
    A quote that is never closed swallows the rest of the file into one cell: the file is rejected."""
    data = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    width, rows, problems, padded, line = len(names), [], [], 0, 0
    for n, cells in enumerate(reader, start=1):
        start, line = line + 1, reader.line_num
        if n <= skip:
            continue
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells, padded = cells[:width], padded + 1
        if cells and len(cells) == width or not cells:
            rows.append((n, *(cells or [None] * width)))
            continue
        if any("\n" in c or "\r" in c for c in cells) and line > start and _ends_inside_quote(data):
            raise FileRejected(f"{where}: a quote (\") opened in line {start} is never closed: the rest of the file "
                               "would be one cell; fix the quoting and re-send")
        problems.append((n, ",".join(cells), f"{len(cells)} cells where the header has {width}: the cells do not "
                                              "line up with the columns"))
    if padded:
        notes.append(f"{padded} row(s) had empty cells beyond the header's last column (dropped)")
    frame = pl.DataFrame(rows, schema={"_row_number": pl.Int64, **{c: pl.Utf8 for c in names}}, orient="row")
    return frame, problems


def _ends_inside_quote(data: bytes) -> bool:
    return data.count(b'"') % 2 == 1


def _without_truncated_last_line(path: Path, width: int, eol: bytes = b"\n") -> tuple[Path | io.BytesIO, tuple[str, int] | None]:
    """A file cut off in the middle of its last record (no line end, too few fields or an open quote):
    the rest of the file, and (the last line's text, its field count). Else (path, None)."""
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(0, size - 65536))
        tail = f.read()
    if not tail or tail.endswith((b"\n", b"\r")):
        return path, None
    nl = tail.rfind(eol)
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
    """The workbook's one visible sheet that holds the extract's header (a 填表说明 sheet before it, a
    chart or a pivot after it are not read, and the ledger says so). Hidden sheets are never read.
    Several visible sheets with the header: the file is rejected (which one is the delivery?).
    Cells are read as the values Excel shows (a formula's cached result, a date as YYYY-MM-DD)."""
    import fastexcel  # calamine: Rust, no row-by-row Python

    try:
        reader = fastexcel.read_excel(str(path))
        sheets = [(i, name, reader.load_sheet(i, header_row=None, n_rows=SCAN_ROWS, dtypes="string"))
                  for i, name in enumerate(reader.sheet_names)]
    except Exception as exc:  # corrupt zip, not a workbook ...
        raise FileRejected(f"{where}: cannot be read as XLSX: {str(exc).splitlines()[0]}") from None
    known = _known_headers(contract)
    visible = [(i, n) for i, n, sh in sheets if sh.visible == "visible"]
    with_header = [(i, n) for i, n, sh in sheets if sh.visible == "visible"
                   and any(_header_score(list(r), known) >= 2 for r in sh.to_polars().iter_rows())]
    if len(with_header) > 1:
        raise FileRejected(f"{where}: several sheets hold the extract's columns ({', '.join(n for _, n in with_header)}): "
                           "deliver one table per file")
    notes = []
    idx = with_header[0][0] if with_header else (visible[0][0] if visible else 0)
    if len(sheets) > 1:
        others = [n for i, n, _ in sheets if i != idx]
        notes.append(f"read sheet {reader.sheet_names[idx]!r}; not read: {', '.join(others)}")
    grid = reader.load_sheet(idx, header_row=None, dtypes="string").to_polars()
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
    return RawTable(frame, headers, header_idx + 1, unit, notes=notes)
