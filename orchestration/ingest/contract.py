"""Extract contracts (sources/<domain>/<extract>.yaml): loading, validation and header matching."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orchestration import settings
from orchestration.ingest.fieldtypes import FIELD_TYPES

LINEAGE_COLUMNS = {
    "_source_file": "VARCHAR",
    "_file_sha256": "VARCHAR",
    "_row_number": "BIGINT",
    "_reporting_month": "DATE",
    "_loaded_at": "TIMESTAMP",
}


class ContractError(ValueError):
    """A contract file is malformed."""


@dataclass(frozen=True)
class Field:
    name: str
    label_zh: str
    headers: tuple[str, ...]
    type: str
    required: bool = False
    values: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    unit_factors: dict[str, float] = field(default_factory=dict)
    unit_column: str | None = None
    pii: str | None = None  # None | "drop" | "pseudonymise"
    pseudonym_column: str | None = None

    @property
    def stored_name(self) -> str | None:
        """Column name in raw, or None when the field is never stored."""
        if self.pii == "drop":
            return None
        if self.pii == "pseudonymise":
            return self.pseudonym_column
        return self.name

    @property
    def duckdb_type(self) -> str:
        """Raw column type (a pseudonym is text whatever the delivered type)."""
        return "VARCHAR" if self.pii == "pseudonymise" else FIELD_TYPES[self.type].duckdb

    @property
    def polars_type(self):
        """Type of the field in the typed frame (before pseudonymisation)."""
        return FIELD_TYPES[self.type].polars


@dataclass(frozen=True)
class Contract:
    domain: str
    extract: str
    name_zh: str
    description: str
    file_keywords: tuple[str, ...]
    fields: tuple[Field, ...]
    month_column: str | None
    unique_key: tuple[str, ...]
    path: Path
    # the unique key holds across all files of a reporting month, not only within one file: a row
    # whose key another file of the month also delivers is quarantined at ingestion (load.py)
    unique_across_files: bool = False

    @property
    def table(self) -> str:
        return f"{self.domain}__{self.extract}"

    @property
    def qualified_table(self) -> str:
        return f"raw.{self.table}"

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def field_named(self, name: str) -> Field:
        """The field a unique_key entry names, by field name or stored column (person_pseudonym → id_number)."""
        for f in self.fields:
            if name in (f.name, f.stored_name):
                return f
        raise KeyError(name)

    def stored_columns(self) -> dict[str, str]:
        """Raw table columns (name → DuckDB type), contract fields first, then lineage."""
        cols = {f.stored_name: f.duckdb_type for f in self.fields if f.stored_name}
        cols.update(LINEAGE_COLUMNS)
        return cols

    def matches_file(self, file_name: str) -> bool:
        return any(k in file_name for k in self.file_keywords)


def normalise_header(text: object) -> str:
    """Width-fold (NFKC: full-width brackets, digits), drop whitespace and line breaks."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", s)


def _parse_field(raw: dict, where: str) -> Field:
    try:
        name = raw["name"]
        ftype = raw["type"]
    except KeyError as exc:
        raise ContractError(f"{where}: field without {exc}") from None
    if ftype not in FIELD_TYPES:
        raise ContractError(f"{where}: field {name}: unknown type {ftype!r}")
    pii = raw.get("pii")
    if pii not in (None, "drop", "pseudonymise"):
        raise ContractError(f"{where}: field {name}: pii must be drop or pseudonymise")
    if pii == "pseudonymise" and not raw.get("pseudonym_column"):
        raise ContractError(f"{where}: field {name}: pseudonymise needs pseudonym_column")
    if ftype == "enum" and not raw.get("values"):
        raise ContractError(f"{where}: enum field {name} needs values")
    label = raw.get("label_zh") or name
    headers = tuple(dict.fromkeys([label, *raw.get("headers", [])]))
    return Field(
        name=name,
        label_zh=label,
        headers=headers,
        type=ftype,
        required=bool(raw.get("required", False)),
        values=tuple(raw.get("values", ()) or ()),
        synonyms={str(k): str(v) for k, v in (raw.get("synonyms") or {}).items()},
        min=raw.get("min"),
        max=raw.get("max"),
        unit=raw.get("unit"),
        unit_factors={str(k): float(v) for k, v in (raw.get("unit_factors") or {}).items()},
        unit_column=raw.get("unit_column"),
        pii=pii,
        pseudonym_column=raw.get("pseudonym_column"),
    )


def load_contract(path: Path) -> Contract:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = str(path)
    for key in ("domain", "extract", "fields", "file_keywords"):
        if key not in raw:
            raise ContractError(f"{where}: missing key {key!r}")
    fields = tuple(_parse_field(f, where) for f in raw["fields"])
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise ContractError(f"{where}: duplicate field names")
    stored = {f.stored_name for f in fields}
    for col in [raw.get("month_column"), *(raw.get("unique_key") or [])]:
        if col and col not in names and col not in stored:
            raise ContractError(f"{where}: {col!r} is not a field")
    if raw.get("unique_across_files") and not raw.get("unique_key"):
        raise ContractError(f"{where}: unique_across_files needs a unique_key")
    for f in fields:
        if f.unit_column and f.unit_column not in names:
            raise ContractError(f"{where}: unit_column {f.unit_column!r} of {f.name} is not a field")
    return Contract(
        domain=raw["domain"],
        extract=raw["extract"],
        name_zh=raw.get("name_zh", raw["extract"]),
        description=" ".join(str(raw.get("description", "")).split()),
        file_keywords=tuple(raw["file_keywords"]),
        fields=fields,
        month_column=raw.get("month_column"),
        unique_key=tuple(raw.get("unique_key") or ()),
        path=path,
        unique_across_files=bool(raw.get("unique_across_files", False)),
    )


@functools.cache
def domains(sources_dir: Path | None = None) -> tuple[str, ...]:
    """The business-extract domains: the folders of sources/ that hold extract contracts (*.yaml), sorted.

    The one list of domains. sources/ also has folders that hold no contract and so are no domain:
    official/ (published statistical forms, read by orchestration/official/) and reports/ (the work-report
    corpus, read by orchestration/reports/); each keeps a README.md instead. Adding a domain is adding a
    folder here with its contracts (and its dbt models)."""
    base = sources_dir or settings.SOURCES_DIR
    return tuple(sorted(p.name for p in base.iterdir()
                        if p.is_dir() and not p.name.startswith((".", "_")) and any(p.glob("*.yaml"))))


@functools.cache
def load_contracts(sources_dir: Path | None = None) -> tuple[Contract, ...]:
    """Every contract under sources/<domain>/, sorted by domain and extract."""
    base = sources_dir or settings.SOURCES_DIR
    out = []
    for domain in domains(base):
        for path in sorted((base / domain).glob("*.yaml")):
            c = load_contract(path)
            if c.domain != domain:
                raise ContractError(f"{path}: domain {c.domain!r} but the file is in {domain}/")
            out.append(c)
    return tuple(out)


def contracts_for(domain: str) -> tuple[Contract, ...]:
    return tuple(c for c in load_contracts() if c.domain == domain)
