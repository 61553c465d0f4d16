"""Tables the parser was not written against (tests/official/unseen/, from stored public pages; each
file says where it comes from): the share of their numeric cells read right - label, value, region and
period - against expectations written by hand from the pages. Target: at least 95 %."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from orchestration.official.grid import read_grid
from orchestration.official.parse import parse_table

UNSEEN = Path(__file__).parent / "unseen"

YUNNAN_Q1 = """乡镇级合计 1407|1.镇 679|2.乡 400|3.民族乡 140|6.街道 188|(二)民政事业费累计支出 404423.1|1.社会福利 40788.2|
2.社会救助 332398.2|(1)最低生活保障 265648.9|(2)特困人员救助供养支出 32091.2|(3)临时救助支出 26461.6|
(4)流浪乞讨人员救助 1049.6|3.民政管理事务 20762.8|4.行政事业单位离退休 2194.2|5.其他 8279.7|1.机构数 942|
A、养老机构 837|B、精神疾病服务机构 5|C、儿童福利和救助保护机构 27|D、其他提供住宿机构 73|2.床位数 90106|
(1)养老机构床位数 81895|(2)精神疾病服务机构床位数 2250|(3)儿童福利和救助保护机构床位数 3292|
(4)其他提供住宿机构床位数 2669|3.收养救助人数 33237|(1)养老机构服务人数 29075|(2)精神疾病服务机构服务人数 2087|
(3)儿童福利和救助保护机构服务人数 1538|(4)其他提供住宿机构服务人数 537|不提供住宿的社会服务机构和设施总数 6154|
(1)困境儿童 487828|A贫困家庭儿童 476907|B自身残疾儿童 1227|C事实无人抚养儿童 9694|(2)孤儿 10227|
A有身份信息的孤儿 10099|B无身份信息的孤儿 128|(3)成立收养关系登记 143"""

SANMING = {
    "城镇居民最低生活保障人数(人)": [24243, 21282, 18397, 17265, 16774, 16333, 14530, 13808, 11539, 8772, 5806, 4866,
                                   4577, 4610, 4674, 4717, 4718],
    "#“三无”人员": [1082, 972, 755, 696, 722, 634, 622, 574, 472, 398, 279],
    "农村居民最低生活保障人数(人)": [72560, 71293, 65078, 74869, 62613, 69113, 66865, 66308, 57355, 42007, 31531, 30205,
                                   30577, 32848, 36736, 39260, 41235],
}


def expected() -> dict[str, set[tuple]]:
    out = {}
    out["云南省_民政事业统计季报表_2020年3月.html"] = {
        (label, float(value), "530000", date(2020, 1, 1), date(2020, 3, 31))
        for label, value in (item.strip().rsplit(" ", 1) for item in re.split(r"\|", YUNNAN_Q1.replace("\n", "")))
    }
    out["三明市_统计年鉴2023_14-5_社会救济.html"] = {
        (label, float(v), "350400", date(2006 + i, 1, 1), date(2006 + i, 12, 31))
        for label, values in SANMING.items() for i, v in enumerate(values)
    }
    return out


def measure(tmp_path: Path) -> dict[str, tuple[int, int, int]]:
    """file → (expected cells, cells read right, cells read that are not expected)."""
    out = {}
    for name, want in expected().items():
        path = UNSEEN / name
        t = parse_table(read_grid(path, tmp_path), path)
        got = {(c.published_label, float(c.published_value), t.meta.region_code, c.period_start, c.period_end)
               for c in t.cells if c.column_role == "current"}
        out[name] = (len(want), len(want & got), len(got - want))
    return out


def test_unseen_tables_read_right(tmp_path):
    result = measure(tmp_path)
    total = sum(n for n, _, _ in result.values())
    right = sum(r for _, r, _ in result.values())
    wrong_extra = sum(x for _, _, x in result.values())
    print({k: v for k, v in result.items()}, f"{right}/{total} = {right / total:.1%}")
    assert total == 84
    assert right / total >= 0.95, result
    assert wrong_extra == 0, result
