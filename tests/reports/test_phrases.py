"""The phrase mapping seed (indicator_phrases.csv) is the one mapping from wordings to indicators:
the official forms read it (tests/official) and so does the report extractor (these tests)."""

from __future__ import annotations

import shutil

import pytest

from orchestration.defs.reports.assets import fingerprint
from orchestration.reports.catalog import PHRASES_SEED, Lexicon, load_catalog, load_report_phrases
from orchestration.reports.extractor import Extractor
from orchestration.reports.text import document_from_text

FIGURE = {"人": "120人", "户": "120户", "元": "120万元", "个": "120个"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _claims(ex: Extractor, sentence: str):
    return ex.extract(document_from_text("t.txt", "2021年某县民政工作总结\n" + sentence))[1]


def _seed_with(tmp_path, *rows: str):
    path = tmp_path / "indicator_phrases.csv"
    shutil.copyfile(PHRASES_SEED, path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.writelines(row + "\n" for row in rows)
    return path


def test_report_wordings_are_read_and_form_labels_are_not():
    phrases = dict(load_report_phrases())
    assert phrases["城市低保对象人数"] == "dibao_urban_persons"
    assert phrases["事实无人抚养儿童"] == "unsupervised_children"
    # form-only wordings and heading-qualified form labels are not report phrases
    assert "城镇居民最低生活保障人数" not in phrases
    assert not [p for p in phrases if "/" in p]


def test_every_report_wording_of_the_seed_yields_its_indicator(catalog):
    """The lexicon must not contradict the seed: each wording, in a plain sentence with a figure in
    its indicator's unit, is claimed as the seed's indicator (事实无人抚养儿童 was 困境儿童 in the lexicon)."""
    ex = Extractor(catalog=catalog)
    wrong = {}
    for text, code in load_report_phrases():
        unit = catalog[code].unit
        got = [(c.indicator_code, c.value) for c in _claims(ex, f"全县{text}{FIGURE.get(unit, '120' + unit)}。")]
        value = 1_200_000.0 if unit == "元" else 120.0
        if got != [(code, value)]:
            wrong[text] = got
    assert wrong == {}
    assert len(load_report_phrases()) >= 11


def test_a_wording_added_to_the_seed_is_read_as_the_part_it_names(tmp_path, catalog):
    sentence = "全县城市兜底保障对象1200人，农村兜底保障户数340户。"
    before = _claims(Extractor(catalog=catalog), sentence)
    assert not [c for c in before if c.indicator_code in ("dibao_urban_persons", "dibao_rural_households")]

    seed = _seed_with(tmp_path, "城市兜底保障对象,dibao_urban_persons,report,test",
                      "农村兜底保障户数,dibao_rural_households,both,test")
    ex = Extractor(catalog=catalog, lexicon=Lexicon.load(catalog, phrases_path=seed))
    got = sorted((c.indicator_code, c.value, c.unit, c.breakdown, c.breakdown_in_code, c.indicator_phrase)
                 for c in _claims(ex, sentence))
    # a wording of a breakdown variant enters the topic (低保) with its part: the unit still decides
    assert got == [("dibao_rural_households", 340.0, "户", "rural", True, "农村兜底保障户数"),
                   ("dibao_urban_persons", 1200.0, "人", "urban", True, "城市兜底保障对象")]


def test_report_wordings_enter_the_extraction_fingerprint_form_wordings_do_not(tmp_path, catalog):
    base = fingerprint(Extractor(catalog=catalog))
    form_only = _seed_with(tmp_path, "城市兜底保障/保障人数,dibao_urban_persons,form,test")
    assert fingerprint(Extractor(catalog=catalog, lexicon=Lexicon.load(catalog, phrases_path=form_only))) == base
    (tmp_path / "r").mkdir()
    report = _seed_with(tmp_path / "r", "城市兜底保障对象,dibao_urban_persons,report,test")
    assert fingerprint(Extractor(catalog=catalog, lexicon=Lexicon.load(catalog, phrases_path=report))) != base
