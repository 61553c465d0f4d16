"""`make bi`: Apache Superset over the serving copy, its dashboards written from bi/dashboards.yml.

Superset 6.1 runs in its own virtual environment (.venv-bi, bi/superset/requirements.txt): it pins
pandas < 2.2, SQLAlchemy < 2 and pyarrow < 19. This module runs in the project's environment and drives
Superset's CLI in that one:

* ``bundle()`` writes a Superset import bundle (the format of `superset export-dashboards`: metadata.yaml,
  databases/, datasets/, charts/, dashboards/) from bi/dashboards.yml and the indicator catalog: one
  dashboard per domain (the table by region and year with coverage, the trend by month, the standards in
  force) and one for auditors (the reconciliation verdicts by region, the claims that do not match, the
  published forms' failing checks). Its database is the serving copy, opened read-only, so the BI tool
  never holds the working warehouse. UUIDs are derived from names: importing again updates in place.
* ``prepare()`` creates Superset's home (metadata database, secret key, the admin user) and imports the
  bundle; ``serve()`` then runs Superset's web server on 127.0.0.1.

Chart labels are Chinese, values carry their unit (the catalog's; rates are shown as %), periods read
2021年 / 2021年12月, and every roll-up shows its coverage.
"""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.reports.catalog import Indicator, load_catalog

ROOT = settings.DBT_PROJECT_DIR.parent
SPEC = ROOT / "bi" / "dashboards.yml"
SUPERSET_CONFIG = ROOT / "bi" / "superset" / "superset_config.py"
BI_VENV = ROOT / ".venv-bi"
ADMIN_USER = "admin"
PASSWORD_ENV = "MINZHENG_BI_PASSWORD"
HOME_ENV = "MINZHENG_BI_HOME"
NAMESPACE = uuid.UUID("6f1c3a52-4d0e-4a8e-9a43-2f7d3e0c9b11")
DATABASE_NAME = "minzheng_serving"

LEVEL_ZH = {"national": "全国", "province": "省", "city": "市", "county": "县（区）"}

# the period as printed on Chinese tables: 2021年, 2021年上半年, 2021年第1季度, 2021年12月
PERIOD_LABEL = """case f.period_type
        when 'year' then cast(year(f.period_start) as varchar) || '年'
        when 'half' then cast(year(f.period_start) as varchar) || '年'
                         || case when month(f.period_start) = 1 then '上半年' else '下半年' end
        when 'quarter' then cast(year(f.period_start) as varchar) || '年第' || cast(quarter(f.period_start) as varchar) || '季度'
        else cast(year(f.period_start) as varchar) || '年' || cast(month(f.period_start) as varchar) || '月'
    end"""

REGION_NAMES = """(
        select region_code, name_zh
        from marts.dim_region
        qualify row_number() over (partition by region_code order by is_current desc, valid_from desc) = 1
    )"""

INDICATOR_VALUES_SQL = f"""select
    i.domain,
    f.indicator_code,
    i.name_zh as indicator_name_zh,
    i.kind as indicator_kind,
    f.region_code,
    coalesce(r.name_zh, case when f.region_level = 'national' then '全国' end) as region_name_zh,
    f.region_level,
    case f.region_level {' '.join(f"when '{k}' then '{v}'" for k, v in LEVEL_ZH.items())} end as region_level_zh,
    f.period_type,
    f.period_start,
    {PERIOD_LABEL} as period_label,
    f.value,
    f.unit,
    case when f.unit = 'ratio' then f.value * 100 else f.value end as value_shown,
    case when f.unit = 'ratio' then '%' else f.unit end as unit_shown,
    f.children_reporting,
    f.children_expected,
    f.coverage,
    cast(f.children_reporting as varchar) || '/' || cast(f.children_expected as varchar) as coverage_label,
    cast(f.months_covered as varchar) || '/' || cast(f.months_in_period as varchar) as months_label,
    f.is_complete,
    case when f.is_complete and f.coverage = 1 then '完整' else '不完整' end as complete_label
from marts.fct_indicator_value as f
join marts.dim_indicator as i using (indicator_code)
left join {REGION_NAMES} as r using (region_code)
where f.region_level <> 'township'"""

STANDARDS_SQL = f"""select * from ({INDICATOR_VALUES_SQL}) as v
where v.indicator_kind = 'standard' and v.period_type = 'month'
qualify v.period_start = max(v.period_start) over (partition by v.region_code, v.indicator_code)"""

