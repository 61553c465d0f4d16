"""Turn a civil-affairs work report into claims: one per indicator statement, tied to its sentence.

Deterministic and local: the rules come from the language of the domain (lexicon.yaml) and the
indicator catalog; nothing is downloaded, nothing is learned.

For each figure of the text (numbers and redactions, ``numbers.scan_figures``):

1. drop what is not an indicator figure: dates and time spans, document numbers (〔2021〕39号),
   ordinals and list markers (第20期, (1), 1、), counts of meetings, sessions, documents and
   measures (次, 期, 项, 条 ...), counts of places (3个区), and figures in sentences about awards,
   staffing or patrols (exclusion_cues);
2. find the topic it speaks of — the domain noun right after its measure word (71家养老机构), the
   nearest one before it in its clause (纳入城乡低保32285人), or one carried from earlier in the
   sentence or the previous sentence when the clause only says "资金", "人次", "其中..." — and
   within the topic the code whose unit the figure's unit can measure and whose cue words
   (注销, 完成率, 培训, 新增 ...) stand near it; a breakdown (城市/农村, 公办/民办, A类/B类 ...) picks
   the part's own code when the catalog has one;
3. convert the value to the catalog unit (万/亿 expanded, 万元 → 元, % → fraction, 每万 → fraction,
   元/人·年 → 元/人·月), keep the raw value and unit, the qualifier (约/近 approx, 余/多/超/以上
   at_least, 以下/不足 at_most) and the rounding of the last written digit;
4. place it in time: a stock as of a date (截至12月底, 目前 → the period's end), a flow over a window
   (全年, 上半年, 1-9月, 自7月1日以来), or a change (新增, 增加; 增长 x% is a relative change);
5. status: redacted (x, xx.x%: no value, never zero), planned (in a plan section or after 计划/力争),
   or reported.
"""

from __future__ import annotations

import bisect
import calendar
import re
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from orchestration.reports import numbers as nb
from orchestration.reports.catalog import Indicator, Lexicon, load_catalog
from orchestration.reports.regions import Gazetteer, Resolution, default_gazetteer
from orchestration.reports.text import Document, Span, clauses, read_document, sentences

EXTRACTOR_VERSION = "1.0.0"

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
COUNT_UNITS = frozenset("家 个 处 所 座 名 位 张 户 对 件 例 宗 笔 间 站 支 人 人次 床 具".split())
PERSON_NOUNS = ("残疾人", "老年人", "老人", "儿童", "孩子", "小孩", "对象", "人员", "群众", "新人", "老年朋友", "志愿者",
                "人")
MONEY_NOUNS = ("款", "金", "资金", "经费", "费")


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

@dataclass
class DocumentInfo:
    document: str
    document_sha256: str
    encoding: str
    title: str | None
    region_code: str | None
    region_name: str | None
    region_level: str | None
    region_method: str
    region_evidence: list[str]
    period_type: str  # year | half | quarter | months
    period_start: date
    period_end: date
    chars: int


@dataclass
class Claim:
    document: str
    document_sha256: str
    region_code: str | None
    region_name: str | None
    period_start: date
    period_end: date
    as_of: date | None
    time_basis: str  # stock | flow | change | relative_change
    indicator_code: str | None
    indicator_phrase: str
    domain: str | None
    value: float | None
    unit: str | None
    raw_value: str
    raw_unit: str
    qualifier: str  # exact | approx | at_least | at_most
    rounding: float | None  # half the unit of the last written digit, in the claim's unit
    upper_bound: float | None  # exclusive upper bound of "4万余" (50 000), in the claim's unit
    status: str  # reported | redacted | planned
    breakdown: str | None
    breakdown_in_code: bool
    quote: str
    start: int  # offsets of the quote in the decoded text of the document
    end: int
    value_start: int  # offsets of the figure itself
    value_end: int
    sentence_index: int
    extractor_version: str = EXTRACTOR_VERSION

    def as_json(self) -> dict:
        d = asdict(self)
        for k in ("period_start", "period_end", "as_of"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


_TITLE_WORDS = re.compile(r"工作总结|工作报告|工作情况|工作要点|工作汇报|总结")
_TITLE_PERIOD = re.compile(
    r"(?P<y>\d{4})年(?:度)?(?P<sub>上半年|下半年|前三季度|第?[一二三四1-4]季度|1[-—至~]\d{1,2}月|一至[三四]季度)?")


def _period_of(y: int, sub: str | None) -> tuple[str, date, date]:
    if not sub:
        return "year", date(y, 1, 1), date(y, 12, 31)
    if sub == "上半年":
        return "half", date(y, 1, 1), date(y, 6, 30)
    if sub == "下半年":
        return "half", date(y, 7, 1), date(y, 12, 31)
    if sub in ("前三季度", "一至三季度"):
        return "months", date(y, 1, 1), date(y, 9, 30)
    m = re.match(r"1[-—至~](\d{1,2})月", sub)
    if m:
        return "months", date(y, 1, 1), _month_end(y, int(m.group(1)))
    q = re.search(r"[一二三四1-4]", sub)
    if q:
        n = CN_DIGITS.get(q.group(0)) or int(q.group(0))
        return "quarter", date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    return "year", date(y, 1, 1), date(y, 12, 31)


def detect_period(clean: str) -> tuple[str | None, str, date, date]:
    """(title, period_type, start, end) of a report."""
    lines = [ln.strip() for ln in clean.split("\n") if ln.strip()][:15]
    for ln in lines:
        if _TITLE_WORDS.search(ln) and len(ln) <= 120:
            m = _TITLE_PERIOD.search(ln)
            if m:
                kind, s, e = _period_of(int(m.group("y")), m.group("sub"))
                return ln[:120], kind, s, e
    head = clean[:600]
    m = re.search(r"(\d{4})年(?:度)?(上半年|下半年|前三季度)?(?:以来|工作|,|，|全年|是)", head)
    if m:
        kind, s, e = _period_of(int(m.group(1)), m.group(2))
        return None, kind, s, e
    years = re.findall(r"(20\d{2}|19\d{2})年", clean)
    if years:
        y = max(set(years), key=years.count)
        return None, "year", date(int(y), 1, 1), date(int(y), 12, 31)
    today = date.today()
    return None, "year", date(today.year, 1, 1), date(today.year, 12, 31)


# time phrases within a sentence, relative to the report's year
_AS_OF = re.compile(
    r"(?:截至|截止)(?:到|至)?(?:(?P<now>目前|当前|现在|今年底|年底|年末|本月底)|"
    r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2}|x+)月(?:(?P<d>\d{1,2})日|底|末)?|(?P<ye>\d{4})年底)")
