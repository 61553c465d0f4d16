"""Small builders for test inputs (identity numbers with real check digits, delivered files)."""

from __future__ import annotations

from pathlib import Path

from orchestration.ingest.transform import ID_CHECK, ID_WEIGHTS


def id_number(first17: str) -> str:
    """A GB 11643 identity number with the correct check character."""
    s = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return first17 + ID_CHECK[s % 11]


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8", bom: bool = False, eol: str = "\r\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (eol.join(rows) + eol).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path
