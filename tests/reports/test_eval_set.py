"""The evaluation set of issue 17 (point 4): its gold is valid, and the extractor does not regress on it.

16 real reports that are not in the seeds (tests/reports/eval/, sources in its README), gold annotated
by hand in tests/reports/gold_eval/. A third of them (6: two national bulletins, one province, one
city, two counties) are held out: annotated before the extractor was ever run on them and never to be
used for writing rules. The extractor is scored on the held-out third against a floor: the figures
measured when the set was made (see FIRST_RUN_*) minus a small margin, so the floor guards against
regressions; the issue's targets (TARGET_*) are printed next to the measured figures and are not yet
asserted: the extractor work that follows (unmapped claims, the domain's language, a larger catalog)
is what must reach them, and then the floor rises to the targets.

Run with -s to see the per-document and per-class tables.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import pytest
import yaml

from orchestration.reports.catalog import load_catalog
from orchestration.reports.extractor import Extractor
from tests.reports import eval_scoring as es
from tests.reports import gold_scoring as gs

# The targets on the held-out third (not asserted yet; see the module docstring).
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.90
# Measured on the held-out third when the set was made (the extractor of the `evalset` branch's base,
# 5f220a4): 32 of 55 predicted claims right, 32 of 100 gold claims found.
FIRST_RUN_PRECISION = 32 / 55  # 0.582
FIRST_RUN_RECALL = 32 / 100  # 0.320
MARGIN = 0.03
FLOOR_PRECISION = 0.55  # FIRST_RUN_PRECISION - MARGIN, rounded down
FLOOR_RECALL = 0.29  # FIRST_RUN_RECALL - MARGIN

UNITS = {"个", "人", "人次", "户", "张", "元", "元/人·月", "元/人", "对", "件", "例", "具", "座", "亩", "小时", "ratio",
         "台", "条", "公里", "平方米"}
QUALIFIERS = {"exact", "approx", "at_least", "at_most"}
BASES = {"stock", "flow", "change", "relative_change"}


@pytest.fixture(scope="module")
def golds() -> list[gs.Gold]:
    return es.eval_gold()


@pytest.fixture(scope="module")
def raw_golds() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(es.EVAL_GOLD_DIR.glob("*.yaml"))}


def test_the_set_has_its_size_and_hold_out(golds) -> None:
    classes = Counter(g.doc_class for g in golds)
    assert len(golds) >= 15
    assert set(classes) == set(es.DOC_CLASSES), classes
    assert classes["national"] >= 3
    held = [g for g in golds if g.holdout]
    assert 3 * len(held) >= len(golds), "a third held out"
    assert len(held) >= 5
    assert {g.doc_class for g in held} == set(es.DOC_CLASSES), "hold-out spread over every class"
    assert sum(len(g.claims) for g in golds) >= 400


def test_every_document_has_one_gold_and_none_is_a_seed(golds) -> None:
    texts = {p.name for p in es.EVAL_DIR.glob("*.txt")}
    assert {g.document for g in golds} == texts
    seeds = {hashlib.sha256(p.read_bytes()).hexdigest() for p in gs.CORPUS_DIR.glob("*.txt")}
    fixtures = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (gs.GOLD_DIR.parent / "fixtures").glob("*.txt")}
    for name in texts:
        raw = (es.EVAL_DIR / name).read_bytes()
        raw.decode("utf-8")  # stored as UTF-8
        assert hashlib.sha256(raw).hexdigest() not in seeds | fixtures, name


def test_gold_header_fields(raw_golds) -> None:
    for name, d in raw_golds.items():
        assert d["doc_class"] in es.DOC_CLASSES, name
        assert isinstance(d["holdout"], bool), name
        assert str(d["source"]).startswith("http"), name
        assert d["title"] and d["region_name"], name
        assert d["region_code"] is None or (len(str(d["region_code"])) == 6 and str(d["region_code"]).isdigit()), name
        assert str(d["period"]["start"]) <= str(d["period"]["end"]), name
        assert (es.EVAL_GOLD_DIR / name).read_text(encoding="utf-8").startswith("# Gold claims of"), name


def test_quotes_are_verbatim_and_values_parse(golds, raw_golds) -> None:
    catalog = load_catalog()
    for gold in golds:
        text = (es.EVAL_DIR / gold.document).read_text(encoding="utf-8")
        for c in gold.claims:
            assert text.count(c.quote) == 1, (gold.document, c.quote)
            assert text[c.start:c.end] == c.raw, (gold.document, c.raw)
            assert c.qualifier in QUALIFIERS and c.unit in UNITS, (gold.document, c.quote)
            if c.status == "redacted":
                assert c.value is None and "x" in c.raw.lower(), (gold.document, c.quote)
            else:
                assert c.status == "reported" and c.value is not None and math.isfinite(c.value), (gold.document, c.quote)
            if c.code is not None:
                assert c.code in catalog, (gold.document, c.code)
                if c.unit != "ratio":
                    assert catalog[c.code].unit == c.unit, (gold.document, c.code, c.unit)
        for c in raw_golds[gold.document.replace(".txt", ".yaml")]["claims"]:
            assert c["basis"] in BASES, (gold.document, c["quote"])
            assert c["code"] is not None or c.get("phrase"), ("an unmapped claim keeps its phrase", c["quote"])


def test_gold_values_are_in_warehouse_units(golds) -> None:
    """万/亿 expanded and % turned into fractions: spot checks that would fail on a slip."""
    by_doc = {g.document: {(c.quote, c.raw): c for c in g.claims} for g in golds}
    assert by_doc["national_2020_bulletin.txt"][("全国民政事业费支出 4808.2亿元", "4808.2亿元")].value == 480820000000
    assert by_doc["province_zhejiang_2021.txt"][("全省共有低保对象59.26万人", "59.26万人")].value == 592600
    assert by_doc["province_beijing_2022m03.txt"][("元/人·年14,940.0", "14,940.0")].value == 1245
    assert by_doc["national_2016_bulletin.txt"][("火化率48.3%", "48.3%")].value == pytest.approx(0.483)
    assert by_doc["national_2016_bulletin.txt"][("比上年增加1.2个百分点", "1.2个百分点")].value == pytest.approx(0.012)


@pytest.fixture(scope="module")
def scored(golds):
    ex = Extractor()
    scores = []
    for gold in golds:
        _info, claims = ex.extract_file(es.EVAL_DIR / gold.document)
        scores.append(gs.score(gold, claims))
    return scores


def test_extractor_on_the_held_out_third(golds, scored) -> None:
    rows = es.by_class(golds, scored)
    print("\n" + es.document_table(golds, scored))
    print(es.table(rows))
    held = next(r for r in rows if r.label == "hold-out")
    print(f"hold-out: precision {held.precision:.3f}, recall {held.recall:.3f} "
          f"(issue targets {TARGET_PRECISION:.2f} / {TARGET_RECALL:.2f}, not asserted yet; "
          f"floor {FLOOR_PRECISION} / {FLOOR_RECALL})")
    for s in scored:
        if not s.holdout:
            continue
        for line in s.false_negatives:
            print(f"  {s.document} missed: {line}")
        for line in s.false_positives:
            print(f"  {s.document} extra: {line}")
    assert held.documents >= 5
    assert held.precision >= FLOOR_PRECISION, es.table(rows)
    assert held.recall >= FLOOR_RECALL, es.table(rows)