_NOW = re.compile(r"目前|现有|当前|至今|现在")
_WINDOW = re.compile(
    r"(?P<h1>上半年)|(?P<h2>下半年)|(?P<q3>前三季度|一至三季度|1[-—至~]9月)|"
    r"(?P<mm>(?P<m1>\d{1,2})[-—至~](?P<m2>\d{1,2})月)|"
    r"自(?P<sm>\d{1,2})月(?P<sd>\d{1,2})日(?:到现在|至今|以来|起)?|"
    r"自(?P<sy>\d{4})年(?P<sym>\d{1,2})月(?:起|以来)?|"
    r"(?P<ny>[两二三四五])年(?:多)?来|"
    r"(?P<year>全年|年度|今年以来|今年|本年|一年来|年内)")


@dataclass
class TimeContext:
    as_of: date | None = None
    window: tuple[date, date] | None = None
    in_period_window: bool = False  # a window within the report's period (今年以来, 上半年 ...)


def time_context(text: str, doc_start: date, doc_end: date) -> TimeContext:
    """The time phrase nearest the end of ``text`` (the words before a figure)."""
    y = doc_end.year
    best: tuple[int, TimeContext] | None = None
    for m in _AS_OF.finditer(text):
        if m.group("now"):
            d = doc_end
        elif m.group("ye"):
            d = date(int(m.group("ye")), 12, 31)
        elif m.group("m") and not m.group("m").startswith("x"):
            yy = int(m.group("y")) if m.group("y") else y
            mm = int(m.group("m"))
            if not 1 <= mm <= 12:
                continue
            dd = int(m.group("d")) if m.group("d") else 0
            d = date(yy, mm, min(dd, _month_end(yy, mm).day)) if dd >= 1 else _month_end(yy, mm)
        else:
            d = doc_end
        best = (m.end(), TimeContext(as_of=d))
    for m in _WINDOW.finditer(text):
        if best is not None and m.end() <= best[0]:
            continue
        tc = TimeContext()
        if m.group("h1"):
            tc.window, tc.in_period_window = (date(y, 1, 1), date(y, 6, 30)), True
        elif m.group("h2"):
            tc.window, tc.in_period_window = (date(y, 7, 1), date(y, 12, 31)), True
        elif m.group("q3"):
            tc.window, tc.in_period_window = (date(y, 1, 1), date(y, 9, 30)), True
        elif m.group("mm"):
            a, b = int(m.group("m1")), int(m.group("m2"))
            if not 1 <= a <= b <= 12:
                continue
            tc.window, tc.in_period_window = (date(y, a, 1), _month_end(y, b)), True
        elif m.group("sm"):
            mm, dd = int(m.group("sm")), int(m.group("sd"))
            if not 1 <= mm <= 12:
                continue
            tc.window, tc.in_period_window = (date(y, mm, min(dd, 28)), doc_end), True
        elif m.group("sy"):
            mm = int(m.group("sym"))
            if not 1 <= mm <= 12:
                continue
            tc.window = (date(int(m.group("sy")), mm, 1), doc_end)
        elif m.group("ny"):
            n = CN_DIGITS[m.group("ny")]
            tc.window = (date(y - n + 1, 1, 1), doc_end)
        else:
            tc.window, tc.in_period_window = (doc_start, doc_end), True
        best = (m.end(), tc)
    return best[1] if best is not None else TimeContext()


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------

@dataclass
class Mention:
    start: int
    end: int
    text: str
    topics: list[tuple[str, str | None]]  # (topic, implied breakdown)


@dataclass
class _Candidate:
    score: float
    topic: str
    code: str | None  # None: unmapped (the statement's topic has no indicator for this figure)
    phrase: str
    phrase_span: tuple[int, int] | None
    cues: list[str] = field(default_factory=list)
    implied_breakdown: str | None = None
    kind: str = "local"


