"""Unit tests of the report extractor: numbers, units, qualifiers, redactions, time, regions, text."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from orchestration.reports import numbers as nb
from orchestration.reports.extractor import Extractor, detect_period, time_context
from orchestration.reports.regions import Gazetteer
from orchestration.reports.text import Document, clauses, decode_bytes, document_from_text, read_document, sentences


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def one(text: str) -> nb.Figure:
    figs = nb.scan_figures(text)
    assert len(figs) == 1, figs
    return figs[0]


def claims(ex: Extractor, text: str):
    head = "2021年某县民政工作总结\n"
    return ex.extract(document_from_text("t.txt", head + text))[1]


# --------------------------------------------------------------------------- numbers and units

@pytest.mark.parametrize("text, number, unit, raw_unit, qualifier", [
    ("累计发放城乡低保资金17604.19万元", Decimal("176041900"), "元", "万元", "exact"),
    ("节约社会资金4亿多元", Decimal("400000000"), "元", "亿元", "at_least"),
    ("共整治散葬坟墓4万余座", Decimal("40000"), "座", "万座", "at_least"),
    ("累计志愿服务时长近75万小时", Decimal("750000"), "小时", "万小时", "approx"),
    ("全年资助超1800人次", Decimal("1800"), "人次", "人次", "at_least"),
    ("全年累计发放救助金约5605万元", Decimal("56050000"), "元", "万元", "approx"),
    ("意向对接金额逾37亿元", Decimal("3700000000"), "元", "亿元", "at_least"),
    ("下降到了37万以下", Decimal("370000"), "", "万", "at_most"),
    ("达到了18人以上", Decimal("18"), "人", "人", "at_least"),
    ("全县注册志愿者达到14.82万人", Decimal("148200"), "人", "万人", "exact"),
    ("在册低保对象1,236户", Decimal("1236"), "户", "户", "exact"),
    ("女性村委会成员占30.86%", Decimal("30.86"), "%", "%", "exact"),
])
def test_numbers_magnitudes_and_qualifiers(text, number, unit, raw_unit, qualifier) -> None:
    f = one(text)
    assert f.number == number
    assert (f.unit, f.raw_unit, f.qualifier) == (unit, raw_unit, qualifier)


def test_rounding_and_bounds() -> None:
    f = one("17604.19万元")
    assert f.step == Decimal("100")  # the last written digit is 0.01 万元
    f = one("4万余座")
    assert f.upper == Decimal("50000")
    f = one("200多座")
    assert f.upper == Decimal("300")


def test_over_fulfilled_is_not_a_qualifier() -> None:
    assert one("超额完成首批500户家庭适老化改造").qualifier == "exact"


@pytest.mark.parametrize("text, redacted_value, unit", [
    ("共有低保对象x人", "x", "人"), ("话务量上升xx.x%", "xx.x", "%"), ("低保对象xxxx户", "xxxx", "户"),
    ("收入计x.xx亿元", "x.xx", "元"), ("发放x万余元救助款", "x", "元"),
])
def test_redactions_are_figures_without_value(text, redacted_value, unit) -> None:
    f = one(text)
    assert f.redacted and f.number is None
    assert f.raw_value == redacted_value and f.unit == unit


def test_names_with_x_are_not_figures(ex) -> None:
    assert claims(ex, "出台了xx市行业协会商会负责人任职管理办法。建立了xx市宏慈爱心公益协会。") == []


def test_unit_conversions() -> None:
    assert nb.convert(Decimal("30.86"), "%", "ratio") == Decimal("0.3086")
    assert nb.convert(Decimal("24.7"), "人/万人", "ratio") == Decimal("0.00247")
    assert nb.convert(Decimal("1200"), "元/人·年", "元/人·月") == Decimal("100")
    assert nb.convert(Decimal("24"), "座", "个") == Decimal("24")  # 公墓24座
    assert nb.convert(Decimal("5"), "家", "元") is None


# --------------------------------------------------------------------------- claims from sentences

def test_values_are_normalised_to_the_catalog_unit(ex) -> None:
    cs = claims(ex, "截至12月底,纳入城乡低保32285人,累计发放城乡低保资金17604.19万元;"
                    "全县生活不能自理特困人员集中供养率达到61.9%。")
    got = {(c.indicator_code, c.value, c.unit, c.time_basis) for c in cs}
    assert got == {("dibao_persons", 32285.0, "人", "stock"), ("dibao_amount", 176041900.0, "元", "flow"),
                   ("tekun_disabled_centralized_rate", 0.619, "ratio", "stock")}
    stock = next(c for c in cs if c.indicator_code == "dibao_persons")
    assert stock.as_of == date(2021, 12, 31) and stock.period_start == stock.period_end
    assert next(c for c in cs if c.indicator_code == "dibao_amount").rounding == 50.0


def test_standards_per_person_and_month(ex) -> None:
    cs = claims(ex, "低保标准提高至每人每月1300元,特困人员供养标准提高至每人每月2080元。")
    assert [(c.indicator_code, c.value, c.unit) for c in cs] == [
        ("dibao_urban_standard", 1300.0, "元/人·月"), ("tekun_standard", 2080.0, "元/人·月")]


def test_breakdowns_pick_the_parts_code(ex) -> None:
    cs = claims(ex, "其中农村居民低保对象120人,城镇居民低保对象356人。")
    assert [(c.indicator_code, c.breakdown, c.breakdown_in_code) for c in cs] == [
        ("dibao_rural_persons", "rural", True), ("dibao_urban_persons", "urban", True)]


def test_measure_word_then_noun(ex) -> None:
    cs = claims(ex, "全市已建成71家养老机构、26家街道长者服务中心和360家长者饭堂。")
    assert [(c.indicator_code, c.value) for c in cs] == [
        ("eldercare_institutions", 71.0), ("eldercare_street_service_centers", 26.0),
        ("eldercare_meal_service_points", 360.0)]


def test_change_and_rates_with_their_components(ex) -> None:
    cs = claims(ex, "截至目前,全市共排查需整治私墓143座、墓地2座,已完成整治私墓138座、墓地2座,完成率96.5%。")
    assert [c.indicator_code for c in cs] == ["graves_identified", "burial_sites_identified", "graves_remediated",
                                              "burial_sites_remediated", "grave_remediation_rate"]
    cs = claims(ex, "新增认知障碍照护专区床位数197张,完成率115.88%。")
    assert [(c.indicator_code, c.time_basis) for c in cs] == [
        ("eldercare_dementia_beds", "change"), ("dementia_beds_completion_rate", "flow")]


def test_relative_change(ex) -> None:
    cs = claims(ex, "我市社工报考人数2072人,同比增长133%。")
    assert [(c.indicator_code, c.value, c.unit, c.time_basis) for c in cs] == [
        ("social_worker_exam_candidates", 2072.0, "人", "flow"),
        ("social_worker_exam_candidates", 1.33, "ratio", "relative_change")]


def test_redacted_claims_have_no_value_never_zero(ex) -> None:
    cs = claims(ex, "目前全区共有低保对象xxxx户xxxx人,其中A类对象xxx户xxx人。")
    assert [(c.indicator_code, c.status, c.value) for c in cs] == [
        ("dibao_households", "redacted", None), ("dibao_persons", "redacted", None),
        ("dibao_class_a_households", "redacted", None), ("dibao_class_a_persons", "redacted", None)]


@pytest.mark.parametrize("text", [
    "出台了《兰陵县人民政府关于统筹完善社会救助体系的实施意见》(兰陵政字〔2021〕39号)。",
    "《中国民政》第20期刊登了经验做法。",
    "开展集体学习党史42次,召开推进会3次。",
    "福田、南山、龙华3个区实现婚姻登记处进公园。",
    "为20位获奖人员颁奖。",
    "2月9日召开座谈会,11月20日完成验收,x-x月份开展宣传。",
    "人员编制6人。",
])
def test_not_indicator_claims(ex, text) -> None:
    assert claims(ex, text) == []


def test_plans_are_targets(ex) -> None:
    text = "一、工作开展情况\n全县注册志愿者达到14.82万人。\n二、2022年工作打算\n全年新增居家养老服务中心8家。"
    cs = claims(ex, text)
    assert [(c.indicator_code, c.status) for c in cs] == [
        ("registered_volunteers", "reported"), ("eldercare_day_care_centers", "planned")]


def test_unmapped_statements_keep_their_phrase(ex) -> None:
    cs = claims(ex, "全年婚姻登记合格率100%。")
    assert len(cs) == 1 and cs[0].indicator_code is None and cs[0].indicator_phrase.startswith("婚姻登记")
    assert cs[0].value == 1.0 and cs[0].unit == "ratio"


# --------------------------------------------------------------------------- time

def test_report_periods() -> None:
    assert detect_period("舟山市民政局2023年上半年工作总结和下半年工作思路\n...")[1:] == (
        "half", date(2023, 1, 1), date(2023, 6, 30))
    assert detect_period("2021年深圳民政工作总结\n")[1:] == ("year", date(2021, 1, 1), date(2021, 12, 31))
    assert detect_period("2021年以来,在县委的领导下...")[1:] == ("year", date(2021, 1, 1), date(2021, 12, 31))
    assert detect_period("某区民政局2022年1-9月工作总结\n")[1:] == ("months", date(2022, 1, 1), date(2022, 9, 30))


def test_time_phrases() -> None:
    y0, y1 = date(2021, 1, 1), date(2021, 12, 31)
    assert time_context("截止到11月20日已完成", y0, y1).as_of == date(2021, 11, 20)
    assert time_context("截至12月底,纳入", y0, y1).as_of == y1
    assert time_context("今年上半年,已将", y0, y1).window == (y0, date(2021, 6, 30))
    assert time_context("前三季度我区新增", y0, y1).window == (y0, date(2021, 9, 30))
    assert time_context("自7月1日到现在,全市共有", y0, y1).window == (date(2021, 7, 1), y1)


# --------------------------------------------------------------------------- regions

@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_package()


def test_region_from_townships_within_the_county(gazetteer) -> None:
    r = gazetteer.resolve("民政局2021年工作总结。将柳市镇、北白象镇、大荆镇等敬老院公建民营,温州市对我市考绩,淡溪镇...")
    assert (r.region_code, r.method) == ("330382", "evidence")


def test_region_issuer_resolved_within_its_parent(gazetteer) -> None:
    assert gazetteer.resolve("杭州市西湖区民政局2022年工作总结").region_code == "330106"
    assert gazetteer.resolve("南昌市西湖区民政局2022年工作总结").region_code == "360103"
    assert gazetteer.resolve("2021年深圳民政工作总结").region_code == "440300"
    # a city named with two of its districts is the city
    assert gazetteer.resolve("今年以来,舟山市...定海区、普陀区、岱山县推进...").region_code == "330900"


def test_region_names_with_x_are_ignored(gazetteer) -> None:
    assert gazetteer.resolve("xx市民政局工作总结").region_code is None


# --------------------------------------------------------------------------- text

def test_page_markers_are_removed_and_offsets_map_back() -> None:
    text = "1、一是完成今年建设4\n2、6个避灾场所的任务,对\n3、全市203家中心开展运营\n4、。同时对"
    doc = Document(name="t.txt", sha256="0", text=text, encoding="utf-8")
    assert "建设46个避灾场所" in doc.clean
    i = doc.clean.index("46个")
    s, e = doc.span_to_text(i, i + 3)
    assert text[s:e] == "4\n2、6个"


def test_numbered_lists_are_kept() -> None:
    text = "工作如下:\n1、低保。\n2、特困。\n3、临时救助。"
    doc = Document(name="t.txt", sha256="0", text=text, encoding="utf-8")
    assert doc.clean == text


def test_full_width_text_and_thousands_separators() -> None:
    doc = document_from_text("t.txt", "全区在册低保对象１，２３６户２，０５８人；其中城镇１，８７１人。")
    assert "1,236户2,058人;" in doc.clean
    sent = sentences(doc.clean)[0]
    assert [doc.clean[c.start:c.end] for c in clauses(doc.clean, sent)] == [
        "全区在册低保对象1,236户2,058人", "其中城镇1,871人。"]


def test_encodings_and_docx(tmp_path) -> None:
    text = "2021年某县民政工作总结\n纳入城乡低保32285人。"
    assert decode_bytes(text.encode("gbk")) == (text, "gbk")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    path = tmp_path / "report.docx"
    path.write_bytes(buf.getvalue())
    assert read_document(path).text == text
