"""Synthetic personal data: names, 身份证号, bank accounts and 统一社会信用代码.

Everything here is vectorised with numpy and deterministic given the generator passed in.
Module-level constants only; no I/O.
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

# Common surnames with rough national weights (per mille of the population).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 68), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 22),
    ("赵", 22), ("吴", 20), ("周", 19), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 13),
    ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 11), ("郑", 10),
    ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 6), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4),
    ("崔", 4), ("钟", 4), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2),
    ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("颜", 1), ("倪", 1),
    ("翁", 1), ("应", 1), ("虞", 1), ("柳", 1), ("骆", 1), ("蓝", 1), ("季", 1), ("乐", 0.5), ("欧阳", 0.5),
    ("诸葛", 0.1), ("司马", 0.1),
)

# Surnames that are much more frequent in an area than nationally (multiplier on the weight).
REGIONAL_SURNAME_BOOST: dict[str, dict[str, float]] = {
    "yueqing": {"林": 3.5, "陈": 2.5, "黄": 2.0, "郑": 2.5, "周": 1.8, "卢": 3.0, "赵": 1.5, "倪": 4.0, "翁": 4.0},
    "lanling": {"王": 1.6, "张": 1.5, "刘": 1.4, "孙": 2.0, "徐": 1.8, "魏": 2.5, "杜": 2.0, "颜": 6.0, "孔": 2.5},
    "zhoushan": {"王": 1.4, "陈": 1.8, "李": 1.2, "张": 1.2, "林": 1.8, "周": 1.6, "刘": 1.0, "虞": 6.0, "应": 4.0, "乐": 1.0},
    "liandu": {"叶": 4.0, "吴": 2.0, "周": 1.6, "陈": 1.8, "徐": 1.5, "蓝": 8.0, "雷": 4.0, "潘": 2.0, "季": 1.0},
    "shenzhen": {"陈": 2.0, "黄": 2.0, "李": 1.3, "张": 1.2, "刘": 1.4, "林": 1.8, "郑": 1.5, "梁": 2.0, "钟": 2.5, "曾": 2.0},
}

# Characters that are frequent in given names.
GIVEN_MALE: tuple[str, ...] = tuple(
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
GIVEN_FEMALE: tuple[str, ...] = tuple(
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
)
# Characters outside GBK (CJK Extension A/B), used in a few names of an area whose export is
# GB18030: 𠮷 (a variant of 吉, also a surname) and 䶮 (as in 刘䶮).
GB18030_ONLY_SURNAME = "𠮷"
GB18030_ONLY_GIVEN = "䶮"


def _surname_table(area: str) -> tuple[np.ndarray, np.ndarray]:
    boost = REGIONAL_SURNAME_BOOST.get(area, {})
    names = np.array([s for s, _ in SURNAMES])
    weights = np.array([w * boost.get(s, 1.0) for s, w in SURNAMES], dtype=float)
    return names, weights / weights.sum()


def make_names(rng: np.random.Generator, male: np.ndarray, area: str,
               surnames: np.ndarray | None = None) -> np.ndarray:
    """Full names for persons of the given sexes; ``surnames`` may be passed to share a
    household surname. Returns a numpy unicode array."""
    n = male.shape[0]
    if surnames is None:
        surnames = draw_surnames(rng, n, area)
    male_chars = np.array(GIVEN_MALE)
    female_chars = np.array(GIVEN_FEMALE)
    two_chars = rng.random(n) < 0.72
    first_m = male_chars[rng.integers(0, male_chars.size, n)]
    first_f = female_chars[rng.integers(0, female_chars.size, n)]
    second_m = male_chars[rng.integers(0, male_chars.size, n)]
    second_f = female_chars[rng.integers(0, female_chars.size, n)]
    first = np.where(male, first_m, first_f)
    second = np.where(male, second_m, second_f)
    # avoid doubled characters except for a few deliberate reduplicated names (婷婷, 丽丽)
    same = first == second
    second = np.where(same & (rng.random(n) < 0.7), np.where(male, second_f, second_m), second)
    given = np.where(two_chars, np.char.add(first, second), first)
    return np.char.add(surnames, given)


def draw_surnames(rng: np.random.Generator, n: int, area: str) -> np.ndarray:
    names, p = _surname_table(area)
    return names[rng.choice(names.size, size=n, p=p)]


# ---------------------------------------------------------------------------
# 身份证号 (GB 11643-1999): 6-digit region + YYYYMMDD + 3-digit sequence (odd: male) + check
# ---------------------------------------------------------------------------

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK_CHARS = np.array(list("10X98765432"))


def digits_matrix(codes: np.ndarray, width: int) -> np.ndarray:
    """(n, width) matrix of the ASCII digits of fixed-width numeric strings."""
    raw = np.asarray(codes).astype(f"S{width}")
    return (raw.view(np.uint8).reshape(-1, width).astype(np.int64) - 48)


def id_check_chars(body17: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 check characters for 17-digit bodies."""
    d = digits_matrix(body17, 17)
    return ID_CHECK_CHARS[(d @ ID_WEIGHTS) % 11]


