"""`minzheng extract-report` on a report that is not in the corpus (another bureau's wording)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path


from orchestration.reports import cli

FIXTURE = Path(__file__).with_name("fixtures") / "xihu_2022_summary.txt"
REQUIRED = {"document", "region_code", "period_start", "period_end", "time_basis", "indicator_code",
            "indicator_phrase", "value", "unit", "raw_value", "raw_unit", "qualifier", "status", "quote",
            "start", "end"}


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_fixture_is_not_in_the_corpus() -> None:
    corpus = Path(__file__).resolve().parents[2] / "sources" / "reports"
    assert not (corpus / FIXTURE.name).exists()
    assert FIXTURE.read_bytes() not in {p.read_bytes() for p in corpus.glob("*.txt")}


def test_extract_report_prints_claims_as_json_lines(capsys) -> None:
    assert cli.main([str(FIXTURE)]) == 0
    claims = _lines(capsys.readouterr().out)
    assert len(claims) >= 35
    assert all(REQUIRED <= set(c) for c in claims)
    assert {c["region_code"] for c in claims} == {"330106"}  # 西湖区 of 杭州, not of 南昌
    text = FIXTURE.read_text(encoding="utf-8")
    for c in claims:
        assert text[c["start"]:c["end"]] == c["quote"]
    by_quote = {(c["indicator_code"], c["value"]) for c in claims}
    assert ("dibao_persons", 2058.0) in by_quote
    assert ("dibao_amount", 34567800.0) in by_quote
    assert ("tekun_centralized_rate", 0.473) in by_quote
    assert ("elder_longevity_allowance_persons", 32000.0) in by_quote
    assert ("social_groups", 612.0) in by_quote
    assert ("marriage_registrations", 3210.0) in by_quote
    planned = [c for c in claims if c["status"] == "planned"]
    assert {c["indicator_code"] for c in planned} == {"eldercare_day_care_centers", "eldercare_nursing_beds"}
    # not claims: the document number, the meeting count, the award
    assert not [c for c in claims if c["raw_value"] in ("12", "3") and c["raw_unit"] in ("号", "次", "名")]


def test_documents_option_and_other_encodings(tmp_path, capsys) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    gbk = tmp_path / "xihu_gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    docx = tmp_path / "xihu.docx"
    docx.write_bytes(buf.getvalue())
    assert cli.main(["--documents", str(FIXTURE), str(gbk), str(docx)]) == 0
    records = _lines(capsys.readouterr().out)
    docs = [r for r in records if r.get("record") == "document"]
    assert [d["document"] for d in docs] == [FIXTURE.name, gbk.name, docx.name]
    assert [d["encoding"] for d in docs] == ["utf-8", "gbk", "docx"]
    per_doc = {}
    for r in records:
        if r.get("record") != "document":
            per_doc.setdefault(r["document"], []).append((r["indicator_code"], r["value"], r["status"]))
    assert per_doc[FIXTURE.name] == per_doc[gbk.name] == per_doc[docx.name]


def test_unreadable_file_is_reported_not_fatal(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4")
    assert cli.main([str(bad), str(FIXTURE)]) == 2
    out = capsys.readouterr()
    assert "only .txt, .docx" in out.err
    assert _lines(out.out)


def test_module_entry_point() -> None:
    """python -m orchestration.reports works without the console script."""
    r = subprocess.run([sys.executable, "-m", "orchestration.reports", "--mapped-only", str(FIXTURE)],
                       capture_output=True, text=True, check=True)
    claims = _lines(r.stdout)
    assert claims and all(c["indicator_code"] for c in claims)


def test_minzheng_console_subcommand(capsys) -> None:
    from orchestration import cli as minzheng

    code = minzheng.main(["extract-report", str(FIXTURE)])
    assert code == 0
    assert len(_lines(capsys.readouterr().out)) >= 35
