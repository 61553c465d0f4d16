"""Writers for the delivered formats: CSV in the area's encoding, and XLSX with a title row,
a 统计单位 row and the header on row 3. Both are byte-for-byte deterministic."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import polars as pl

from .places import Area, Place

FIXED_TIME = dt.datetime(2020, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def file_name(place: Place, keyword: str, month: str, ext: str) -> str:
    return f"{place.code}_{place.name}_{keyword}_{month.replace('-', '')}.{ext}"


def cents_to_str(expr: pl.Expr) -> pl.Expr:
    """Integer cents → '1234.50' (non-negative amounts)."""
    return pl.when(expr.is_null()).then(None).otherwise(
        (expr // 100).cast(pl.Utf8) + "." + (expr % 100).cast(pl.Utf8).str.zfill(2)
    )


def write_csv(path: Path, df: pl.DataFrame, encoding: str, crlf: bool) -> Path:
    """``df``'s column names are the header. Values are written as they are (format first)."""
    text = df.write_csv(include_header=True, line_terminator="\r\n" if crlf else "\n",
                        quote_style="necessary", null_value="")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))  # strict: a character outside the codec fails loudly
    return path


def _repack(data: bytes, sheet_rows: dict[str, str] | None = None) -> bytes:
    """Rewrite a zip with fixed entry times and attributes (openpyxl stamps the current time),
    appending pre-serialised ``<row>`` elements to the named worksheets' sheetData."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if sheet_rows and info.filename in sheet_rows:
                head, tail = body.split(b"</sheetData>", 1)
                body = head + sheet_rows[info.filename].encode("utf-8") + b"</sheetData>" + tail
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            dst.writestr(zi, body, compresslevel=6)
    return out.getvalue()


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def rows_xml(df: pl.DataFrame, first_row: int) -> str:
    """SpreadsheetML ``<row>`` elements for ``df``, as openpyxl's write-only writer would emit
    them (inline strings, ``t="n"`` numbers, empty cells omitted), built column-wise in polars."""
    if df.height == 0:
        return ""
    row = (pl.int_range(first_row, first_row + pl.len(), dtype=pl.Int64)).cast(pl.Utf8)
    cells = []
    for j, (name, dtype) in enumerate(df.schema.items()):
        ref = pl.lit(f'<c r="{_column_letter(j)}') + row
        col = pl.col(name)
        if dtype == pl.Utf8:
            text = (col.str.replace_all("&", "&amp;", literal=True)
                    .str.replace_all("<", "&lt;", literal=True)
                    .str.replace_all(">", "&gt;", literal=True))
            cell = ref + pl.lit('" t="inlineStr"><is><t>') + text + pl.lit("</t></is></c>")
        elif dtype.is_numeric():
            value = col.cast(pl.Utf8)
            cell = ref + pl.lit('" t="n"><v>') + value + pl.lit("</v></c>")
        else:
            raise TypeError(f"unsupported XLSX column type {dtype} for {name}")
        cells.append(pl.when(col.is_null()).then(pl.lit("")).otherwise(cell))
    rows = df.select(
        pl.concat_str([pl.lit('<row r="') + row + pl.lit('">'), *cells, pl.lit("</row>")]).alias("x")
    )
    return rows["x"].str.join("").item()


def write_xlsx(path: Path, title: str, unit_line: str, df: pl.DataFrame, sheet: str = "Sheet1") -> Path:
    """Row 1 title, row 2 统计单位, row 3 header (``df``'s column names), data from row 4.

    openpyxl (write-only mode) builds the package and the first three rows; the data rows are
    serialised column-wise (openpyxl's per-cell writer manages ~35k cells/s, far too slow for the
    rosters) and spliced into the worksheet's sheetData. Workbook properties and zip entry times
    are fixed, so the bytes only depend on the content."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    props = wb.properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.creator = "民政业务系统"
    props.lastModifiedBy = "民政业务系统"
    ws = wb.create_sheet(sheet)
    ws.append([title])
    ws.append([unit_line])
    ws.append(list(df.columns))
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not wb.save(): that stamps modified=now
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_repack(buf.getvalue(), {"xl/worksheets/sheet1.xml": rows_xml(df, 4)}))
    return path


def title_month(month: str) -> str:
    y, m = month.split("-")
    return f"{int(y)}年{int(m)}月"


def write_table(out_dir: Path, domain: str, area: Area, place: Place, keyword: str, month: str,
                df: pl.DataFrame, *, title: str | None = None, unit_line: str = "统计单位：元",
                xlsx: bool | None = None) -> Path:
    """Write one delivered file in the area's format (CSV, or XLSX for XLSX areas or when forced).

    For CSV, every column must already be a string column (numbers formatted)."""
    use_xlsx = area.fmt == "xlsx" if xlsx is None else xlsx
    ext = "xlsx" if use_xlsx else "csv"
    path = out_dir / domain / file_name(place, keyword, month, ext)
    if use_xlsx:
        return write_xlsx(path, title or f"{place.full_name}{title_month(month)}{keyword}", unit_line, df)
    return write_csv(path, df.select(pl.all().cast(pl.Utf8)), area.encoding, area.crlf)
