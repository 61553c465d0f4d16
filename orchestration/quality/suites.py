"""The quality suites: reviewable files in expectations/, and the expectations generated from the
indicator catalog by expectations/rules.yml.

A suite guards one asset (a mart). Each expectation is a SQL query that returns the *failing rows*
(run by Great Expectations as an ``UnexpectedRowsExpectation``), with a severity (error | warn), a
kind (part_sum, rate, plausibility, conformance, completeness, report) and a Chinese label for the
auditor report. In the SQL, ``{batch}`` is the guarded asset restricted to the run's window (GX's
placeholder), ``{min_month}`` / ``{max_month}`` are the window's bounds as date literals
(min inclusive, max exclusive).

Loading reads YAML and the catalog seed (the same file dim_indicator is built from); it never
imports great_expectations and never connects to the warehouse, so the asset check specs can be
built with the definitions.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.window import Window, sql_bounds

SEVERITIES = ("error", "warn")
CATALOG_CSV = settings.DBT_PROJECT_DIR / "seeds" / "indicator_catalog.csv"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Expectation:
    suite: str
    name: str
    severity: str
    kind: str
    sql: str
    label_zh: str
    description: str = ""
    generated_from: str = ""  # the rule (and catalog relation) it was generated from, or "" if written

    @property
    def check_name(self) -> str:
        return self.name


@dataclass(frozen=True)
class Suite:
    name: str
    asset: tuple[str, ...]
    domain: str
    label_zh: str
    window: str | None  # SQL predicate on the asset for the run's window; None: the whole table
    expectations: tuple[Expectation, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def asset_path(self) -> str:
        return "/".join(self.asset)

    @property
    def table(self) -> str:
        return ".".join(self.asset)

    def batch_query(self, window: Window | None) -> str:
        if self.window is None or window is None:
            return f"select * from {self.table}"
        return f"select * from {self.table} where " + render(self.window, window)


def render(sql: str, window: Window | None) -> str:
    """Fill the window's bounds into a query (GX fills {batch}); no window: every row."""
    lo, hi = sql_bounds(window)
    return sql.replace("{min_month}", lo).replace("{max_month}", hi)


# --------------------------------------------------------------------------- catalog


@lru_cache(maxsize=4)
def _catalog(path: str) -> tuple[dict[str, str], ...]:
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh))


