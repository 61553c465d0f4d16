"""minzheng-warehouse: the Dagster code location (see docs/architecture.md)."""
