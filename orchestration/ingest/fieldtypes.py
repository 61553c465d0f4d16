"""The field types of an extract contract, in one table: storage types and the parser of each.

A parser reads one field's cleaned delivered text (`ctx.raw`, null when the cell is empty) and returns
(typed value expression, [(failing-row condition, reason)]). Conditions read the typed value as the
materialised column `ctx.typed`, not the expression again. `ctx` (transform.FieldContext) also gives
`by_unique` (parse each distinct text once), `helper` (materialise an intermediate column), the unit
factor of the file, the region validity table and the file's month.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

Check = tuple[pl.Expr, "pl.Expr | str"]
Parser = Callable[..., tuple[pl.Expr, list[Check]]]

REGION_CODE = r"^(\d{6}|\d{9}|\d{12})$"
BOOLEANS = {"是": True, "否": False, "Y": True, "N": False, "y": True, "n": False, "1": True,
            "0": False, "true": True, "false": False, "TRUE": True, "FALSE": False, "√": True}


# cells that mean "no value" in a spreadsheet (after NFKC: full-width －／ become -/)
NONE_MARKS = ["-", "--", "—", "——", "–", "/", "无", "空", "N/A", "n/a", "NA"]
IDENTITY_IN_TEXT = r"(^|[^0-9])[1-9][0-9]{16}[0-9Xx]($|[^0-9])"
MOBILE_IN_TEXT = r"(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])"
LANDLINE_IN_TEXT = r"(^|[^0-9])0[1-9][0-9]{1,2}-?[0-9]{7,8}($|[^0-9])"
EXCEL_EPOCH = date(1899, 12, 30)


def numeric_text(s: pl.Expr) -> pl.Expr:
    """A number as typed into a spreadsheet, in ASCII: NFKC (full-width digits, commas and spaces, the
    non-breaking space), then spaces or commas between groups of three digits removed (1,234,567.5)."""
    s = s.str.normalize("NFKC").str.strip_chars()
    for sep in (" ", ","):  # only between groups of three digits: "7,00" is not seven hundred
        grouped = s.str.contains(rf"^[+-]?\d{{1,3}}(?:{sep}\d{{3}})+(?:\.\d+)?\D*$")
        s = pl.when(grouped).then(s.str.replace_all(sep, "", literal=True)).otherwise(s)
    return s


def number(s: pl.Expr) -> pl.Expr:
    return numeric_text(s).cast(pl.Float64, strict=False)


def is_none_mark(s: pl.Expr) -> pl.Expr:
    return s.str.normalize("NFKC").str.strip_chars().is_in(NONE_MARKS)


def cell_units(f) -> dict[str, float]:
    """Units a cell may carry after its number ("1.2万元", "1.2万", "12人"), with their factor to f.unit."""
    units = dict(f.unit_factors)
    if f.unit:
        units.setdefault(f.unit, 1.0)
        for u, factor in f.unit_factors.items():
            if u.endswith(f.unit) and u != f.unit:
                units.setdefault(u[: -len(f.unit)], factor)  # 万元 → 万
    return units


def _split_unit(s: pl.Expr) -> pl.Expr:
    return numeric_text(s).str.extract_groups(r"^([+-]?\d+(?:\.\d+)?)\s*([^\d\s.+-][^\d]*)$")


def excel_serial(s: pl.Expr) -> pl.Expr:
    """An Excel date serial (days since 1899-12-30) as a date, for serials of 1955-2119 only."""
    n = s.str.normalize("NFKC").str.extract(r"^(\d{5})(?:\.0+)?$").cast(pl.Int64, strict=False)
    ok = n.is_between(20000, 80000)
    return pl.when(ok).then(pl.lit(EXCEL_EPOCH) + pl.duration(days=n))


def date_(s: pl.Expr) -> pl.Expr:
    t = s.str.normalize("NFKC")
    g = t.str.extract_groups(r"^((?:19|20)\d{2})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$")
    text = pl.concat_str(
        [g.struct.field("1"), pl.lit("-"), g.struct.field("2").str.zfill(2), pl.lit("-"), g.struct.field("3").str.zfill(2)]
    )
    return pl.coalesce(text.str.strptime(pl.Date, "%Y-%m-%d", strict=False), excel_serial(t))


def month(s: pl.Expr) -> pl.Expr:
    t = s.str.normalize("NFKC")
    g = t.str.extract_groups(r"^((?:19|20)\d{2})[-/.年]?(\d{1,2})月?(?:[-/.]\d{1,2}日?)?(?:[ T].*)?$")
    text = pl.concat_str([g.struct.field("1"), pl.lit("-"), g.struct.field("2").str.zfill(2), pl.lit("-01")])
    return pl.coalesce(text.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
                       excel_serial(t).dt.truncate("1mo"))


def region(s: pl.Expr) -> pl.Expr:
    s = s.str.normalize("NFKC").str.strip_chars().str.replace(r"^'", "").str.replace(r"\.0+$", "")
    return (
        pl.when(s.str.contains(r"^\d{6}000000$")).then(s.str.slice(0, 6))
        .when(s.str.contains(r"^\d{9}000$")).then(s.str.slice(0, 9))
        .otherwise(s)
    )


def redact(s: pl.Expr) -> pl.Expr:
    """Identity, mobile and landline numbers inside free text replaced by a marker (never stored)."""
    return (s.str.replace_all(IDENTITY_IN_TEXT, "${1}[身份证号已删除]${2}")
            .str.replace_all(MOBILE_IN_TEXT, "${1}[手机号已删除]${2}")
            .str.replace_all(LANDLINE_IN_TEXT, "${1}[电话已删除]${2}"))


def holds_identifier(s: pl.Expr) -> pl.Expr:
    return s.str.contains(IDENTITY_IN_TEXT) | s.str.contains(MOBILE_IN_TEXT) | s.str.contains(LANDLINE_IN_TEXT)


def _bounds(ctx) -> list[Check]:
    f, tv = ctx.field, ctx.typed
    out: list[Check] = []
    if f.min is not None:
        out.append((tv.is_not_null() & (tv < f.min), f"below the minimum {f.min:g}"))
    if f.max is not None:
        out.append((tv.is_not_null() & (tv > f.max), f"above the maximum {f.max:g}"))
    return out


def parse_string(ctx) -> tuple[pl.Expr, list[Check]]:
    """Free text. Personal fields are pseudonymised or dropped by the loader; in any other text an
    identity or phone number is personal data that must not be stored: removed, and the ledger says so.
    A required text field that is nothing but such a number is an identifier where none belongs:
    the row is quarantined (masked)."""
    if ctx.field.pii:
        return ctx.raw, []
    found = ctx.by_unique(holds_identifier)
    whole = ctx.raw.str.contains(r"^(?:[1-9][0-9]{16}[0-9Xx]|1[3-9][0-9]{9})$")
    checks: list[Check] = []
    if ctx.field.required:
        checks.append((whole.fill_null(False), "an identity or phone number where none belongs (personal data: not stored)"))
        found = found & ~whole
    n = ctx.count(found)
    if n:
        ctx.note(f"{ctx.field.name}: identity/phone numbers removed from the text of {n} row(s) (personal data)")
    return ctx.by_unique(redact), checks


def parse_region_code(ctx) -> tuple[pl.Expr, list[Check]]:
    sci = ctx.raw.str.contains(r"^[0-9.]+[Ee]\+?[0-9]+$")
    checks: list[Check] = [
        (ctx.typed.is_not_null() & ~ctx.typed.str.contains(REGION_CODE) & ~sci, "not a 6-, 9- or 12-digit division code"),
        (sci, "a division code in scientific notation (Excel made it a number; its digits are lost): "
              "format the column as text and re-export"),
    ]
    quoted = ctx.count(ctx.raw.str.starts_with("'") & ctx.by_unique(region).str.contains(REGION_CODE))
    if quoted:
        ctx.note(f"{ctx.field.name}: leading apostrophe (Excel's text marker) removed from {quoted} code(s)")
    if ctx.regions is not None and ctx.file_month is not None:
        # validity depends on the code alone: decided once per distinct code, then looked up
        for i, (_, reason) in enumerate(ctx.regions.checks(ctx.raw, ctx.file_month)):
            def check(x: pl.Expr, i: int = i) -> pl.Expr:
                code = region(x)
                return code.str.contains(REGION_CODE) & ctx.regions.checks(code, ctx.file_month)[i][0]
            checks.append((ctx.by_unique(check), reason))
    return ctx.by_unique(region), checks


def parse_enum(ctx) -> tuple[pl.Expr, list[Check]]:
    f = ctx.field

    def norm(x: pl.Expr) -> pl.Expr:
        x = x.str.replace_all(r"\s", "")
        return x.replace(f.synonyms) if f.synonyms else x
    return ctx.by_unique(norm), [(ctx.typed.is_not_null() & ~ctx.typed.is_in(list(f.values)),
                                  f"not one of: {', '.join(f.values)}")]


def parse_boolean(ctx) -> tuple[pl.Expr, list[Check]]:
    v = ctx.by_unique(lambda x: x.replace_strict(BOOLEANS, default=None, return_dtype=pl.Boolean))
    return v, [(ctx.raw.is_not_null() & ctx.typed.is_null(), "not a yes/no value (是/否)")]


def _serial_note(ctx) -> None:
    n = ctx.count(ctx.by_unique(excel_serial).is_not_null())
    if n:
        ctx.note(f"{ctx.field.name}: {n} Excel date serial(s) (days since 1899-12-30) read as dates")


def parse_date(ctx) -> tuple[pl.Expr, list[Check]]:
    _serial_note(ctx)
    return ctx.by_unique(date_), [(ctx.raw.is_not_null() & ctx.typed.is_null(), "cannot read as a date (YYYY-MM-DD)")]


def parse_month(ctx) -> tuple[pl.Expr, list[Check]]:
    _serial_note(ctx)
    return ctx.by_unique(month), [(ctx.raw.is_not_null() & ctx.typed.is_null(), "cannot read as a month (YYYY-MM)")]


def _parse_number(ctx) -> tuple[pl.Expr, pl.Expr, pl.Expr, list[Check]]:
    """(number with a unit written in its cell applied, that cell unit's factor, its materialised column,
    checks). "—", "/", "无" mean no value (never 0): empty, or quarantined in a required column."""
    f = ctx.field
    units = cell_units(f)
    parts = _split_unit  # (number, unit) of "1.2万"

    def cell_factor(x: pl.Expr) -> pl.Expr:
        return parts(x).struct.field("2").replace_strict(units, default=None, return_dtype=pl.Float64)

    def value(x: pl.Expr) -> pl.Expr:
        plain = number(x)
        return pl.coalesce(plain, parts(x).struct.field("1").cast(pl.Float64, strict=False) * cell_factor(x))
    num = ctx.by_unique(value)
    num_ = ctx.helper("num", num)
    none = ctx.by_unique(is_none_mark)
    checks: list[Check] = [(ctx.raw.is_not_null() & num_.is_null() & ~none, f"not a number ({f.type})")]
    if f.required:
        checks.append((none, "no value ('—', '/' or 无 for none) in a required column"))
    else:
        n = ctx.count(none)
        if n:
            ctx.note(f"{f.name}: {n} cell(s) held '—', '/' or 无 for none: stored empty, not 0")
    cell_unit = ctx.by_unique(cell_factor)
    n = ctx.count(cell_unit.is_not_null() & ctx.by_unique(number).is_null())
    if n:
        found = sorted(ctx.df.select(ctx.by_unique(lambda x: parts(x).struct.field("2")).drop_nulls().unique())
                       .to_series().to_list())
        ctx.note(f"{f.name}: {n} cell(s) wrote their unit ({', '.join(found)}) after the number: converted to {f.unit}")
    return num, cell_unit, num_, checks


def parse_integer(ctx) -> tuple[pl.Expr, list[Check]]:
    num, _, num_, checks = _parse_number(ctx)
    checks.append((num_.is_not_null() & (num_ != num_.floor()), "not a whole number"))
    return num.round(0).cast(pl.Int64), checks + _bounds(ctx)


def parse_decimal(ctx) -> tuple[pl.Expr, list[Check]]:
    num, cell_unit, num_, checks = _parse_number(ctx)
    factor = ctx.unit_factor()
    if isinstance(factor, pl.Expr):  # a unit column: one factor per row
        checks.append((num_.is_not_null() & ctx.helper("factor", factor).is_null() & ctx.helper("cellunit", cell_unit).is_null(),
                       f"unit not one of: {', '.join(ctx.field.unit_factors)}"))
    # a unit written in the cell is the cell's own: the column's (header, 统计单位 row, unit column) applies to bare numbers
    return (num * pl.when(cell_unit.is_null()).then(factor).otherwise(1.0)).round(2), checks + _bounds(ctx)


@dataclass(frozen=True)
class FieldType:
    duckdb: str  # raw column type
    polars: pl.DataType  # typed frame column type
    parse: Parser


FIELD_TYPES: dict[str, FieldType] = {
    "string": FieldType("VARCHAR", pl.Utf8, parse_string),
    "region_code": FieldType("VARCHAR", pl.Utf8, parse_region_code),
    "enum": FieldType("VARCHAR", pl.Utf8, parse_enum),
    "integer": FieldType("BIGINT", pl.Int64, parse_integer),
    "decimal": FieldType("DECIMAL(18,2)", pl.Float64, parse_decimal),
    "date": FieldType("DATE", pl.Date, parse_date),
    "month": FieldType("DATE", pl.Date, parse_month),
    "boolean": FieldType("BOOLEAN", pl.Boolean, parse_boolean),
}
