"""`python -m orchestration.defs.reports FILE...`: the same as `minzheng extract-report FILE...`."""

import sys

from orchestration.defs.reports.cli import main

sys.exit(main())
