"""Detect a delivered CSV's encoding and decode it to UTF-8 in one streaming pass.

DuckDB 2.0 and polars read only UTF-8, and bureaus deliver GBK and GB18030 as well. The rule is
strict and never guesses silently:

* a UTF-8 byte-order mark means UTF-8 (the mark is dropped);
* otherwise the file must decode strictly as UTF-8, else strictly as GBK, else as GB18030;
* a file that is valid UTF-8 for a while (with Chinese text in it) and then is not, is *mixed*
  and rejected: decoding it as GBK would turn the UTF-8 half into mojibake;
* a file that decodes under none of them is rejected, with the line and byte where it failed;
* a file holding a NUL byte is rejected: no text export writes one (UTF-16 from Excel's "Unicode
  text", a binary file, or a copy padded with zeros when its transfer was interrupted).
"""

from __future__ import annotations

import codecs
import re
import hashlib
from dataclasses import dataclass
from pathlib import Path

from orchestration.faults import fault_point

CHUNK = 4 * 1024 * 1024
BOM_UTF8 = codecs.BOM_UTF8
CANDIDATES = ("utf-8", "gbk", "gb18030")
# A GBK file can begin with a byte pair that happens to be valid UTF-8, but not with several
# Chinese characters in a row: this many CJK characters before the first bad byte means "mixed".
MIXED_MIN_CJK = 4
_CJK = re.compile("[\u4e00-\u9fff]")
_CUT_END = {"unexpected end of data", "incomplete multibyte sequence"}


class EncodingRejected(ValueError):
    """The file's bytes are not text in an accepted encoding."""


@dataclass(frozen=True)
class Decoded:
    path: Path  # UTF-8 copy (or the original when it was already plain UTF-8 without a BOM)
    encoding: str  # utf-8, utf-8-sig, gbk, gb18030
    sha256: str
    size: int
    truncated_char: bool = False  # the file ended inside a multi-byte character (dropped)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class _Failure:
    encoding: str
    byte_offset: int
    line: int
    cjk_before: int  # CJK characters decoded before the failure
    cut_end: bool = False  # valid up to the end, where the last character is cut off
    nul: bool = False  # decodes, but holds a NUL character (at byte_offset)


def _try_decode(src: Path, encoding: str, dst: Path | None, skip: int, tolerate_cut_end: bool = False) -> _Failure | None:
    """Decode src strictly; write UTF-8 to dst when given. None on success.

    tolerate_cut_end: a file cut inside its last multi-byte character (a truncated delivery) decodes,
    without those last bytes."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = skip
    line = 1
    cjk = 0
    out = dst.open("w", encoding="utf-8", newline="") if dst else None
    try:
        with src.open("rb") as f:
            f.seek(skip)
            while True:
                chunk = f.read(CHUNK)
                final = not chunk
                try:
                    text = decoder.decode(chunk, final=final)
                except UnicodeDecodeError as exc:
                    if final and exc.reason in _CUT_END:
                        return None if tolerate_cut_end else _Failure(encoding, offset, line, cjk, cut_end=True)
                    good = chunk[: max(exc.start, 0)]
                    cjk += len(_CJK.findall(good.decode(encoding, errors="ignore")))
                    return _Failure(encoding, offset + exc.start, line + good.count(b"\n"), cjk)
                if "\x00" in text:  # text exports never hold NUL: binary, UTF-16 or a zero-padded copy
                    i = text.index("\x00")
                    return _Failure(encoding, offset + len(text[:i].encode(encoding)), line + text[:i].count("\n"),
                                    cjk, nul=True)
                if out is not None and text:
                    out.write(text)
                    fault_point("ingest.decode")
                if chunk:
                    line += chunk.count(b"\n")
                    if encoding == "utf-8" and cjk < MIXED_MIN_CJK:  # only the UTF-8 attempt needs it
                        cjk += len(_CJK.findall(text, 0, 65536))
                    offset += len(chunk)
                if final:
                    return None
    finally:
        if out is not None:
            out.close()


def decode_to_utf8(src: Path, work_dir: Path, sha256: str | None = None) -> Decoded:
    """Return a UTF-8 version of src (see module doc). Raises EncodingRejected.

    sha256: the file's hash when the caller has it already (saves reading the file once more)."""
    sha = sha256 or file_sha256(src)
    size = src.stat().st_size
    with src.open("rb") as f:
        head = f.read(len(BOM_UTF8))
    work_dir.mkdir(parents=True, exist_ok=True)
    dst = work_dir / f"{sha}.utf8.csv"
    if head == BOM_UTF8:
        failure = _try_decode(src, "utf-8", dst, skip=len(BOM_UTF8))
        if failure is None:
            return Decoded(dst, "utf-8-sig", sha, size)
        raise EncodingRejected(
            f"starts with a UTF-8 byte-order mark but is not valid UTF-8 at line {failure.line} "
            f"(byte {failure.byte_offset})"
        )
    utf8 = _try_decode(src, "utf-8", None, skip=0)
    if utf8 is not None and utf8.nul:
        raise EncodingRejected(
            f"holds NUL bytes (the first at line {utf8.line}, byte {utf8.byte_offset}): not a text export, or a "
            "copy padded with zeros by an interrupted transfer; re-send the file")
    if utf8 is None:
        return Decoded(src, "utf-8", sha, size)
    if utf8.cut_end:  # a truncated delivery: decode without the cut character; the reader flags the line
        _try_decode(src, "utf-8", dst, skip=0, tolerate_cut_end=True)
        return Decoded(dst, "utf-8", sha, size, truncated_char=True)
    if utf8.cjk_before >= MIXED_MIN_CJK:
        raise EncodingRejected(
            "mixed encoding: valid UTF-8 with non-ASCII text up to line "
            f"{utf8.line}, then invalid UTF-8 at byte {utf8.byte_offset}; re-export the file in one encoding"
        )
    failures = [utf8]
    for enc in CANDIDATES[1:]:
        failure = _try_decode(src, enc, dst, skip=0)
        if failure is None:
            return Decoded(dst, enc, sha, size)
        if failure.nul:
            dst.unlink(missing_ok=True)
            raise EncodingRejected(f"holds NUL bytes (the first at line {failure.line}, byte {failure.byte_offset}) "
                                   f"when read as {enc}: not a text export; re-send the file")
        if failure.cut_end:
            _try_decode(src, enc, dst, skip=0, tolerate_cut_end=True)
            return Decoded(dst, enc, sha, size, truncated_char=True)
        failures.append(failure)
    dst.unlink(missing_ok=True)
    detail = "; ".join(f"not {f.encoding} at line {f.line} (byte {f.byte_offset})" for f in failures)
    raise EncodingRejected(f"not text in UTF-8, GBK or GB18030: {detail}")
