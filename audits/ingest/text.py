"""Text encodings: every text file becomes UTF-8 before DuckDB reads it.

DuckDB reads Windows-1251 only through an extension it would download (safety.md), so the bytes
are transcoded here, in Python, which takes a quarter of a second for 66 MB.
"""
from __future__ import annotations

import codecs
import os
from pathlib import Path

from charset_normalizer import from_bytes

# Encodings Russian and Western exporters actually write, best guess first.
CANDIDATES = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "cp1252", "latin_1"]


def ensure_utf8(path: Path) -> tuple[str, int]:
    """Rewrite `path` as UTF-8 without a BOM when it is anything else.

    Returns (the encoding found, the number of lines that were in another encoding than the
    rest of the file; non-zero only for files that mix encodings).
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
    lines = data.split(b"\n")
    failing = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    non_ascii = sum(1 for line in lines if not line.isascii())
    encoding = guess_single_byte(b"\n".join(lines[i] for i in failing[:2000]))
    if len(failing) * 2 > non_ascii:                      # the whole file is single-byte
        return _rewrite(path, data.decode(encoding, errors="replace"), encoding)
    # A UTF-8 file with some lines pasted from elsewhere: each line in its own encoding.
    for i in failing:
        lines[i] = lines[i].decode(encoding, errors="replace").encode("utf-8")
    _replace(path, b"\n".join(lines))
    return "utf-8", len(failing)


def _replace(path: Path, data: bytes) -> None:
    """Write a new file and rename it over `path`: the original (possibly a hard link to the
    user's own file) is never written into."""
    tmp = path.with_name(path.name + ".utf8")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def guess_single_byte(sample: bytes) -> str:
    match = from_bytes(sample, cp_isolation=CANDIDATES).best()
    return match.encoding if match is not None else "cp1251"


def _rewrite(path: Path, text: str, encoding: str) -> tuple[str, int]:
    _replace(path, text.encode("utf-8"))
    return encoding, 0
