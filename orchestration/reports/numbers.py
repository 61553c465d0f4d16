"""Figures in report text: the number (or its redaction), magnitude, unit and qualifier.

A figure is written ``[qualifier] number [余|多] [万|亿|千] [余|多] [unit] [以上|以下|左右]``:
``近75万小时``, ``4万余座``, ``4亿多元``, ``超1800人次``, ``xx.x%``, ``xxxx户``, ``1300元``,
``x元/月``, ``200多座``. Redactions are runs of ``x`` in place of digits: the figure keeps its unit
and qualifier and has no value.

Units are the raw unit as written. ``unit_conversions`` tells how a raw unit converts to each
catalog unit it can measure (``万元`` → 元 ×10 000, ``%`` → ratio ×0.01, ``元/人·年`` → 元/人·月 ÷12).
Nothing here knows indicators: the catalog gives each indicator's unit, the extractor picks the
conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000)}

# Raw units, longest first. Each is (text, canonical raw unit).
_UNIT_FORMS: list[tuple[str, str]] = [
    ("元/人·月", "元/人·月"), ("元/人/月", "元/人·月"), ("元/人.月", "元/人·月"), ("元/月·人", "元/人·月"),
    ("元/人月", "元/人·月"), ("元/人·年", "元/人·年"), ("元/人/年", "元/人·年"), ("元/人.年", "元/人·年"),
    ("元/月", "元/月"), ("元/年", "元/年"), ("元/人", "元/人"), ("/月", "/月"),
    ("平方米", "平方米"), ("平方", "平方米"), ("公里", "公里"),
    ("人次", "人次"), ("户次", "户次"), ("批次", "批次"), ("周年", "周年"), ("月份", "月"), ("小时", "小时"),
    ("元", "元"), ("人", "人"), ("名", "名"), ("位", "位"), ("户", "户"), ("家", "家"), ("个", "个"),
    ("处", "处"), ("所", "所"), ("座", "座"), ("张", "张"), ("床", "床"), ("具", "具"), ("例", "例"),
    ("宗", "宗"), ("件", "件"), ("起", "起"), ("对", "对"), ("笔", "笔"), ("间", "间"), ("站", "站"),
    ("支", "支"), ("%", "%"), ("‰", "‰"), ("亩", "亩"),
    ("次", "次"), ("项", "项"), ("期", "期"), ("条", "条"), ("批", "批"), ("册", "册"), ("篇", "篇"),
    ("吨", "吨"), ("页", "页"), ("天", "天"), ("岁", "岁"), ("届", "届"), ("场", "场"), ("类", "类"),
    ("年", "年"), ("月", "月"), ("日", "日"), ("号", "号"), ("季度", "季度"), ("米", "米"),
]
_UNIT_FORMS.sort(key=lambda f: -len(f[0]))

# Units of things no indicator counts: dates and times, documents, meetings and sessions, areas.
NON_INDICATOR_UNITS = frozenset(
    "年 月 日 号 季度 周年 天 岁 次 户次 项 期 条 批 批次 册 篇 吨 页 届 场 类 平方米 公里 米".split())
DATE_UNITS = frozenset("年 月 日 号 季度".split())

# How a raw unit measures each catalog unit: factor applied to the number (after its magnitude).
# Order matters: the first catalog unit is the plain reading of the raw unit.
UNIT_CONVERSIONS: dict[str, dict[str, Decimal]] = {
    "元": {"元": Decimal(1), "元/人": Decimal(1)},
    "元/人": {"元/人": Decimal(1)},
    "元/人·月": {"元/人·月": Decimal(1)},
    "元/月": {"元/人·月": Decimal(1)},
    "/月": {"元/人·月": Decimal(1)},
    "元/人·年": {"元/人·月": Decimal(1) / Decimal(12)},
    "元/年": {"元/人·月": Decimal(1) / Decimal(12)},
    "人": {"人": Decimal(1), "人次": Decimal(1)},
    "名": {"人": Decimal(1), "人次": Decimal(1)},
    "位": {"人": Decimal(1), "人次": Decimal(1)},
    "人次": {"人次": Decimal(1)},
    "户": {"户": Decimal(1)},
    "家": {"个": Decimal(1)},
    "个": {"个": Decimal(1), "座": Decimal(1)},
    "处": {"个": Decimal(1), "座": Decimal(1)},
    "所": {"个": Decimal(1)},
    "间": {"个": Decimal(1)},
    "站": {"个": Decimal(1)},
    "支": {"个": Decimal(1)},
    "笔": {"个": Decimal(1), "例": Decimal(1)},
    "座": {"座": Decimal(1), "个": Decimal(1)},
    "张": {"张": Decimal(1)},
    "床": {"张": Decimal(1)},
    "具": {"具": Decimal(1)},
    "例": {"例": Decimal(1), "对": Decimal(1), "人次": Decimal(1)},
    "宗": {"例": Decimal(1), "个": Decimal(1)},
    "起": {"例": Decimal(1), "个": Decimal(1)},
    "件": {"件": Decimal(1), "例": Decimal(1), "个": Decimal(1)},
    "对": {"对": Decimal(1)},
    "%": {"ratio": Decimal("0.01")},
    "‰": {"ratio": Decimal("0.001")},
    "人/万人": {"ratio": Decimal("0.0001")},
    "亩": {"亩": Decimal(1)},
    "小时": {"小时": Decimal(1)},
}

QUALIFIERS_BEFORE = [  # longest first
    ("不少于", "at_least"), ("超过", "at_least"), ("多于", "at_least"), ("至少", "at_least"),
    ("将近", "approx"), ("接近", "approx"), ("大约", "approx"), ("约为", "approx"), ("约计", "approx"),
    ("不足", "at_most"), ("不到", "at_most"), ("少于", "at_most"), ("低于", "at_most"),
    ("约", "approx"), ("近", "approx"), ("逾", "at_least"), ("超", "at_least"),
]
QUALIFIERS_AFTER = [("以上", "at_least"), ("以下", "at_most"), ("以内", "at_most"), ("左右", "approx"),
                    ("多", "at_least"), ("余", "at_least")]

_NUMBER = re.compile(
    r"(?<![A-Za-z0-9.\u00b7])(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<red>[xX]+(?:\.[xX]+)?))"
    r"(?![A-Za-z])"
)


@dataclass
class Figure:
    """One number (or redaction) in the cleaned text."""

    start: int  # clean offset of the number (after any qualifier word)
    end: int  # clean offset after the number
    unit_end: int  # clean offset after unit and trailing qualifier
    qual_start: int  # clean offset of a leading qualifier word (= start when none)
    raw_value: str  # the number as written, digits or x's: "17604.19", "xx.x" (余/多 → qualifier)
    number: Decimal | None  # the number times its magnitude; None when redacted
    redacted: bool
    magnitude: str  # 万, 亿, 千 or ""
    unit: str  # canonical raw unit ("" when none was written)
    raw_unit: str  # magnitude and unit as written: 万元, 万座, 人次, %, 元/月 (万 alone when no unit)
    qualifier: str  # exact | approx | at_least | at_most
    decimals: int  # digits after the decimal point (of the number as written)
    upper: Decimal | None = None  # exclusive upper bound of 余/多 ("4万余" → 50 000)

    @property
    def step(self) -> Decimal:
        """The unit of the last written digit, in the number's own terms (after magnitude)."""
        mag = MAGNITUDE.get(self.magnitude, Decimal(1))
        return Decimal(1).scaleb(-self.decimals) * mag


