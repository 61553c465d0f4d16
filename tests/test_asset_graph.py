"""A snapshot of the whole asset graph: keys, groups, dependencies, partitions and checks.

An intended change is recorded with `UPDATE_SNAPSHOTS=1 pytest tests/test_asset_graph.py`, and the
diff of tests/snapshots/asset_graph.json is reviewed like code.
"""

import json
import os
from pathlib import Path

from orchestration.definitions import build_definitions

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def graph() -> dict:
    defs = build_definitions()
    repo = defs.get_repository_def()
    ag = repo.asset_graph
    out = {}
    for key in sorted(ag.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = ag.get(key)
        out[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "partitioned": node.partitions_def is not None,
            "checks": sorted(c.name for c in node.check_keys),
        }
    return out


def test_asset_graph_matches_snapshot() -> None:
    current = graph()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_lineage_runs_from_file_to_mart() -> None:
    g = graph()
    # the ingestion asset is the dbt source: one graph, no duplicate source nodes
    assert g["raw/assistance__roster"]["deps"] == []
    assert "raw/assistance__roster" in g["staging/stg_assistance__roster"]["deps"]
    assert all(v["partitioned"] for k, v in g.items() if not k.startswith("seeds/")), "one partitioning"
    raw = [k for k in g if k.startswith("raw/")]
    assert len(raw) == 15  # 11 extracts, admin divisions, report documents and claims, official statistics
    assert all(g[k]["group"] in {"assistance", "eldercare", "funeral", "official", "organization", "reference", "reports"}
               for k in raw)
    assert "raw/official__statistics" in g["staging/stg_official__statistics"]["deps"]
