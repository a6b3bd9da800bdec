"""Text encodings: every text file becomes UTF-8 before DuckDB reads it.

DuckDB reads Windows-1251 only through an extension it would download (safety.md), so the bytes
are transcoded here, in Python, which takes a quarter of a second for 66 MB.
"""
from __future__ import annotations

import codecs
import itertools
import os
from pathlib import Path

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
    if not _has_multibyte(data):
        # Not one UTF-8 character: every non-ASCII line fails, and the whole file is single-byte.
        sample = itertools.islice((line for line in lines if not line.isascii()), 2000)
        encoding = guess_single_byte(b"\n".join(sample))
        return _rewrite(path, data.decode(encoding, errors="replace"), encoding)
    failing, non_ascii = _failing_lines(lines)
    encoding = guess_single_byte(b"\n".join(lines[i] for i in failing[:2000]))
    if len(failing) * 2 > non_ascii:                      # the whole file is single-byte
        return _rewrite(path, data.decode(encoding, errors="replace"), encoding)
    # A UTF-8 file with some lines pasted from elsewhere: each line in its own encoding.
    for i in failing:
        lines[i] = lines[i].decode(encoding, errors="replace").encode("utf-8")
    _replace(path, b"\n".join(lines))
    return "utf-8", len(failing)


# Each byte as its part in UTF-8: ASCII "a", a lead byte of 2, 3 or 4 "2", "3", "4", a continuation
# byte "c", a byte UTF-8 never holds "x". A chunk where no lead byte is followed by its continuation
# bytes holds no multi-byte UTF-8 character, so its failing lines are exactly its non-ASCII ones.
_ROLES = bytes(b"a"[0] if b < 0x80 else b"c"[0] if b < 0xc0 else b"x"[0] if b < 0xc2 else b"2"[0] if b < 0xe0
               else b"3"[0] if b < 0xf0 else b"4"[0] if b < 0xf5 else b"x"[0] for b in range(256))
CHUNK_LINES = 256


def _has_multibyte(chunk: bytes) -> bool:
    """Could `chunk` hold a multi-byte UTF-8 character (a lead byte followed by its continuations)?"""
    roles = chunk.translate(_ROLES)
    return b"2c" in roles or b"3cc" in roles or b"4ccc" in roles


def _failing_lines(lines: list[bytes]) -> tuple[list[int], int]:
    """(indexes of the lines that are not UTF-8, the number of non-ASCII lines). Checked a chunk of
    lines at a time; line by line only in the chunks that mix UTF-8 with other bytes."""
    failing: list[int] = []
    non_ascii = 0
    for start in range(0, len(lines), CHUNK_LINES):
        block = lines[start:start + CHUNK_LINES]
        chunk = b"\n".join(block)
        if chunk.isascii():
            continue
        wide = [start + i for i, line in enumerate(block) if not line.isascii()]
        non_ascii += len(wide)
        if _is_utf8(chunk):
            continue
        if not _has_multibyte(chunk):
            failing += wide
        else:
            failing += [i for i in wide if not _is_utf8(lines[i])]
    return failing, non_ascii


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
    from charset_normalizer import from_bytes   # only for a file that is not UTF-8 (20 ms to import)
    match = from_bytes(sample, cp_isolation=CANDIDATES).best()
    return match.encoding if match is not None else "cp1251"


def _rewrite(path: Path, text: str, encoding: str) -> tuple[str, int]:
    _replace(path, text.encode("utf-8"))
    return encoding, 0