RECONCILIATION_SQL = f"""select
    c.claim_id,
    c.document_name,
    c.region_code,
    coalesce(c.region_name, r.name_zh) as region_name_zh,
    c.indicator_code,
    c.indicator_name_zh,
    c.period_start,
    c.period_end,
    strftime(c.period_start, '%Y-%m') || ' .. ' || strftime(c.period_end, '%Y-%m') as period_label,
    case when c.unit = 'ratio' then c.reported_value * 100 else c.reported_value end as reported_value,
    case when c.unit = 'ratio' then c.computed_value * 100 else c.computed_value end as computed_value,
    case when c.unit = 'ratio' then '%' else c.unit end as unit,
    c.result,
    case c.result
        when 'match' then '一致' when 'mismatch' then '不一致' when 'no_data' then '无数据'
        when 'not_comparable' then '不可比' when 'redacted' then '报告未给数' when 'planned' then '计划目标'
        when 'report_only' then '仅见于报告' else c.result
    end as result_zh,
    c.reason,
    c.quote
from marts.rpt_reconciliation as c
left join {REGION_NAMES} as r using (region_code)"""

OFFICIAL_CHECKS_SQL = f"""select
    k.check_name,
    k.severity,
    k.source_file,
    k.source_row,
    k.published_label,
    k.indicator_code,
    k.region_code,
    r.name_zh as region_name_zh,
    k.period_start,
    strftime(k.period_start, '%Y-%m') as period_label,
    k.expected_value,
    k.actual_value,
    k.reason
from marts.rpt_official_checks as k
left join {REGION_NAMES} as r using (region_code)"""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    label: str
    description: str = ""
    is_dttm: bool = False


VALUE_COLUMNS = [
    Column("domain", "VARCHAR", "领域"), Column("indicator_code", "VARCHAR", "指标代码"),
    Column("indicator_name_zh", "VARCHAR", "指标"), Column("indicator_kind", "VARCHAR", "指标类型"),
    Column("region_code", "VARCHAR", "区划代码"), Column("region_name_zh", "VARCHAR", "地区"),
    Column("region_level", "VARCHAR", "层级代码"), Column("region_level_zh", "VARCHAR", "层级"),
    Column("period_type", "VARCHAR", "期间类型"),
    Column("period_start", "DATE", "期间起", is_dttm=True), Column("period_label", "VARCHAR", "期间"),
    Column("value", "DOUBLE", "数值（目录单位）"), Column("unit", "VARCHAR", "目录单位"),
    Column("value_shown", "DOUBLE", "数值", "the value in unit_shown (a rate as a percentage)"),
    Column("unit_shown", "VARCHAR", "单位"),
    Column("children_reporting", "INTEGER", "已报下级"), Column("children_expected", "INTEGER", "应报下级"),
    Column("coverage", "DOUBLE", "覆盖率"), Column("coverage_label", "VARCHAR", "覆盖（已报/应报）"),
    Column("months_label", "VARCHAR", "月份（已报/应报）"), Column("is_complete", "BOOLEAN", "期间完整"),
    Column("complete_label", "VARCHAR", "完整性"),
]
RECONCILIATION_COLUMNS = [
    Column("claim_id", "VARCHAR", "表述编号"), Column("document_name", "VARCHAR", "报告"),
    Column("region_code", "VARCHAR", "区划代码"), Column("region_name_zh", "VARCHAR", "地区"),
    Column("indicator_code", "VARCHAR", "指标代码"), Column("indicator_name_zh", "VARCHAR", "指标"),
    Column("period_start", "DATE", "期间起", is_dttm=True), Column("period_end", "DATE", "期间止"),
    Column("period_label", "VARCHAR", "期间"), Column("reported_value", "DOUBLE", "报告数", "as reported (a rate as a percentage)"),
    Column("computed_value", "DOUBLE", "系统数", "the warehouse's figure (a rate as a percentage)"),
    Column("unit", "VARCHAR", "单位", "the catalog's unit; % for a rate"),
    Column("result", "VARCHAR", "结论代码"), Column("result_zh", "VARCHAR", "结论"),
    Column("reason", "VARCHAR", "原因"), Column("quote", "VARCHAR", "原文"),
]
CHECK_COLUMNS = [
    Column("check_name", "VARCHAR", "校验"), Column("severity", "VARCHAR", "级别"),
    Column("source_file", "VARCHAR", "文件"), Column("source_row", "INTEGER", "行"),
    Column("published_label", "VARCHAR", "表上指标名"), Column("indicator_code", "VARCHAR", "指标代码"),
    Column("region_code", "VARCHAR", "区划代码"), Column("region_name_zh", "VARCHAR", "地区"),
    Column("period_start", "DATE", "期间起", is_dttm=True), Column("period_label", "VARCHAR", "期间"),
    Column("expected_value", "DOUBLE", "应为"), Column("actual_value", "DOUBLE", "表上数"),
    Column("reason", "VARCHAR", "说明"),
]

