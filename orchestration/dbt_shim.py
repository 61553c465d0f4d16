"""`minzheng-dbt`: dbt, dying with the process that started it.

The warehouse's dbt steps run this instead of `dbt` (orchestration/project.dbt_executable). Before
dbt starts, it asks Linux to SIGKILL it when its parent dies (procguard.die_with_parent), so a run
killed from outside (SIGKILL, the OOM killer) does not leave a dbt process writing the warehouse
and holding DuckDB's file lock. If the parent died before the request took effect (the process was
already handed to a reaper), it exits at once with status 143.
Everything else is `dbt` itself: the same arguments, output and exit status.
"""

from __future__ import annotations

import os
import sys

from orchestration.procguard import ARMED_NAME, die_with_parent, set_name


def main() -> int:
    parent = os.getppid()
    if die_with_parent():
        set_name(ARMED_NAME)  # what ps shows from here on, and the sign that the signal is armed
    orphaned = parent == 1 or os.getppid() != parent
    if orphaned:
        print("minzheng-dbt: the process that started dbt is gone; not starting", file=sys.stderr)
        return 143
    from dbt.cli.main import cli

    sys.argv[0] = "dbt"
    return cli()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
