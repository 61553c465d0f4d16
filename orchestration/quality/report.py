"""The auditor report: one self-contained HTML file (inline CSS, inline SVG, no scripts, no network).

`_load(con)` reads everything the report shows into a `ReportData`; each section is a small renderer
of that (`SECTIONS`), so what is read and how it is shown are separate. Read from the warehouse:
quality.check_results (the latest result of every check, and the trend over runs), rpt_reconciliation
(reported vs computed, with each verdict's reason), seeds.reconciliation_reasons (what the reasons
mean), rpt_three_way_reconciliation (extracts vs published forms vs reports), fct_official_statistic
(published labels not mapped to the catalog), fct_reported_indicator (redacted claims) and dim_region
(region names).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

SEVERITY_ZH = {"error": "错误（阻断）", "warn": "警告"}
STATUS_ZH = {"pass": "通过", "fail": "未通过"}
RESULT_ZH = {"match": "一致", "mismatch": "不一致", "no_data": "无数据", "redacted": "已隐去", "planned": "计划目标",
             "not_comparable": "不可比"}
REASON_ZH = {
    "exact": "精确比较", "rounded": "按所述精度比较", "change_vs_stock": "增量与存量之差比较", "sub_part": "仅为其中一部分",
    "scope": "口径不同", "relative_change": "增幅（无基数）", "unmapped": "指标未映射", "no_value": "无可读数值",
    "report_only": "仅报告有此数（无系统统计）", "no_source_system": "无该系统数据", "region_not_covered": "区划未覆盖",
    "period_not_loaded": "期间未加载", "redacted": "已隐去", "target": "计划目标", "agree": "一致",
    "form_vs_extracts": "报表与业务数据不符", "report_vs_extracts": "报告与业务数据不符", "report_vs_form": "报告与报表不符",
}
KIND_ZH = {"part_sum": "分项合计", "rate": "比率", "plausibility": "合理性", "conformance": "一致性",
           "completeness": "完整性", "report": "工作报告", "dbt_test": "dbt 测试"}

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.6em;border-bottom:3px solid #8b1a1a;padding-bottom:.3em}h2{margin-top:2em;color:#8b1a1a}
table{border-collapse:collapse;margin:.5em 0 1.2em;font-size:.85em}th,td{border:1px solid #ccc;padding:3px 6px;
text-align:left;vertical-align:top}th{background:#f3eee6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.fail{color:#b00020;font-weight:bold}.pass{color:#1b7a1b}.warn{color:#b36b00;font-weight:bold}
.card{display:inline-block;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:.3em;min-width:9em}
.card b{font-size:1.5em;display:block}details{margin:.4em 0}summary{cursor:pointer}.small{color:#666;font-size:.85em}
.quote{font-family:serif;background:#faf7f0;padding:2px 4px}
"""


def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _num(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:,.4f}".rstrip("0").rstrip(".") if abs(x) < 1000 else f"{x:,.2f}"
    if isinstance(x, int):
        return f"{x:,}"
    return _e(x)