DATASETS = {
    "bi_indicator_values": (INDICATOR_VALUES_SQL, VALUE_COLUMNS, "period_start",
                            "fct_indicator_value with names, the period as printed, the unit shown and coverage"),
    "bi_standards_in_force": (STANDARDS_SQL, VALUE_COLUMNS, "period_start",
                              "each region's standards (保障标准) of its latest month"),
    "bi_reconciliation": (RECONCILIATION_SQL, RECONCILIATION_COLUMNS, "period_start",
                          "rpt_reconciliation: each report claim's verdict against the warehouse"),
    "bi_official_checks": (OFFICIAL_CHECKS_SQL, CHECK_COLUMNS, "period_start",
                           "rpt_official_checks: the published forms' failing checks"),
}

NUMBER_FORMAT = ",.2~f"  # 32,285 · 176,041,900 · 99.52 (no trailing zeros)


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def load_spec(path: Path = SPEC) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _sql_list(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _where(sql: str) -> dict:
    return {"clause": "WHERE", "expressionType": "SQL", "sqlExpression": sql}


def _unit_shown(row: Indicator) -> str:
    return "%" if row.unit == "ratio" else row.unit


def _table(name: str, title: str, dataset: str, columns: list[str], filters: list[str], order: list[str],
           description: str) -> dict:
    return {
        "slice_name": title, "description": description, "viz_type": "table", "dataset": dataset,
        "uuid": _uuid("chart", name),
        "params": {
            "viz_type": "table", "query_mode": "raw", "all_columns": columns,
            "order_by_cols": [f'["{c}", true]' for c in order],
            "adhoc_filters": [_where(f) for f in filters], "row_limit": 10000, "server_pagination": False,
            "page_length": 0, "include_search": True, "show_cell_bars": False, "time_range": "No filter",
            "table_timestamp_format": "%Y-%m-%d", "allow_rearrange_columns": False,
            "column_config": {c: {"d3NumberFormat": NUMBER_FORMAT}
                              for c in ("value_shown", "reported_value", "computed_value", "expected_value",
                                        "actual_value") if c in columns},
        },
    }


def _aggregate_table(name: str, title: str, dataset: str, groupby: list[str], metric_label: str,
                     filters: list[str], description: str) -> dict:
    return {
        "slice_name": title, "description": description, "viz_type": "table", "dataset": dataset,
        "uuid": _uuid("chart", name),
        "params": {
            "viz_type": "table", "query_mode": "aggregate", "groupby": groupby,
            "metrics": [{"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": metric_label,
                         "hasCustomLabel": True, "optionName": f"metric_{name}"}],
            "adhoc_filters": [_where(f) for f in filters], "row_limit": 10000, "order_desc": True,
            "server_pagination": False, "page_length": 0, "time_range": "No filter",
            "percent_metrics": [], "show_totals": False,
        },
    }


def _trend(name: str, title: str, code: str, row: Indicator) -> dict:
    unit = _unit_shown(row)
    return {
        "slice_name": title, "viz_type": "echarts_timeseries_line", "dataset": "bi_indicator_values",
        "description": f"{row.name_zh}（{unit}），按月，县（区）级，仅完整月份（已报/应报 = 全部）",
        "uuid": _uuid("chart", name),
        "params": {
            "viz_type": "echarts_timeseries_line", "x_axis": "period_start", "time_grain_sqla": "P1M",
            "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(value_shown)",
                         "label": f"{row.name_zh}（{unit}）", "hasCustomLabel": True,
                         "optionName": f"metric_{name}"}],
            "groupby": ["region_name_zh"],
            "adhoc_filters": [_where(f"indicator_code = '{code}'"), _where("period_type = 'month'"),
                              _where("region_level = 'county'"), _where("is_complete and coverage = 1")],
            "row_limit": 50000, "time_range": "No filter", "x_axis_title": "月份", "x_axis_title_margin": 30,
            "y_axis_title": unit, "y_axis_title_margin": 50, "y_axis_format": NUMBER_FORMAT,
            "x_axis_time_format": "%Y年%m月", "tooltipTimeFormat": "%Y年%m月", "show_legend": True,
            "legendOrientation": "top", "rich_tooltip": True, "markerEnabled": True, "truncateYAxis": False,
        },
    }


