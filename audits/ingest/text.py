"""Text encodings: every text file becomes UTF-8 before DuckDB reads it.

DuckDB reads Windows-1251 only through an extension it would download (safety.md), so the bytes
are transcoded here, in Python, which takes a quarter of a second for 66 MB.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

# Encodings Russian and Western exporters actually write, best guess first.
CANDIDATES = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "latin_1"]
SAMPLE = 1 << 20


def ensure_utf8(path: Path) -> tuple[str, int]:
    """Rewrite `path` as UTF-8 without a BOM when it is anything else.

    Returns (the encoding found, the number of characters that could not be decoded and were
    replaced with U+FFFD; non-zero only for files that mix encodings).
    """
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return _rewrite(path, data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _rewrite(path, data.decode("utf-16", errors="replace"), "utf-16")
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if bad <= max(3, non_ascii // 100):        # UTF-8 with a few stray bytes
        return _rewrite(path, text, "utf-8", bad)
    encoding = guess_single_byte(data[:SAMPLE])
    return _rewrite(path, data.decode(encoding, errors="replace"), encoding)


def guess_single_byte(sample: bytes) -> str:
    match = from_bytes(sample, cp_isolation=CANDIDATES).best()
    return match.encoding if match is not None else "cp1251"


def _rewrite(path: Path, text: str, encoding: str, bad: int | None = None) -> tuple[str, int]:
    path.write_text(text, encoding="utf-8", newline="")
    return encoding, text.count("\ufffd") if bad is None else bad
