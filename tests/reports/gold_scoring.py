"""Scoring the extractor against the gold claims in tests/reports/gold/.

A gold claim is located by its ``quote`` (unique in the decoded text of the report) and its ``raw``
figure inside the quote; a predicted claim by ``value_start``/``value_end``. Gold and predicted
claims pair one to one where their figures overlap. A pair is a true positive when the claim is the
same: indicator_code, status, qualifier, unit and value (equal within 1e-9; both null when
redacted). Precision = TP / predicted claims, recall = TP / gold claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

GOLD_DIR = Path(__file__).with_name("gold")
CORPUS_DIR = Path(__file__).resolve().parents[2] / "sources" / "reports"


@dataclass
class GoldClaim:
    start: int
    end: int
    code: str | None
    value: float | None
    unit: str | None
    qualifier: str
    status: str
    quote: str
    raw: str


@dataclass
class Gold:
    document: str
    region_code: str | None
    period_start: str
    period_end: str
    holdout: bool
    claims: list[GoldClaim]
    doc_class: str | None = None  # county | city | province | national (evaluation set)


@dataclass
class Score:
    document: str
    holdout: bool
    gold: int
    predicted: int
    tp: int
    false_negatives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


def load_gold(path: Path, corpus: Path | None = None) -> Gold:
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = ((corpus or CORPUS_DIR) / d["document"]).read_text(encoding="utf-8")
    claims = []
    for c in d["claims"]:
        q = c["quote"]
        qs = text.find(q)
        if qs < 0 or text.find(q, qs + 1) >= 0:
            raise ValueError(f"{path.name}: quote not found once: {q!r}")
        rs = q.find(c["raw"], 0)
        for _ in range(int(c.get("nth", 1)) - 1):
            rs = q.find(c["raw"], rs + 1)
        if rs < 0:
            raise ValueError(f"{path.name}: raw {c['raw']!r} not in quote {q!r}")
        claims.append(GoldClaim(qs + rs, qs + rs + len(c["raw"]), c.get("code"),
                                None if c.get("value") is None else float(c["value"]), c.get("unit"),
                                c.get("qualifier", "exact"), c.get("status", "reported"), q, c["raw"]))
    region = None if d.get("region_code") is None else str(d["region_code"])
    return Gold(d["document"], region, str(d["period"]["start"]), str(d["period"]["end"]),
                bool(d.get("holdout")), claims, d.get("doc_class"))


def all_gold() -> list[Gold]:
    return [load_gold(p) for p in sorted(GOLD_DIR.glob("*.yaml"))]


def _same(g: GoldClaim, p) -> bool:
    if g.code != p.indicator_code or g.status != p.status or g.qualifier != p.qualifier or g.unit != p.unit:
        return False
    if g.value is None or p.value is None:
        return g.value is None and p.value is None
    return abs(g.value - p.value) <= 1e-9 * max(1.0, abs(g.value))


def score(gold: Gold, predicted: list) -> Score:
    pairs: list[tuple[int, int, int]] = []  # (overlap, gold index, predicted index)
    for i, g in enumerate(gold.claims):
        for j, p in enumerate(predicted):
            ov = min(g.end, p.value_end) - max(g.start, p.value_start)
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_g, used_p = set(), set()
    tp = 0
    fn, fp = [], []
    matched: dict[int, int] = {}
    for _ov, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matched[i] = j
    for i, g in enumerate(gold.claims):
        j = matched.get(i)
        if j is not None and _same(g, predicted[j]):
            tp += 1
        else:
            got = "nothing" if j is None else (f"{predicted[j].indicator_code} {predicted[j].value} {predicted[j].unit} "
                                              f"{predicted[j].qualifier} {predicted[j].status}")
            fn.append(f"{g.raw!r} in {g.quote!r}: want {g.code} {g.value} {g.unit} {g.qualifier} {g.status}; got {got}")
    for j, p in enumerate(predicted):
        if j not in used_p or not any(matched.get(i) == j and _same(gold.claims[i], p) for i in matched):
            if j not in used_p:
                fp.append(f"{p.raw_value}{p.raw_unit} → {p.indicator_code} {p.value} in {p.quote[-40:]!r}")
    return Score(gold.document, gold.holdout, len(gold.claims), len(predicted), tp, fn, fp)


def summary(scores: list[Score]) -> tuple[float, float]:
    tp = sum(s.tp for s in scores)
    pred = sum(s.predicted for s in scores)
    gold = sum(s.gold for s in scores)
    return (tp / pred if pred else 1.0, tp / gold if gold else 1.0)