def _markdown(text: str) -> dict:
    return {"type": "MARKDOWN", "text": text}


def dashboards(spec: dict | None = None, catalog: dict[str, Indicator] | None = None) -> list[dict]:
    """The dashboards: each a title, a slug, and its items (charts or markdown) in order."""
    spec = spec or load_spec()
    catalog = catalog or load_catalog()
    out = []
    for domain, d in spec["domains"].items():
        codes = list(d["indicators"]) + [d["trend"]] + list(d.get("standards") or [])
        unknown = [c for c in codes if c not in catalog]
        if unknown:
            raise ValueError(f"{SPEC}: domains.{domain}: not in the indicator catalog: {', '.join(unknown)}")
        wrong = [c for c in codes if catalog[c].domain != domain]
        if wrong:
            raise ValueError(f"{SPEC}: domains.{domain}: indicators of another domain: {', '.join(wrong)}")
        names = "、".join(f"{catalog[c].name_zh}（{_unit_shown(catalog[c])}）" for c in d["indicators"])
        items = [_markdown(
            f"## {d['title']}\n\n指标：{names}。数值为指标目录的单位（金额为元，比率以 % 显示）；"
            "期间为自然年或月；“覆盖”为已报下级/应报下级，“月份”为已报月数/期间月数，二者不全时标为“不完整”。"
            "数据来自服务副本（serving copy），每次成功的月度构建后更新。")]
        items.append(_table(
            f"{domain}_by_region_year", f"{d['title']}：按地区、年度", "bi_indicator_values",
            ["period_label", "region_name_zh", "region_level_zh", "indicator_name_zh", "value_shown",
             "unit_shown", "coverage_label", "months_label", "complete_label"],
            [f"domain = '{domain}'", "period_type = 'year'", f"indicator_code in ({_sql_list(d['indicators'])})"],
            ["region_code", "period_start", "indicator_code"],
            f"{d['title']}的年度数（存量取年末月，流量取全年合计，比率由分子分母重算），县（区）、市、省和全国"))
        trend = catalog[d["trend"]]
        items.append(_trend(f"{domain}_trend", f"{trend.name_zh}（{_unit_shown(trend)}）：月度趋势，县（区）",
                            d["trend"], trend))
        if d.get("standards"):
            items.append(_table(
                f"{domain}_standards", f"{d['title']}：现行保障标准（各地最新月份）", "bi_standards_in_force",
                ["period_label", "region_name_zh", "region_level_zh", "indicator_name_zh", "value_shown",
                 "unit_shown", "coverage_label"],
                [f"indicator_code in ({_sql_list(d['standards'])})"], ["region_code", "indicator_code"],
                "县（区）为其公布的标准；市、省为下辖地区标准的保障人数加权平均（_mean 另见最低、最高）"))
        out.append({"slug": f"minzheng-{domain}", "title": f"民政指标 · {d['title']}", "items": items})
    a = spec["auditor"]
    out.append({"slug": "minzheng-auditor", "title": f"民政指标 · {a['title']}", "items": [
        _markdown(f"## {a['title']}\n\n工作报告中每条数字表述与系统数的核对结论（按地区），不一致与无数据的表述及其原因；"
                  "公布的统计报表未通过的校验（按地区）。完整的质量报告见 warehouse/quality_report.html。"),
        _aggregate_table("auditor_verdicts_by_region", "核对结论：按地区", "bi_reconciliation",
                         ["region_name_zh", "result_zh"], "表述条数", [],
                         "rpt_reconciliation：每条报告表述的结论，按地区和结论计数"),
        _table("auditor_claims_open", "未核对一致的表述（不一致、无数据）", "bi_reconciliation",
               ["document_name", "region_name_zh", "indicator_name_zh", "period_label", "reported_value",
                "computed_value", "unit", "result_zh", "reason"],
               ["result in ('mismatch', 'no_data')"], ["region_code", "indicator_code"],
               "报告数与系统数（同一单位）；原因说明为何不一致或为何无数据"),
        _aggregate_table("auditor_form_checks_by_region", "统计报表校验未通过：按地区", "bi_official_checks",
                         ["region_name_zh", "check_name", "severity"], "未通过条数", [],
                         "rpt_official_checks：上期数、增减、城乡合计、其中项、累计数、省与市合计"),
    ]})
    return out