class Extractor:
    def __init__(self, catalog: dict[str, Indicator] | None = None, lexicon: Lexicon | None = None,
                 gazetteer: Gazetteer | None = None, debug: bool = False):
        self.debug = debug
        self.catalog = catalog if catalog is not None else load_catalog()
        self.lex = lexicon if lexicon is not None else Lexicon.load(self.catalog)
        self._gazetteer = gazetteer
        self._phrase_index = self.lex.phrase_index()
        self._regex_phrases = [(re.compile(p.text), p) for p in self.lex.phrases if p.regex]
        breakdown_words = sorted(((w, k) for k, ws in self.lex.breakdowns.items() for w in ws),
                                 key=lambda t: -len(t[0]))
        self._breakdown_words = breakdown_words
        self._breakdown_re = re.compile("|".join(re.escape(w) for w, _k in breakdown_words)) if breakdown_words else None
        self._all_cues = sorted({w for t in self.lex.topics.values() for w in t.cue_words()}, key=len, reverse=True)
        glue = self.lex.glue + self.lex.generic_heads + self.lex.labels + [w for w, _k in breakdown_words] \
            + list(self.lex.change_verbs) + self.lex.level_verbs + self.lex.change_cues
        self._glue_re = re.compile("|".join(re.escape(w) for w in sorted(set(glue), key=len, reverse=True)))

    @classmethod
    def from_warehouse(cls, con) -> "Extractor":
        """Catalog from marts.dim_indicator and regions from marts.dim_region (inside the pipeline)."""
        catalog = load_catalog(con=con)
        return cls(catalog=catalog, gazetteer=default_gazetteer(con))

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    # ------------------------------------------------------------------ public
    def extract_file(self, path: Path | str) -> tuple[DocumentInfo, list[Claim]]:
        return self.extract(read_document(path))

    def extract(self, doc: Document) -> tuple[DocumentInfo, list[Claim]]:
        clean = doc.clean
        title, period_type, p_start, p_end = detect_period(clean)
        res: Resolution = self.gazetteer.resolve(clean, p_end)
        info = DocumentInfo(
            document=doc.name, document_sha256=doc.sha256, encoding=doc.encoding, title=title,
            region_code=res.region_code, region_name=res.region_name, region_level=res.level,
            region_method=res.method, region_evidence=res.evidence, period_type=period_type,
            period_start=p_start, period_end=p_end, chars=len(doc.text),
        )
        return info, _Run(self, doc, info).claims()

    # ------------------------------------------------------------------ helpers used by _Run
    def mentions(self, clean: str) -> list[Mention]:
        found: list[tuple[int, int, str, list[tuple[str, str | None]]]] = []
        for m in self.lex._literal.finditer(clean):
            text = m.group(1)
            ps = self._phrase_index[text]
            found.append((m.start(), m.start() + len(text), text,
                          [(p.topic, p.breakdown) for p in ps if not p.head_only]))
        for rx, p in self._regex_phrases:
            for m in rx.finditer(clean):
                found.append((m.start(), m.end(), m.group(0), [(p.topic, p.breakdown)]))
        out: list[Mention] = []
        # longest wins where phrases overlap (the earlier one when equally long)
        for s, e, text, topics in sorted(found, key=lambda t: (-(t[1] - t[0]), t[0])):
            if not topics or any(not (e <= o.start or s >= o.end) for o in out):
                continue
            out.append(Mention(s, e, text, topics))
        out.sort(key=lambda m: m.start)
        return out

    def residual(self, text: str) -> str:
        """What is left of text once glue words, generic heads, labels and punctuation are removed."""
        t = re.sub(r"(\d{4}|x{4})年|(\d{1,2}|x{1,2})月(底|末|份)?|\d{1,2}日", "", text)
        t = re.sub(r"[\s“”\"'‘’《》<>()（）【】\[\]、·.\-—]", "", t)
        t = self._glue_re.sub("", t) if t else t
        return t


@dataclass
class Carry:
    """What a document's earlier figures leave for the next one: the one piece of state that spans
    figures and sentences (stage 2 reads it for carried topics and parallel lists, stage 3 for "和")."""

    sentence_index: int = -1
    last_claim: Claim | None = None
    last_topic: tuple[str, str, tuple[int, int] | None] | None = None  # (topic, phrase, span)
    last_topic_sentence: int = -10
    last_base: tuple[str, str | None, str, tuple[int, int] | None] | None = None  # (topic, code, phrase, span)
    last_effective_unit: str | None = None
    sentence_claims: list[Claim] = field(default_factory=list)
    prev_sentence_topics: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)


@dataclass(frozen=True)
class FigureContext:
    """One figure and the words around it in its clause and sentence (offsets into the clean text)."""

    si: int
    sent: Span
    clause: Span
    figures: list[nb.Figure]
    k: int
    fig: nb.Figure
    local_start: int  # after the previous figure of the clause, else the clause start
    left_local: str  # from local_start to the figure
    left_clause: str  # from the clause start to the figure
    right: str  # after the figure's unit, up to the next figure (or 、) in the clause
    right_head_start: int
    right_head: str  # the head noun after the figure and what follows it
    head_mention: Mention | None

    @property
    def cue_text(self) -> str:
        return self.left_clause + " " + self.right_head


@dataclass(frozen=True)
class Reading:
    """The figure's unit as read with its words (stage 3's input, and the measures stage 2 matches)."""

    unit: str  # the raw unit the value is in; "*" for a bare magnitude (any count or amount)
    measures: list[str]  # catalog units that unit can measure
    change_sign: int  # 增长 x% / 减少 x%: +1 / -1, else 0


@dataclass(frozen=True)
class Value:
    value: Decimal | None
    unit: str | None
    rounding: float | None
    upper: float | None
    relative: bool


@dataclass(frozen=True)
class Timing:
    basis: str
    period_start: date
    period_end: date
    as_of: date | None


