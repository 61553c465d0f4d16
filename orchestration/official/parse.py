"""A published table (grid.Grid) → its form, issuing region and period, and one row per numeric cell.

Region and period are read, never guessed, in this order: the ``# region:`` / ``# period:`` lines,
then the lines above the table (地区编码 → 编制单位/填报单位 → title → issuer), then the file name
(a 6- or 12-digit division code or a Chinese place name; YYYY-MM, YYYY-Qn, YYYY年M月, YYYY年n季度,
YYYY). A table for which either cannot be read is rejected with that reason.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from orchestration.official.grid import Grid, squash



def _national_code() -> str:
    """The dbt var national_region_code (dbt_project.yml): one value for the forms and the roll-up."""
    import yaml

    project = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"
    return str(yaml.safe_load(project.read_text(encoding="utf-8"))["vars"]["national_region_code"])


NATIONAL_CODE = _national_code()  # 全国 / 民政部: the national level (no GB/T 2260 county code)

ROLE_BY_HEADER = [
    (re.compile(r"^(数量|本期|本月|本季度?|本年|当月|当期|本期数|合计数|数值)$"), "current"),
    (re.compile(r"^(上期|上季度?|上期数)$"), "previous"),
    (re.compile(r"^上月$"), "previous_month"),
    (re.compile(r"^(上年数据|上年同期|去年同期|上年同期数|上年)$"), "same_period_last_year"),
    (re.compile(r"^(环比|环比增长|环比[(（]?%[)）]?|环比增减[(（]?%[)）]?)$"), "change_rate"),
    (re.compile(r"^(同比|同比增长|同比[(（]?%[)）]?|同比增减[(（]?%[)）]?)$"), "change_rate_year_on_year"),
    (re.compile(r"^(增减|增减数|比上期增减|增减量)$"), "change"),
    (re.compile(r"^(本年累计|累计|累计数|年初至今)$"), "cumulative"),
]
_YEAR_HEADER = re.compile(r"^((?:19|20)\d{2})年?$")
_UNIT_HEADER = {"单位", "计量单位"}
_CODE_HEADER = {"代码", "指标代码", "编码"}
_CODE = re.compile(r"^[A-Z]{3}\d{9}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# yearbook symbols: … less than the smallest unit shown, 一/—/- not available; not numbers, not errors
_SYMBOLS = {"…", "...", "……", "一", "—", "-", "--", "－", "/", "x", "X", "*"}
_NUMBERING_CELL = re.compile(r"^([甲乙丙丁戊]|\d+)$")
_PREFIX = re.compile(
    r"^(?P<ofwhich>其中[:：]?\s*|#\s*)?"
    r"(?P<num>[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、．]|[(（]\d+[)）]|"
    r"[A-H](?=\s|[\u4e00-\u9fff])|(?:IV|V?I{1,3}|V)(?=\s|[\u4e00-\u9fff]))?\s*"
)
_DEPTH = [(re.compile(r"^[一二三四五六七八九十]+、$"), 1), (re.compile(r"^[(（][一二三四五六七八九十]+[)）]$"), 2),
          (re.compile(r"^\d+[.、．]$"), 3), (re.compile(r"^[(（]\d+[)）]$"), 4), (re.compile(r"^[A-H]$"), 5),
          (re.compile(r"^(IV|V?I{1,3}|V)$"), 6)]
_UNIT_IN_LABEL = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
_KNOWN_UNITS = {"个", "人", "户", "万人", "万户", "万人次", "人次", "万个", "元", "万元", "亿元", "张", "万张", "件",
                "万件", "对", "具", "人天", "%", "元/人·月", "元/人·年", "元/人、月", "元/人/月", "元/人/年", "所", "家",
                "次", "万对", "平方米"}


class PublishedTableRejected(ValueError):
    """The table's region or period (or anything else needed to load it) cannot be determined."""


@dataclass
class TableMeta:
    title: str | None
    form: str
    issuer: str | None
    region_code: str
    region_name: str
    region_evidence: str
    period_type: str  # month | quarter | year
    period_start: date
    period_end: date
    period_evidence: str
    unit: str | None  # the table's unit (单位:个, 计量单位:万元) when printed once for the whole table


@dataclass
class Cell:
    source_row: int
    source_column: str
    published_label: str
    label_norm: str
    parent_label_norm: str | None
    parent_row: int | None
    is_of_which: bool
    published_value: str
    published_unit: str | None
    official_code: str | None
    column_role: str
    period_type: str
    period_start: date
    period_end: date


