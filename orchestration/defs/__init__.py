"""The Dagster wiring: ingest.py (one asset per contract of every domain), reference/, official/, reports/,
warehouse/ (dbt), quality/ and serving/. The machinery they wire lives beside this package."""