class _Text:
    """The document as the stages read it: the clean text, its topic mentions and plan sections, and
    the context of each figure."""

    def __init__(self, ex: Extractor, doc: Document, info: DocumentInfo):
        self.ex, self.lex, self.doc, self.info = ex, ex.lex, doc, info
        self.clean = doc.clean
        self.mentions = ex.mentions(self.clean)
        self._mention_starts = [m.start for m in self.mentions]
        self.plan_ranges = self._plan_sections()

    def _plan_sections(self) -> list[tuple[int, int]]:
        """Spans of plan sections: from a heading like "三、2022年工作打算" to the next top-level heading."""
        heads = []
        for m in re.finditer(r"(?m)^[ \t]*([一二三四五六七八九十]+)、([^\n。]{0,40})", self.clean):
            heads.append((m.start(), any(w in m.group(2) for w in self.lex.plan_headings)))
        out = []
        for i, (s, is_plan) in enumerate(heads):
            if is_plan:
                end = next((h for h, p in heads[i + 1:] if not p), len(self.clean))
                out.append((s, end))
        return out

    def in_plan(self, i: int) -> bool:
        return any(s <= i < e for s, e in self.plan_ranges)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def context(self, si: int, sent: Span, clause: Span, figures: list[nb.Figure], k: int,
                 fig: nb.Figure) -> FigureContext:
        c = self.clean
        prev_in_clause = [f for f in figures[:k] if f.start >= clause.start]
        next_in_clause = [f for f in figures[k + 1:] if f.start < clause.end]
        local_start = prev_in_clause[-1].unit_end if prev_in_clause else clause.start
        right_end = next_in_clause[0].qual_start if next_in_clause else clause.end
        sep = c.find("、", fig.unit_end, right_end)
        if sep >= fig.unit_end:  # "2处、公益性生态公墓x处": what follows 、 is the next item
            right_end = sep
        right = c[fig.unit_end:right_end]
        right_head_start, head_mention = self._head(fig, right)
        return FigureContext(
            si=si, sent=sent, clause=clause, figures=figures, k=k, fig=fig, local_start=local_start,
            left_local=c[local_start:fig.qual_start], left_clause=c[clause.start:fig.qual_start], right=right,
            right_head_start=right_head_start, right_head=c[right_head_start:right_end], head_mention=head_mention,
        )

    def _head(self, fig: nb.Figure, right: str) -> tuple[int, Mention | None]:
        """Where the head noun after the figure starts, and its topic mention: the first mention after
        the measure word once modifiers ending in 的 are set aside ("5家不具备...条件的民办养老机构")."""
        start = fig.unit_end
        if fig.unit in COUNT_UNITS or not fig.unit:
            for m in self.mentions_in(start, start + len(right)):
                gap = self.clean[start:m.start]
                cut = gap.rfind("的")
                if cut >= 0:
                    gap = gap[cut + 1:]
                if len(self.ex.residual(gap)) <= 3:
                    head_start = m.start - len(gap)
                    return head_start, m
            cut = right.rfind("的")
            if 0 <= cut < len(right) - 1:
                return start + cut + 1, None
        return start, None


class _Stage:
    """A stage of the extraction: it reads the document and the carried state, and writes neither."""

    def __init__(self, text: _Text, carry: Carry):
        self.text, self.carry = text, carry
        self.ex, self.lex, self.clean, self.info = text.ex, text.lex, text.clean, text.info
        self._mentions_in = text.mentions_in

    def _generic(self, fx: FigureContext, strictly: bool) -> bool:
        """Only glue stands before the figure (or a person noun after it): a carried topic may take it."""
        residual = len(self.ex.residual(fx.left_local[-8:]))
        return residual <= (1 if strictly else 2) or fx.right_head.startswith(PERSON_NOUNS)


class _NotIndicator(_Stage):
    """1. Figures that are no indicator statement: dates, document numbers, ordinals, counts of
    meetings and places, figures in sentences about awards, staffing or patrols."""

    def __call__(self, sent: Span, figures: list[nb.Figure], k: int, fig: nb.Figure, clause: Span) -> bool:
        c = self.clean
        if fig.unit in nb.NON_INDICATOR_UNITS:
            return True
        if not fig.unit and not fig.magnitude:
            return True
        before = c[fig.qual_start - 1] if fig.qual_start > 0 else ""
        if before == "第":
            return True
        if before in "(（" and c[fig.unit_end:fig.unit_end + 1] in (")", "）") and not fig.unit:
            return True
        after = c[fig.end:fig.end + 1]
        if after in "-—~至" and k + 1 < len(figures) and figures[k + 1].start == fig.end + 1 \
                and figures[k + 1].unit in nb.DATE_UNITS:
            return True
        if "〔" in c[max(sent.start, fig.start - 12):fig.start] and "号" in c[fig.end:fig.end + 8]:
            return True
        at = fig.end + len(fig.magnitude)
        for p in self.lex.place_nouns:
            if c.startswith(p, at) and c[at + len(p):at + len(p) + 1] != "级" and not any(m.start < at + len(p) < m.end or (m.start <= at + 1 < m.end)
                                               for m in self._mentions_in(at, at + len(p) + 12)):
                return True
        window = c[clause.start:clause.end]
        if any(w in window for w in self.lex.exclusion_cues):
            return True
        return False


class _Topic(_Stage):
    """2a. The topics a figure may speak of, scored: the noun after its measure word, the nearest one
    before it in its clause, one carried from earlier in the sentence or the previous sentence, one
    later in the sentence."""

    def __call__(self, fx: FigureContext) -> list[tuple[float, str, str, tuple[int, int] | None, str | None, str]]:
        """(score, topic, phrase, span, implied breakdown, kind); kind: head | right | local | carried | prev | forward."""
        c, fig, carry = self.clean, fx.fig, self.carry
        lex = self.lex
        right, head_mention = fx.right, fx.head_mention
        topic_cands: list[tuple[float, str, str, tuple[int, int] | None, str | None, str]] = []

        # a) the noun right after the measure word: 71家养老机构, 5家...的民办养老机构
        if fig.unit in COUNT_UNITS or not fig.unit:
            for m in self._mentions_in(fig.unit_end, fig.unit_end + len(right)):
                if head_mention is not None and m.start < head_mention.start:
                    score = 1.0  # inside a modifier ("...的") of the head noun
                else:
                    score = 4.2 if m is head_mention else 2.0
                for t, b in m.topics:
                    topic_cands.append((score, t, m.text, (m.start, m.end), b, "head" if m is head_mention else "right"))
            if head_mention is None and lex._head is not None and fig.unit in COUNT_UNITS:
                hm = lex._head.match(fx.right_head)
                after = c[fx.right_head_start + hm.end():fx.right_head_start + hm.end() + 1] if hm else ""
                if hm and (after == "" or after in "的,，、。;；)）和及与"):
                    for p in self.ex._phrase_index.get(hm.group(0), []):
                        topic_cands.append((3.5, p.topic, hm.group(0), None, p.breakdown, "head"))

        # b) the nearest topic before it in its clause
        local = self._mentions_in(fx.local_start, fig.qual_start) or self._mentions_in(fx.clause.start, fig.qual_start)
        for rank, m in enumerate(reversed(local)):
            gap = c[m.end:fig.qual_start]
            ok = len(self.ex.residual(gap)) <= 2
            for t, b in m.topics:
                topic_cands.append(((4.0 if ok else 2.2) - 0.2 * rank, t, m.text, (m.start, m.end), b, "local"))

        # c) carried: earlier in the sentence, the previous figure's topic, the previous sentence
        generic = self._generic(fx, strictly=False)
        earlier = self._mentions_in(fx.sent.start, min(fx.clause.start, fx.local_start) if local else fig.qual_start)
        earlier = [m for m in earlier if m.end <= fx.clause.start or not local] if local else earlier
        seen = set()
        for rank, m in enumerate(reversed(earlier)):
            for t, b in m.topics:
                if t in seen:
                    continue
                seen.add(t)
                topic_cands.append((2.0 - 0.1 * rank, t, m.text, (m.start, m.end), b if generic else None, "carried"))
        if carry.last_topic is not None and carry.sentence_index - carry.last_topic_sentence <= 1:
            t, phrase, span = carry.last_topic
            if t not in seen:
                same = carry.last_topic_sentence == carry.sentence_index
                topic_cands.append((1.8, t, phrase, span, None, "carried" if same else "prev"))
                seen.add(t)
        for t, phrase, span in reversed(carry.prev_sentence_topics[-3:]):
            if t not in seen:
                seen.add(t)
                topic_cands.append((1.5, t, phrase, span, None, "prev"))
        # d) later in the sentence
        later = self._mentions_in(fig.unit_end + len(right), fx.sent.end)
        for rank, m in enumerate(later[:3]):
            for t, b in m.topics:
                if t not in seen:
                    seen.add(t)
                    topic_cands.append((0.5 - 0.1 * rank, t, m.text, (m.start, m.end), b, "forward"))
        return topic_cands


