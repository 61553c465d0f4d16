"""The semantic layer (dbt semantic models and metrics, read by MetricFlow), written from the catalog.

The indicator catalog (seed ``indicator_catalog.csv``) already says, for every indicator computed
from the business extracts, which mart holds it (``source_model``), which column or expression
(``source_measure``), which rows (``source_filter``) and how it behaves over time (``kind``). The
semantic layer is that knowledge in MetricFlow's terms, so it is written from the catalog and never
by hand (one rule, one place):

* one semantic model per domain fact (fct_assistance, fct_eldercare, fct_funeral, fct_organization),
  at its grain (region × month), joined to the regions (``dim_region`` by ``region_version_key``,
  the version valid at the fact's month) for the county, city and province dimensions;
* one measure and one simple metric per stock or flow indicator: a **stock** is semi-additive over
  time (``non_additive_dimension``: the last month of the queried period with data, as in
  fct_indicator_value), a **flow** sums over months; both sum over regions;
* one ratio metric per rate whose numerator and denominator are both computed, each component
  aggregating over time by its own kind (cremation_rate = cremations / deaths of the period;
  nursing_bed_share = nursing beds / beds at the period's last month);
* standards (published per region, never summed) are left to ``fct_indicator_value``.

``minzheng semantic`` rewrites dbt_project/models/semantic/ (``--check`` fails when it is stale);
tests/test_semantic_layer.py asserts the files are current and that MetricFlow's answers equal the
mart's values.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.reports.catalog import CATALOG_SEED
SEMANTIC_DIR = settings.DBT_PROJECT_DIR / "models" / "semantic"

# the domain facts and what a row of each is; a catalog source_model not listed here (the
# allowance standards' staging view) is not a fact of the semantic layer
FACTS: dict[str, tuple[str, str, list[str]]] = {
    "fct_assistance": ("assistance", "Social assistance per region × month × programme (低保, 特困, 临时救助, 医疗救助).",
                       ["program_code"]),
    "fct_eldercare": ("eldercare", "Elderly care per region × month: institutions, beds, community services, subsidies.", []),
    "fct_funeral": ("funeral", "Funeral and burial per region × month: deaths, cremations, graves, cemeteries.", []),
    "fct_organization": ("organization", "Social organizations and village/residents committees per region × month.", []),
}
UNIT_LABELS = {"ratio": "比例", "元": "元"}
HEADER = ("# Written by `minzheng semantic` from dbt_project/seeds/indicator_catalog.csv (orchestration/semantic.py).\n"
          "# Do not edit: change the catalog and run `minzheng semantic`.\n")


@dataclass(frozen=True)
class CatalogRow:
    code: str
    name_zh: str
    name_en: str
    domain: str
    unit: str
    kind: str
    numerator: str
    denominator: str
    source_model: str
    source_measure: str
    source_filter: str
    description: str


def load_catalog(path: Path | None = None) -> list[CatalogRow]:
    with open(path or CATALOG_SEED, encoding="utf-8", newline="") as fh:
        return [CatalogRow(r["indicator_code"], r["name_zh"], r["name_en"], r["domain"], r["unit"], r["kind"],
                           r["numerator_code"], r["denominator_code"], r["source_model"], r["source_measure"],
                           r["source_filter"], r["description"])
                for r in csv.DictReader(fh) if r["indicator_code"]]


def _label(row: CatalogRow) -> str:
    return f"{row.name_zh}（{UNIT_LABELS.get(row.unit, row.unit)}）"


def _expr(row: CatalogRow) -> str:
    measure = row.source_measure.strip()
    if row.source_filter.strip():
        return f"case when {row.source_filter.strip()} then {measure} end"
    return measure


def _description(row: CatalogRow, extra: str) -> str:
    return f"{row.name_en} ({row.name_zh}), {row.unit}, {row.kind}: {extra} {row.description}".strip()


def measured(rows: list[CatalogRow]) -> list[CatalogRow]:
    """Stocks and flows computed from a domain fact."""
    return [r for r in rows if r.source_model in FACTS and r.kind in ("stock", "flow")]


def rates(rows: list[CatalogRow]) -> list[CatalogRow]:
    """Rates whose numerator and denominator are both measured."""
    codes = {r.code for r in measured(rows)}
    return [r for r in rows if r.kind == "rate" and r.numerator in codes and r.denominator in codes]


def regions_model() -> dict:
    dims = [
        ("region_code", "Region code of the version (6-digit county and above, 9-digit township)."),
        ("name_zh", "Region name (Chinese)."),
        ("level", "township | county | city | province."),
        ("county_code", "The county the region belongs to (itself for a county); null above county level."),
        ("city_code", "The city (地级) the region belongs to (itself for a city)."),
        ("province_code", "The province the region belongs to (itself for a province)."),
    ]
    return {
        "name": "regions",
        "description": "Region versions (dim_region): a fact row joins the version valid at its month.",
        "model": "ref('dim_region')",
        "entities": [{"name": "region", "type": "primary", "expr": "region_version_key"}],
        "dimensions": [{"name": n, "type": "categorical", "description": d} for n, d in dims],
    }


def fact_model(source_model: str, rows: list[CatalogRow]) -> dict:
    name, description, extra_dims = FACTS[source_model]
    measures = []
    for r in rows:
        m = {"name": r.code, "description": _description(
                 r, "the last month of the period with data (semi-additive over time), summed over regions."
                 if r.kind == "stock" else "summed over the months of the period and over regions."),
             "label": _label(r), "agg": "sum", "expr": _expr(r)}
        if r.kind == "stock":
            m["non_additive_dimension"] = {"name": "report_month", "window_choice": "max"}
        measures.append(m)
    return {
        "name": name,
        "description": f"{description} Built from marts.{source_model}.",
        "model": f"ref('{source_model}')",
        "defaults": {"agg_time_dimension": "report_month"},
        "primary_entity": f"{name}_row",
        "entities": [{"name": "region", "type": "foreign", "expr": "region_version_key"}],
        # `month` is a reserved granularity name in MetricFlow: the dimension is report_month
        "dimensions": [{"name": "report_month", "type": "time", "expr": "month",
                        "description": "First day of the reporting month (column month).",
                        "type_params": {"time_granularity": "month"}},
                       {"name": "region_code", "type": "categorical",
                        "description": "Region code of the row (its version is the region entity)."}]
                      + [{"name": d, "type": "categorical", "description": f"{d} of the row."} for d in extra_dims],
        "measures": measures,
    }


def simple_metric(r: CatalogRow) -> dict:
    return {"name": r.code, "label": _label(r), "description": _description(r, ""),
            "type": "simple", "type_params": {"measure": r.code}}


def ratio_metric(r: CatalogRow) -> dict:
    return {"name": r.code, "label": _label(r),
            "description": _description(r, f"{r.numerator} / {r.denominator}, each over the period by its own kind."),
            "type": "ratio", "type_params": {"numerator": r.numerator, "denominator": r.denominator}}


def render(rows: list[CatalogRow] | None = None) -> dict[str, str]:
    """File name → YAML text of dbt_project/models/semantic/."""
    rows = rows if rows is not None else load_catalog()
    dump = lambda obj: HEADER + yaml.safe_dump(obj, allow_unicode=True, sort_keys=False, width=110)  # noqa: E731
    out = {"sem_regions.yml": dump({"version": 2, "semantic_models": [regions_model()]})}
    by_model = {m: [r for r in measured(rows) if r.source_model == m] for m in FACTS}
    for model, rs in by_model.items():
        if rs:
            out[f"sem_{FACTS[model][0]}.yml"] = dump({"version": 2, "semantic_models": [fact_model(model, rs)],
                                                       "metrics": [simple_metric(r) for r in rs]})
    out["sem_rates.yml"] = dump({"version": 2, "metrics": [ratio_metric(r) for r in rates(rows)]})
    return out


def stale(directory: Path = SEMANTIC_DIR) -> list[str]:
    """The files of ``directory`` that differ from what the catalog gives (or are missing, or extra)."""
    want = render()
    have = {p.name for p in directory.glob("sem_*.yml")} if directory.exists() else set()
    return sorted({n for n, text in want.items() if not (directory / n).exists()
                   or (directory / n).read_text(encoding="utf-8") != text} | (have - set(want)))


def write(directory: Path = SEMANTIC_DIR) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    want = render()
    for p in directory.glob("sem_*.yml"):
        if p.name not in want:
            p.unlink()
    for name, text in want.items():
        (directory / name).write_text(text, encoding="utf-8")
    return sorted(want)
