"""The sample generator's monthly forms (orchestration/samples/official_forms.py) agree with the
sample extracts: the December (last month) 低保 persons are the rosters' figures of the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.official.grid import read_grid
from orchestration.official.parse import parse_table
from orchestration.samples import official_forms
from orchestration.samples.assistance import ROSTERS
from orchestration.samples.places import AREAS


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> list[Path]:
    return official_forms.generate(tmp_path_factory.mktemp("samples"), 2021)


def test_one_form_per_place_and_month(forms):
    assert len(forms) == sum(len(a.places) * len(a.months) for a in AREAS) == 168
    assert forms[0].parent.name == "official"


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_last_month_matches_the_rosters(forms, area, tmp_path):
    last = area.months[-1]
    for place in area.places:
        path = next(p for p in forms if p.name == f"{place.code}_{place.name}_民政统计月报_{last}.csv")
        t = parse_table(read_grid(path, tmp_path), path)
        assert t.meta.region_code == place.code and t.meta.period_type == "month"
        assert t.meta.period_start.isoformat()[:7] == last
        got = {c.published_label: int(c.published_value) for c in t.cells if c.column_role == "current"
               and c.published_unit == "人"}
        urban, rural = ROSTERS[area.key].final[place.code][:2]
        # a place without rural 低保 (深圳) leaves the row blank, as the forms do
        assert got == {k: v for k, v in {"A 城市低保人数": urban, "A 农村低保人数": rural}.items() if v}, place.code