class _Code(_Stage):
    """2b. Within the candidate topics, the code whose unit the figure can measure and whose cue words
    stand near it (or the previous claim continued); a breakdown picks the part's own code."""

    def _continuation(self, fx: FigureContext, reading: Reading) -> _Candidate | None:
        """The previous claim of the sentence continued: a parallel list ("农村x元/月,城市x元/月",
        "A类对象xxx户、B类对象xxxx户", "(未成年人2人)") or a change of it ("占比x%,相比去年增加了x%")."""
        carry, fig = self.carry, fx.fig
        best: _Candidate | None = None
        prev = carry.last_claim
        if prev is not None and prev.sentence_index == carry.sentence_index and carry.last_base is not None \
                and not reading.change_sign and not self._mentions_in(fx.local_start, fig.qual_start):
            label_only = self._label_only(fx.left_local)
            topic_name, base_code, phrase, span = carry.last_base
            ind = self.ex.catalog.get(base_code)
            if label_only and ind is not None and (ind.unit in reading.measures or (reading.unit == "*")):
                best = _Candidate(4.5, topic_name, base_code, phrase, span)
        if reading.change_sign and prev is not None and prev.indicator_code and prev.time_basis != "relative_change" \
                and prev.sentence_index == carry.sentence_index and carry.last_topic is not None \
                and not self._mentions_in(fx.local_start, fig.qual_start):
            # "占比x%,相比去年增加了x%" (a change of that share); "2072人,同比增长133%" (of that count)
            best = _Candidate(5.0, carry.last_topic[0], prev.indicator_code, prev.indicator_phrase.split(" [")[0],
                              carry.last_topic[2])
        return best

    def __call__(self, fx: FigureContext, reading: Reading, tc: TimeContext, topic_cands) -> _Candidate | None:
        """Within the candidate topics, the code whose unit the figure can measure and whose cues stand near."""
        c, fig, lex = self.clean, fx.fig, self.lex
        unit, measures, change_sign = reading.unit, reading.measures, reading.change_sign
        clause, sent = fx.clause, fx.sent
        generic = self._generic(fx, strictly=False)
        strictly_generic = self._generic(fx, strictly=True)
        # topic phrases in the cue window: a cue inside another topic's phrase is that topic's word
        left_ms = self._mentions_in(clause.start, fig.qual_start)
        right_ms = self._mentions_in(fx.right_head_start, fx.right_head_start + len(fx.right_head))
        offset = len(fx.left_clause) + 1 - fx.right_head_start
        cue_masks = [(m.start - clause.start, m.end - clause.start, (m.start, m.end)) for m in left_ms] + \
                    [(m.start + offset, m.end + offset, (m.start, m.end)) for m in right_ms]
        best = self._continuation(fx, reading)
        unmatched: tuple[str, str, tuple[int, int] | None] | None = None  # a strong topic with no code
        for tscore, topic_name, phrase, span, implied, kind in topic_cands:
            topic = lex.topics.get(topic_name)
            if topic is None:
                continue
            carried = kind in ("carried", "prev", "forward")
            strong = kind in ("head", "local")
            found_code = False
            if carried and span and sent.start <= span[1] <= clause.start:
                a = max(span[1], clause.start)
                stretch = c[a:fig.qual_start] + " " + fx.right_head
                masks = [(m.start - a, m.end - a, (m.start, m.end)) for m in self._mentions_in(a, fig.qual_start)]
                cue_hits = self._cues(stretch, topic, masks, span, after_local=True,
                                      left_len=len(stretch) - len(fx.right_head) - 1)
            elif carried:
                cue_hits = self._cues(fx.cue_text, topic, cue_masks, span, after_local=True, left_len=len(fx.left_clause))
            else:
                cue_hits = self._cues(fx.cue_text, topic, cue_masks, span)
            cue_weight = 1.5 if kind == "prev" else 3.0
            for rule in topic.codes:
                ind = self.ex.catalog[rule.code]
                if change_sign and ind.unit != "ratio":
                    unit_ok, plain = True, False  # a relative change of any indicator
                elif unit == "*":
                    unit_ok, plain = ind.unit in measures, ind.unit == "元"
                else:
                    unit_ok = ind.unit in measures
                    plain = bool(measures) and ind.unit == measures[0]
                if not unit_ok:
                    continue
                matched = [w for w in rule.cues if w in cue_hits]
                if rule.cues and not matched:
                    continue
                if carried and not matched and not (strictly_generic if kind in ("prev", "forward") else generic):
                    continue
                score = tscore + cue_weight * len(matched) + (0.5 if plain else 0.0)
                score += self._arithmetic(ind, fig)
                if change_sign and ind.unit != "ratio":
                    score += 0.5
                if rule.time == "flow":
                    score += 1.0 if (tc.in_period_window and tc.as_of is None) else -1.0
                if self.ex.debug:
                    print(f"    cand {score:.2f} {topic_name}/{rule.code} via {phrase!r} t={tscore:.2f} cues={matched}",
                          file=sys.stderr)
                found_code = True
                if best is None or score > best.score + 1e-9:
                    best = _Candidate(score, topic_name, rule.code, phrase, span, matched, implied, kind)
            if strong and not found_code and unmatched is None and not topic_name.startswith("catalog:") \
                    and unit != "*" and not change_sign:
                unmatched = (topic_name, phrase, span)
        if unmatched is not None and (best is None or best.kind in ("carried", "prev", "forward")):
            # the figure's own topic names it, but the catalog has no indicator in its unit: unmapped
            return _Candidate(2.0, unmatched[0], None, unmatched[1], unmatched[2], kind="unmapped")
        if best is None or best.score < 1.75:
            return None
        return best

    def part(self, fx: FigureContext, cand: _Candidate) -> tuple[str | None, Indicator | None, str | None, bool]:
        """(code, indicator, breakdown, breakdown_in_code): a breakdown picks the part's own code when
        the catalog has one."""
        ind = self.ex.catalog.get(cand.code) if cand.code else None
        breakdown, in_code = self._breakdown(cand, fx.left_clause, fx.right_head, fx.local_start, fx.clause, fx.fig)
        code = cand.code
        if ind is not None and breakdown:
            rule = next((r for r in self.lex.topics[cand.topic].codes if r.code == cand.code), None)
            variants = dict(rule.breakdowns) if rule else {}
            if breakdown in variants:
                code, in_code = variants[breakdown], True
                ind = self.ex.catalog[code]
        return code, ind, breakdown, in_code

    def _label_only(self, text: str) -> bool:
        """Only part labels stand before the figure: "城市", "其中A类对象", "(未成年人" ..."""
        t = re.sub(r"[\s“”\"'‘’()（）、·]|其中|对象|人员|的|了|已|共|有|为", "", text)
        if re.fullmatch(r"[\u4e00-\u9fff]{2,5}类", t):
            return True
        if re.fullmatch(r"[和及与、]", re.sub(r"\s", "", text)):  # "226元和113元": the same again
            return True
        words = [w for w, _k in self.ex._breakdown_words] + self.lex.labels
        found = False
        for w in sorted(words, key=len, reverse=True):
            if w in t:
                t = t.replace(w, "")
                found = True
        return found and t == ""

    def _cues(self, text: str, topic, masks=(), own_span=None, after_local: bool = False,
              left_len: int | None = None) -> set[str]:
        """Cue words of the topic found in text (the words before the figure, then, from left_len on,
        those after it). Cues are matched longest first over every topic's cues (拟注销 hides 注销),
        and not inside the phrase of another topic (护理型床位 is not a 床位 cue of 养老机构). For a
        topic carried from earlier (after_local), a cue standing before another topic's phrase
        belongs to that phrase ("打造社区服务综合体9家"), unless it is a verb whose object that
        phrase is ("覆盖行政村x个")."""
        left_len = len(text) if left_len is None else left_len
        last_other = -1
        own_words = topic.cue_words()
        for a, b, span in masks:
            if span != own_span and text[a:b] not in own_words:  # 适老化改造 is a topic and a cue of 老党员
                text = text[:a] + "\u3000" * (b - a) + text[b:]
                if a < left_len:
                    last_other = max(last_other, b)
        taken: list[tuple[int, int, str]] = []
        for w in self.ex._all_cues:
            for m in re.finditer(re.escape(w), text):
                s, e = m.start(), m.end()
                if any(not (e <= a or s >= b) for a, b, _w in taken):
                    continue
                taken.append((s, e, w))
        words = topic.cue_words()
        return {w for a, _b, w in taken
                if w in words and (not after_local or a >= left_len or a >= last_other or w in self.lex.object_verbs)}

    def _arithmetic(self, ind: Indicator, fig: nb.Figure) -> float:
        """A rate that equals numerator / denominator of figures in the same sentence (138 / 143 =
        96.5%) is that rate; one that contradicts them is not."""
        if ind.kind != "rate" or fig.number is None or not ind.numerator_code:
            return 0.0
        here = [cl for cl in self.carry.sentence_claims if cl.value is not None]
        nums = [cl.value for cl in here if cl.indicator_code == ind.numerator_code]
        dens = [cl.value for cl in here if cl.indicator_code == ind.denominator_code]
        if not nums or not dens:
            return 0.0
        value = float(fig.number) / 100 if fig.unit == "%" else float(fig.number)
        tol = float(fig.step) / 100 / 2 + 1e-9 if fig.unit == "%" else float(fig.step) / 2 + 1e-9
        if any(d and abs(n / d - value) <= tol for n in nums for d in dens):
            return 3.0
        return -2.0

    def _breakdown(self, cand: _Candidate, left_clause: str, right_head: str, local_start: int, clause: Span,
                   fig: nb.Figure) -> tuple[str | None, bool]:
        if cand.implied_breakdown:
            return cand.implied_breakdown, False
        lex = self.lex
        # words of the topic phrase and the cues are not breakdowns (集中供养率 is not "集中供养")
        def strip(text: str) -> str:
            for w in sorted(set(cand.cues), key=len, reverse=True):
                text = text.replace(w, "\u3000" * len(w))
            return text
        zones = [strip(self.clean[local_start:fig.qual_start]), strip(re.split(r"[、(（和及]", right_head[:12])[0]),
                 strip(self.clean[clause.start:local_start])]
        for z in zones:
            if self.ex._breakdown_re is not None:
                found = [f for f in self.ex._breakdown_re.finditer(z) if z[f.end():f.end() + 1] != "率"]
                if found:
                    word = found[-1].group(0) if z is zones[0] or z is zones[2] else found[0].group(0)
                    key = next(k for w, k in self.ex._breakdown_words if w == word)
                    return key, False
            for lab in lex.labels:
                if lab in z:
                    return lab, False
            m = re.search(r"其中([\u4e00-\u9fff]{1,6}?)(?:对象|人员)?$", z)
            if m and m.group(1) and m.group(1) not in ("已", "共", "有"):
                return m.group(1), False
            m = re.search(r"([\u4e00-\u9fff]{2,5}类)$", z)
            if m:
                return m.group(1), False
        return None, False


