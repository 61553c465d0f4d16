"""Great Expectations 1.24 on DuckDB: the one patch, applied idempotently before GX is used.

GX 1.24.1 has no DuckDB datasource; we use its generic SQL datasource through duckdb-engine. Its
``SqlAlchemyExecutionEngine.execute_query`` (and ``execute_query_in_transaction``) return the
SQLAlchemy result *after* leaving the ``with self.get_connection()`` block. duckdb-engine drops
a result when its connection closes, so every metric then fails with
``MetricResolutionError: list index out of range``. The patch buffers the rows inside the block
(``Result.freeze()``) in ``_execute_query_with_recovery``, which both call inside the block, and
returns a fresh result over the buffered rows.

great-expectations is pinned exactly (pyproject.toml) because this reaches into its internals;
tests/quality/test_gx_duckdb.py fails when the patch is no longer needed or no longer works.
Importing this module does not import great_expectations: call ``apply()``.
"""

from __future__ import annotations

import os

_PATCHED_FLAG = "_minzheng_duckdb_patch"


def _buffered(result):
    """The rows of a SQLAlchemy result, read now, as a result that no longer needs the connection."""
    if result is None or not getattr(result, "returns_rows", False):
        return result
    return result.freeze()()


def _import_gx_in_a_spawned_worker() -> None:
    """GX imports pyspark.sql.connect, whose dependency check calls sys.exit(0) ("Skipping doctests")
    when __main__ has neither a spec nor a file nor sys.ps1 - the case in the run worker that `dg dev`
    starts with multiprocessing's spawn. Import GX there with sys.ps1 set, so that the check raises the
    ImportError GX expects instead."""
    import sys

    main = sys.modules.get("__main__")
    if "great_expectations" in sys.modules or hasattr(sys, "ps1") or main is None \
            or getattr(main, "__spec__", None) is not None or hasattr(main, "__file__"):
        return
    sys.ps1 = ""
    try:
        import great_expectations  # noqa: F401
    finally:
        del sys.ps1


def apply() -> None:
    """Patch GX's SQL execution engine (idempotent) and turn GX's usage statistics off."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    _import_gx_in_a_spawned_worker()
    from great_expectations.execution_engine import sqlalchemy_execution_engine as sae

    engine_cls = sae.SqlAlchemyExecutionEngine
    if getattr(engine_cls, _PATCHED_FLAG, False):
        return
    # Both execute_query and execute_query_in_transaction call this staticmethod inside their
    # `with self.get_connection()` block: buffering its result there is enough.
    original = engine_cls.__dict__["_execute_query_with_recovery"].__func__

    def _execute_query_with_recovery(connection, query):
        return _buffered(original(connection, query))

    engine_cls._execute_query_with_recovery = staticmethod(_execute_query_with_recovery)
    setattr(engine_cls, _PATCHED_FLAG, True)


def is_applied() -> bool:
    from great_expectations.execution_engine import sqlalchemy_execution_engine as sae

    return bool(getattr(sae.SqlAlchemyExecutionEngine, _PATCHED_FLAG, False))
