"""A report's text: bytes → str (.txt in UTF-8/GBK/GB18030, .docx), and a cleaned view for parsing.

Provenance is always given in offsets of the *decoded text* (``Document.text``): the characters of
the file as read, nothing removed. Parsing works on a cleaned view (``Document.clean``) in which

* full-width ASCII (０-９, ％, ，, ；, （）...) is folded to ASCII, one character for one, and
* the page markers that document-sharing sites splice into the text are removed: a line break
  followed by the page number and "、" (``…运营管理\\n2、。同时…``, even inside a number:
  ``建设4\\n9、6个避灾场所``), when such markers run 1, 2, 3 ... through the document;

``Document.to_text(i)`` maps a cleaned offset back to the decoded text.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

SUPPORTED_SUFFIXES = (".txt", ".docx")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnsupportedReport(ValueError):
    """The file is not a report the extractor can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Strict decode: a UTF-8 BOM, else UTF-8, else GBK, else GB18030 (never a lossy guess)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnsupportedReport("the text is neither UTF-8, GBK nor GB18030")


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx body (and its tables' cells), one per line."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise UnsupportedReport(f"not a .docx document: {exc}") from exc
    root = ElementTree.fromstring(xml)
    lines = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def _fold(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if o == 0x3000:
        return " "
    return ch


_PAGE_MARKER = re.compile(r"\n[ \t]*(\d{1,3})、")


def _page_markers(text: str) -> list[tuple[int, int]]:
    """Spans of page markers: "\\nN、" whose numbers run 2, 3, 4 ... (the "1、" of the first page may
    follow the site's header on the same line). At least three in sequence, else none."""
    found = [(m.start(), m.end(), int(m.group(1))) for m in _PAGE_MARKER.finditer(text)]
    best: list[tuple[int, int]] = []
    for i, (_s, _e, n) in enumerate(found):
        run = [found[i]]
        want = n + 1
        for f in found[i + 1:]:
            if f[2] == want:
                run.append(f)
                want += 1
        if len(run) > len(best):
            best = [(s, e) for s, e, _n in run]
    if len(best) < 3:
        return []
    # A numbered list starts its items after a finished sentence or a heading; page markers fall
    # anywhere, mostly mid-sentence. Require most of them to interrupt a sentence.
    mid = sum(1 for s, _e in best if s > 0 and text[s - 1] not in "。！？!?:：;；\n")
    return best if mid * 2 >= len(best) else []


@dataclass
class Document:
    """A decoded report and its cleaned view."""

    name: str
    sha256: str
    text: str  # decoded, as read
    encoding: str
    clean: str = ""
    _map: list[int] = field(default_factory=list, repr=False)  # clean offset → text offset

    def __post_init__(self) -> None:
        skip = _page_markers(self.text)
        out: list[str] = []
        mapping: list[int] = []
        j = 0
        for s, e in skip + [(len(self.text), len(self.text))]:
            for i in range(j, s):
                out.append(_fold(self.text[i]))
                mapping.append(i)
            j = e
        self.clean = "".join(out)
        mapping.append(len(self.text))
        self._map = mapping

    def to_text(self, i: int) -> int:
        """Offset in ``text`` of cleaned offset ``i`` (an end offset maps past its last character)."""
        if i <= 0:
            return 0
        if i >= len(self._map) - 1:
            return len(self.text)
        return self._map[i]

    def span_to_text(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_text(start)
            return s, s
        return self.to_text(start), self._map[end - 1] + 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path | str, data: bytes | None = None) -> Document:
    """Read a .txt or .docx report (``data`` overrides reading the file)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedReport(f"{path.name}: only {', '.join(SUPPORTED_SUFFIXES)} reports are read")
    raw = path.read_bytes() if data is None else data
    if suffix == ".docx":
        text, encoding = docx_text(raw), "docx"
    else:
        text, encoding = decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    return Document(name=path.name, sha256=sha256_bytes(raw), text=text, encoding=encoding)


def document_from_text(name: str, text: str) -> Document:
    return Document(name=name, sha256=sha256_bytes(text.encode("utf-8")), text=text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Segmentation of the cleaned text: paragraphs (lines) → sentences (。！？) → clauses (, ; :)
# ---------------------------------------------------------------------------------------------

SENTENCE_END = "。！？!?"
CLAUSE_SEP = ",;:，；：\t"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(clean: str) -> list[Span]:
    """Sentences of the cleaned text: split at 。！？ and line breaks (the stop stays in the sentence)."""
    out = []
    start = 0
    for i, ch in enumerate(clean):
        if ch == "\n":
            if i > start:
                out.append(Span(start, i))
            start = i + 1
        elif ch in SENTENCE_END:
            out.append(Span(start, i + 1))
            start = i + 1
    if start < len(clean):
        out.append(Span(start, len(clean)))
    return [s for s in out if clean[s.start:s.end].strip()]


def clauses(clean: str, sentence: Span) -> list[Span]:
    """Clauses of a sentence: split at commas, semicolons, colons and tabs; parentheses stay whole
    unless they hold a clause separator themselves."""
    out = []
    start = sentence.start
    for i in range(sentence.start, sentence.end):
        if clean[i] in CLAUSE_SEP:
            if clean[i] == "," and 0 < i < len(clean) - 3 and clean[i - 1].isdigit() \
                    and clean[i + 1:i + 4].isdigit():
                continue  # a thousands separator: 2,058
            out.append(Span(start, i))
            start = i + 1
    out.append(Span(start, sentence.end))
    return [c for c in out if c.end > c.start]
