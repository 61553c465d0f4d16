"""Which delivered files are the same delivery: duplicates and corrected re-deliveries.

* **Duplicate**: the same bytes (sha256) for the same reporting month as a file already taken in
  this window. Not loaded again; ledger status ``duplicate``. (An unchanged month-end snapshot is
  byte-identical to last month's and is a delivery of its own: the month is part of the key.)
* **Re-delivery**: two accepted files of one extract and one reporting month whose names are the
  same once the month and any correction marker are removed — ``371324_兰陵县_低保特困发放花名册_202112.csv``
  and ``371324_兰陵县_低保特困发放花名册_202112_更正.csv`` (or ``…(2).csv``, ``…_v2.csv``, ``…重报…``).
  The name is the bureaus' convention ``<division code>_<place>_<extract keyword>_<YYYYMM>``, so the
  identity is extract × place × month, and a county that splits an extract into several files
  (one per township, say) keeps them apart by name. The later file wins; the earlier one gets
  ledger status ``superseded`` (reason names the file that replaced it) and none of its rows stay
  in raw. "Later" is: the higher correction number in the name (no marker 0, 更正/重报/修正 1,
  更正2 / v3 / (3) that number), then the newer modification time, then the name. A rejected
  correction supersedes nothing: the earlier accepted file stays loaded.

Everything happens inside the window's load transaction, so the switch is atomic: a reader sees
the old file's rows or the new file's rows, never both, never neither.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from orchestration.ingest.landing import _MONTH_IN_NAME

_MARKER = re.compile(
    r"[\s_\-—.]*(?:[(（\[【]\s*)?"
    r"(?:(?:更正|修正|修订|订正|重报|重新上报|补正|corrected|correction|revised|rev|v|第)\s*(\d*)\s*(?:版|次)?"
    r"|(\d+))"
    r"\s*(?:[)）\]】])?\s*$",
    re.IGNORECASE,
)


def _strip_markers(stem: str, keep_some: bool) -> tuple[str, int]:
    """(stem without trailing correction markers, the correction number). keep_some: never strip to ''."""
    revision = 0
    while stem:
        m = _MARKER.search(stem)
        if not m or m.end() == m.start() or (keep_some and m.start() == 0):
            return stem, revision
        marker_text = m.group(0)
        number = m.group(1) or m.group(2)
        if m.group(2) is not None and not re.search(r"[(（\[【]", marker_text):
            return stem, revision  # a bare trailing number is part of the name (a month, a code)
        revision = max(revision, int(number) if number else 1)
        stem = stem[: m.start()]
    return stem, revision


def delivery_identity(name: str) -> tuple[str, int]:
    """(the name's delivery identity, its correction number) — see the module doc."""
    stem = unicodedata.normalize("NFKC", Path(name).stem)
    found = list(_MONTH_IN_NAME.finditer(stem))
    revision = 0
    if found:
        m = found[-1]
        before, after = stem[: m.start()], stem[m.end():]
        after, revision = _strip_markers(after, keep_some=False)
        stem = before + "{month}" + after
    else:
        stem, revision = _strip_markers(stem, keep_some=True)
    return re.sub(r"[\s_\-—.]+", "_", stem).strip("_"), revision