class _Unit(_Stage):
    """3. The figure's unit read with its words, and its value converted to the catalog unit (with the
    rounding of its last written digit and the upper bound of a range)."""

    def __call__(self, fx: FigureContext) -> Reading:
        unit = self._effective_unit(fx)
        measures = ["元", "人", "人次", "个", "户"] if unit == "*" else nb.measures(unit)
        return Reading(unit, measures, self._change_sign(fx))

    def _change_sign(self, fx: FigureContext) -> int:
        """A change expressed as a percentage: 增长133%, 增加了x%, 压缩规模57%."""
        fig = fx.fig
        if fig.unit not in ("%", "‰"):
            return 0
        verb_zone = self.clean[max(fx.local_start, fig.qual_start - 8):fig.qual_start]
        for verb, sign in sorted(self.lex.change_verbs.items(), key=lambda t: -len(t[0])):
            pos = verb_zone.rfind(verb)
            if pos >= 0 and not any(verb_zone.startswith(lv, pos) for lv in self.lex.level_verbs):
                return sign
        return 0

    def _effective_unit(self, fx: FigureContext) -> str:
        """The raw unit the figure's value is in, read with the words around it."""
        fig, left_local, left_clause, right = fx.fig, fx.left_local, fx.left_clause, fx.right
        unit = fig.unit
        prev = self.carry.last_claim
        if prev is not None and prev.sentence_index == self.carry.sentence_index and prev.raw_unit == fig.raw_unit \
                and re.fullmatch(r"[和及与、]", left_local.strip()) and self.carry.last_effective_unit:
            return self.carry.last_effective_unit  # "每人每月226元和113元"
        near = left_local[-8:]
        if unit == "元":
            tail = left_local[-6:]
            if re.search(r"每人每月|每月|月人均|/月", tail) or right.startswith(("/月", "每月")):
                return "元/人·月"
            if re.search(r"每人每年|每年", tail):
                return "元/人·年"
            if "人均" in near:
                return "元/人"
        if unit == "个" and right.startswith(PERSON_NOUNS):
            return "人"
        if unit in ("人", "名", "位") and "每万" in left_clause:
            return "人/万人"
        if not unit and fig.magnitude:
            if right.startswith(MONEY_NOUNS) or re.match(r"^[\u4e00-\u9fff]{0,6}(款|资金|经费|金)", right):
                return "元"
            if right.startswith(PERSON_NOUNS) or re.match(r"^[\u4e00-\u9fff]{0,4}(老年朋友|人员|群众|老人|对象)", right):
                return "人"
            return "*"  # a bare magnitude: any count or amount
        return unit

    def value(self, fx: FigureContext, reading: Reading, ind: Indicator | None) -> Value | None:
        """The value in the catalog unit, its rounding and upper bound; None when the unit cannot convert."""
        fig, unit, change_sign = fx.fig, reading.unit, reading.change_sign
        relative = change_sign != 0 and ind is not None and ind.unit != "ratio"
        value = rounding = upper = None
        out_unit = ind.unit if ind is not None else None
        if relative:
            out_unit = "ratio"
        if not fig.redacted and fig.number is not None:
            if relative:
                factor = Decimal("0.01") if fig.unit == "%" else Decimal("0.001")
                value = fig.number * factor * change_sign
                step = fig.step * factor
            elif ind is not None:
                if unit == "*":
                    value, step = fig.number, fig.step
                else:
                    value = nb.convert(fig.number, unit, ind.unit)
                    step = nb.convert(fig.step, unit, ind.unit)
                if value is None:
                    return None
            else:
                factors = nb.UNIT_CONVERSIONS.get(unit) or {}
                if factors:
                    first = next(iter(factors))
                    value, step, out_unit = fig.number * factors[first], fig.step * factors[first], first
                else:
                    value, step = fig.number, fig.step
            if change_sign < 0 and not relative and value is not None:
                value = -value
            rounding = float(step / 2)
            if fig.upper is not None and value is not None and not relative:
                scale = value / fig.number if fig.number else Decimal(1)
                upper = float(fig.upper * scale)
        elif fig.redacted and ind is not None and not relative:
            probe = nb.convert(Decimal(1), unit, ind.unit) if unit != "*" else Decimal(1)
            if probe is None:
                return None
            rounding = float(fig.step * probe / 2)
        return Value(value, out_unit, rounding, upper, relative)


