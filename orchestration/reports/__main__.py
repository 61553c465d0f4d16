"""`python -m orchestration.reports FILE...`: the same as `minzheng extract-report FILE...`."""

import sys

from orchestration.reports.cli import main

sys.exit(main())
