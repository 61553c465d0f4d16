"""The domains are the folders of sources/ that hold contracts: one list, and everything per domain follows."""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration import settings
from orchestration.ingest.contract import domains, load_contracts


def test_the_domains_are_the_folders_with_contracts():
    assert domains() == ("assistance", "eldercare", "funeral", "organization")
    # sources/ also holds official/, reports/ and reference/: no contract, so no domain
    folders = {p.name for p in settings.SOURCES_DIR.iterdir() if p.is_dir()}
    assert folders - set(domains()) == {"official", "reports", "reference"}


def test_a_new_folder_with_a_contract_is_a_new_domain(tmp_path: Path):
    shutil.copytree(settings.SOURCES_DIR, tmp_path / "sources")
    housing = tmp_path / "sources" / "housing"
    housing.mkdir()
    text = (settings.SOURCES_DIR / "funeral" / "cemeteries.yaml").read_text(encoding="utf-8")
    (housing / "estates.yaml").write_text(text.replace("domain: funeral", "domain: housing")
                                          .replace("extract: cemeteries", "extract: estates"), encoding="utf-8")
    (tmp_path / "sources" / "notes").mkdir()
    (tmp_path / "sources" / "notes" / "README.md").write_text("no contract here\n", encoding="utf-8")
    assert domains(tmp_path / "sources") == ("assistance", "eldercare", "funeral", "housing", "organization")
    tables = [c.table for c in load_contracts(tmp_path / "sources")]
    assert "housing__estates" in tables and len(tables) == len(load_contracts()) + 1


def test_assets_groups_and_dbt_steps_follow_the_domains():
    from orchestration.defs.ingest import build_ingest_assets
    from orchestration.defs.warehouse.assets import STAGE_RAW_TABLES, STAGES
    from orchestration.defs.warehouse.translator import source_groups

    assets = build_ingest_assets()
    assert sorted(a.key.path[-1] for a in assets) == sorted(c.table for c in load_contracts())
    assert {a.group_names_by_key[a.key] for a in assets} == set(domains())
    assert [s for s in STAGES if s.removeprefix("dbt_") in domains()] == [f"dbt_{d}" for d in domains()]
    assert all(STAGE_RAW_TABLES[f"dbt_{d}"] == (f"{d}__",) for d in domains())
    assert source_groups() == frozenset(domains()) | {"official", "reports", "reference"}