def _table(cols: list[str], rows: list, headers: list[str] | None = None, numeric: set[str] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{_e(h)}</th>" for h in (headers or cols))
    body = []
    for r in rows:
        vals = r if isinstance(r, (list, tuple)) else [r.get(c) for c in cols]
        body.append("<tr>" + "".join(
            f'<td class="n">{_num(v)}</td>' if c in numeric or isinstance(v, (int, float)) and not isinstance(v, bool)
            else f"<td>{_e(v)}</td>" for c, v in zip(cols, vals)) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _trend_svg(runs: list[tuple[str, str, int, int, int]]) -> str:
    """Failing checks per run (error and warn), as an inline SVG line chart."""
    if not runs:
        return "<p class='small'>尚无运行记录。</p>"
    w, h, pad = 760, 220, 40
    n = len(runs)
    top = max(1, max(max(r[2], r[3]) for r in runs))
    def x(i):
        return pad + (w - 2 * pad) * (i / max(1, n - 1))
    def y(v):
        return h - pad - (h - 2 * pad) * v / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
             f'aria-label="各次运行未通过的检查数">',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#999"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#999"/>',
             f'<text x="{pad - 6}" y="{y(top) + 4}" font-size="11" text-anchor="end">{top}</text>',
             f'<text x="{pad - 6}" y="{h - pad + 4}" font-size="11" text-anchor="end">0</text>']
    for idx, (color, label) in ((2, ("#b00020", "错误")), (3, ("#d98200", "警告"))):
        pts = " ".join(f"{x(i):.1f},{y(r[idx]):.1f}" for i, r in enumerate(runs))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        for i, r in enumerate(runs):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(r[idx]):.1f}" r="3" fill="{color}">'
                         f'<title>{_e(r[1])} {label}: {r[idx]}</title></circle>')
    for i, r in enumerate(runs):
        if n <= 12 or i in (0, n - 1) or i % max(1, n // 8) == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{h - pad + 16}" font-size="10" text-anchor="middle">'
                         f'{_e(r[1][5:16])}</text>')
    parts.append(f'<rect x="{w - 150}" y="8" width="10" height="10" fill="#b00020"/>'
                 f'<text x="{w - 135}" y="17" font-size="12">错误（阻断）</text>'
                 f'<rect x="{w - 150}" y="24" width="10" height="10" fill="#d98200"/>'
                 f'<text x="{w - 135}" y="33" font-size="12">警告</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bars_svg(items: list[tuple[str, int, int]]) -> str:
    """Horizontal bars: failing rows (error, warn) per label."""
    if not items:
        return ""
    w, row_h, left = 760, 22, 230
    h = row_h * len(items) + 10
    top = max(1, max(a + b for _, a, b in items))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="各区划未通过行数">']
    for i, (label, err, warn) in enumerate(items):
        yy = 5 + i * row_h
        we = (w - left - 60) * err / top
        ww = (w - left - 60) * warn / top
        parts.append(f'<text x="{left - 6}" y="{yy + 14}" font-size="12" text-anchor="end">{_e(label)}</text>'
                     f'<rect x="{left}" y="{yy + 3}" width="{we:.1f}" height="14" fill="#b00020"/>'
                     f'<rect x="{left + we:.1f}" y="{yy + 3}" width="{ww:.1f}" height="14" fill="#d98200"/>'
                     f'<text x="{left + we + ww + 4:.1f}" y="{yy + 14}" font-size="11">{err} / {warn}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table_exists(con, schema: str, table: str) -> bool:
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                            [schema, table]).fetchone()[0])


@dataclass
class ReportData:
    """Everything the report shows, read from the warehouse by `_load` (sections render from this alone)."""

    warehouse: Path
    generated_at: str
    region_names: dict[str, str] = field(default_factory=dict)
    latest: list[dict] = field(default_factory=list)  # latest result of every check (detail parsed)
    runs: list[tuple] = field(default_factory=list)  # run_id, started, failing error, failing warn, rows
    reconciliation: list[tuple] | None = None  # document, region, result, claims (None: no mart)
    compared_claims: list[tuple] = field(default_factory=list)  # match and mismatch rows
    redacted: list[tuple] | None = None  # redacted claims (None: no mart)
    reasons: list[tuple] = field(default_factory=list)  # result, reason, claims
    reason_text: dict[tuple[str, str], str] = field(default_factory=dict)  # (model, reason) -> description
    three_way: list[tuple] | None = None  # result, reason, rows (None: no mart)
    three_way_rows: list[tuple] = field(default_factory=list)  # mismatches first, then the rest
    unmapped_labels: list[tuple] | None = None  # published labels without an indicator (None: no mart)
    # compared_claims and three_way_rows end with the coverage of their warehouse figure (the roll-up's
    # children_reporting, children_expected and coverage in fct_indicator_value; None: no such row)

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.latest if r["status"] == "fail"]


