"""Write the auditor report (and the GX Data Docs) of a warehouse: used by the asset and the CLI."""

from __future__ import annotations

from pathlib import Path


def default_report_path(warehouse: Path) -> Path:
    return Path(warehouse).parent / "quality_report.html"


def write_auditor_report(warehouse: Path, out: Path | None = None, data_docs: bool = True) -> tuple[Path, Path | None]:
    """The HTML report at `out` (default: quality_report.html beside the warehouse) and the Data Docs index."""
    from orchestration.quality.report import write_report
    from orchestration.quality.runner import data_docs_index

    warehouse = Path(warehouse).resolve()
    docs = data_docs_index(warehouse) if data_docs else None
    path = write_report(warehouse, out or default_report_path(warehouse), data_docs=docs)
    return path, docs