@dataclass
class Quarantined:
    row_number: int
    column_name: str
    raw_value: str
    reason: str


@dataclass
class ParsedTable:
    meta: TableMeta
    cells: list[Cell]
    quarantine: list[Quarantined]
    rows_in_table: int
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ period

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _period(kind: str, y: int, n: int | None = None) -> tuple[str, date, date]:
    if kind == "month":
        return "month", date(y, n, 1), _month_end(y, n)
    if kind == "quarter":
        return "quarter", date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    return "year", date(y, 1, 1), date(y, 12, 31)


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4}


def period_from_text(text: str, quarterly: bool = False) -> tuple[str, date, date] | None:
    """The report period named in a piece of text, or None. A 季报 dated by its last month (2019年12月)
    is that quarter."""
    t = squash(text)
    m = re.search(r"((?:19|20)\d{2})[-_.]?Q([1-4])(?!\d)", t, re.I) or \
        re.search(r"((?:19|20)\d{2})年(?:第)?([1-4一二三四])季度", t)
    if m:
        q = m.group(2)
        return _period("quarter", int(m.group(1)), _CN_NUM.get(q) or int(q))
    m = re.search(r"((?:19|20)\d{2})年(?:度)?(1[0-2]|0?[1-9])月(?:份)?", t) or \
        re.search(r"(?<!\d)((?:19|20)\d{2})[-_.](1[0-2]|0[1-9])(?!\d)", t) or \
        re.search(r"(?<!\d)((?:19|20)\d{2})(1[0-2]|0[1-9])(?!\d)", t)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if quarterly and mo % 3 == 0:
            return _period("quarter", y, mo // 3)
        return _period("month", y, mo)
    m = re.search(r"(?<!\d)((?:19|20)\d{2})(?:年(?:度)?)?(?!\d)", t)
    if m:
        return _period("year", int(m.group(1)))
    return None


# ------------------------------------------------------------------ region

def _gazetteer():
    from orchestration.reports.regions import default_gazetteer

    return default_gazetteer()


def region_from_text(text: str) -> tuple[str, str] | None:
    """(code, name) of the most specific region named in text; 全国/民政部 is the national level."""
    t = squash(text)
    m = re.search(r"(?:地区编码|区划代码|行政区划代码)[:：]?(\d{12}|\d{6})", t)
    if m:
        code = m.group(1)[:6]
        r = _gazetteer().get(code)
        return code, (r.name if r else code)
    if re.search(r"全国|^民政部|中华人民共和国民政部", t):
        return NATIONAL_CODE, "全国"
    levels = {"county": 3, "city": 2, "province": 1}
    best = None
    for s, _e, _name, cands, is_short in _gazetteer().mentions(t):
        cands = [r for r in cands if r.level in levels and (not is_short or r.level in ("province", "city"))]
        if len(cands) != 1:
            continue  # a name several regions share is not a reading
        r = cands[0]
        key = (levels[r.level], -s)
        if best is None or key > best[0]:
            best = (key, r)
    if best:
        return best[1].code, best[1].name
    m = re.search(r"(?<!\d)(\d{2}(?:0000|\d{2}00|\d{4}))(?:000000)?(?!\d)", t)
    if m:
        r = _gazetteer().get(m.group(1))
        if r:
            return r.code, r.name
    return None


# ------------------------------------------------------------------ metadata

def _meta_line(lines: list[str], *keys: str) -> str | None:
    for line in lines:
        s = squash(line)
        for k in keys:
            m = re.search(rf"{k}[:：](.+?)(?=(?:表号|制表机关|批准机关|批转机关|编制单位|填报单位|统计期|报告期|计量单位|地区编码|单位)[:：]|$)", s)
            if m:
                return m.group(1)
    return None


def _form(text: str) -> str | None:
    t = squash(text)
    if re.search(r"quarterly", t, re.I):
        return "quarterly_report"
    if re.search(r"monthly", t, re.I):
        return "monthly_report"
    if re.search(r"yearbook", t, re.I):
        return "yearbook"
    if "季报" in t or "JBZH" in t or "JZH" in t:
        return "quarterly_report"
    if "月报" in t or "JBZ" in t or "YZH" in t:
        return "monthly_report"
    if "年鉴" in t or re.search(r"^\d{1,2}-\d{1,2}", t):
        return "yearbook"
    if "年报" in t:
        return "annual_report"
    return None


def read_meta(grid: Grid, path: Path) -> TableMeta:
    m = grid.meta
    first = lambda k: (m.get(k) or [None])[0]  # noqa: E731
    title = first("title") or (grid.lines[0] if grid.lines else None)
    all_text = " ".join([*(v for vs in m.values() for v in vs), *grid.lines])
    form = next((f for f in (_form(t) for t in (first("form"), title, all_text) if t) if f), "published_table")
    quarterly = form == "quarterly_report"
    issuer = first("issuer") or _meta_line(grid.lines, "填报单位", "编制单位", "发布单位")

    region, region_ev = None, None
    candidates = [("region", first("region")),
                  ("地区编码", _meta_line(grid.lines, "地区编码") and "地区编码:" + _meta_line(grid.lines, "地区编码")),
                  ("编制单位/填报单位", _meta_line(grid.lines, "编制单位", "填报单位")),
                  ("title", title), ("issuer", issuer), ("lines above the table", " ".join(grid.lines[1:])),
                  ("file name", path.stem)]
    for label, text in candidates:
        if text and (found := region_from_text(text)):
            region, region_ev = found, f"{label}: {text}"
            break
    if region is None:
        raise PublishedTableRejected(
            f"{path.name}: issuing region cannot be determined: none of the region/地区编码/编制单位/填报单位 "
            "lines, the title or the file name names a province, city or county")

    period, period_ev = None, None
    for label, text in [("period", first("period")), ("统计期/报告期", _meta_line(grid.lines, "统计期", "报告期", "报告期别")),
                        ("title", title), ("lines above the table", " ".join(grid.lines)), ("file name", path.stem)]:
        if text and (found := period_from_text(text, quarterly)):
            period, period_ev = found, f"{label}: {text}"
            break
    if period is None:
        raise PublishedTableRejected(
            f"{path.name}: report period cannot be determined: no period/统计期/报告期 line, and neither the "
            "title nor the file name names a year, quarter or month")
    unit = first("unit") or _meta_line(grid.lines, "计量单位", r"(?<![报制位])单位")
    if unit:
        unit = re.sub(r"^(计量)?单位[:：]", "", squash(unit)).split("(")[0] or None
    return TableMeta(title, form, issuer, region[0], region[1], region_ev, *period[:1], period[1], period[2],
                     period_ev, unit)


# ------------------------------------------------------------------ cells

def normalise_label(label: str) -> tuple[str, str | None, int | None, bool]:
    """(label without numbering, of-which marker, English and unit suffix; unit in the label; depth; of-which)."""
    s = (label or "").strip()
    m = _PREFIX.match(s)
    ofwhich = bool(m and m.group("ofwhich"))
    num = m.group("num") if m else None
    depth = None
    if num:
        depth = next((d for rx, d in _DEPTH if rx.match(num)), None)
    s = s[m.end():] if m else s
    s = re.sub(r"^其中[:：]\s*", "", s)
    s = re.sub(r"\s+[A-Za-z].*$", "", s)  # the English half of a bilingual label
    unit = None
    mu = _UNIT_IN_LABEL.search(s)
    if mu and squash(mu.group(1)) in _KNOWN_UNITS:
        unit = squash(mu.group(1))
        s = s[: mu.start()]
    return squash(s), unit, depth, ofwhich


def column_roles(header: list[str], meta: TableMeta) -> dict[int, tuple[str, tuple[str, date, date]]]:
    """value column index → (role, its period). Year columns of a yearbook are each their own period."""
    out = {}
    for i, h in enumerate(header):
        t = squash(h)
        if i == 0 or t in _UNIT_HEADER or t in _CODE_HEADER:
            continue
        ym = _YEAR_HEADER.match(t)
        if ym:
            out[i] = ("current", _period("year", int(ym.group(1))))
            continue
        # a two-row header joined as top/sub (本期/数量, 上年同期/数量, 本期/环比): a change column by its sub
        # heading, else the group's role (上年同期), else the sub heading's
        found = [next((role for rx, role in ROLE_BY_HEADER if rx.match(part)), None) for part in t.split("/")]
        found = [r for r in found if r]
        if found:
            role = found[-1] if found[-1].startswith("change") else next((r for r in found if r != "current"), found[0])
            out[i] = (role, (meta.period_type, meta.period_start, meta.period_end))
    return out


def _is_numbering_row(cells: list[str], value_cols: list[int]) -> bool:
    texts = [squash(c) for c in cells]
    vals = [texts[i] for i in value_cols if i < len(texts) and texts[i]]
    return bool(vals) and all(_NUMBERING_CELL.match(t) for t in texts if t) and \
        [int(v) for v in vals if v.isdigit()] == list(range(1, len(vals) + 1)) and \
        all(not t or not t.isdigit() or i in value_cols for i, t in enumerate(texts))


def parse_table(grid: Grid, path: Path) -> ParsedTable:
    meta = read_meta(grid, path)
    header = [h or "" for h in grid.header]
    roles = column_roles(header, meta)
    if not roles:
        raise PublishedTableRejected(f"{path.name}: no value column in the header {header!r} "
                                     "(数量/上期/环比/上年数据/同比/years)")
    sq = [squash(h) for h in header]
    unit_col = next((i for i, h in enumerate(sq) if h in _UNIT_HEADER), None)
    code_col = next((i for i, h in enumerate(sq) if h in _CODE_HEADER), None)
    value_cols = sorted(roles)
    cells: list[Cell] = []
    quarantine: list[Quarantined] = []
    notes = list(grid.notes)
    stack: list[tuple[float, str, int, bool, bool]] = []  # (depth, label_norm, row, numbered, has values)
    last: tuple[float, str, int] | None = None
    last_plain: tuple[float, str, int] | None = None  # last row that is not an of-which row
    base_depth = 0.0
    units: dict[int, str | None] = {}  # row → its unit (an of-which row without one takes its parent's)
    rows = 0
    for n, raw in grid.rows:
        row = list(raw) + [""] * (len(header) - len(raw))
        label = (row[0] or "").strip()
        if not any(c.strip() for c in row):
            continue
        if _is_numbering_row(row, value_cols):
            continue
        rows += 1
        unit_cell = squash(row[unit_col]) if unit_col is not None else ""
        code = squash(row[code_col]) if code_col is not None else ""
        if _CODE.match(unit_cell):  # a heading prints its code where the unit should be
            code, unit_cell = code or unit_cell, ""
        if unit_col is not None and _NUMBER.match(unit_cell) and value_cols and \
                not any(squash(row[i]) for i in value_cols if i < len(row)):
            # the cells shifted left over a blank unit (FORMS.md 7): the number is the first value column's
            row[value_cols[0]], unit_cell = row[unit_col], ""
            notes.append(f"row {n} ({label}): a number in the unit column with blank value columns, read as "
                         f"{header[value_cols[0]]!r} without a unit")
        norm, label_unit, depth, ofwhich = normalise_label(label)
        has_values = any(squash(row[i]) for i in value_cols if i < len(row))
        # the parent: numbered rows by their depth; of-which rows under the row above; unnumbered rows
        # under the last numbered heading (an unnumbered row without values is a sub-heading)
        if ofwhich and depth is None:
            parent = last_plain or last
            d = (parent[0] + 0.1) if parent else 9
        else:
            if depth is not None:
                d = float(depth)
                base_depth = d
            elif not has_values:
                d = base_depth + 0.5
            else:  # an unnumbered row with values: under an unnumbered sub-heading, or beside its siblings
                top = stack[-1] if stack else None
                if top and not top[3] and top[0] > base_depth:
                    d = top[0] if top[4] else top[0] + 0.1
                else:
                    d = base_depth + 0.5
            while stack and stack[-1][0] >= d:
                stack.pop()
            parent = stack[-1][:3] if stack else None
            stack.append((d, norm, n, depth is not None, has_values))
            last_plain = (d, norm, n)
        last = (d, norm, n)
        unit = unit_cell or label_unit or (units.get(parent[2]) if ofwhich and parent else None) or meta.unit or None
        units[n] = unit
        for i in value_cols:
            v = squash(row[i]) if i < len(row) else ""
            if not v:
                continue
            role, (ptype, pstart, pend) = roles[i]
            if v in _SYMBOLS:
                continue
            v = v.replace("%", "") if role.startswith("change_rate") else v
            if not _NUMBER.match(v):
                quarantine.append(Quarantined(n, header[i], row[i], f"{path.name} row {n}, column {header[i]!r} "
                                              f"({label}): {row[i]!r} is not a number"))
                continue
            if not norm:
                quarantine.append(Quarantined(n, header[i], row[i], f"{path.name} row {n}: a value without a label"))
                continue
            cells.append(Cell(
                source_row=n, source_column=header[i], published_label=label, label_norm=norm,
                parent_label_norm=parent[1] if parent else None, parent_row=parent[2] if parent else None,
                is_of_which=ofwhich, published_value=v.replace(",", "").lstrip("+"),
                published_unit="%" if role.startswith("change_rate") else unit,
                official_code=code if _CODE.match(code) else None, column_role=role,
                period_type=ptype, period_start=pstart, period_end=pend,
            ))
    return ParsedTable(meta, cells, quarantine, rows, notes)
