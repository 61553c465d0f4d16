"""The one partitioning of the warehouse: reporting months."""

import dagster as dg

# Bureaus report monthly; the first partition predates the oldest sample (2021) and 深圳's 2016 split.
monthly_partitions = dg.MonthlyPartitionsDefinition(start_date="2016-01-01", timezone="Asia/Shanghai")

# A backfill of many months is one run: ingestion replaces the whole window, dbt gets it as --vars.
single_run = dg.BackfillPolicy.single_run()
