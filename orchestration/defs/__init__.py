"""Per-source definitions: one package per domain, plus reference data and the dbt warehouse."""
