"""Deterministic sample deliveries for the five report places.

``generate_samples(out_dir, seed)`` writes ``out_dir/<domain>/<code>_<place>_<keyword>_<YYYYMM>.<csv|xlsx>``
for every extract contract in ``sources/``: the files look like the bureaus' exports (their
encodings, header variants, units and sheet layouts) and reproduce the figures of the seed
reports exactly (see ``tests/test_samples.py``). The same seed gives byte-identical files.

Importing the package has no side effects; the township codes are read from
``dbt_project/seeds/region_townships.csv`` when the samples are generated.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["generate_samples", "DEFAULT_SEED"]

DEFAULT_SEED = 2021


def generate_samples(out_dir: Path, seed: int = DEFAULT_SEED, townships_csv: Path | None = None) -> list[Path]:
    """Write every sample file under ``out_dir`` and return their paths, sorted."""
    from . import assistance, eldercare, funeral, organization
    from .places import AREAS, load_townships

    out_dir = Path(out_dir)
    townships = load_townships(townships_csv)
    missing = [p.code for a in AREAS for p in a.places if p.code not in townships]
    if missing:
        raise ValueError(f"no townships in the seed for {missing}")
    paths: list[Path] = []
    for area in AREAS:
        for module in (assistance, eldercare, funeral, organization):
            paths.extend(module.generate(out_dir, area, townships, seed))
    return sorted(paths)
