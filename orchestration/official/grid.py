"""Published tables (CSV, XLSX, HTML) reduced to one shape: the lines above the table, the rows of
the table as strings, and the lines under it.

* CSV (UTF-8 or GBK, decoded by orchestration/ingest/encoding.py): ``# key: value`` lines above the
  header are metadata; the first line that does not start with ``# `` is the header.
* XLSX: every row above the header row (the title such as 民政统计月报（2021年7月）, 填报单位/统计期/
  计量单位 lines) is a line of text; merged cells are filled across their range, so a merged header
  cell names every column under it; text under the table (注:…) is kept as notes.
* HTML: the first ``<table>`` with a header row; colspan/rowspan are expanded; the page's title and
  the text before the table are lines, the text after it notes.

A header row is the first row whose first non-empty cell is a label header (指标名称, 指 标, 项目,
Item …) or whose other cells name value columns (数量, 上期, years …).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LABEL_HEADERS = {"指标名称", "指标", "项目", "指标名", "名称", "item", "indicator"}
_VALUE_HEADER = re.compile(r"^(数量|本期|本月|本季|本年|上期|上月|上季度?|上年.*|同比|环比|增减.*|累计.*|"
                           r"(19|20)\d{2}年?)$")


class TableRejected(ValueError):
    """The file holds no readable table (the reason says why)."""


@dataclass
class Grid:
    meta: dict[str, list[str]]  # '# key: value' lines (CSV), key lower-cased; several lines per key kept
    lines: list[str]  # text above the header: title, 填报单位/编制单位/统计期/计量单位 …
    header: list[str]
    header_row: int  # 1-based row (CSV line, sheet row, <tr> ordinal) of the header
    rows: list[tuple[int, list[str]]]  # (1-based row in the file, cells) under the header
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None


def squash(text: str) -> str:
    """Cell text without the spaces printed inside words (指 标 → 指标), full-width spaces included."""
    return re.sub(r"[\s\u3000]+", "", text or "")


def is_header(cells: list[str]) -> bool:
    texts = [squash(c) for c in cells]
    nonempty = [t for t in texts if t]
    if len(nonempty) < 2:
        return False
    if nonempty[0].lower() in LABEL_HEADERS:
        return True
    return sum(bool(_VALUE_HEADER.match(t)) for t in nonempty[1:]) >= 1 and not re.search(r"\d[\d,.]*$", nonempty[0])


def _split(rows: list[tuple[int, list[str]]], lines: list[str], where: str) -> tuple[int, list[str], list]:
    for i, (n, cells) in enumerate(rows):
        if is_header(cells):
            return i, cells, rows[i + 1:]
        text = " ".join(c.strip() for c in cells if c and c.strip())
        if text:
            lines.append(text)
    raise TableRejected(f"{where}: no header row (指标名称 | 单位 | 数量 …, or 项目 | years) found")


def _trailing_notes(rows: list[tuple[int, list[str]]], notes: list[str]) -> list[tuple[int, list[str]]]:
    """Rows under the table whose only text is in the first cell and that read as a note (注 …)."""
    out = []
    for n, cells in rows:
        filled = [c for c in cells if c and c.strip()]
        first = (cells[0] if cells else "").strip()
        if len(filled) == 1 and re.match(r"^(注|说明|备注|资料来源|数据来源|\*)", first):
            notes.append(first)
            continue
        out.append((n, cells))
    return out


def read_csv_grid(path: Path, text: str, encoding: str) -> Grid:
    meta: dict[str, list[str]] = {}
    lines: list[str] = []
    body_start = 0
    raw_lines = text.splitlines(keepends=True)
    for i, line in enumerate(raw_lines):
        if line.startswith("#") and not line.startswith('"'):
            m = re.match(r"#\s*([^:：]+?)\s*[:：]\s*(.*)$", line.rstrip("\r\n"))
            if m:
                meta.setdefault(m.group(1).strip().lower(), []).append(m.group(2).strip())
            body_start = i + 1
            continue
        break
    reader = csv.reader(io.StringIO("".join(raw_lines[body_start:])))
    rows = []
    for cells in reader:
        rows.append((body_start + reader.line_num, cells))
    i, header, rest = _split(rows, lines, path.name)
    notes: list[str] = []
    rest = _trailing_notes(rest, notes)
    return Grid(meta, lines, header, rows[i][0], rest, notes, encoding)


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def read_xlsx_grid(path: Path) -> Grid:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # zip/xml errors: not a workbook
        raise TableRejected(f"{path.name}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    ws = wb.worksheets[0]
    values = [[_cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    header_at = next((i for i, cells in enumerate(values) if is_header(cells)), len(values))
    for rng in ws.merged_cells.ranges:
        if rng.min_row - 1 < header_at:
            continue  # a title or 填报单位 line merged across the sheet stays one line of text
        top = values[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                values[r - 1][c - 1] = top
    rows = [(i + 1, cells) for i, cells in enumerate(values)]
    lines: list[str] = []
    i, header, rest = _split(rows, lines, path.name)
    # a second header row under a merged top row (本期 | 上年同期 over 数量 …): join the two
    sub0 = squash(rest[0][1][0]) if rest and rest[0][1] else None
    if rest and sub0 in ("", squash(header[0])) and is_header(["指标名称"] + rest[0][1][1:]):
        sub = rest[0][1]
        header = [(h if not s or s == h else (s if not h else f"{h}/{s}")) for h, s in zip(header, sub + [""] * len(header))]
        rest = rest[1:]
    notes: list[str] = []
    rest = _trailing_notes(rest, notes)
    return Grid({}, lines, header, rows[i][0], rest, notes, "xlsx")


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.before: list[str] = []
        self.after: list[str] = []
        self.title = ""
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._depth = 0
        self._row: list | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._in_title = False
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "table":
            self._flush()
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._depth == 1:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif tag in ("br", "p", "div", "h1", "h2", "h3", "li") and self._depth == 0:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append((" ".join("".join(self._cell).split()), *self._span))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._depth == 1:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag in ("p", "div", "h1", "h2", "h3", "li") and self._depth == 0:
            self._flush()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._cell is not None:
            self._cell.append(data)
        elif self._depth == 0:
            self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            (self.after if self.tables else self.before).append(text)

    def close(self):
        super().close()
        self._flush()


def _expand(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def read_html_grid(path: Path, text: str, encoding: str) -> Grid:
    p = _TableParser()
    p.feed(text)
    p.close()
    if not p.tables:
        raise TableRejected(f"{path.name}: the page has no <table>")
    for table in p.tables:
        cells = _expand(table)
        rows = [(i + 1, r) for i, r in enumerate(cells)]
        lines = ([" ".join(p.title.split())] if p.title.strip() else []) + list(p.before)
        try:
            i, header, rest = _split(rows, lines, path.name)
        except TableRejected:
            continue
        notes = list(p.after)
        rest = _trailing_notes(rest, notes)
        return Grid({}, lines, header, rows[i][0], rest, notes, encoding)
    raise TableRejected(f"{path.name}: no <table> on the page has a header row (指标名称 | 单位 | 数量 …)")


def _decode_bytes(path: Path, work_dir: Path) -> tuple[str, str]:
    from orchestration.ingest.encoding import EncodingRejected, decode_to_utf8

    try:
        decoded = decode_to_utf8(path, work_dir)
    except EncodingRejected as exc:
        raise TableRejected(f"{path.name}: {exc}") from exc
    try:
        text = decoded.path.read_text(encoding="utf-8")
    finally:
        if decoded.path != path:
            decoded.path.unlink(missing_ok=True)
    return text, decoded.encoding


def read_grid(path: Path, work_dir: Path) -> Grid:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx_grid(path)
    if suffix in (".html", ".htm"):
        text, enc = _decode_bytes(path, work_dir)
        m = re.search(r"<meta[^>]+charset=[\"']?([\w-]+)", text[:2000], re.I)
        if m and m.group(1).lower() in ("gbk", "gb2312", "gb18030") and enc.startswith("utf-8"):
            pass  # the bytes decoded as UTF-8: the declaration is stale, the bytes rule
        return read_html_grid(path, text, enc)
    if suffix == ".csv":
        text, enc = _decode_bytes(path, work_dir)
        return read_csv_grid(path, text, enc)
    raise TableRejected(f"{path.name}: unsupported file type {suffix} (CSV, XLSX, HTML)")