def _match_unit(text: str, i: int) -> tuple[str, str, int]:
    for form, canon in _UNIT_FORMS:
        if text.startswith(form, i):
            return form, canon, i + len(form)
    return "", "", i


def _leading_qualifier(text: str, start: int) -> tuple[str, int]:
    for word, q in QUALIFIERS_BEFORE:
        s = start - len(word)
        if s >= 0 and text[s:start] == word:
            if word == "超" and s > 0 and text[s - 1] == "额":  # 超额完成: not a qualifier
                continue
            if word == "近" and s > 0 and text[s - 1] in "最附将接":
                continue
            return q, s
    return "exact", start


def _upper_bound(number: Decimal, decimals: int, magnitude: str) -> Decimal:
    """"4万余" → 50 000; "200多" → 300; "1000余" → 2000: the next step of the leading digit."""
    mag = MAGNITUDE.get(magnitude, Decimal(1))
    base = number / mag
    if base <= 0:
        return number + mag
    exponent = base.adjusted() if decimals == 0 else -decimals
    # the last non-zero digit position of the number as written
    digits = format(base.normalize(), "f")
    if "." not in digits:
        stripped = digits.rstrip("0")
        exponent = len(digits) - len(stripped)
    return number + Decimal(1).scaleb(exponent) * mag


def scan_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every number or redaction in text[start:end], with what follows it."""
    end = len(text) if end is None else end
    out: list[Figure] = []
    for m in _NUMBER.finditer(text, start, end):
        s, e = m.start(), m.end()
        redacted = m.group("red") is not None
        token = m.group(0)
        i = e
        more = ""
        if i < end and text[i] in "余多":
            more, i = text[i], i + 1
        magnitude = ""
        if i < end and (text[i] in "万亿" or (text[i] == "千" and not text.startswith("千克", i))):
            magnitude, i = text[i], i + 1
        if not more and i < end and text[i] in "余多":  # 4万余座, 4亿多元
            more, i = text[i], i + 1
        form, unit, i = _match_unit(text, i)
        trailing = ""
        for word, _q in QUALIFIERS_AFTER:
            if word not in "多余" and text.startswith(word, i):
                trailing, i = word, i + len(word)
                break
        qualifier, qual_start = _leading_qualifier(text, s)
        if more:
            qualifier = "at_least"
        if trailing:
            qualifier = dict(QUALIFIERS_AFTER)[trailing]
        raw_unit = (magnitude + form) if (magnitude and form) else (form or magnitude)
        decimals = len(token.split(".", 1)[1]) if "." in token else 0
        number = None
        upper = None
        if not redacted:
            number = Decimal(token.replace(",", "")) * MAGNITUDE.get(magnitude, Decimal(1))
            if more:
                upper = _upper_bound(number, decimals, magnitude)
        out.append(Figure(
            start=s, end=e, unit_end=i, qual_start=qual_start, raw_value=token,
            number=number, redacted=redacted, magnitude=magnitude, unit=unit, raw_unit=raw_unit,
            qualifier=qualifier, decimals=decimals, upper=upper,
        ))
    return out


def convert(number: Decimal, raw_unit: str, catalog_unit: str) -> Decimal | None:
    """The number in the catalog unit, or None when the raw unit does not measure it."""
    factors = UNIT_CONVERSIONS.get(raw_unit)
    if not factors or catalog_unit not in factors:
        return None
    return number * factors[catalog_unit]


def measures(raw_unit: str) -> list[str]:
    """Catalog units a raw unit can measure, plainest first."""
    return list(UNIT_CONVERSIONS.get(raw_unit, {}))