def catalog(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The indicator catalog (seed of dim_indicator) by indicator_code."""
    return {r["indicator_code"]: r for r in _catalog(str(path or CATALOG_CSV))}


def _computed(row: dict[str, str], cat: dict[str, dict[str, str]]) -> bool:
    """Has values in fct_indicator_value: a source, or a rate whose components both have values."""
    if row["kind"] == "rate":
        n, d = cat.get(row["numerator_code"]), cat.get(row["denominator_code"])
        return bool(n and d and _computed(n, cat) and _computed(d, cat))
    return bool(row["source_model"])


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in(codes) -> str:
    return "(" + ", ".join(_q(c) for c in sorted(codes)) + ")"


# --------------------------------------------------------------------------- generators


def _gen_part_sums(rule: dict, cat: dict) -> list[Expectation]:
    out = []
    groups: dict[tuple[str, str], list[str]] = {}
    for code, r in cat.items():
        if r["parent_code"] and r["part_group"] and _computed(r, cat) and _computed(cat[r["parent_code"]], cat):
            groups.setdefault((r["parent_code"], r["part_group"]), []).append(code)
    tol = float(rule.get("tolerance", 0.01))
    for (parent, group), parts in sorted(groups.items()):
        severity = rule.get("severity_by_part_group", {}).get(group, rule.get("severity", "error"))
        names = " + ".join(cat[p]["name_zh"] for p in parts)
        out.append(Expectation(
            suite="", name=f"part_sum__{parent}__{group}", severity=severity, kind="part_sum",
            label_zh=f"{names} = {cat[parent]['name_zh']}",
            description=f"Parts {', '.join(sorted(parts))} ({group}) add up to {parent} at every region and period "
                        f"where all of them cover the same months (and, for stocks, the same as-of month).",
            generated_from=f"rules.part_sums: dim_indicator parent_code={parent}, part_group={group}",
            sql=_part_sql(parent, parts, tol, partition=True),
        ))
    return out


def _gen_subsets(rule: dict, cat: dict) -> list[Expectation]:
    out = []
    tol = float(rule.get("tolerance", 0.01))
    for code, r in sorted(cat.items()):
        parent = r["parent_code"]
        if parent and not r["part_group"] and _computed(r, cat) and _computed(cat[parent], cat):
            out.append(Expectation(
                suite="", name=f"subset__{code}", severity=rule.get("severity", "error"), kind="part_sum",
                label_zh=f"{r['name_zh']} ≤ {cat[parent]['name_zh']}",
                description=f"{code} is a part of {parent}: at most its parent at every region and period.",
                generated_from=f"rules.subsets: dim_indicator {code}.parent_code={parent} (no part_group)",
                sql=_part_sql(parent, [code], tol, partition=False),
            ))
    return out


def _part_sql(parent: str, parts: list[str], tol: float, partition: bool) -> str:
    cmp = f"abs(p.parts_value - t.value) > {tol}" if partition else f"p.parts_value > t.value + {tol}"
    return f"""
with parts as (
    select region_code, period_type, period_start,
           sum(value) as parts_value, count(*) as parts_present,
           min(months_covered) as min_mc, max(months_covered) as max_mc,
           min(coalesce(as_of_month, date '1900-01-01')) as min_asof,
           max(coalesce(as_of_month, date '1900-01-01')) as max_asof,
           string_agg(indicator_code || '=' || cast(value as varchar), '; ' order by indicator_code) as parts
    from {{batch}}
    where indicator_code in {_in(parts)}
    group by all
)
select t.region_code, t.region_level, t.period_type, t.period_start, '{parent}' as indicator_code,
       t.value as total_value, p.parts_value, p.parts_value - t.value as difference, p.parts,
       t.months_covered, t.as_of_month
from parts as p
join {{batch}} as t
  on t.indicator_code = '{parent}' and t.region_code = p.region_code
 and t.period_type = p.period_type and t.period_start = p.period_start
where p.min_mc = t.months_covered and p.max_mc = t.months_covered
  and p.min_asof = coalesce(t.as_of_month, date '1900-01-01')
  and p.max_asof = coalesce(t.as_of_month, date '1900-01-01')
  {"and p.parts_present = " + str(len(parts)) if partition else ""}
  and {cmp}
order by t.region_code, t.period_type, t.period_start
"""


def _gen_rate_components(rule: dict, cat: dict) -> list[Expectation]:
    out = []
    tol = float(rule.get("tolerance", 1e-6))
    for code, r in sorted(cat.items()):
        if r["kind"] != "rate" or not _computed(r, cat):
            continue
        n, d = r["numerator_code"], r["denominator_code"]
        out.append(Expectation(
            suite="", name=f"rate__{code}", severity=rule.get("severity", "error"), kind="rate",
            label_zh=f"{r['name_zh']} = {cat[n]['name_zh']} / {cat[d]['name_zh']}",
            description=f"The stored {code} equals {n} / {d} within {tol} (relative) wherever both components "
                        f"cover the rate's months.",
            generated_from=f"rules.rate_components: dim_indicator {code} numerator={n} denominator={d}",
            sql=f"""
select r.region_code, r.region_level, r.period_type, r.period_start, r.indicator_code,
       r.value as stored_rate, n.value as numerator_value, d.value as denominator_value,
       case when d.value <> 0 then n.value / d.value end as recomputed_rate
from {{batch}} as r
join {{batch}} as n on n.indicator_code = '{n}' and n.region_code = r.region_code
 and n.period_type = r.period_type and n.period_start = r.period_start
join {{batch}} as d on d.indicator_code = '{d}' and d.region_code = r.region_code
 and d.period_type = r.period_type and d.period_start = r.period_start
where r.indicator_code = '{code}'
  and n.months_covered = r.months_covered and d.months_covered = r.months_covered
  and coalesce(n.as_of_month, r.as_of_month, date '1900-01-01') = coalesce(r.as_of_month, date '1900-01-01')
  and coalesce(d.as_of_month, r.as_of_month, date '1900-01-01') = coalesce(r.as_of_month, date '1900-01-01')
  and (d.value = 0 or abs(r.value - n.value / d.value) > {tol} * greatest(1, abs(r.value)))
order by r.region_code, r.period_type, r.period_start
""",
        ))
    return out


def _gen_rate_bounds(rule: dict, cat: dict) -> list[Expectation]:
    may_exceed = set(rule.get("may_exceed_one", []))
    words = rule.get("may_exceed_one_name_contains", [])
    lower_only = {c for c, r in cat.items() if c in may_exceed or any(w in r["name_zh"] for w in words)}
    rates = {c for c, r in cat.items() if r["kind"] == "rate" and r["unit"] == "ratio" and _computed(r, cat)}
    bounded = sorted(rates - lower_only)
    out = [Expectation(
        suite="", name="rate_bounds__share_between_0_and_1", severity=rule.get("severity", "error"), kind="rate",
        label_zh="比率在 0 与 100% 之间",
        description=f"Shares and rates with unit ratio lie in [0, 1]: {', '.join(bounded)}.",
        generated_from="rules.rate_bounds: dim_indicator kind=rate, unit=ratio",
        sql=f"""
select region_code, region_level, period_type, period_start, indicator_code, value
from {{batch}} where indicator_code in {_in(bounded)} and (value < 0 or value > 1)
order by region_code, period_type, period_start, indicator_code
""")]
    open_ended = sorted(rates & lower_only)
    if open_ended:
        out.append(Expectation(
            suite="", name="rate_bounds__completion_not_negative", severity=rule.get("severity", "error"), kind="rate",
            label_zh="完成率、覆盖率不为负（可超过 100%）",
            description=f"Completion and coverage rates may exceed 1 but are never negative: {', '.join(open_ended)}.",
            generated_from="rules.rate_bounds: may_exceed_one",
            sql=f"""
select region_code, region_level, period_type, period_start, indicator_code, value
from {{batch}} where indicator_code in {_in(open_ended)} and value < 0
order by region_code, period_type, period_start, indicator_code
"""))
    return out


def _gen_not_negative(rule: dict, cat: dict, suite: dict) -> list[Expectation]:
    model = suite["asset"][-1]
    cols = sorted({r["source_measure"] for r in cat.values()
                   if r["source_model"] == model and _IDENT.match(r["source_measure"] or "")})
    if not cols:
        return []
    keys = ", ".join(suite.get("grain", ["region_code", "month"]))
    return [Expectation(
        suite="", name="not_negative_measures", severity=rule.get("severity", "error"), kind="conformance",
        label_zh="计数与金额不为负",
        description=f"No negative count or amount in the measures the catalog reads from {model}: {', '.join(cols)}.",
        generated_from=f"rules.not_negative_measures: dim_indicator source_model={model}",
        sql=f"""
select {keys}, {", ".join(cols)}, source_files, source_rows
from {{batch}}
where {" or ".join(f"{c} < 0" for c in cols)}
order by {keys}
""")]


def _gen_month_gaps(rule: dict, suite: dict, gen: dict) -> list[Expectation]:
    series = gen.get("series", [])
    where = gen.get("where", "true")
    s_cols = ", ".join(["left(region_code, 6) as county_code", *series])
    s_keys = ", ".join(["county_code", *series])
    return [Expectation(
        suite="", name="no_month_missing_in_year", severity=rule.get("severity", "error"), kind="completeness",
        label_zh="年内月份无缺失（月数合计为全年）",
        description="A county's series (" + ", ".join(series or ["all rows"]) + ") has a row for every month between "
                    "its first and last month with data in each year of the window: months add up to the year.",
        generated_from="rules.month_gaps",
        sql=f"""
with present as (
    select distinct {s_cols}, month
    from {suite['table']}
    where month >= date_trunc('year', {{min_month}}) and month < {{max_month}} and ({where})
      and left(region_code, 6) in (select left(region_code, 6) from {{batch}})
),
bounds as (
    select {s_keys}, year(month) as yr, min(month) as first_month, max(month) as last_month
    from present group by all
),
expected as (
    select b.*, cast(m.month as date) as month
    from bounds as b,
         lateral (select unnest(generate_series(b.first_month, b.last_month, interval 1 month)) as month) as m
)
select e.county_code as region_code, {"".join(f"e.{c}, " for c in series)}e.month as missing_month,
       e.first_month, e.last_month
from expected as e
where e.month >= {{min_month}} and e.month < {{max_month}}
  and not exists (select 1 from present as p where p.county_code = e.county_code
                  {"".join(f"and p.{c} = e.{c} " for c in series)}and p.month = e.month)
order by 1, 2
""")]


def _gen_payment_vs_standard(rule: dict) -> list[Expectation]:
    progs = rule.get("programmes", {})
    mapping = "\n    union all\n    ".join(f"select '{p}' as program_code, '{t}' as standard_type_code"
                                          for p, t in sorted(progs.items()))
    out = []
    for severity, band in (("error", rule.get("error_band", [0.05, 3.0])), ("warn", rule.get("warn_band", [0.15, 1.6]))):
        lo, hi = float(band[0]), float(band[1])
        out.append(Expectation(
            suite="", name=f"payment_per_recipient_near_standard__{severity}", severity=severity, kind="plausibility",
            label_zh=f"人均月补助水平与保障标准相符（{lo:g}–{hi:g} 倍标准）",
            description=f"Amount paid / persons paid in the month of each roster programme lies within "
                        f"[{lo:g}, {hi:g}] × the allowance standard in force (the region's own, else its county's, "
                        f"else its city's; latest effective date on or before the month end). "
                        + ("Far off means wrong units or a broken roster." if severity == "error"
                           else "Unusual: worth a look, not a blocker."),
            generated_from="rules.payment_vs_standard",
            sql=f"""
with programmes as (
    {mapping}
),
payments as (
    select f.region_code, f.month, f.program_code, f.persons, f.amount_yuan, f.source_files, f.source_rows,
           f.amount_yuan / f.persons as payment_per_person_month, p.standard_type_code
    from {{batch}} as f join programmes as p using (program_code)
    where f.persons > 0 and f.amount_yuan is not null
),
in_force as (
    select pay.region_code, pay.month, pay.program_code, s.region_code as standard_region_code,
           s.amount_yuan_per_person_month as standard, s.effective_date,
           row_number() over (partition by pay.region_code, pay.month, pay.program_code
                              order by length(s.region_code) desc, s.effective_date desc) as rk
    from payments as pay
    join staging.stg_assistance__allowance_standards as s
      on s.standard_type_code = pay.standard_type_code
     and s.region_code in (pay.region_code, left(pay.region_code, 6), left(pay.region_code, 4) || '00')
     and s.effective_date <= last_day(pay.month)
)
select pay.region_code, pay.month, pay.program_code, pay.persons, pay.amount_yuan,
       round(pay.payment_per_person_month, 2) as payment_per_person_month, i.standard, i.standard_region_code,
       i.effective_date as standard_effective_date, round(pay.payment_per_person_month / i.standard, 3) as ratio,
       pay.source_files, pay.source_rows
from payments as pay
join in_force as i using (region_code, month, program_code)
where i.rk = 1 and i.standard > 0
  and (pay.payment_per_person_month < {lo} * i.standard or pay.payment_per_person_month > {hi} * i.standard)
order by pay.region_code, pay.month, pay.program_code
"""))
    return out


# A count written as a whole number in its own unit ("70家", "5家") is exact: its rounding (half the
# last digit, 0.5) is no tolerance, since counts are whole. Scaled or decimal figures keep theirs.
_EXACT_ROUNDING = ("case when rounding <= 0.5 and value = round(value) and unit not in ('元', 'ratio') "
                   "then 0 else coalesce(rounding, 0) end")


def _gen_report_part_sums(rule: dict, cat: dict) -> list[Expectation]:
    out = []
    sev = rule.get("severity", "warn")
    # from the catalog: a report that states a parent and every part of a group, for the same
    # region, period, basis and date, must add them up
    groups: dict[tuple[str, str], list[str]] = {}
    for code, r in cat.items():
        if r["parent_code"] and r["part_group"]:
            groups.setdefault((r["parent_code"], r["part_group"]), []).append(code)
    cases = []
    for (parent, group), parts in sorted(groups.items()):
        cases.append(f"select '{parent}' as parent_code, '{group}' as part_group, unnest({list(sorted(parts))}) as part_code, "
                     f"{len(parts)} as n_parts")
    relations = "\n    union all\n    ".join(cases)
    out.append(Expectation(
        suite="", name="report_parts_add_up_to_totals", severity=sev, kind="report",
        label_zh="报告内分项之和等于合计（目录中的上下级关系）",
        description="Within one report, parts of a catalog part group stated with their parent (same region, "
                    "period, basis and date) add up to it within the stated rounding.",
        generated_from="rules.report_part_sums: dim_indicator parent_code / part_group",
        sql=f"""
with relations as (
    {relations}
),
claims as (
    select * exclude (rounding), {_EXACT_ROUNDING} as rounding
    from {{batch}} where status = 'reported' and value is not null and indicator_code is not null
      and qualifier = 'exact'
),
parts as (
    select c.document_sha256, c.document_name, c.region_code, c.period_start, c.period_end, c.time_basis,
           c.as_of_date, rel.parent_code, rel.part_group, max(rel.n_parts) as n_parts,
           count(distinct c.indicator_code) as parts_present, sum(c.value) as parts_value,
           sum(coalesce(c.rounding, 0)) as parts_rounding,
           string_agg(c.indicator_code || '=' || cast(c.value as varchar), '; ' order by c.value_start) as parts,
           string_agg(c.quote, ' | ' order by c.value_start) as part_quotes
    from claims as c join relations as rel on rel.part_code = c.indicator_code
    where c.breakdown is null or c.breakdown_in_code
    group by all
)
select t.claim_id, t.document_name, t.region_code, t.period_start, t.period_end, t.parent_code as indicator_code,
       t.value as reported_total, p.parts_value, p.parts_value - t.value as difference, p.parts,
       t.quote, p.part_quotes, t.value_start
from parts as p
join (select c.*, c.indicator_code as parent_code from claims as c) as t
  on t.document_sha256 = p.document_sha256 and t.parent_code = p.parent_code
 and t.region_code is not distinct from p.region_code and t.period_start is not distinct from p.period_start
 and t.period_end is not distinct from p.period_end and t.time_basis = p.time_basis
 and t.as_of_date is not distinct from p.as_of_date
where p.parts_present = p.n_parts
  and abs(p.parts_value - t.value) > coalesce(t.rounding, 0) + p.parts_rounding + 0.000001
order by t.document_name, t.value_start
"""))
    for g in rule.get("declared_groups", []):
        total, parts, window = g["total"], list(g["parts"]), int(g.get("window_chars", 60))
        out.append(Expectation(
            suite="", name=f"report_parts__{g['name']}", severity=sev, kind="report",
            label_zh=g.get("label_zh", g["name"]),
            description=f"Within one passage of a report ({window} characters after the total), the stated "
                        f"{', '.join(parts)} add up to {total}.",
            generated_from=f"rules.report_part_sums.declared_groups.{g['name']}",
            sql=f"""
with claims as (
    select * exclude (rounding), {_EXACT_ROUNDING} as rounding
    from {{batch}} where status = 'reported' and value is not null and qualifier = 'exact'
),
totals as (select * from claims where indicator_code = '{total}'),
parts as (
    select t.claim_id, count(distinct p.indicator_code) as parts_present, sum(p.value) as parts_value,
           sum(coalesce(p.rounding, 0)) as parts_rounding,
           string_agg(p.indicator_code || '=' || cast(p.value as varchar), '; ' order by p.value_start) as parts,
           string_agg(p.quote, ' | ' order by p.value_start) as part_quotes
    from totals as t
    join claims as p on p.document_sha256 = t.document_sha256 and p.indicator_code in {_in(parts)}
     and p.value_start > t.value_start and p.value_start <= t.value_end + {window}
    group by t.claim_id
)
select t.claim_id, t.document_name, t.region_code, t.period_start, t.period_end, t.indicator_code,
       t.value as reported_total, p.parts_value, p.parts_value - t.value as difference, p.parts,
       t.quote, p.part_quotes, t.value_start
from totals as t join parts as p using (claim_id)
where p.parts_present = {len(parts)}
  and abs(p.parts_value - t.value) > coalesce(t.rounding, 0) + p.parts_rounding + 0.000001
order by t.document_name, t.value_start
"""))
    return out


def _gen_report_rates(rule: dict, cat: dict) -> list[Expectation]:
    rates = sorted((c, r["numerator_code"], r["denominator_code"]) for c, r in cat.items()
                   if r["kind"] == "rate" and r["unit"] == "ratio" and r["numerator_code"] and r["denominator_code"])
    rel = "\n    union all\n    ".join(f"select '{c}' as rate_code, '{n}' as numerator_code, '{d}' as denominator_code"
                                       for c, n, d in rates)
    window = int(rule.get("window_chars", 200))
    return [Expectation(
        suite="", name="report_rates_match_components", severity=rule.get("severity", "warn"), kind="report",
        label_zh="报告内比率等于分子/分母",
        description=f"Within one report, a stated rate equals the stated numerator / denominator of the same region "
                    f"and period (within {window} characters) within the rounding of the three figures.",
        generated_from="rules.report_rates: dim_indicator numerator_code / denominator_code",
        sql=f"""
with relations as (
    {rel}
),
claims as (
    select * exclude (rounding), {_EXACT_ROUNDING} as rounding
    from {{batch}} where status = 'reported' and value is not null and breakdown is null and qualifier = 'exact'
)
select r.claim_id, r.document_name, r.region_code, r.period_start, r.period_end, r.indicator_code,
       r.value as reported_rate, n.value as numerator_value, d.value as denominator_value,
       n.value / d.value as recomputed_rate, r.quote, n.quote as numerator_quote, d.quote as denominator_quote,
       r.value_start
from claims as r
join relations as rel on rel.rate_code = r.indicator_code
join claims as n on n.document_sha256 = r.document_sha256 and n.indicator_code = rel.numerator_code
 and n.region_code is not distinct from r.region_code and abs(n.value_start - r.value_start) <= {window}
join claims as d on d.document_sha256 = r.document_sha256 and d.indicator_code = rel.denominator_code
 and d.region_code is not distinct from r.region_code and abs(d.value_start - r.value_start) <= {window}
where d.value > 0
  and abs(r.value - n.value / d.value)
      > coalesce(r.rounding, 0) + (coalesce(n.rounding, 0) + coalesce(d.rounding, 0) * n.value / d.value) / d.value + 0.000001
order by r.document_name, r.value_start
""")]


def _gen_reconciliation(rule: dict) -> list[Expectation]:
    return [Expectation(
        suite="", name="reported_matches_computed", severity=rule.get("severity", "warn"), kind="report",
        label_zh="报告数与仓库计算数一致",
        description="Every comparable claim matches the value computed from the business extracts "
                    "(rpt_reconciliation.result <> 'mismatch'; a mismatch is a difference none of the reasons "
                    "explains, its reason says how it was compared).",
        generated_from="rules.reconciliation",
        sql="""
select claim_id, document_name, region_code, region_name, indicator_code, indicator_name_zh, time_basis,
       period_start, period_end, reported_value, computed_value, abs_difference, rel_difference, unit, reason, quote
from {batch} where result = 'mismatch'
order by document_name, indicator_code, claim_id
""")]


# --------------------------------------------------------------------------- loading


def load_rules(directory: Path | None = None) -> dict:
    path = (directory or settings.EXPECTATIONS_DIR) / "rules.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_suites(directory: Path | None = None, catalog_csv: Path | None = None) -> list[Suite]:
    """Every suite file in expectations/ (not rules.yml), with its generated expectations."""
    directory = directory or settings.EXPECTATIONS_DIR
    rules = load_rules(directory)
    cat = catalog(catalog_csv)
    suites = []
    for path in sorted(directory.glob("*.yml")):
        if path.name == "rules.yml":
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["table"] = ".".join(doc["asset"])
        exps: list[Expectation] = []
        mom = rules.get("month_on_month", {})
        for e in doc.get("expectations", []):
            sql = (e["sql"].replace("{mom_max_relative_change}", str(float(mom.get("max_relative_change", 0.5))))
                   .replace("{mom_min_absolute_change}", str(float(mom.get("min_absolute_change", 20)))))
            exps.append(Expectation(suite="", name=e["name"], severity=e["severity"], kind=e["kind"],
                                    sql=sql, label_zh=e.get("label_zh", e["name"]),
                                    description=e.get("description", "").strip()))
        for g in doc.get("generate", []):
            r = g["rule"]
            rule = rules.get(r, {})
            if r == "part_sums":
                exps += _gen_part_sums(rule, cat)
            elif r == "subsets":
                exps += _gen_subsets(rule, cat)
            elif r == "rate_components":
                exps += _gen_rate_components(rule, cat)
            elif r == "rate_bounds":
                exps += _gen_rate_bounds(rule, cat)
            elif r == "not_negative_measures":
                exps += _gen_not_negative(rule, cat, doc)
            elif r == "month_gaps":
                exps += _gen_month_gaps(rule, doc, g)
            elif r == "payment_vs_standard":
                exps += _gen_payment_vs_standard(rule)
            elif r == "report_part_sums":
                exps += _gen_report_part_sums(rule, cat)
            elif r == "report_rates":
                exps += _gen_report_rates(rule, cat)
            elif r == "reconciliation":
                exps += _gen_reconciliation(rule)
            else:
                raise ValueError(f"{path.name}: unknown rule {r!r} (expectations/rules.yml)")
        names = [e.name for e in exps]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"{path.name}: duplicate expectation names {sorted(dupes)}")
        for e in exps:
            if e.severity not in SEVERITIES:
                raise ValueError(f"{path.name}: {e.name}: severity must be error or warn, not {e.severity!r}")
        suites.append(Suite(
            name=doc["suite"], asset=tuple(doc["asset"]), domain=doc.get("domain", ""),
            label_zh=doc.get("label_zh", doc["suite"]), window=doc.get("window"),
            description=(doc.get("description") or "").strip(),
            expectations=tuple(_with_suite(e, doc["suite"]) for e in exps),
        ))
    return suites


def _with_suite(e: Expectation, suite: str) -> Expectation:
    from dataclasses import replace

    return replace(e, suite=suite)
