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

import polars as pl

Check = tuple[pl.Expr, "pl.Expr | str"]
Parser = Callable[..., tuple[pl.Expr, list[Check]]]

REGION_CODE = r"^(\d{6}|\d{9}|\d{12})$"
BOOLEANS = {"是": True, "否": False, "Y": True, "N": False, "y": True, "n": False, "1": True,
            "0": False, "true": True, "false": False, "TRUE": True, "FALSE": False, "√": True}


def number(s: pl.Expr) -> pl.Expr:
    return s.str.replace_all(",", "").str.replace_all("，", "").cast(pl.Float64, strict=False)


def date_(s: pl.Expr) -> pl.Expr:
    g = s.str.extract_groups(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$")
    text = pl.concat_str(
        [g.struct.field("1"), pl.lit("-"), g.struct.field("2").str.zfill(2), pl.lit("-"), g.struct.field("3").str.zfill(2)]
    )
    return text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def month(s: pl.Expr) -> pl.Expr:
    g = s.str.extract_groups(r"^(\d{4})[-/.年]?(\d{1,2})月?(?:[-/.]\d{1,2}日?)?(?:[ T].*)?$")
    text = pl.concat_str([g.struct.field("1"), pl.lit("-"), g.struct.field("2").str.zfill(2), pl.lit("-01")])
    return text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def region(s: pl.Expr) -> pl.Expr:
    s = s.str.replace(r"\.0$", "")
    return (
        pl.when(s.str.contains(r"^\d{6}000000$")).then(s.str.slice(0, 6))
        .when(s.str.contains(r"^\d{9}000$")).then(s.str.slice(0, 9))
        .otherwise(s)
    )


def _bounds(ctx) -> list[Check]:
    f, tv = ctx.field, ctx.typed
    out: list[Check] = []
    if f.min is not None:
        out.append((tv.is_not_null() & (tv < f.min), f"below the minimum {f.min:g}"))
    if f.max is not None:
        out.append((tv.is_not_null() & (tv > f.max), f"above the maximum {f.max:g}"))
    return out


def parse_string(ctx) -> tuple[pl.Expr, list[Check]]:
    return ctx.raw, []


def parse_region_code(ctx) -> tuple[pl.Expr, list[Check]]:
    checks: list[Check] = [(ctx.typed.is_not_null() & ~ctx.typed.str.contains(REGION_CODE),
                            "not a 6-, 9- or 12-digit division code")]
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


def parse_date(ctx) -> tuple[pl.Expr, list[Check]]:
    return ctx.by_unique(date_), [(ctx.raw.is_not_null() & ctx.typed.is_null(), "cannot read as a date (YYYY-MM-DD)")]


def parse_month(ctx) -> tuple[pl.Expr, list[Check]]:
    return ctx.by_unique(month), [(ctx.raw.is_not_null() & ctx.typed.is_null(), "cannot read as a month (YYYY-MM)")]


def _parse_number(ctx) -> tuple[pl.Expr, pl.Expr, list[Check]]:
    num = ctx.by_unique(number)
    num_ = ctx.helper("num", num)
    return num, num_, [(ctx.raw.is_not_null() & num_.is_null(), f"not a number ({ctx.field.type})")]


def parse_integer(ctx) -> tuple[pl.Expr, list[Check]]:
    num, num_, checks = _parse_number(ctx)
    checks.append((num_.is_not_null() & (num_ != num_.floor()), "not a whole number"))
    return num.round(0).cast(pl.Int64), checks + _bounds(ctx)


def parse_decimal(ctx) -> tuple[pl.Expr, list[Check]]:
    num, num_, checks = _parse_number(ctx)
    factor = ctx.unit_factor()
    if isinstance(factor, pl.Expr):  # a unit column: one factor per row
        checks.append((num_.is_not_null() & ctx.helper("factor", factor).is_null(),
                       f"unit not one of: {', '.join(ctx.field.unit_factors)}"))
    return (num * factor).round(2), checks + _bounds(ctx)


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