class _Time(_Stage):
    """4. Where the claim sits in time: a stock as of a date, a flow over a window, or a change."""

    def __call__(self, fx: FigureContext, reading: Reading, ind: Indicator | None, relative: bool,
              tc: TimeContext) -> Timing:
        basis = ind.basis(self.ex.catalog) if ind is not None else "stock"
        change_zone = fx.left_clause + fx.right_head[:6]
        if relative:
            basis = "relative_change"
        elif reading.change_sign and ind is not None and ind.unit == "ratio":
            basis = "change"
        elif ind is not None and basis == "stock" and ind.kind != "rate" and (
                any(w in change_zone for w in self.lex.change_cues) or re.search(r"(建设|新建)$", fx.left_local)):
            basis = "change"
        p_start, p_end = self.info.period_start, self.info.period_end
        as_of = None
        if basis == "stock":
            as_of = tc.as_of or (tc.window[1] if tc.window else None) or p_end
            p_start = p_end = as_of
        else:
            if tc.window:
                p_start, p_end = tc.window
            if tc.as_of:
                p_end = tc.as_of
                if p_start > p_end:
                    p_start = date(p_end.year, 1, 1)
        return Timing(basis, p_start, p_end, as_of)


class _Status(_Stage):
    """5. redacted (no value, never zero), planned (a plan section or 计划/力争), or reported."""

    def __call__(self, fx: FigureContext) -> str:
        plan = self.text.in_plan(fx.fig.start) or any(w in fx.left_clause for w in self.lex.plan_cues) \
            or any(w in fx.left_local for w in ("还需",))
        return "redacted" if fx.fig.redacted else ("planned" if plan else "reported")