def make_id_numbers(rng: np.random.Generator, county_code: str, birth: np.ndarray,
                    male: np.ndarray, taken: set[str] | None = None) -> np.ndarray:
    """Unique 18-character identity numbers for persons born on ``birth`` (datetime64[D])."""
    n = birth.shape[0]
    births = np.char.replace(np.datetime_as_string(birth.astype("datetime64[D]"), unit="D"), "-", "")
    prefix = np.char.add(county_code, births)
    male_bit = male.astype(np.int64)

    def draw(k: int, m: np.ndarray) -> np.ndarray:
        return 2 * rng.integers(1, 499, k) + m

    seq = draw(n, male_bit)
    bodies = np.char.add(prefix, np.char.zfill(seq.astype(str), 3))
    taken = set() if taken is None else taken
    for _ in range(50):
        _, first_idx = np.unique(bodies, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first_idx] = False
        if taken:
            dup |= np.isin(bodies, np.array(sorted(taken))) & ~dup
        if not dup.any():
            break
        idx = np.flatnonzero(dup)
        seq[idx] = draw(idx.size, male_bit[idx])
        bodies[idx] = np.char.add(prefix[idx], np.char.zfill(seq[idx].astype(str), 3))
    else:  # pragma: no cover - practically impossible
        raise RuntimeError("could not draw unique identity numbers")
    return np.char.add(bodies, id_check_chars(bodies))


def birth_dates(rng: np.random.Generator, ages: np.ndarray, ref_date: str) -> np.ndarray:
    """Birth dates of persons who are ``ages`` (whole years) old on ``ref_date``."""
    ref = np.datetime64(ref_date, "D")
    days = (ages * 365.25 + rng.integers(0, 365, ages.shape[0])).astype(np.int64)
    return ref - days.astype("timedelta64[D]")


# ---------------------------------------------------------------------------
# Bank accounts: 19-digit card numbers with a Luhn check digit
# ---------------------------------------------------------------------------

# (bank name, 6-digit BIN, weight) per area
BANKS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "yueqing": (("浙江乐清农村商业银行", "621058", 0.55), ("中国农业银行乐清市支行", "622848", 0.2),
                ("中国邮政储蓄银行乐清市支行", "621799", 0.15), ("中国工商银行乐清支行", "622202", 0.1)),
    "lanling": (("山东兰陵农村商业银行", "622320", 0.6), ("中国邮政储蓄银行兰陵县支行", "621799", 0.25),
                ("中国农业银行兰陵县支行", "622848", 0.15)),
    "zhoushan": (("舟山农村商业银行", "621058", 0.45), ("中国工商银行舟山分行", "622202", 0.15),
                 ("中国农业银行舟山分行", "622848", 0.2), ("中国邮政储蓄银行舟山市分行", "621799", 0.2)),
    "liandu": (("浙江丽水莲都农村商业银行", "621058", 0.6), ("中国农业银行丽水分行", "622848", 0.2),
               ("中国邮政储蓄银行丽水市分行", "621799", 0.2)),
    "shenzhen": (("深圳农村商业银行", "623035", 0.45), ("中国建设银行深圳市分行", "621700", 0.2),
                 ("中国工商银行深圳市分行", "622202", 0.2), ("中国银行深圳市分行", "621661", 0.15)),
}


def luhn_check(body: np.ndarray, width: int) -> np.ndarray:
    d = digits_matrix(body, width)
    # double every second digit from the right of the body (the check digit goes to its right)
    double = (np.arange(width)[::-1] % 2) == 0
    dd = np.where(double, d * 2, d)
    dd = np.where(dd > 9, dd - 9, dd)
    return ((10 - dd.sum(axis=1) % 10) % 10).astype(str)


def make_bank_accounts(rng: np.random.Generator, n: int, area: str) -> tuple[np.ndarray, np.ndarray]:
    banks = BANKS[area]
    names = np.array([b[0] for b in banks])
    bins = np.array([b[1] for b in banks])
    p = np.array([b[2] for b in banks], dtype=float)
    which = rng.choice(len(banks), size=n, p=p / p.sum())
    middle = rng.integers(0, 10**12, n, dtype=np.int64)
    body = np.char.add(bins[which], np.char.zfill(middle.astype(str), 12))  # 18 digits
    return names[which], np.char.add(body, luhn_check(body, 18))


# ---------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015) for organizations registered by 民政 (authority 5)
# ---------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ORG_TYPE_DIGIT = {"社会团体": "1", "社会服务机构": "2", "基金会": "3"}

_USCC_VALUE = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate(USCC_CHARS):
    _USCC_VALUE[ord(_c)] = _i
_ORG_VALUE = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    _ORG_VALUE[ord(_c)] = _i


def _char_matrix(codes: np.ndarray, width: int) -> np.ndarray:
    return np.asarray(codes).astype(f"S{width}").view(np.uint8).reshape(-1, width).astype(np.int64)


def org_code_check(body8: np.ndarray) -> np.ndarray:
    """GB 11714 check character of 8-character organization-code bodies."""
    v = _ORG_VALUE[_char_matrix(body8, 8)]
    c = 11 - (v @ ORG_WEIGHTS) % 11
    return np.where(c == 10, "X", np.where(c == 11, "0", c.astype(str)))


def uscc_check(body17: np.ndarray) -> np.ndarray:
    v = _USCC_VALUE[_char_matrix(body17, 17)]
    c = (31 - (v @ USCC_WEIGHTS) % 31) % 31
    return np.array(list(USCC_CHARS))[c]


def make_credit_codes(rng: np.random.Generator, region_codes: np.ndarray,
                      org_types: np.ndarray) -> np.ndarray:
    """Unique codes ``5`` + type digit + region + ``MJ`` + 6 digits + org check + final check."""
    n = region_codes.shape[0]
    serial = rng.choice(10**6, size=n, replace=False)
    body8 = np.char.add("MJ", np.char.zfill(serial.astype(str), 6))
    org9 = np.char.add(body8, org_code_check(body8))
    type_digit = np.vectorize(ORG_TYPE_DIGIT.__getitem__, otypes=["U1"])(org_types) if n else np.array([], dtype="U1")
    body17 = np.char.add(np.char.add(np.char.add("5", type_digit), region_codes), org9)
    return np.char.add(body17, uscc_check(body17))
