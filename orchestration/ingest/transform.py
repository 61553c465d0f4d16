"""Apply a contract to an all-text frame: map headers, cast, convert units, check each row.

Everything is a polars expression over whole columns. A row that fails any check is quarantined
(not loaded) with one entry per failing column; the other rows are returned typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from orchestration.ingest.contract import Contract, Field, normalise_header
from orchestration.ingest.fieldtypes import BOOLEANS, FIELD_TYPES, redact  # noqa: F401 - BOOLEANS re-exported
from orchestration.ingest.reader import FileRejected, RawTable

_TRAILING_PAREN = re.compile(r"^(.*)\(([^()]*)\)$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
QUARANTINE_SCHEMA = {"_row_number": pl.Int64, "column_name": pl.Utf8, "raw_value": pl.Utf8, "reason": pl.Utf8}


@dataclass
class Typed:
    frame: pl.DataFrame  # typed fields (by field name, incl. pii fields still in clear) + _row_number
    quarantine: pl.DataFrame  # _row_number, column_name, raw_value, reason
    rows_in_file: int
    column_map: dict[str, str]  # delivered header -> field name
    extra_columns: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def rows_quarantined(self) -> int:
        return self.quarantine["_row_number"].n_unique() if self.quarantine.height else 0


def map_headers(raw: RawTable, contract: Contract, where: str) -> tuple[dict[str, tuple[Field, str | None]], list[str]]:
    """delivered column name -> (field, unit named in the header suffix)."""
    lookup: dict[str, Field] = {}
    for f in contract.fields:
        for h in f.headers:
            lookup.setdefault(normalise_header(h), f)
    mapped: dict[str, tuple[Field, str | None]] = {}
    extra: list[str] = []
    for col in raw.frame.columns:
        if col == "_row_number":
            continue
        h = normalise_header(col)
        f, unit = lookup.get(h), None
        if f is None:
            m = _TRAILING_PAREN.match(h)
            if m and m.group(1) in lookup:
                cand = lookup[m.group(1)]
                suffix = m.group(2)
                if suffix in cand.unit_factors or suffix == cand.unit:
                    f, unit = cand, suffix
        if f is None:
            extra.append(col)
        else:
            mapped[col] = (f, unit)
    by_field: dict[str, list[str]] = {}
    for col, (f, _) in mapped.items():
        by_field.setdefault(f.name, []).append(col)
    dupes = {k: v for k, v in by_field.items() if len(v) > 1}
    if dupes:
        detail = "; ".join(f"{k} ← {', '.join(v)}" for k, v in dupes.items())
        raise FileRejected(f"{where}: ambiguous header, several columns map to one field: {detail}")
    missing = [f for f in contract.fields if f.required and f.name not in by_field]
    if missing:
        raise FileRejected(
            f"{where}: missing required column(s) "
            + ", ".join(f"{f.label_zh} ({f.name})" for f in missing)
            + f" in header row {raw.header_row}; found: {', '.join(h for h in raw.headers if h)}"
        )
    return mapped, extra


def _clean(col: str) -> pl.Expr:
    """Strip the cell; U+FEFF (a byte-order mark inside the text, where files were joined) has no meaning."""
    s = pl.col(col).cast(pl.Utf8).str.replace_all("\ufeff", "").str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


TOTALS = r"^(?:合计|总计|小计|共计|全县合计|全区合计|全市合计)[:：]?$"
FOOTER = r"^(?:注|说明|备注|填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|统计负责人|联系人|联系电话|填报日期|填表日期|报送日期|制表日期)\s*[:：、.]"


def _not_a_record(mapped: dict[str, tuple[Field, str | None]]) -> pl.Expr:
    """Why a delivered row is not a record (null for records): an empty row, a totals row (合计), a note
    or signature line below the table, or the header repeated inside the data (exports joined together)."""
    cols = [pl.col(f"__raw__{f.name}") for f, _ in mapped.values()]
    if not cols:
        return pl.lit(None, dtype=pl.Utf8)
    squeezed = [c.str.replace_all(r"\s", "") for c in cols]
    header = pl.all_horizontal([
        pl.col(f"__raw__{f.name}").str.replace_all(r"\s", "").str.normalize("NFKC")
        .is_in([normalise_header(h) for h in f.headers] + [normalise_header(col)]).fill_null(False)
        for col, (f, _) in mapped.items()])
    first = pl.coalesce(cols)
    return (
        pl.when(pl.all_horizontal([c.is_null() for c in cols])).then(pl.lit("an empty row"))
        .when(pl.any_horizontal([c.str.contains(TOTALS).fill_null(False) for c in squeezed]))
        .then(pl.lit("a totals row, not a record (totals are computed from the records)"))
        .when(first.str.replace_all(r"\s", "").str.contains(FOOTER).fill_null(False))
        .then(pl.lit("a note or signature line below the table, not a record"))
        .when(header).then(pl.lit("the header repeated inside the data (two exports joined together?)"))
        .otherwise(None)
    )


def id_number_body(s: pl.Expr) -> pl.Expr:
    """The 17-digit body of an identity number as an integer (null when it is not digits)."""
    return s.str.slice(0, 17).cast(pl.Int64, strict=False)


def id_number_valid(s: pl.Expr, body: pl.Expr | None = None) -> pl.Expr:
    """GB 11643: 17 digits then a check character (ISO 7064 MOD 11-2).

    Integer arithmetic on the 17-digit body (it fits an Int64), not 17 string slices. Pass `body`
    as a materialised column (id_number_body): polars would otherwise parse it once per digit."""
    body = id_number_body(s) if body is None else body
    total = pl.sum_horizontal([((body // 10 ** (16 - i)) % 10) * w for i, w in enumerate(ID_WEIGHTS)])
    remainder = total % 11
    expected = remainder.replace_strict(dict(enumerate(ID_CHECK)), return_dtype=pl.Utf8)
    last = s.str.slice(17, 1)
    # 18 bytes whose first 17 parse as a non-negative integer without a sign: 17 ASCII digits
    digits = (s.str.len_bytes() == 18) & body.is_not_null() & ~s.str.starts_with("+") & ~s.str.starts_with("-")
    return digits & ((last == expected) | ((remainder == 2) & (last == "x")))


def mask(s: pl.Expr) -> pl.Expr:
    """What the quarantine may keep of a personal identifier: its length and first 4 characters."""
    return pl.concat_str([s.str.slice(0, 4), pl.lit("…("), s.str.len_chars().cast(pl.Utf8), pl.lit(" chars)")])


@dataclass
class FieldContext:
    """What a field type's parser (fieldtypes.py) sees of the file being typed."""
    field: Field
    df: pl.DataFrame  # the cleaned raw text, one __raw__<field> column per delivered field
    file_month: date | None
    regions: object | None
    unit_factor: Callable[[], object]  # () -> the factor to the contract unit (float or per-row expression)
    helpers: list[pl.Expr]
    notes: list[str]

    def note(self, text: str) -> None:
        """A normalisation the ledger records (file level)."""
        self.notes.append(text)

    def count(self, cond: pl.Expr) -> int:
        """Rows of the file where cond, a condition on the raw text, holds."""
        return int(self.df.select(cond.fill_null(False).sum()).item())

    @property
    def raw(self) -> pl.Expr:
        return pl.col(f"__raw__{self.field.name}")

    @property
    def typed(self) -> pl.Expr:
        return pl.col(self.field.name)

    def by_unique(self, fn) -> pl.Expr:
        return _by_unique(self.df, self.field, fn)

    def helper(self, kind: str, expr: pl.Expr) -> pl.Expr:
        """Materialise an intermediate column next to the typed value; returns a reference to it."""
        name = f"__{kind}__{self.field.name}"
        self.helpers.append(expr.alias(name))
        return pl.col(name)


