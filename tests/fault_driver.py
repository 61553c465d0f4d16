"""Run one piece of the pipeline in a subprocess for the kill tests (tests/test_faults.py).

  python -m tests.fault_driver ingest WAREHOUSE LANDING START END   every extract, as the ingestion assets do
  python -m tests.fault_driver publish WAREHOUSE SERVING            publish the marts to a serving copy
  python -m tests.fault_driver export SERVING DIR                   export a serving copy as Parquet

MINZHENG_FAULT_AT in the environment decides where the process is killed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path


def main(argv: list[str]) -> int:
    cmd = argv[0]
    if cmd == "ingest":
        import duckdb

        from orchestration import settings
        from orchestration.ingest.contract import load_contracts
        from orchestration.ingest.load import ingest_window
        from orchestration.ingest.pseudonymise import pseudonym_key

        warehouse, landing = Path(argv[1]), Path(argv[2])
        start, end = date.fromisoformat(argv[3]), date.fromisoformat(argv[4])
        con = duckdb.connect(str(warehouse))
        for contract in load_contracts():
            ingest_window(con, contract, landing, start, end, key=pseudonym_key(),
                          work_dir=settings.work_dir(warehouse), run_id="fault_driver")
        con.close()
    elif cmd == "publish":
        import duckdb

        from orchestration.serving import publish_serving

        con = duckdb.connect(argv[1])
        publish_serving(con, Path(argv[2]), run_id="fault_driver")
        con.close()
    elif cmd == "export":
        from orchestration.serving import export_parquet

        export_parquet(Path(argv[1]), Path(argv[2]))
    else:
        raise SystemExit(f"unknown command {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