def write_report(warehouse: Path, out: Path, data_docs: Path | None = None) -> Path:
    """Write the auditor report of the warehouse to `out` (HTML) and return its path."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        body = _render(con, Path(warehouse), data_docs)
    finally:
        con.close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")
    return out


def _render(con, warehouse: Path, data_docs: Path | None) -> str:
    return _render_page(_load(con, warehouse), data_docs)


# --------------------------------------------------------------------------- data loading

# the coverage of a warehouse figure: its row of fct_indicator_value (same region, indicator, period)
_COVERAGE_COLUMNS = "v.children_reporting, v.children_expected, v.coverage"


def _coverage_join(alias: str, period_type: str, period_start: str) -> str:
    return (f"left join marts.fct_indicator_value as v on v.region_code = {alias}.region_code "
            f"and v.indicator_code = {alias}.indicator_code and v.period_type = {period_type} "
            f"and v.period_start = {period_start}")


def _coverage_cell(reporting, expected, coverage) -> str:
    """'9/10 · 0.917': units reporting of expected, and unit-months delivered / expected (a fraction)."""
    if expected is None:
        return "—"
    return f"{reporting}/{expected} · {coverage:.3f}"


def _load(con, warehouse: Path) -> ReportData:
    """Read everything the report shows; a table that does not exist leaves its part empty (or None)."""
    data = ReportData(warehouse=warehouse, generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    if _table_exists(con, "marts", "dim_region"):
        data.region_names = dict(con.execute(
            "select region_code, arg_max(name_zh, valid_from) from marts.dim_region group by 1").fetchall())
    if _table_exists(con, "quality", "check_results"):
        cur = con.execute("""
            select * exclude (rk) from (
                select *, row_number() over (partition by check_name, asset order by checked_at desc) as rk
                from quality.check_results) where rk = 1
            order by asset, case status when 'fail' then 0 else 1 end, severity, check_name""")
        cols = [d[0] for d in cur.description]
        data.latest = [dict(zip(cols, r)) for r in cur.fetchall()]
        for r in data.latest:
            r["detail"] = json.loads(r["detail"]) if isinstance(r["detail"], str) else (r["detail"] or {})
        data.runs = con.execute("""
            select run_id, strftime(min(checked_at), '%Y-%m-%d %H:%M:%S'),
                   count(distinct case when status = 'fail' and severity = 'error' then check_name || asset end),
                   count(distinct case when status = 'fail' and severity = 'warn' then check_name || asset end),
                   count(*)
            from quality.check_results group by run_id order by min(checked_at)""").fetchall()
    if _table_exists(con, "seeds", "reconciliation_reasons"):
        data.reason_text = {(m, r): t for r, m, t in con.execute(
            "select reason, model, description from seeds.reconciliation_reasons").fetchall()}
    if _table_exists(con, "marts", "rpt_reconciliation"):
        data.reconciliation = con.execute("""
            select document_name, region_name, result, count(*) from marts.rpt_reconciliation
            group by all order by 1, 3""").fetchall()
        data.reasons = con.execute("""
            select result, reason, count(*) from marts.rpt_reconciliation group by result, reason
            order by case result when 'mismatch' then 0 when 'match' then 1 when 'no_data' then 2
                     when 'not_comparable' then 3 else 4 end, 3 desc, 2""").fetchall()
        data.compared_claims = con.execute(f"""
            select r.region_name, r.indicator_name_zh, r.indicator_code, r.period_start, r.period_end,
                   r.reported_value, r.computed_value, r.unit, r.rel_difference, r.reason, r.quote,
                   {_COVERAGE_COLUMNS}
            from marts.rpt_reconciliation as r
            {_coverage_join('r', 'r.compared_period_type', 'r.compared_period_start')}
            where r.result in ('match', 'mismatch')
            order by r.result desc, r.document_name, r.indicator_code limit 400""").fetchall()
    if _table_exists(con, "marts", "rpt_three_way_reconciliation"):
        data.three_way = con.execute("""
            select result, reason, count(*) from marts.rpt_three_way_reconciliation group by result, reason
            order by case result when 'mismatch' then 0 when 'match' then 1 else 2 end, 2""").fetchall()
        data.three_way_rows = con.execute(f"""
            select r.region_code, r.region_name, r.indicator_name_zh, r.indicator_code, r.period_type,
                   r.period_start, r.warehouse_value, r.official_value, r.reported_value, r.unit, r.result,
                   r.reason, coalesce(r.official_source_file, r.reported_document_name),
                   {_COVERAGE_COLUMNS}
            from marts.rpt_three_way_reconciliation as r
            {_coverage_join('r', 'r.period_type', 'r.period_start')}
            order by case r.result when 'mismatch' then 0 when 'not_comparable' then 1 else 2 end,
                     r.sources_present desc, r.region_code, r.indicator_code, r.period_start limit 300""").fetchall()
    if _table_exists(con, "marts", "fct_official_statistic"):
        data.unmapped_labels = con.execute("""
            select published_label, parent_label, count(*), count(distinct source_file), min(source_file)
            from marts.fct_official_statistic where indicator_code is null
            group by 1, 2 order by 3 desc, 1, 2""").fetchall()
    if _table_exists(con, "marts", "fct_reported_indicator"):
        data.redacted = con.execute("""
            select document_name, region_name, coalesce(indicator_name_zh, indicator_phrase), raw_value, raw_unit, quote
            from marts.fct_reported_indicator where status = 'redacted' order by document_name, quote_start""").fetchall()
    return data


# --------------------------------------------------------------------------- sections

def _section_overview(d: ReportData) -> str:
    failed = d.failed
    n_err = sum(1 for r in failed if r["severity"] == "error")
    n_warn = sum(1 for r in failed if r["severity"] == "warn")
    verdict = ("<span class='fail'>有阻断性错误：相关数据不得发布</span>" if n_err
               else "<span class='pass'>无阻断性错误</span>" if d.latest else "<span class='warn'>尚未运行质量检查</span>")
    return (f"<div class='card'>检查项<b>{len(d.latest)}</b></div>"
            f"<div class='card'>未通过（错误）<b class='fail'>{n_err}</b></div>"
            f"<div class='card'>未通过（警告）<b class='warn'>{n_warn}</b></div>"
            f"<div class='card'>运行次数<b>{len(d.runs)}</b></div>"
            f"<p>结论：{verdict}。最近一次运行：{_e(d.runs[-1][0] if d.runs else '—')}。</p>")


def _section_domains(d: ReportData) -> str:
    by_asset: dict[str, list[int]] = {}
    for r in d.latest:
        s = by_asset.setdefault(r["asset"], [0, 0, 0, 0])
        s[0] += 1
        s[1] += r["status"] == "pass"
        s[2] += r["status"] == "fail" and r["severity"] == "error"
        s[3] += r["status"] == "fail" and r["severity"] == "warn"
    return "<h2>一、按业务领域汇总 Summary per domain</h2>" + _table(
        ["asset", "checks", "passed", "err", "warn"],
        [[a, *v] for a, v in sorted(by_asset.items())],
        ["数据资产 asset", "检查项", "通过", "未通过（错误）", "未通过（警告）"])


def _section_regions(d: ReportData) -> str:
    """Failing rows by region_code in the details of the failing checks."""
    per_region: dict[str, list[int]] = {}
    for r in d.failed:
        for row in r["detail"].get("rows", []):
            code = row.get("region_code")
            if code:
                c = per_region.setdefault(code, [0, 0])
                c[0 if r["severity"] == "error" else 1] += 1
    if not per_region:
        return "<h2>二、按区划汇总 Summary per region</h2><p>没有区划出现未通过的行。</p>"
    items = sorted(per_region.items(), key=lambda kv: (-kv[1][0] - kv[1][1], kv[0]))[:25]
    names = d.region_names
    return ("<h2>二、按区划汇总 Summary per region</h2><p class='small'>未通过检查所列行（每项最多 20 行）"
            "按区划计数：错误 / 警告。</p>" + _bars_svg(
                [(f"{names.get(c, '')} {c}", e, w) for c, (e, w) in items]) + _table(
        ["code", "name", "err", "warn"], [[c, names.get(c, ""), e, w] for c, (e, w) in items],
        ["区划代码", "名称", "错误行", "警告行"]))


def _section_failing(d: ReportData) -> str:
    """Failing checks with their rows and provenance."""
    parts = ["<h2>三、未通过的检查 Failing checks</h2>"]
    if not d.failed:
        parts.append("<p class='pass'>所有检查均通过。</p>")
    for r in d.failed:
        det = r["detail"]
        rows = det.get("rows", [])
        cls = "fail" if r["severity"] == "error" else "warn"
        parts.append(
            f"<details open><summary><span class='{cls}'>[{SEVERITY_ZH.get(r['severity'], r['severity'])}]</span> "
            f"<b>{_e(det.get('label_zh') or r['check_name'])}</b> — {_e(r['asset'])} · <code>{_e(r['check_name'])}</code>"
            f" · 期间 {_e(r['partition'])} · 未通过 {r['failing_rows']} 行</summary>"
            f"<p class='small'>{_e(det.get('description', ''))}"
            f"{(' 生成自：' + _e(det.get('generated_from'))) if det.get('generated_from') else ''}"
            f" 类别：{_e(KIND_ZH.get(det.get('kind'), det.get('kind', '')))}；运行 {_e(r['run_id'])}，{_e(r['checked_at'])}</p>")
        if det.get("error"):
            parts.append(f"<p class='fail'>查询失败：{_e(det['error'])}</p>")
        if rows:
            cols = list(rows[0].keys())
            parts.append(_table(cols, rows))
            if r["failing_rows"] > len(rows):
                parts.append(f"<p class='small'>仅列出前 {len(rows)} 行，共 {r['failing_rows']} 行。</p>")
        parts.append("</details>")
    return "".join(parts)


def _section_reconciliation(d: ReportData) -> str:
    """Reported vs computed: claims per document and verdict, then the compared claims."""
    if d.reconciliation is None:
        return ""
    docs: dict[tuple, dict] = {}
    for doc, reg, res, n in d.reconciliation:
        docs.setdefault((doc, reg), {})[res] = n
    results = ["match", "mismatch", "no_data", "redacted", "planned", "not_comparable"]
    rows = [[doc, reg, *[c.get(k, 0) for k in results]] for (doc, reg), c in sorted(docs.items())]
    reasons = [[RESULT_ZH.get(res, res), reason, REASON_ZH.get(reason, ""), n,
                d.reason_text.get(("rpt_reconciliation", reason), "")] for res, reason, n in d.reasons]
    return ("<h2>四、报告数与计算数核对 Reported vs computed</h2>"
            + _table(["doc", "region", *results], rows, ["报告", "区划", *[RESULT_ZH[k] for k in results]])
            + "<p class='small'>每个结论的原因（reason）：不一致是其余原因都不能解释的差异。</p>"
            + _table(["result", "reason", "reason_zh", "n", "desc"], reasons,
                     ["结论", "原因 reason", "原因", "声明数", "说明"])
            + "<p class='small'>可比较的声明（不一致在前）：报告值、仓库计算值、比较方式及原文。" + _coverage_note() + "</p>"
            + _table(["region", "indicator", "code", "from", "to", "reported", "computed", "coverage", "unit", "rel",
                      "reason", "quote"],
                     [[*c[:7], _coverage_cell(*c[11:14]), *c[7:11]] for c in d.compared_claims],
                     ["区划", "指标", "代码", "起", "止", "报告值", "计算值", "覆盖（报送/应报 · 覆盖率）", "单位",
                      "相对差异", "比较方式", "原文"]))


def _coverage_note() -> str:
    """How to read the coverage column next to every warehouse (roll-up) figure."""
    return ("仓库计算值旁的“覆盖”：该区划该期间应报送的报送单位（区县及申报的市本级）中实际报送的个数/应报个数，"
            "及报送单位·月数占应报的比例（覆盖率，小数）；覆盖率小于 1 的汇总数是部分数，不是全区划的总数。")


def _section_three_way(d: ReportData) -> str:
    """Extracts vs published forms vs reports, side by side."""
    if d.three_way is None:
        return ""
    summary = [[RESULT_ZH.get(res, res), reason, REASON_ZH.get(reason, ""), n,
                d.reason_text.get(("rpt_three_way_reconciliation", reason), "")] for res, reason, n in d.three_way]
    rows = [[f"{name or ''} {code}", ind, ind_code, ptype, start, wh, _coverage_cell(n_rep, n_exp, cov), off, rep,
             unit, RESULT_ZH.get(res, res), REASON_ZH.get(reason, reason), src]
            for code, name, ind, ind_code, ptype, start, wh, off, rep, unit, res, reason, src, n_rep, n_exp, cov
            in d.three_way_rows]
    return ("<h2>五、三方核对 Extracts vs published forms vs reports</h2>"
            "<p class='small'>同一指标、区划和期间，业务数据汇总（仓库）、公开统计报表与工作报告中至少两方都有数时并列比较。"
            + _coverage_note() + "</p>"
            + _table(["result", "reason", "reason_zh", "n", "desc"], summary, ["结论", "原因 reason", "原因", "行数", "说明"])
            + "<p class='small'>逐行（不一致在前，最多 300 行）：</p>"
            + _table(["region", "ind", "code", "ptype", "start", "wh", "coverage", "off", "rep", "unit", "result",
                      "reason", "src"],
                     rows, ["区划", "指标", "代码", "期间类型", "起", "仓库（业务数据）", "覆盖（报送/应报 · 覆盖率）",
                            "统计报表", "工作报告", "单位", "结论", "原因", "来源"]))


def _section_unmapped_labels(d: ReportData) -> str:
    """Published labels the mapping (seed indicator_phrases) does not know: kept, never dropped."""
    if d.unmapped_labels is None:
        return ""
    return (f"<h2>六、未映射的报表指标 Unmapped published labels（{len(d.unmapped_labels)}）</h2>"
            "<p class='small'>公开统计表中未对应到指标目录的栏目：数值保留在 fct_official_statistic（indicator_code 为空），"
            "可在 seeds/indicator_phrases.csv 中补充映射。</p>"
            + _table(["label", "parent", "cells", "files", "file"], d.unmapped_labels,
                     ["报表栏目（原文）", "上级栏目", "单元格数", "文件数", "文件（示例）"]))


def _section_redacted(d: ReportData) -> str:
    if d.redacted is None:
        return ""
    return (f"<h2>七、隐去的数字 Redacted claims（{len(d.redacted)}）</h2><p class='small'>报告中以 x 等代替的数值："
            "视为缺失，不是零。</p>" + _table(["doc", "region", "ind", "raw", "unit", "quote"], d.redacted,
                                      ["报告", "区划", "指标", "原文数值", "单位", "原文"]))


def _section_trend(d: ReportData) -> str:
    return ("<h2>八、各次运行未通过检查数的趋势 Trend of failures over runs</h2>" + _trend_svg(d.runs)
            + _table(["run", "at", "err", "warn", "n"], [list(r) for r in d.runs[-30:]],
                     ["运行 run_id", "时间 (UTC)", "未通过（错误）", "未通过（警告）", "结果行数"]))


def _section_all_checks(d: ReportData) -> str:
    return "<h2>九、全部检查项 All checks (latest result)</h2>" + _table(
        ["asset", "check", "label", "sev", "status", "n", "partition"],
        [[r["asset"], r["check_name"], r["detail"].get("label_zh", ""), SEVERITY_ZH.get(r["severity"]),
          STATUS_ZH.get(r["status"]), r["failing_rows"], r["partition"]] for r in d.latest],
        ["数据资产", "检查", "说明", "严重程度", "结果", "未通过行数", "期间"])


SECTIONS = (_section_overview, _section_domains, _section_regions, _section_failing, _section_reconciliation,
            _section_three_way, _section_unmapped_labels, _section_redacted, _section_trend, _section_all_checks)


def _render_page(d: ReportData, data_docs: Path | None) -> str:
    docs_note = (f"<p class='small'>Great Expectations Data Docs：<code>{_e(data_docs)}</code></p>" if data_docs else "")
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>民政数据质量审计报告</title>"
            f"<style>{CSS}</style></head><body><h1>民政数据仓库 数据质量审计报告<br>"
            f"<span class='small'>Data quality report for auditors · 生成于 {d.generated_at} · 仓库 {_e(d.warehouse)}</span></h1>"
            + "".join(section(d) for section in SECTIONS) + docs_note + "</body></html>")
