"""A named corpus of mangled real-format files, built deterministically from tests/fixtures/ and
sample_data/ (amoCRM, Bitrix24, 1C, Asterisk, MANGO, HubSpot exports).

`cases()` returns `Case`s whose ids say what was done to which file ("mango_calls.csv-utf16_lines",
"amocrm_deals.xlsx-sheet_16k_columns", "zip-bomb_100mb"); each is one parametrized test. `expect`
is the message key the case must produce where one is certain (None: any clear message will do).
Cases are the same on every run: each damage draws from `random.Random` seeded by the case id.
"""
from __future__ import annotations

import random
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

from tests.fuzz import mangle
from tests.fuzz.seeds import csv_seeds, rezip, xlsx_seeds


@dataclass(frozen=True)
class Case:
    id: str
    name: str            # the upload's file name
    data: bytes
    expect: str | None = None


def _rnd(case_id: str) -> random.Random:
    return random.Random(zlib.crc32(case_id.encode()))


# Damages to text exports: id -> function(bytes, Random).
TEXT_CASES = {
    "cut_in_half": lambda d, r: d[:len(d) // 2],
    "cut_in_utf8_char": lambda d, r: _cut_inside_char(d),
    "bit_flips": mangle.flip,
    "stray_quotes": lambda d, r: d.replace(b"\n", b'\n"', 3),
    "nul_bytes": lambda d, r: d.replace(b"\n", b"\x00\n", 2),
    "cp1251_lines": lambda d, r: _reencode_every_other(d, "cp1251"),
    "utf16_lines": lambda d, r: _reencode_every_other(d, "utf-16-le"),
    "utf16_whole_with_bom": lambda d, r: d.decode("utf-8", "replace").encode("utf-16"),
    "bom_in_the_middle": lambda d, r: d[:len(d) // 2] + b"\xef\xbb\xbf" + d[len(d) // 2:],
    "field_of_1mb": lambda d, r: d.replace(b"\n", b',"' + b"x" * (1 << 20) + b'"\n', 1),
    "row_of_20k_columns": lambda d, r: b";" * 20000 + b"\n" + d,
    "wrong_values": lambda d, r: mangle.wrong_values(d, r),
    "cr_line_endings": lambda d, r: d.replace(b"\r\n", b"\n").replace(b"\n", b"\r"),
    "only_the_header": lambda d, r: d.split(b"\n", 1)[0],
}


def _cut_inside_char(data: bytes) -> bytes:
    """Cut in the middle of the last multi-byte UTF-8 character (or at the end)."""
    i = max((k for k in range(len(data)) if data[k] >= 0xC0), default=len(data) - 1)
    return data[:i + 1]


def _reencode_every_other(data: bytes, encoding: str) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(line.decode("utf-8", "replace").encode(encoding, "replace") if i % 2 else line
                      for i, line in enumerate(lines))


def _damaged(seeds: dict, damages: dict) -> list[Case]:
    """Every seed damaged every way, each case named `<seed>-<damage>` and seeded by that name."""
    return [Case(f"{name}-{what}", name, damage(data, _rnd(f"{name}-{what}")))
            for name, data in seeds.items() for what, damage in damages.items()]


def text_cases() -> list[Case]:
    return _damaged(csv_seeds(), TEXT_CASES)


# Damages to workbooks: id -> function(parts, Random) -> bytes of the upload.
def _truncate(at: float):
    return lambda parts, r: (lambda b: b[:int(len(b) * at)])(rezip(parts))


def _sheet_xml(fn):
    def damage(parts, r):
        parts = dict(parts)
        for name in mangle.sheet_parts(parts)[:1]:
            parts[name] = fn(parts[name])
        return rezip(parts)
    return damage


def _with(op):
    return lambda parts, r: rezip(op(dict(parts), r))


def _drop(part):
    return lambda parts, r: rezip({k: v for k, v in parts.items() if k != part})


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>'
          + b'<sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>')

XLSX_CASES = {
    "archive_cut_at_half": _truncate(0.5),
    "archive_cut_before_directory": _truncate(0.97),
    "sheet_xml_cut": _sheet_xml(lambda x: x[:len(x) // 2]),
    "sheet_xml_garbage": _sheet_xml(lambda x: x.replace(b"<sheetData>", b"<sheetData>\xff\xfe<&bogus;>", 1)),
    "sheet_xml_not_xml": _sheet_xml(lambda x: b"ID;Name\n1;2\n"),
    "no_shared_strings": _drop("xl/sharedStrings.xml"),
    "no_workbook_rels": _drop("xl/_rels/workbook.xml.rels"),
    "no_workbook": _drop("xl/workbook.xml"),
    "entity_bomb_in_workbook": lambda parts, r: rezip({**parts, "xl/workbook.xml": LAUGHS}),
    "dimension_whole_sheet": _sheet_xml(lambda x: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x)),
    "sheet_16k_columns": lambda parts, r: rezip(mangle.wide_row(dict(parts), _Fixed(1))),
    "formulas": _with(mangle.formulas),
    "merged_cells": _with(mangle.merged),
    "cells_of_wrong_types": _with(mangle.wrong_cells),
    "sheet_outside_the_package": _with(mangle.rels_lie),
    "odd_sheet_names": _with(mangle.sheet_names),
    "sheet_of_200mb_zeros": lambda parts, r: _bomb_sheet(parts),
    "renamed_csv": lambda parts, r: csv_seeds()["calls_utf8.csv"],
}


class _Fixed(random.Random):
    """A Random whose choice() always takes the given index (so a case picks one variant)."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index

    def choice(self, seq):
        return seq[min(self.index, len(seq) - 1)]


def _bomb_sheet(parts: dict[str, bytes]) -> bytes:
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            if name in mangle.sheet_parts(parts)[:1]:
                with zf.open(name, "w", force_zip64=True) as f:
                    f.write(data.replace(b"</sheetData>", b""))
                    for _ in range(200):
                        f.write(b" " * (1 << 20))
                    f.write(b"</sheetData></worksheet>")
            else:
                zf.writestr(name, data)
    return buf.getvalue()


@cache
def workbook_bytes(name: str) -> bytes:
    return rezip(xlsx_seeds()[name])


def xlsx_cases() -> list[Case]:
    return _damaged(xlsx_seeds(), XLSX_CASES)


def zip_cases() -> list[Case]:
    seeds = csv_seeds()
    calls = seeds["calls_utf8.csv"]
    out = [
        Case("zip-bomb_100mb", "export.zip", mangle.bomb(100), "source.zip_too_big"),
        Case("zip-bomb_40mb_one_line", "export.zip", mangle.bomb(40), None),
        Case("zip-bomb_40mb_of_lines", "export.zip", mangle.bomb(40, fill=b"1;2\n"), None),
        Case("zip-zip_in_zip_in_zip", "export.zip", rezip({"a.zip": rezip({"b.zip": rezip({"calls.csv": calls})})}),
             "source.zip_empty"),
        Case("zip-path_traversal", "export.zip", rezip({"../../../../tmp/calls.csv": calls}), None),
        Case("zip-absolute_path", "export.zip", rezip({"/etc/calls.csv": calls}), None),
        Case("zip-no_entries", "export.zip", rezip({}), "source.zip_empty"),
        Case("zip-only_mac_resource_forks", "export.zip",
             rezip({"__MACOSX/._calls.csv": b"\x00\x05\x16\x07", ".DS_Store": b"\x00"}), "source.zip_empty"),
        Case("zip-601_entries", "export.zip", rezip({f"c{i}.csv": b"a\n" for i in range(601)}), "source.zip_too_many"),
        Case("zip-claims_encryption", "export.zip", _encrypted_flag(rezip({"calls.csv": calls})), None),
        Case("zip-cut_before_directory", "export.zip", rezip({"calls.csv": calls})[:-30], None),
        Case("zip-cp866_entry_names", "export.zip", _cp866_names({"звонки.csv": calls}), None),
        Case("zip-250_char_name", "export.zip", rezip({"я" * 250 + ".csv": calls}), None),
        Case("zip-deep_folders", "export.zip", rezip({"a/" * 60 + "calls.csv": calls}), None),
        Case("zip-same_name_twice", "export.zip", _same_name_twice(calls), None),
        Case("zip-workbook_and_csv", "export.zip",
             rezip({"deals.xlsx": workbook_bytes("amocrm_deals.xlsx"), "calls.csv": calls}), None),
        Case("zip-mangled_workbook_inside", "export.zip",
             rezip({"deals.xlsx": workbook_bytes("amocrm_deals.xlsx")[:3000]}), None),
        Case("zip-stored_empty_entry", "export.zip", rezip({"calls.csv": b""}, zipfile.ZIP_STORED), "source.empty"),
    ]
    return out


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit in the local and central headers without encrypting anything."""
    b = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = b.find(sig)
        b[i + off] |= 1
    return bytes(b)


def _cp866_names(files: dict[str, bytes]) -> bytes:
    """Entry names in cp866 without the UTF-8 flag (what old Windows archivers write)."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name.encode("cp866").decode("cp437")), data)
    return buf.getvalue()


def _same_name_twice(data: bytes) -> bytes:
    import io
    import warnings
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("calls.csv", data)
            zf.writestr("calls.csv", data[:40])
    return buf.getvalue()


@cache
def cases() -> list[Case]:
    return text_cases() + xlsx_cases() + zip_cases()
