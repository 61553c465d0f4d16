"""The published tables of tests/official/fixtures/ re-saved as XLSX (a title row, 填报单位/统计期/
计量单位 lines, the title merged across the sheet, notes under the table) and as an HTML page."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = sorted(FIXTURES.glob("*.csv"))


def split_csv(path: Path) -> tuple[dict[str, str], list[list[str]]]:
    meta: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = 0
    while lines[i].startswith("# "):
        k, _, v = lines[i][2:].partition(":")
        meta.setdefault(k.strip(), v.strip())
        i += 1
    return meta, list(csv.reader(io.StringIO("".join(lines[i:]))))


def period_zh(period: str) -> str:
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"{m[1]}年{m[2]}季度"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[1]}年{int(m[2])}月"
    return f"{period}年"


def _head(meta: dict[str, str]) -> list[str]:
    region = re.split(r"[\s(（]", meta["region"])[0]
    region = "民政部" if region == "全国" else region
    if "年鉴" in meta["issuer"]:
        title = meta["title"]
    elif re.search("季报|quarterly", meta.get("form", "")) or "Q" in meta["period"]:
        title = f"民政统计季报表（{period_zh(meta['period'])}）"
    else:
        title = f"民政统计月报表（{period_zh(meta['period'])}）"
    lines = [title, f"填报单位：{region}", f"统计期：{period_zh(meta['period'])}"]
    if "unit" in meta:
        lines.append("计量单位：" + meta["unit"].split(":", 1)[-1].split(" ")[0])
    return lines


def to_xlsx(src: Path, dst: Path) -> Path:
    import openpyxl

    meta, rows = split_csv(src)
    wb = openpyxl.Workbook()
    ws = wb.active
    width = len(rows[0])
    head = _head(meta)
    for line in head:
        ws.append([line])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for r in rows:
        ws.append([c if c else None for c in r])
    ws.append([])
    ws.append(["注：本表数据来源于" + meta["source"]])
    dst = dst / (src.stem + ".xlsx")
    wb.save(dst)
    return dst


def to_html(src: Path, dst: Path) -> Path:
    meta, rows = split_csv(src)
    head = _head(meta)
    body = "".join(f"<p>{html.escape(x)}</p>" for x in head[1:])
    trs = "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr>"
    trs += "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    page = (f"<html><head><meta charset='utf-8'><title>{html.escape(head[0])}</title></head><body>"
            f"<h1>{html.escape(head[0])}</h1>{body}<table border='1'>{trs}</table>"
            f"<p>注：数据来源 {html.escape(meta['source'])}</p></body></html>")
    dst = dst / (src.stem + ".html")
    dst.write_text(page, encoding="utf-8")
    return dst
