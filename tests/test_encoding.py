from pathlib import Path

import pytest

from orchestration.ingest.encoding import EncodingRejected, decode_to_utf8

TEXT = "属地区划代码,姓名\n371324001,张三\n371324002,李四\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        # 𠮷 is outside GBK: only GB18030 can carry it
        ((TEXT + "371324003,𠮷\n").encode("gb18030"), "gb18030"),
    ],
)
def test_detects_and_decodes(tmp_path: Path, data: bytes, expected: str) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(data)
    decoded = decode_to_utf8(src, tmp_path / "work")
    assert decoded.encoding == expected
    text = decoded.path.read_text(encoding="utf-8")
    assert text.startswith("属地区划代码,姓名\n371324001,张三")
    assert "\ufeff" not in text


def test_mixed_utf8_then_gbk_is_rejected_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "mixed.csv"
    src.write_bytes(TEXT.encode("utf-8") + "371324003,王五\n".encode("gbk"))
    with pytest.raises(EncodingRejected, match=r"mixed encoding: valid UTF-8 .* up to line 4"):
        decode_to_utf8(src, tmp_path / "work")


def test_binary_garbage_is_rejected_not_guessed(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(EncodingRejected, match="not text in UTF-8, GBK or GB18030"):
        decode_to_utf8(src, tmp_path / "work")
    assert not list((tmp_path / "work").glob("*")), "no half-decoded work file is left behind"


def test_bom_with_invalid_utf8_is_rejected(tmp_path: Path) -> None:
    src = tmp_path / "bom.csv"
    src.write_bytes(b"\xef\xbb\xbf" + "区划代码\n".encode("utf-8") + "张三\n".encode("gbk"))
    with pytest.raises(EncodingRejected, match="byte-order mark but is not valid UTF-8 at line 2"):
        decode_to_utf8(src, tmp_path / "work")