def _database(serving: Path) -> dict:
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": f"duckdb:///{serving.resolve()}?access_mode=read_only",
        "cache_timeout": None, "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False,
        "allow_cvas": False, "allow_dml": False, "allow_file_upload": False,
        "extra": {"allows_virtual_table_explore": True, "metadata_params": {}, "engine_params": {},
                  "metadata_cache_timeout": {}, "schemas_allowed_for_file_upload": []},
        "uuid": _uuid("database", DATABASE_NAME), "version": "1.0.0",
    }


def _dataset(name: str) -> dict:
    sql, columns, dttm, description = DATASETS[name]
    return {
        "table_name": name, "main_dttm_col": dttm, "description": description, "default_endpoint": None,
        "offset": 0, "cache_timeout": None, "catalog": None, "schema": "marts", "sql": sql, "params": None,
        "template_params": None, "filter_select_enabled": True, "fetch_values_predicate": None, "extra": None,
        "normalize_columns": False, "always_filter_main_dttm": False,
        "uuid": _uuid("dataset", name),
        "metrics": [{"metric_name": "count", "verbose_name": "条数", "metric_type": "count",
                     "expression": "COUNT(*)", "description": None, "d3format": None, "extra": None,
                     "warning_text": None}],
        "columns": [{"column_name": c.name, "verbose_name": c.label, "is_dttm": c.is_dttm, "is_active": True,
                     "type": c.type, "advanced_data_type": None, "groupby": True, "filterable": True,
                     "expression": None, "description": c.description or None, "python_date_format": None,
                     "extra": None} for c in columns],
        "version": "1.0.0", "database_uuid": _uuid("database", DATABASE_NAME),
    }


def _dashboard_yaml(board: dict) -> tuple[dict, list[dict]]:
    """(the dashboard's YAML, its charts): one row per item, full width."""
    position: dict = {"DASHBOARD_VERSION_KEY": "v2",
                      "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
                      "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
                      "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": board["title"]}}}
    charts = []
    for i, item in enumerate(board["items"]):
        kind = "MARKDOWN" if item.get("type") == "MARKDOWN" else "CHART"
        row_id, item_id = f"ROW-{board['slug']}-{i}", f"{kind}-{board['slug']}-{i}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [item_id], "parents": ["ROOT_ID", "GRID_ID"],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        parents = ["ROOT_ID", "GRID_ID", row_id]
        if kind == "MARKDOWN":
            position[item_id] = {"type": "MARKDOWN", "id": item_id, "children": [], "parents": parents,
                                 "meta": {"code": item["text"], "width": 12, "height": 16}}
            continue
        charts.append(item)
        height = 50 if item["viz_type"] != "table" else 90
        position[item_id] = {"type": "CHART", "id": item_id, "children": [], "parents": parents,
                             "meta": {"chartId": len(charts), "width": 12, "height": height,
                                      "sliceName": item["slice_name"], "uuid": item["uuid"]}}
    doc = {
        "dashboard_title": board["title"], "description": None, "css": "", "slug": board["slug"],
        "certified_by": "", "certification_details": "", "published": True,
        "uuid": _uuid("dashboard", board["slug"]), "position": position,
        "metadata": {"color_scheme": "supersetColors", "refresh_frequency": 0, "expanded_slices": {},
                     "label_colors": {}, "timed_refresh_immune_slices": [], "cross_filters_enabled": False,
                     "default_filters": "{}", "native_filter_configuration": [], "shared_label_colors": [],
                     "color_scheme_domain": []},
        "version": "1.0.0",
    }
    return doc, charts