def apply_contract(raw: RawTable, contract: Contract, file_month: date | None, where: str,
                   regions=None) -> Typed:
    """regions: an ingest.regions.RegionValidity; when given, codes unknown or not valid at the
    file's month are quarantined."""
    mapped, extra = map_headers(raw, contract, where)
    field_col = {f.name: col for col, (f, _) in mapped.items()}
    header_unit = {f.name: u for _, (f, u) in mapped.items()}
    df = raw.frame.select(
        "_row_number", *[_clean(col).alias(f"__raw__{f.name}") for col, (f, _) in mapped.items()]
    )
    typed: list[pl.Expr] = []
    checks: list[tuple[Field, pl.Expr, pl.Expr | str]] = []
    notes: list[str] = []
    for f in contract.fields:
        if f.name not in field_col:
            typed.append(pl.lit(None, dtype=f.polars_type).alias(f.name))
            continue

        def unit_factor(f: Field = f):
            factor, note = _unit_factor(f, header_unit.get(f.name), raw.sheet_unit, field_col)
            notes.extend([note] if note else [])
            return factor
        ctx = FieldContext(f, df, file_month, regions, unit_factor, typed, notes)
        value, field_checks = FIELD_TYPES[f.type].parse(ctx)
        checks += [(f, c, r) for c, r in [*([(ctx.raw.is_null(), "required value missing")] if f.required else []),
                                          *field_checks, *_identity_check(ctx)]]
        typed.append(value.alias(f.name))
    df = df.with_columns(typed)
    if contract.month_column and file_month is not None and contract.month_column in field_col:
        mf = contract.field(contract.month_column)
        checks.append((mf, pl.col(mf.name).is_not_null() & (pl.col(mf.name) != pl.lit(file_month)),
                       f"month differs from the file's reporting month {file_month:%Y-%m}"))
    df, quarantine = _split_failing(df, checks, mapped)
    quarantine = pl.concat([quarantine, _repeated_keys(df, contract, field_col), _unsplit_rows(raw, contract)])
    good = df.filter(~pl.col("_row_number").is_in(quarantine["_row_number"].unique().implode()))
    return Typed(good.select("_row_number", *[f.name for f in contract.fields]),
                 quarantine.sort("_row_number", "column_name"), raw.frame.height + len(raw.row_problems),
                 {c: f.name for c, (f, _) in mapped.items()}, extra, notes)