class _Run:
    """One document's extraction: each figure goes through the five stages of the module docstring
    (1 _NotIndicator, 2 _Topic then _Code, 3 _Unit, 4 _Time, 5 _Status); the state that spans
    figures and sentences is the one Carry, written here only."""

    def __init__(self, ex: Extractor, doc: Document, info: DocumentInfo):
        self.text = _Text(ex, doc, info)
        self.carry = Carry()
        self.not_indicator = _NotIndicator(self.text, self.carry)
        self.topic = _Topic(self.text, self.carry)
        self.code = _Code(self.text, self.carry)
        self.unit = _Unit(self.text, self.carry)
        self.time = _Time(self.text, self.carry)
        self.status = _Status(self.text, self.carry)

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        carry = self.carry
        for si, sent in enumerate(sentences(self.text.clean)):
            figures = nb.scan_figures(self.text.clean, sent.start, sent.end)
            cls = clauses(self.text.clean, sent)
            sentence_topics: list[tuple[str, str, tuple[int, int]]] = []
            for m in self.text.mentions_in(sent.start, sent.end):
                for t, _b in m.topics:
                    sentence_topics.append((t, m.text, (m.start, m.end)))
            carry.sentence_index = si
            carry.sentence_claims = []
            for k, fig in enumerate(figures):
                claim = self._claim(si, sent, cls, figures, k, fig)
                if claim is not None:
                    out.append(claim)
                    carry.last_claim = claim
                    carry.sentence_claims.append(claim)
            carry.prev_sentence_topics = sentence_topics
        return out

    def _claim(self, si: int, sent: Span, cls: list[Span], figures: list[nb.Figure], k: int,
               fig: nb.Figure) -> Claim | None:
        """One figure through the five stages; None when it is no indicator statement."""
        clause = next((x for x in cls if x.start <= fig.start < x.end), sent)
        if self.not_indicator(sent, figures, k, fig, clause):  # 1
            return None
        fx = self.text.context(si, sent, clause, figures, k, fig)
        reading = self.unit(fx)
        info = self.text.info
        tc = time_context(self.text.clean[sent.start:fig.qual_start], info.period_start, info.period_end)
        cand = self.code(fx, reading, tc, self.topic(fx))  # 2
        if cand is None:
            return None
        code, ind, breakdown, in_code = self.code.part(fx, cand)
        value = self.unit.value(fx, reading, ind)  # 3
        if value is None:
            return None
        timing = self.time(fx, reading, ind, value.relative, tc)  # 4
        status = self.status(fx)  # 5
        claim = self._make_claim(fx, cand, code, ind, breakdown, in_code, value, timing, status)
        carry = self.carry
        carry.last_topic = (cand.topic, cand.phrase, cand.phrase_span)
        carry.last_effective_unit = reading.unit
        carry.last_topic_sentence = si
        carry.last_base = (cand.topic, cand.code, cand.phrase, cand.phrase_span)
        return claim

    def _make_claim(self, fx: FigureContext, cand: _Candidate, code: str | None, ind: Indicator | None,
                    breakdown: str | None, in_code: bool, value: Value, timing: Timing, status: str) -> Claim:
        c, fig, clause = self.text.clean, fx.fig, fx.clause
        # provenance: the clause, extended back to the topic phrase when it is in the same sentence
        q_start = clause.start
        if cand.phrase_span and fx.sent.start <= cand.phrase_span[0] < q_start and q_start - cand.phrase_span[0] <= 80:
            q_start = cand.phrase_span[0]
        q_end = clause.end
        while q_start < q_end and c[q_start] in " \t":
            q_start += 1
        t_start, t_end = self.text.doc.span_to_text(q_start, q_end)
        v_start, v_end = self.text.doc.span_to_text(fig.qual_start, fig.unit_end)
        return Claim(
            document=self.text.doc.name, document_sha256=self.text.doc.sha256,
            region_code=self.text.info.region_code, region_name=self.text.info.region_name,
            period_start=timing.period_start, period_end=timing.period_end, as_of=timing.as_of,
            time_basis=timing.basis,
            indicator_code=code, indicator_phrase=cand.phrase + (f" [{' '.join(cand.cues)}]" if cand.cues else ""),
            domain=ind.domain if ind is not None else None,
            value=float(round(value.value, 10)) if value.value is not None else None,
            unit=value.unit, raw_value=fig.raw_value, raw_unit=fig.raw_unit, qualifier=fig.qualifier,
            rounding=value.rounding, upper_bound=value.upper, status=status, breakdown=breakdown,
            breakdown_in_code=in_code,
            quote=self.text.doc.text[t_start:t_end], start=t_start, end=t_end, value_start=v_start, value_end=v_end,
            sentence_index=fx.si,
        )


# ---------------------------------------------------------------------------------------------
# Convenience
# ---------------------------------------------------------------------------------------------

_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract_file(path: Path | str, extractor: Extractor | None = None) -> tuple[DocumentInfo, list[Claim]]:
    return (extractor or default_extractor()).extract_file(path)
