"""The evaluation set (issue 17 point 4): 16 real reports not in the seeds, scored like the seeds.

Documents: tests/reports/eval/*.txt (sources and what was dropped: tests/reports/eval/README.md).
Gold: tests/reports/gold_eval/*.yaml, one per document, in the seed gold's format plus ``doc_class``
(county, city, province, national), ``source``, ``title`` and, on unmapped claims, ``phrase``.
Pairing and the truth of a pair are gold_scoring's: a claim is right when its figure overlaps the
annotated one and code, status, qualifier, unit and value agree (code null for a figure the catalog
has no indicator for). This module only groups the per-document scores by class and hold-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.reports import gold_scoring as gs

EVAL_DIR = Path(__file__).with_name("eval")
EVAL_GOLD_DIR = Path(__file__).with_name("gold_eval")
DOC_CLASSES = ("county", "city", "province", "national")


def eval_gold() -> list[gs.Gold]:
    return [gs.load_gold(p, EVAL_DIR) for p in sorted(EVAL_GOLD_DIR.glob("*.yaml"))]


@dataclass
class Row:
    label: str
    documents: int
    gold: int
    predicted: int
    tp: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


def _row(label: str, scores: list[gs.Score]) -> Row:
    return Row(label, len(scores), sum(s.gold for s in scores), sum(s.predicted for s in scores),
               sum(s.tp for s in scores))


def by_class(golds: list[gs.Gold], scores: list[gs.Score]) -> list[Row]:
    """One row per (subset, class): all, development, hold-out; then each class within each."""
    cls = {g.document: g.doc_class for g in golds}
    rows = []
    for subset, keep in (("all", lambda s: True), ("development", lambda s: not s.holdout),
                         ("hold-out", lambda s: s.holdout)):
        part = [s for s in scores if keep(s)]
        rows.append(_row(f"{subset}", part))
        for c in DOC_CLASSES:
            rows.append(_row(f"{subset} / {c}", [s for s in part if cls[s.document] == c]))
    return rows


def table(rows: list[Row]) -> str:
    lines = [f"{'subset / class':<26}{'docs':>5}{'gold':>6}{'pred':>6}{'tp':>5}{'precision':>11}{'recall':>8}"]
    lines += [f"{r.label:<26}{r.documents:>5}{r.gold:>6}{r.predicted:>6}{r.tp:>5}{r.precision:>11.3f}{r.recall:>8.3f}"
              for r in rows]
    return "\n".join(lines)


def document_table(golds: list[gs.Gold], scores: list[gs.Score]) -> str:
    cls = {g.document: g.doc_class for g in golds}
    lines = [f"{'document':<34}{'class':<10}{'hold-out':<9}{'gold':>6}{'pred':>6}{'tp':>5}{'precision':>11}{'recall':>8}"]
    lines += [f"{s.document:<34}{cls[s.document]:<10}{'yes' if s.holdout else 'no':<9}{s.gold:>6}{s.predicted:>6}"
              f"{s.tp:>5}{s.precision:>11.3f}{s.recall:>8.3f}" for s in scores]
    return "\n".join(lines)
