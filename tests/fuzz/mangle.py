"""Ways to damage an export, each a pure function of its input and a `random.Random`.

Text files: cut, bit flips, stray quotes/delimiters/NULs, lines re-encoded (cp1251, KOI8-R,
UTF-16) inside a UTF-8 file, BOMs in odd places, an enormous field or line, a very wide row,
typed cells (dates, amounts, durations, phones) replaced by values of the wrong kind.
Workbooks: cut archives, broken or lying XML parts, missing parts, cells of the wrong type,
formulas, merged cells, a row 16,384 columns wide. Archives: odd entry names, nesting, bombs.
"""
from __future__ import annotations

import random
import re
import zipfile

from openpyxl.utils import get_column_letter

from tests.fuzz.seeds import rezip

# Values a typed column should not hold (or holds only at the edge of what is readable).
WRONG_VALUES = [
    "", " ", "-", "—", "N/A", "null", "NULL", "None", "NaN", "nan", "inf", "-inf", "1e999", "-1e999",
    "1e308", "0x1F", "1_000", "١٢٣", "１２３", "12,34,56", "1.234.567,89", "1 234 567,89 ₽", "$-0.00",
    "(1 200)", "99999999999999999999999999999999", "-0", "+-5", "31.02.2024", "2024-13-45", "00.00.0000",
    "29.02.2023", "9999-12-31 23:59:59", "0000-00-00 00:00:00", "1900-01-00", "yesterday", "вчера",
    "2024-03-01T25:61:61", "1712345678901234", "-62135596800", "45000.5", "1e5", "25:61:61", "99:99",
    "-00:01:00", "1 мин -5 сек", "ч:мм:сс", "3 часа", "+7 (916) abc-de-fg", "8 800 555 35 35 доб. 123",
    "+" + "9" * 40, "7" * 300, "=1+1", "=cmd|' /C calc'!A0", "@SUM(A1)", "'; DROP TABLE calls; --",
    "\\N", "\\x00", "\u202e123", "\ufeff2024-03-01", "😀", "\u0000", "a\tb", "a\nb", 'a"b', "a;b,c|d",
]
TOKENS = [b'"', b";", b",", b"\t", b"|", b"\n", b"\r\n", b"\r", b"\x00", b"\xff\xfe", b"\xfe\xff",
          b"\xef\xbb\xbf", b"\xd0", b"\xe2\x80", "Ё".encode("cp1251"), "Ж".encode("koi8_r"),
          b"1e999", b"-1", b"=cmd|' /C calc'!A0", b'""', b"\\", b"\x1a", b"\x85"]
ENCODINGS = ["cp1251", "koi8_r", "cp866", "utf-16-le", "utf-16-be", "utf-16", "latin_1"]


def mangle_text(data: bytes, rnd: random.Random, ops: int | None = None) -> bytes:
    """`ops` random damages (1-6 when not given) applied one after another."""
    for _ in range(ops or rnd.randint(1, 6)):
        data = rnd.choice(TEXT_OPS)(data, rnd)
    return data


def cut(data: bytes, rnd: random.Random) -> bytes:
    return data[:rnd.randrange(len(data) + 1)]


def flip(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
    return bytes(b)


def insert(data: bytes, rnd: random.Random) -> bytes:
    i = rnd.randrange(len(data) + 1)
    return data[:i] + rnd.choice(TOKENS) * rnd.randint(1, 3) + data[i:]


def dup_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    return b"\n".join(lines[:i + 1] + lines[i:i + 1] * rnd.randint(1, 50) + lines[i + 1:])


def drop_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i + rnd.randint(1, 3):])


