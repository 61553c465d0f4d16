"""The published-table parser on every table of tests/official/fixtures/ (copied from
/work/shared/official-stats/, each with its source line), as CSV, as XLSX and as an HTML page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from orchestration.official.grid import read_grid
from orchestration.official.parse import PublishedTableRejected, parse_table
from tests.official.tables import FIXTURES, TABLES, split_csv, to_html, to_xlsx

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
VALUE_HEADERS = re.compile(r"^(数量|上期|环比|上季度|上月|上年数据|同比|\d{4})$")


def parse(path: Path, tmp_path: Path):
    return parse_table(read_grid(path, tmp_path), path)


def numeric_cells(path: Path) -> int:
    """Counted from the CSV itself: non-blank numeric cells in value columns, numbering rows left out."""
    _, rows = split_csv(path)
    header = [re.sub(r"\s", "", h) for h in rows[0]]
    cols = [i for i, h in enumerate(header) if VALUE_HEADERS.match(h)]
    n = 0
    for r in rows[1:]:
        vals = [r[i] for i in cols if i < len(r) and r[i]]
        if [v for v in vals] == [str(k) for k in range(1, len(vals) + 1)] and not re.search(r"[\u4e00-\u9fff]{2}", r[0]):
            continue  # 甲,丙,1,2,3
        n += sum(bool(NUMBER.match(v)) for v in vals)
    return n


def cell(t, label: str, role: str = "current", parent: str | None = None, period_start: date | None = None):
    found = [c for c in t.cells if c.published_label == label and c.column_role == role
             and (parent is None or c.parent_label_norm == parent)
             and (period_start is None or c.period_start == period_start)]
    assert len(found) == 1, (label, role, parent, [(c.published_label, c.column_role) for c in found])
    return found[0]


def test_every_fixture_has_its_source_line():
    assert len(TABLES) == 9
    for p in TABLES:
        meta, _ = split_csv(p)
        assert meta["source"].startswith("http"), p.name


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
def test_every_numeric_cell_is_a_row(path, tmp_path):
    t = parse(path, tmp_path)
    assert len(t.cells) == numeric_cells(path)
    assert not t.quarantine
    assert all("," not in c.published_value for c in t.cells)


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("convert", [to_xlsx, to_html], ids=["xlsx", "html"])
def test_xlsx_and_html_give_the_same_cells(path, convert, tmp_path):
    """The same table with a title row, 填报单位/统计期 lines and notes under it: region and period come
    from those lines, and every cell is read as from the CSV."""
    def key(t):
        return sorted((c.published_label, c.published_value, c.published_unit or "", c.official_code or "",
                       c.column_role, c.period_start, c.period_end, c.parent_label_norm or "", c.is_of_which)
                      for c in t.cells)

    base = parse(path, tmp_path)
    other = parse(convert(path, tmp_path), tmp_path)
    assert (other.meta.region_code, other.meta.period_type, other.meta.period_start, other.meta.period_end) == (
        base.meta.region_code, base.meta.period_type, base.meta.period_start, base.meta.period_end)
    assert key(other) == key(base)
    assert any(n.startswith("注") for n in other.notes)


def test_fujian_monthly(tmp_path):
    t = parse(FIXTURES / "fujian_2020-01_minzheng_yuebao.csv", tmp_path)
    assert (t.meta.region_code, t.meta.form, t.meta.period_type) == ("350000", "monthly_report", "month")
    assert (t.meta.period_start, t.meta.period_end) == (date(2020, 1, 1), date(2020, 1, 31))
    c = cell(t, "A 城市低保人数")
    assert (c.published_value, c.published_unit, c.parent_label_norm, c.source_row) == ("62162", "人", "城市低保", 44)
    assert cell(t, "A 城市低保人数", "previous").published_value == "60682"
    assert cell(t, "A 城市低保人数", "change_rate").published_value == "2.44"
    assert cell(t, "A 城市低保人数", "change_rate").published_unit == "%"
    assert cell(t, "(二)民政事业费累计支出", "previous").published_value == "714496.8"
    assert cell(t, "(二)民政事业费累计支出", "change_rate").published_value == "-89.34"
    assert cell(t, "II 城市低保临时补助").parent_label_norm == "城市低保累计支出"


def test_sichuan_monthly_codes(tmp_path):
    t = parse(FIXTURES / "sichuan_2020_JBZ_yuebao.csv", tmp_path)
    assert (t.meta.region_code, t.meta.period_type, t.meta.period_start) == ("510000", "year", date(2020, 1, 1))
    c = cell(t, "(二)民政事业费累计支出")
    assert (c.published_value, c.official_code, c.published_unit) == ("1527874.4", "YZH011200000", "万元")
    assert cell(t, "其中:最低生活保障").is_of_which
    assert cell(t, "2.事实无人抚养儿童", "change_rate").published_value == "-5.46"


def test_sichuan_quarterly(tmp_path):
    t = parse(FIXTURES / "sichuan_2022-Q3_JBZH0001_jibao.csv", tmp_path)
    assert (t.meta.period_type, t.meta.period_start, t.meta.period_end) == ("quarter", date(2022, 7, 1),
                                                                              date(2022, 9, 30))
    c = cell(t, "A 城市低保累计支出")
    assert (c.published_value, c.official_code) == ("176058.1", "JZH011212110")
    assert cell(t, "(二)民政事业费累计支出", "previous").published_value == "1142713.9"
    assert cell(t, "1.镇").published_unit is None  # printed without a unit


def test_hengyang_region_from_division_code(tmp_path):
    t = parse(FIXTURES / "hengyang_2019-Q4_JBZH0001_jibao.csv", tmp_path)
    assert (t.meta.region_code, t.meta.region_name) == ("430400", "衡阳市")
    assert (t.meta.period_type, t.meta.period_start) == ("quarter", date(2019, 10, 1))
    assert cell(t, "(二)民政事业费累计支出", "previous_month").published_value == "104625.9"
    assert cell(t, "其中:民族乡").is_of_which and cell(t, "其中:民族乡").parent_label_norm == "乡小计"
    # the heading's code sits in the code column; headings have no value rows
    assert not [c for c in t.cells if c.official_code == "JZH011000000"]


def test_ordos_year_on_year(tmp_path):
    t = parse(FIXTURES / "ordos_2024_JZH_tongbi.csv", tmp_path)
    assert (t.meta.region_code, t.meta.period_type) == ("150600", "year")
    assert cell(t, "(二)民政事业费累计支出", "same_period_last_year").published_value == "46874.3"
    assert cell(t, "(二)民政事业费累计支出", "change_rate_year_on_year").published_value == "11.17"
    assert cell(t, "A 城市特困人员救助供养支出").official_code == "YZH011222100"
    assert cell(t, "4.苏木").published_value == "6"


def test_beijing_summary_parent_headings(tmp_path):
    t = parse(FIXTURES / "beijing_2022-03_shehui_fuwu.csv", tmp_path)
    assert t.meta.region_code == "110000"
    assert cell(t, "最低生活保障平均标准", parent="农村最低生活保障").published_value == "14940.0"
    assert cell(t, "最低生活保障平均标准", parent="城市最低生活保障").published_unit == "元/人·月"
    assert cell(t, "最低生活保障人数", parent="城市最低生活保障").published_value == "7.1"
    assert cell(t, "社区服务站").published_value == "7149"


def test_national_bulletin(tmp_path):
    t = parse(FIXTURES / "national_2007-02_minzheng_yuebao.csv", tmp_path)
    assert (t.meta.region_code, t.meta.period_start, t.meta.form) == ("000000", date(2007, 2, 1), "monthly_report")
    c = cell(t, "城市居民最低生活保障人数")
    assert (c.published_value, c.published_unit) == ("2242.3", "万人")
    assert cell(t, "其中:救灾支出").is_of_which
    assert cell(t, "城市最低生活保障月人均支出水平").published_unit == "元/人、月"


def test_yearbooks_year_columns(tmp_path):
    t = parse(FIXTURES / "fujian_yearbook2018_18-3_zhusu_jigou.csv", tmp_path)
    assert (t.meta.region_code, t.meta.form) == ("350000", "yearbook")
    assert cell(t, "合计", period_start=date(2011, 1, 1)).published_value == "1173"
    c = cell(t, "#光荣院", period_start=date(2017, 1, 1))
    assert (c.published_value, c.published_unit, c.is_of_which, c.period_end) == ("24", "个", True, date(2017, 12, 31))
    assert any("2014年起" in n for n in t.notes)
    t = parse(FIXTURES / "fujian_yearbook2022_20-2_shehui_jiuji.csv", tmp_path)
    c = cell(t, "农村低保资金全年计划支出(万元)", period_start=date(2021, 1, 1))
    assert (c.published_value, c.published_unit, c.label_norm) == ("249509", "万元", "农村低保资金全年计划支出")
    assert cell(t, "城市特困人员供养人数(人)", period_start=date(2020, 1, 1)).published_value == "5868"
    assert not [c for c in t.cells if c.label_norm == "城市特困人员供养人数" and c.period_start.year == 2010]
    girls = [c for c in t.cells if c.published_label == "#女性" and c.period_start.year == 2021]
    assert sorted(c.published_value for c in girls) == ["214693", "30134"]
    assert all(c.published_unit == "人" for c in girls)


def test_table_without_region_is_rejected(tmp_path):
    p = tmp_path / "yuebao_2021-07.csv"
    p.write_text("# title: 民政统计月报（2021年7月）\n指标名称,单位,数量\n城市低保人数,人,100\n", encoding="utf-8")
    with pytest.raises(PublishedTableRejected, match="issuing region cannot be determined"):
        parse(p, tmp_path)


def test_table_without_period_is_rejected(tmp_path):
    p = tmp_path / "yuebao.csv"
    p.write_text("# title: 民政统计月报\n# region: 福建省\n指标名称,单位,数量\n城市低保人数,人,100\n", encoding="utf-8")
    with pytest.raises(PublishedTableRejected, match="report period cannot be determined"):
        parse(p, tmp_path)


def test_gbk_xlsx_title_and_merged_header(tmp_path):
    """GBK CSV; an XLSX with 填报单位/统计期 lines, a merged two-row header (本期 | 上年同期 over 数量)."""
    import openpyxl

    p = tmp_path / "湖南省_月报.csv"
    p.write_bytes("民政统计月报（2021年7月）\n指标名称,单位,数量,上期\n城市低保人数,人,\"1,200\",1100\n".encode("gbk"))
    t = parse(p, tmp_path)
    assert (t.meta.region_code, t.meta.period_start) == ("430000", date(2021, 7, 1))
    assert [(c.published_value, c.column_role) for c in t.cells] == [("1200", "current"), ("1100", "previous")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["民政统计月报（2021年7月）"])
    ws.append(["填报单位：长沙市民政局", None, "计量单位：人"])
    ws.append(["指标名称", "本期", None, "上年同期"])
    ws.append([None, "数量", "环比", "数量"])
    ws.append(["（一）城市低保人数", 5000, 1.5, 4800])
    ws.append(["其中：女性", 2100, None, 2000])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C3")
    ws.append(["注：本表为快报数。"])
    x = tmp_path / "report.xlsx"
    wb.save(x)
    t = parse(x, tmp_path)
    assert (t.meta.region_code, t.meta.period_start, t.meta.unit) == ("430100", date(2021, 7, 1), "人")
    got = [(c.published_label, c.source_column, c.column_role, c.published_value, c.published_unit, c.source_row)
           for c in t.cells]
    assert got == [
        ("（一）城市低保人数", "本期/数量", "current", "5000", "人", 5),
        ("（一）城市低保人数", "本期/环比", "change_rate", "1.5", "%", 5),
        ("（一）城市低保人数", "上年同期/数量", "same_period_last_year", "4800", "人", 5),
        ("其中：女性", "本期/数量", "current", "2100", "人", 6),
        ("其中：女性", "上年同期/数量", "same_period_last_year", "2000", "人", 6),
    ]
    assert t.notes == ["注：本表为快报数。"]