def _identity_check(ctx: FieldContext) -> list[tuple[pl.Expr, str]]:
    if not (ctx.field.pii == "pseudonymise" and ctx.field.name == "id_number"):
        return []
    body = ctx.helper("idbody", id_number_body(ctx.raw))
    return [(ctx.raw.is_not_null() & ~id_number_valid(ctx.raw, body),
             "not a valid 18-digit identity number (GB 11643 check digit)")]


def _split_failing(df: pl.DataFrame, checks, mapped) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows passing every check, one quarantine row per failed check). One pass: every check becomes
    a boolean column; only the (few) failing rows are expanded. A failing row that is not a record
    at all (empty, totals, a note below the table, a repeated header) is one quarantine row saying so."""
    flags = [f"__check_{i}" for i in range(len(checks))]
    df = df.with_columns([cond.fill_null(False).alias(name) for name, (_, cond, _) in zip(flags, checks)])
    failing = pl.any_horizontal(pl.col(flags)) if flags else pl.lit(False)
    bad_rows = df.filter(failing).with_columns(_not_a_record(mapped).alias("__not_a_record__"))
    cells = [pl.col(f"__raw__{f.name}") for f, _ in mapped.values() if not f.pii]  # never a personal value
    parts = [pl.DataFrame(schema=QUARANTINE_SCHEMA), bad_rows.filter(pl.col("__not_a_record__").is_not_null()).select(
        "_row_number", pl.lit(None, dtype=pl.Utf8).alias("column_name"),
        redact(pl.coalesce(cells) if cells else pl.lit(None, dtype=pl.Utf8)).alias("raw_value"),
        pl.col("__not_a_record__").alias("reason"))]
    records = bad_rows.filter(pl.col("__not_a_record__").is_null())
    for name, (f, _, reason) in zip(flags, checks):
        raw_value = pl.col(f"__raw__{f.name}")
        parts.append(
            records.filter(pl.col(name)).select(
                "_row_number",
                pl.lit(f.label_zh).alias("column_name"),
                (mask(raw_value) if f.pii else redact(raw_value)).cast(pl.Utf8).alias("raw_value"),
                (reason if isinstance(reason, pl.Expr) else pl.lit(reason)).alias("reason"),
            )
        )
    return df.filter(~failing), pl.concat(parts)


def _repeated_keys(df: pl.DataFrame, contract: Contract, field_col: dict[str, str]) -> pl.DataFrame:
    """Rows repeating the unique key of an earlier row of the file."""
    key = [contract.field_named(k).name for k in contract.unique_key]
    if not (key and all(k in field_col for k in key)):
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    # one hash pass finds the (usually no) rows whose key repeats; only those are ranked
    repeated = df.select(pl.struct(key).is_duplicated()).to_series()
    ranked = df.filter(repeated).with_columns(pl.col("_row_number").min().over(key).alias("_first"))
    return ranked.filter(pl.col("_row_number") != pl.col("_first")).select(
        "_row_number",
        pl.lit(", ".join(contract.field(k).label_zh for k in key)).alias("column_name"),
        pl.lit(None, dtype=pl.Utf8).alias("raw_value"),
        pl.format("duplicate of row {} (same {})", pl.col("_first"), pl.lit(", ".join(key))).alias("reason"),
    )


def redact_text(text: str) -> str:
    return pl.select(redact(pl.lit(text))).item()


def _unsplit_rows(raw: RawTable, contract: Contract) -> pl.DataFrame:
    """Rows the reader could not split into fields (a truncated last line)."""
    has_pii = any(f.pii for f in contract.fields)
    return pl.DataFrame(
        [(n, None, f"{t[:4]}…({len(t)} chars)" if has_pii else redact_text(t), reason) for n, t, reason in raw.row_problems],
        schema=QUARANTINE_SCHEMA, orient="row")


def _by_unique(df: pl.DataFrame, f: Field, fn) -> pl.Expr:
    """fn applied to the field's raw text. A delivered column usually holds few distinct values
    (months, categories, region codes, sizes): then fn runs once per distinct value and the
    results are looked up, instead of parsing every row."""
    name = f"__raw__{f.name}"
    col = df.get_column(name)
    if col.len() < 4096:
        return fn(pl.col(name))
    uniq = col.unique().drop_nulls()
    if uniq.len() * 4 > col.len():
        return fn(pl.col(name))
    values = pl.DataFrame({name: uniq}).select(fn(pl.col(name)).alias("v")).to_series()
    return pl.col(name).replace_strict(uniq, values, default=None, return_dtype=values.dtype)


def _unit_factor(f: Field, header_unit: str | None, sheet_unit: str | None, field_col: dict[str, str]):
    """The factor converting this file's amounts to the contract unit, and a note for the ledger."""
    if header_unit:
        factor = f.unit_factors.get(header_unit, 1.0)
        return factor, (f"{f.name}: header says {header_unit}, ×{factor:g} to {f.unit}" if factor != 1 else None)
    if f.unit_column and f.unit_column in field_col:
        factors = {normalise_header(k): v for k, v in f.unit_factors.items()}
        unit = pl.col(f"__raw__{f.unit_column}").str.replace_all(r"\s", "")
        return unit.replace_strict(factors, default=None, return_dtype=pl.Float64), None
    if sheet_unit and sheet_unit in f.unit_factors:
        factor = f.unit_factors[sheet_unit]
        return factor, (f"{f.name}: 统计单位 row says {sheet_unit}, ×{factor:g} to {f.unit}" if factor != 1 else None)
    return 1.0, None
