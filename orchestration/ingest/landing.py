"""The landing folder: landing/<domain>/<file>. Which files belong to which extract and month."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.ingest.contract import Contract, domains, load_contracts

SUFFIXES = {".csv", ".xlsx"}
# never deliveries: editors' lock and owner files (~$x.xlsx, .~lock.x.csv#), hidden and system files
# (.DS_Store, ._x.csv from macOS), files being written under a temporary name (x.csv.part, .tmp,
# .crdownload: the bureau's upload renames the file when it is complete) and other suffixes
IGNORED_PREFIXES = (".", "~$", "~")
_MONTH_IN_NAME = re.compile(
    r"(?<!\d)(19\d{2}|20\d{2})(?:年(1[0-2]|0?[1-9])月|[-_.]?(0[1-9]|1[0-2])(?!\d))"
)


@dataclass(frozen=True)
class LandedFile:
    path: Path
    relpath: str  # relative to the landing folder, '/'-separated
    domain: str
    contract: Contract | None  # None: no contract of the folder's domain matches the name (see why_unmatched)
    month: date | None  # None: no reporting month in the name
    candidates: tuple[Contract, ...] = ()  # every contract, of any domain, whose keywords the name contains
    problem: str | None = None  # the file cannot be a delivery whatever its content (a symbolic link)

    def sha256(self) -> str:
        """sha256 of the delivered bytes; of the link's target path for a symbolic link (never followed)."""
        from orchestration.ingest.encoding import file_sha256

        if self.path.is_symlink():
            return hashlib.sha256(os.readlink(self.path).encode()).hexdigest()
        return file_sha256(self.path)

    def why_unmatched(self) -> str:
        """Why a file in landing/<domain>/ belongs to no extract of that domain."""
        elsewhere = [c for c in self.candidates if c.domain != self.domain]
        here = [c for c in self.candidates if c.domain == self.domain]
        if len(here) > 1:
            return f"{self.relpath}: ambiguous file name, matches extracts {', '.join(c.table for c in here)}"
        if elsewhere:
            c = elsewhere[0]
            return (f"{self.relpath}: delivered to the wrong folder: the name says {c.name_zh} "
                    f"({c.table}), which belongs in {c.domain}/")
        keywords = sorted({k for c in load_contracts() if c.domain == self.domain for k in c.file_keywords})
        return f"{self.relpath}: no contract in sources/{self.domain}/ matches the file name (keywords: {', '.join(keywords)})"


def month_from_name(name: str) -> date | None:
    """The last YYYYMM / YYYY-MM / YYYY年M月 in a file name (digits of any width), as the first day of that month."""
    found = _MONTH_IN_NAME.findall(unicodedata.normalize("NFKC", Path(name).stem))  # full-width digits too
    if not found:
        return None
    y, m_zh, m = found[-1]
    return date(int(y), int(m_zh or m), 1)


def scan(landing: Path, domain: str | None = None) -> list[LandedFile]:
    """Every delivered file under landing/<domain>/ (hidden files and other suffixes ignored)."""
    out = []
    contracts = load_contracts()
    for d in domains() if domain is None else (domain,):
        folder = landing / d
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.name.startswith(IGNORED_PREFIXES) or path.suffix.lower() not in SUFFIXES:
                continue
            problem = None
            if path.is_symlink():  # the ledger's sha256 must be of bytes that stay put in the landing folder
                problem = (f"{path.relative_to(landing).as_posix()}: a symbolic link, not a delivered file "
                           f"(points to {os.readlink(path)}): copy the file itself into the landing folder")
            elif not path.is_file():
                continue
            candidates = tuple(c for c in contracts if c.matches_file(path.name))
            here = [c for c in candidates if c.domain == d]
            out.append(LandedFile(
                path=path,
                relpath=path.relative_to(landing).as_posix(),
                domain=d,
                contract=here[0] if len(here) == 1 else None,
                month=month_from_name(path.name),
                candidates=candidates,
                problem=problem,
            ))
    return out


def months_present(landing: Path) -> list[date]:
    return sorted({f.month for f in scan(landing) if f.month and f.contract})