def reencode_lines(data: bytes, rnd: random.Random) -> bytes:
    """Some lines written in another encoding than the rest (pasted from another export)."""
    lines = data.split(b"\n")
    enc = rnd.choice(ENCODINGS)
    for _ in range(rnd.randint(1, max(1, len(lines) // 3))):
        i = rnd.randrange(len(lines))
        lines[i] = lines[i].decode("utf-8", "replace").encode(enc, "replace")
    return b"\n".join(lines)


def reencode_all(data: bytes, rnd: random.Random) -> bytes:
    enc = rnd.choice(ENCODINGS + ["utf-8-sig", "utf-16", "utf-32"])
    return data.decode("utf-8", "replace").encode(enc, "replace")


def bom(data: bytes, rnd: random.Random) -> bytes:
    """A BOM at the start, or in the middle (files concatenated)."""
    mark = rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
    i = 0 if rnd.random() < 0.5 else rnd.randrange(len(data) + 1)
    return data[:i] + mark + data[i:]


def huge_field(data: bytes, rnd: random.Random) -> bytes:
    """One cell of 100 KB - 1 MB (quoted or not, with or without line breaks inside)."""
    size = rnd.choice([100_000, 300_000, 1_000_000])
    body = rnd.choice([b"x", "Ж".encode(), b"7", b"\n", b" "]) * (size // 2)
    cell = b'"' + body + b'"' if rnd.random() < 0.5 else body.replace(b"\n", b" ")
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    lines[i] = lines[i] + rnd.choice([b",", b";"]) + cell
    return b"\n".join(lines)


def huge_line(data: bytes, rnd: random.Random) -> bytes:
    """A line of thousands of delimiters (a very wide row), or a header that wide."""
    width = rnd.choice([1_000, 5_000, 20_000])
    delim = rnd.choice([b",", b";", b"\t"])
    line = delim.join(b"c%d" % i if rnd.random() < 0.5 else b"" for i in range(width))
    lines = data.split(b"\n")
    lines.insert(rnd.randrange(len(lines) + 1), line)
    return b"\n".join(lines)


def line_endings(data: bytes, rnd: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", rnd.choice([b"\r\n", b"\r", b"\n\n", b"\r\r\n"]))


def wrong_values(data: bytes, rnd: random.Random) -> bytes:
    """Cells of the data rows replaced by values of the wrong kind."""
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    delim = max([";", ",", "\t", "|"], key=lambda d: lines[0].count(d))
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(lines))
        cells = lines[i].split(delim)
        j = rnd.randrange(len(cells))
        value = rnd.choice(WRONG_VALUES)
        cells[j] = '"' + value.replace('"', '""') + '"' if rnd.random() < 0.5 else value
        lines[i] = delim.join(cells)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def swap_delimiter(data: bytes, rnd: random.Random) -> bytes:
    a, b = rnd.sample([b",", b";", b"\t", b"|", b" "], 2)
    return data.replace(a, b)


TEXT_OPS = [cut, flip, insert, dup_lines, drop_lines, reencode_lines, reencode_all, bom, huge_field,
            huge_line, line_endings, wrong_values, swap_delimiter, flip, insert, wrong_values]


# --- workbooks ------------------------------------------------------------------------------------

def sheet_parts(parts: dict[str, bytes]) -> list[str]:
    return sorted(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def mangle_xlsx(parts: dict[str, bytes], rnd: random.Random) -> bytes:
    """A workbook damaged inside (1-3 damages to its parts), or its archive bytes damaged."""
    parts = dict(parts)
    for _ in range(rnd.randint(1, 3)):
        parts = rnd.choice(XLSX_OPS)(parts, rnd)
    data = rezip(parts)
    if rnd.random() < 0.25:
        data = rnd.choice([cut, flip, insert])(data, rnd)
    return data


def _sheet(parts, rnd) -> str:
    return rnd.choice(sheet_parts(parts) or ["xl/worksheets/sheet1.xml"])


def xml_cut(parts, rnd):
    name = rnd.choice(list(parts))
    parts[name] = parts[name][:rnd.randrange(len(parts[name]) + 1)]
    return parts


def xml_garbage(parts, rnd):
    name = rnd.choice([n for n in parts if n.endswith((".xml", ".rels"))])
    data = parts[name]
    i = rnd.randrange(len(data) + 1)
    parts[name] = data[:i] + rnd.choice([b"<", b">", b"&", b"&bogus;", b"\xff\xfe", b"\x00", b"</row>",
                                         b"<c r=\"A1\"><v>", b"]]>", b"<!--", b"\xd0"]) + data[i:]
    return parts


def xml_flip(parts, rnd):
    name = rnd.choice(list(parts))
    parts[name] = flip(parts[name], rnd)
    return parts


def drop_part(parts, rnd):
    parts.pop(rnd.choice(list(parts)))
    return parts


def wrong_cells(parts, rnd):
    """Cells whose type attribute lies about their value, or whose value is absurd."""
    name = _sheet(parts, rnd)
    data = parts.get(name, b"")
    cells = list(re.finditer(rb"<c r=\"[A-Z]+\d+\"[^>]*>(?:<v>[^<]*</v>)?</c>", data))
    for m in rnd.sample(cells, min(len(cells), rnd.randint(1, 10))):
        ref = re.search(rb'r="([A-Z]+\d+)"', m.group(0)).group(1)
        new = rnd.choice([
            b'<c r="%s" t="n"><v>abc</v></c>', b'<c r="%s" s="2"><v>1e308</v></c>', b'<c r="%s" s="2"><v>-5</v></c>',
            b'<c r="%s" t="s"><v>999999</v></c>', b'<c r="%s" t="s"><v>-1</v></c>', b'<c r="%s" t="b"><v>7</v></c>',
            b'<c r="%s" t="e"><v>#DIV/0!</v></c>', b'<c r="%s" t="d"><v>not a date</v></c>',
            b'<c r="%s" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c>', b'<c r="%s" t="zz"><v>1</v></c>',
            b'<c r="%s" s="99999"><v>45000</v></c>', b'<c r="%s" t="str"><v>' + "Ж".encode() * 40000 + b'</v></c>',
        ]) % ref
        data = data.replace(m.group(0), new, 1)
    parts[name] = data
    return parts


def formulas(parts, rnd):
    name = _sheet(parts, rnd)
    data = parts.get(name, b"")
    cells = list(re.finditer(rb"<c r=\"([A-Z]+\d+)\"[^>]*>(<v>[^<]*</v>)?</c>", data))
    for m in rnd.sample(cells, min(len(cells), rnd.randint(1, 6))):
        f = rnd.choice([b"SUM(A1:A3)", b"1/0", b"NOW()", b"A1", b"HYPERLINK(\"http://x\")", b"INDIRECT(\"Z99\")"])
        v = rnd.choice([b"", b"<v>6</v>", b"<v>#REF!</v>"])
        data = data.replace(m.group(0), b'<c r="%s"><f>%s</f>%s</c>' % (m.group(1), f, v), 1)
    parts[name] = data
    return parts


def merged(parts, rnd):
    name = _sheet(parts, rnd)
    data = parts.get(name, b"<worksheet><sheetData/></worksheet>")
    refs = rnd.choice([b"A1:F3", b"A3:C3", b"B2:B40", b"A1:XFD1", b"A1:A1048576", b"C4:A1"])
    block = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % refs
    parts[name] = data.replace(b"</sheetData>", b"</sheetData>" + block, 1)
    return parts


def dimension_lie(parts, rnd):
    name = _sheet(parts, rnd)
    ref = rnd.choice([b"A1:XFD1048576", b"A1:XFD1", b"A1:A1048576", b"A1", b"ZZZZ99999999", b"B2:A1", b""])
    parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', parts.get(name, b""))
    return parts


def wide_row(parts, rnd):
    """A row 16,384 cells wide (A..XFD) at the top or below the data."""
    name = _sheet(parts, rnd)
    r = rnd.choice([1, 2, 60])
    row = b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (col_name(c).encode(), r, c)
                                        for c in range(1, 16385)) + b"</row>"
    data = parts.get(name, b"<worksheet><sheetData></sheetData></worksheet>")
    data = re.sub(rb'<row r="%d"[^>]*>.*?</row>' % r, b"", data, flags=re.S)
    if r == 60:
        data = data.replace(b"</sheetData>", row + b"</sheetData>", 1)
    else:
        data = re.sub(rb"<sheetData>|<sheetData/>", b"<sheetData>" + row, data, count=1)
    parts[name] = data
    return parts


def rels_lie(parts, rnd):
    rels = parts.get("xl/_rels/workbook.xml.rels", b"")
    target = rnd.choice([b"../../../../etc/passwd", b"/xl/worksheets/none.xml", b"worksheets/sheet1.xml#x",
                         b"http://example.com/sheet.xml", b"", b"xl/workbook.xml"])
    parts["xl/_rels/workbook.xml.rels"] = re.sub(rb'Target="worksheets/[^"]*"', b'Target="' + target + b'"', rels,
                                                 count=1)
    return parts


def sheet_names(parts, rnd):
    book = parts.get("xl/workbook.xml", b"")
    name = rnd.choice(["", " ", "a" * 300, "../x", "Лист/1", "<&>", "\u202e", "Sheet1"]).encode()
    name = name.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
    parts["xl/workbook.xml"] = re.sub(rb'<sheet name="[^"]*"', b'<sheet name="' + name + b'"', book)
    return parts


XLSX_OPS = [xml_cut, xml_garbage, xml_flip, drop_part, wrong_cells, wrong_cells, formulas, merged,
            dimension_lie, rels_lie, sheet_names, wrong_cells]


def col_name(n: int) -> str:
    return get_column_letter(n)


# --- archives -------------------------------------------------------------------------------------

ODD_NAMES = ["../../etc/calls.csv", "/abs/calls.csv", "C:\\Users\\x\\calls.csv", "звонки за март.csv",
             "a" * 250 + ".csv", "dir/", "deep/" * 30 + "calls.csv", "__MACOSX/._calls.csv", ".hidden.csv",
             "CALLS.CSV", "calls.csv.exe", "calls.csv ", "calls\x00.csv", "calls.csv", "calls.csv",
             "nested.zip", "export.xlsx", "con.csv", "a/b/../../c.csv", "\u202evsc.exe.csv", "empty.csv"]


def odd_zip(files: dict[str, bytes], rnd: random.Random, depth: int = 0) -> bytes:
    """An archive of `files` under odd names, maybe nested, maybe stored or with an empty entry."""
    import io
    buf = io.BytesIO()
    method = rnd.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
    with zipfile.ZipFile(buf, "w", method) as zf:
        for data in files.values():
            name = rnd.choice(ODD_NAMES)
            if name.endswith(".zip") and depth < 3:
                data = odd_zip({"inner": data}, rnd, depth + 1)
            elif name == "empty.csv":
                data = b""
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            if rnd.random() < 0.2:
                info.flag_bits |= 0x1            # claims to be encrypted
            zf.writestr(info, data)
        if rnd.random() < 0.3:
            zf.comment = rnd.randbytes(rnd.randint(1, 60000))[:65535]
    data = buf.getvalue()
    return rnd.choice([cut, flip, insert])(data, rnd) if rnd.random() < 0.2 else data


def bomb(unpacked_mb: int, name: str = "calls.csv", fill: bytes = b"0") -> bytes:
    """A small archive of one entry that unpacks to `unpacked_mb` MB of `fill`."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open(name, "w", force_zip64=True) as f:
            chunk = fill * (1 << 20)
            for _ in range(unpacked_mb):
                f.write(chunk)
    return buf.getvalue()