def _chart_yaml(chart: dict) -> dict:
    return {"slice_name": chart["slice_name"], "description": chart.get("description"), "certified_by": None,
            "certification_details": None, "viz_type": chart["viz_type"], "params": chart["params"],
            "query_context": None, "cache_timeout": None, "uuid": chart["uuid"], "version": "1.0.0",
            "dataset_uuid": _uuid("dataset", chart["dataset"])}


def bundle(serving: Path, out: Path, spec: dict | None = None) -> Path:
    """Write the import bundle (a zip of YAML files) for the dashboards over `serving`."""
    boards = dashboards(spec)
    root = "minzheng_dashboards"
    files: dict[str, dict] = {f"{root}/metadata.yaml": {"version": "1.0.0", "type": "Dashboard",
                                                      "timestamp": "2026-12-07T00:00:00+00:00"},
                              f"{root}/databases/{DATABASE_NAME}.yaml": _database(serving)}
    for name in DATASETS:
        files[f"{root}/datasets/{DATABASE_NAME}/{name}.yaml"] = _dataset(name)
    for board in boards:
        doc, charts = _dashboard_yaml(board)
        files[f"{root}/dashboards/{board['slug']}.yaml"] = doc
        for chart in charts:
            files[f"{root}/charts/{chart['uuid']}.yaml"] = _chart_yaml(chart)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, doc in files.items():
            zf.writestr(name, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    return out


# --- Superset's CLI, in its own environment -------------------------------------------------------------


def home_dir(run_settings: settings.Settings, explicit: str | Path | None = None) -> Path:
    """Superset's state folder: the argument, MINZHENG_BI_HOME, or bi/ beside the warehouse file."""
    value = explicit or os.environ.get(HOME_ENV)
    return Path(value).expanduser().resolve() if value else run_settings.warehouse.parent / "bi"


def superset_env(home: Path, environ: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if environ is None else environ)
    env.update({"SUPERSET_CONFIG_PATH": str(SUPERSET_CONFIG), HOME_ENV: str(home),
                "FLASK_APP": "superset", "SUPERSET_HOME": str(home), "PYTHONUNBUFFERED": "1"})
    return env


def _superset(venv: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    exe = venv / "bin" / "superset"
    done = subprocess.run([str(exe), *args], env=superset_env(home), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`superset {' '.join(args)}` failed ({done.returncode}):\n"
                           f"{(done.stdout + done.stderr)[-4000:]}")
    return done


def prepare(serving: Path, home: Path, *, venv: Path = BI_VENV, password: str) -> Path:
    """Superset's home for `serving`: migrated metadata, the admin user, the dashboards imported."""
    if not (venv / "bin" / "superset").exists():
        raise FileNotFoundError(f"{venv}/bin/superset not found: `make bi-install` installs Superset there")
    if not serving.exists():
        raise FileNotFoundError(f"no serving copy at {serving}: `make run` builds the warehouse and publishes it")
    home.mkdir(parents=True, exist_ok=True)
    key = home / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key.chmod(0o600)
    _superset(venv, home, "db", "upgrade")
    users = _superset(venv, home, "fab", "list-users").stdout
    if f"username:{ADMIN_USER}" not in users.replace(" ", ""):
        _superset(venv, home, "fab", "create-admin", "--username", ADMIN_USER, "--firstname", "minzheng",
                  "--lastname", "admin", "--email", "admin@localhost", "--password", password)
    _superset(venv, home, "init")
    zipped = bundle(serving, home / "minzheng_dashboards.zip")
    _superset(venv, home, "import-dashboards", "--path", str(zipped), "--username", ADMIN_USER)
    return zipped


def serve_command(home: Path, port: int, *, venv: Path = BI_VENV) -> list[str]:
    """Superset's own web server (Flask, threaded) on 127.0.0.1 only: a workstation or a bureau's
    intranet host; put gunicorn in front for many users."""
    return [str(venv / "bin" / "superset"), "run", "--host", "127.0.0.1", "--port", str(port), "--with-threads"]


def read_bundle(path: Path) -> dict[str, dict]:
    """The YAML documents of a bundle, by file name (for tests and for reading what was imported)."""
    with zipfile.ZipFile(path) as zf:
        return {n: yaml.safe_load(io.TextIOWrapper(zf.open(n), encoding="utf-8")) for n in zf.namelist()}
