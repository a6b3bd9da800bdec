"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) as typed Arrow tables, read safely.

A tiny workbook can claim a huge used range (one cell at XFD1048576), and the calamine reader then
allocates the whole range; under a memory cap the process dies with a signal Python cannot catch.
So reading happens in two steps:

1. In this process, without calamine: the file's first bytes say what it is (a PNG renamed .xlsx,
   a CSV, an encrypted Office package are refused with a plain message). For zip-based workbooks
   the entries' declared sizes are checked, and for .xlsx/.xlsm every sheet's
   `<dimension ref="A1:XFD1048576"/>` is read from the first few KB of its XML: a sheet with more
   cells than `max_cells`, or far sparser than its XML size allows, is refused before parsing.
2. In a child process (`python -c` bootstrap -> `_worker_main`) with an address-space limit
   (RLIMIT_AS = `memory_mb`) and a wall-clock timeout: fastexcel (calamine) reads each sheet, the
   header row is found with `find_header_row` among the first rows as text (calamine parses a whole
   sheet on every read, so for a large sheet these come from a copy of the workbook cut after them,
   and the sheet is parsed once, typed), and each sheet is written as an Arrow IPC file
   into a temporary folder beside the input. A child that is killed, runs out of memory or time
   becomes an `IngestError`; this process never runs calamine on an upload.

Types in `SheetData.table`: Excel date and datetime cells -> timestamp[ms]; numbers -> float64;
booleans -> bool; text -> string; Excel duration cells ("[h]:mm:ss") and time columns (every cell a
serial below 60: times of day "14:30:15" or durations formatted "h:mm:ss") -> duration[ms] (time
since midnight for a time of day; DuckDB sees INTERVAL). A column mixing kinds that cannot be
coerced (text and durations) is read as text, its durations then written as calamine renders them
("1899-12-31 00:01:05"); a column mixing dates and text is text with the dates written as ISO
("2024-01-05 10:30:00"). Dates stored as text stay text. `_row` is the row number Excel shows. The
child costs about 0.2 s per workbook (start and imports, numpy and pandas kept out); with `memory_mb`
= 300 it cannot even import pyarrow, 512 works for 200k x 8 cells.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyarrow as pa

from audits.ingest.errors import IngestError
from audits.ingest.header import MAX_COLUMNS, find_header_row, header_names

MAX_ENTRY_BYTES = 500 << 20           # one zip entry may unpack to at most this
MAX_RATIO = 200                       # declared unpacked size / file size beyond which we refuse
RATIO_SLACK = 64 << 20                # ... plus this, so small files with good compression pass
MAX_META_BYTES = 20 << 20             # workbook.xml / its rels larger than this are refused
DIMENSION_HEAD = 16 << 10             # the <dimension> element sits in the first bytes of a sheet
SPARSE_MIN_CELLS = 1_000_000          # a used range below this is never called sparse
SPARSE_CELLS_PER_BYTE = 50            # a used range with more cells per byte of XML is implausible
SCAN_ROWS = 200                       # rows read as text to find the start of the table
HEADER_ROWS = 30                      # rows from the first filled one given to find_header_row
TOP_MIN_BYTES = 4 << 20               # a sheet with more XML than this is scanned from a cut copy ...
TOP_MAX_BYTES = 32 << 20              # ... when its first SCAN_ROWS rows lie within this much

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ROOT = Path(__file__).resolve().parents[2]
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
         "from audits.ingest.excel import _worker_main; sys.exit(_worker_main(sys.argv[2]))")


@dataclass
class SheetData:
    sheet: str
    table: pa.Table             # one column per header (names from header_names), plus "_row"
                                # (int64, the 1-based sheet row number of each data row as Excel
                                # shows it); typed as described in the module docstring; fully
                                # empty rows and trailing fully-empty columns dropped
    header_row: int | None      # 1-based sheet row number of the header, None if headerless
                                # (then columns are col1..colN)


# --- public API ---------------------------------------------------------------------------------

def list_sheets(path: Path) -> list[str]:
    """Names of the workbook's sheets (worksheets only, in workbook order)."""
    path = Path(path)
    kind = _sniff(path, path.name)
    if kind == "xlsx":
        with _open_zip(path, path.name) as zf:
            return [name for name, _ in _xlsx_sheets(zf, path.name)]
    return _run_child({"mode": "list", "path": str(path), "kind": kind}, path, path.name,
                      memory_mb=1024, timeout_s=60)["sheets"]


def read_workbook(path: Path, display_name: str, *, sheets: list[str] | None = None,
                  max_cells: int = 5_000_000, memory_mb: int = 1024, timeout_s: float = 60) -> list[SheetData]:
    """Read every non-empty sheet (or the named ones) of an .xlsx/.xlsm/.xls/.ods file.
    Raises IngestError with a clear message when the file is not a readable workbook, is
    password-protected/encrypted, a sheet is too big or too sparse, or the reader ran out of
    memory/time. Empty sheets are skipped (no error)."""
    path = Path(path)
    kind = _sniff(path, display_name)
    if kind == "xlsx":
        with _open_zip(path, display_name) as zf:
            parts = _xlsx_sheets(zf, display_name)
            known = [name for name, _ in parts]
            _check_requested(sheets, known, display_name)
            for name, part in parts:
                if sheets is None or name in sheets:
                    _check_dimension(zf, name, part, display_name, max_cells)
            if sheets is None:
                sheets = known
    request = {"mode": "read", "path": str(path), "kind": kind, "sheets": sheets, "max_cells": max_cells}
    out_dir = Path(tempfile.mkdtemp(prefix=".xl_", dir=path.parent))
    try:
        request["out"] = str(out_dir)
        result = _run_child(request, path, display_name, memory_mb=memory_mb, timeout_s=timeout_s)
        if "missing" in result:
            _check_requested(sheets, result["sheets"], display_name)
        data = []
        for item in result["read"]:
            with pa.OSFile(item["file"]) as f:
                table = pa.ipc.open_file(f).read_all()
            data.append(SheetData(item["sheet"], table, item["header_row"]))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    if not data:
        raise IngestError("excel.empty", file=display_name)
    return data


# --- checks before any parsing ------------------------------------------------------------------

def _sniff(path: Path, display: str) -> str:
    """'xlsx' | 'xlsb' | 'ods' | 'xls', or IngestError saying what the file is instead."""
    from audits.ingest.sources import _NOT_TABLES, _looks_binary
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as e:
        raise IngestError("source.not_found", detail=str(e), file=display) from None
    if size == 0:
        raise IngestError("source.empty", file=display)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        with _open_zip(path, display) as zf:
            return _zip_kind(zf, path, display)
    if head.startswith(_OLE):
        if _contains(path, _ENCRYPTED_STREAM):
            raise IngestError("excel.encrypted", file=display)
        return "xls"
    for magic, label in _NOT_TABLES:
        if head.startswith(magic):
            raise IngestError("excel.looks_like", file=display, kind=label)
    if not _looks_binary(head):
        raise IngestError("excel.looks_like_text", file=display)
    raise IngestError("excel.not_workbook", file=display)


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the file holds `needle` (an OLE directory entry name), reading in chunks."""
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _open_zip(path: Path, display: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise IngestError("excel.damaged", detail=str(e), file=display) from None


def _zip_kind(zf: zipfile.ZipFile, path: Path, display: str) -> str:
    infos = zf.infolist()
    names = {i.filename for i in infos}
    declared = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    packed = max(path.stat().st_size, 1)
    if biggest > MAX_ENTRY_BYTES or declared > MAX_RATIO * packed + RATIO_SLACK:
        raise IngestError("excel.unpacks_too_big", detail=f"declared {declared} bytes, largest entry {biggest}",
                          file=display, size_mb=declared >> 20, limit_mb=MAX_ENTRY_BYTES >> 20)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names and "content.xml" in names:
        if zf.getinfo("mimetype").file_size < 200 and b"spreadsheet" in zf.read("mimetype"):
            return "ods"
    raise IngestError("excel.zip_not_workbook", file=display)


def _read_small(zf: zipfile.ZipFile, name: str, display: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise IngestError("excel.damaged", detail=f"no {name}", file=display) from None
    if info.file_size > MAX_META_BYTES:
        raise IngestError("excel.damaged", detail=f"{name} declares {info.file_size} bytes", file=display)
    try:
        with zf.open(info) as f:
            return f.read(MAX_META_BYTES + 1)[:MAX_META_BYTES]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise IngestError("excel.damaged", detail=f"{name}: {e}", file=display) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheets(zf: zipfile.ZipFile, display: str) -> list[tuple[str, str]]:
    """(sheet name, zip path of its XML) for each worksheet, in workbook order."""
    try:
        book = ET.fromstring(_read_small(zf, "xl/workbook.xml", display))
        rels = ET.fromstring(_read_small(zf, "xl/_rels/workbook.xml.rels", display))
    except ET.ParseError as e:
        raise IngestError("excel.damaged", detail=f"workbook.xml: {e}", file=display) from None
    targets = {}
    for rel in rels.iter():
        if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath("xl") / target)
            targets[rel.get("Id")] = _normpath(part)
    out = []
    for el in book.iter():
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            if rid in targets:
                out.append((el.get("name", ""), targets[rid]))
    return out


def _normpath(part: str) -> str:
    stack: list[str] = []
    for seg in part.split("/"):
        if seg == "..":
            if stack:
                stack.pop()
        elif seg not in ("", "."):
            stack.append(seg)
    return "/".join(stack)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref\s*=\s*[\"']([A-Za-z$]*\d*(?::[A-Za-z$]*\d*)?)[\"']")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _cell(ref: str) -> tuple[int, int] | None:
    """'B12' -> (row 12, column 2)."""
    m = _REF.match(ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _check_dimension(zf: zipfile.ZipFile, sheet: str, part: str, display: str, max_cells: int) -> None:
    try:
        info = zf.getinfo(part)
        with zf.open(info) as f:
            head = f.read(DIMENSION_HEAD)
    except KeyError:
        raise IngestError("excel.damaged", detail=f"no {part}", file=display) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError) as e:
        raise IngestError("excel.damaged", detail=f"{part}: {e}", file=display) from None
    m = _DIMENSION.search(head)
    if not m:
        return                  # no dimension: the child's memory limit and cell count guard it
    ref = m.group(1).decode("ascii")
    ends = [_cell(r) for r in ref.split(":")]
    if not ends or any(e is None for e in ends):
        return
    (r1, c1), (r2, c2) = ends[0], ends[-1]
    cells = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
    if cells > max_cells:
        raise IngestError("excel.range_too_big", detail=f"dimension {ref}", file=display, sheet=sheet,
                          range=ref, cells=_num(cells), limit=_num(max_cells))
    if cells > SPARSE_MIN_CELLS and cells > SPARSE_CELLS_PER_BYTE * max(info.file_size, 1):
        raise IngestError("excel.sparse", detail=f"dimension {ref}, {info.file_size} bytes of XML",
                          file=display, sheet=sheet, range=ref, cells=_num(cells))


def _check_requested(sheets: list[str] | None, known: list[str], display: str) -> None:
    for name in sheets or []:
        if name not in known:
            raise IngestError("excel.no_such_sheet", file=display, sheet=name,
                              sheets=", ".join(f"“{s}”" for s in known))


def _num(n: int) -> str:
    return f"{n:,}".replace(",", " ")


# --- the child process --------------------------------------------------------------------------

def _run_child(request: dict, path: Path, display: str, *, memory_mb: int, timeout_s: float) -> dict:
    request = {**request, "memory_mb": memory_mb, "cpu_s": int(timeout_s) + 2}
    if request["mode"] == "list":
        out_dir = Path(tempfile.mkdtemp(prefix=".xl_", dir=path.parent))
        request["out"] = str(out_dir)
    else:
        out_dir = None
    try:
        try:
            proc = subprocess.run([sys.executable, "-c", _BOOT, str(_ROOT), json.dumps(request)],
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout_s,
                                  start_new_session=True)
        except subprocess.TimeoutExpired:
            raise IngestError("excel.timeout", detail=f"no answer after {timeout_s} s",
                              file=display, seconds=_num(round(timeout_s))) from None
        result_file = Path(request["out"]) / "result.json"
        stderr = proc.stderr.decode("utf-8", "replace")[-4000:]
        if proc.returncode != 0 or not result_file.exists():
            detail = f"exit {proc.returncode}: {stderr}"
            if proc.returncode == -24:                 # SIGXCPU: the CPU-time limit
                raise IngestError("excel.timeout", detail=detail, file=display, seconds=_num(round(timeout_s)))
            raise IngestError("excel.too_complex", detail=detail, file=display, limit_mb=_num(memory_mb))
        result = json.loads(result_file.read_text(encoding="utf-8"))
    finally:
        if out_dir is not None:
            shutil.rmtree(out_dir, ignore_errors=True)
    error = result.get("error")
    if error:
        params = {"file": display, **result.get("params", {})}
        if error == "excel.too_complex":
            params["limit_mb"] = _num(memory_mb)
        raise IngestError(error, detail=result.get("detail", ""), **params)
    return result


def _worker_main(request_json: str) -> int:
    """Entry point of the child process. Writes result.json (and one .arrow file per sheet)."""
    import resource
    sys.meta_path.insert(0, _NoNumpy())      # pyarrow would import numpy and pandas (0.2-0.4 s)
    request = json.loads(request_json)
    limit = request["memory_mb"] << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = request["cpu_s"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    out = Path(request["out"])
    try:
        result = _work(request, out)
    except MemoryError as e:
        result = {"error": "excel.too_complex", "detail": f"MemoryError {e}"}
    except _Refused as e:
        result = {"error": e.key, "params": e.params, "detail": e.detail}
    except Exception as e:      # noqa: BLE001 - any reader failure becomes a plain message
        text = f"{type(e).__name__}: {e}"
        low = text.lower()
        key = "excel.encrypted" if ("password" in low or "encrypt" in low) else "excel.unreadable"
        result = {"error": key, "detail": text[:4000]}
    tmp = out / "result.json.tmp"
    tmp.write_text(json.dumps(result), encoding="utf-8")
    tmp.rename(out / "result.json")
    return 0


class _NoNumpy:
    """Import hook for the child: neither numpy nor pandas is needed, and pyarrow imports them when
    present."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("numpy", "pandas"):
            raise ModuleNotFoundError(name)
        return None


class _Refused(Exception):
    def __init__(self, key: str, detail: str = "", **params):
        super().__init__(key)
        self.key, self.detail, self.params = key, detail, params


def _work(request: dict, out: Path) -> dict:
    import fastexcel
    data = Path(request["path"]).read_bytes()
    reader = fastexcel.read_excel(data)
    names = list(reader.sheet_names)
    if request["mode"] == "list":
        return {"sheets": names}
    wanted = request["sheets"]
    if wanted is not None and any(w not in names for w in wanted):
        return {"missing": True, "sheets": names, "read": []}
    small = _top_rows(data) if request["kind"] == "xlsx" else None
    top = fastexcel.read_excel(small) if small is not None else None
    read = []
    for idx, name in enumerate(names):
        if wanted is not None and name not in wanted:
            continue
        sheet = _read_sheet(fastexcel, reader, top, data, idx, name, request["max_cells"], request["kind"])
        if sheet is None:
            continue
        table, header_row = sheet
        file = out / f"{idx}.arrow"
        with pa.OSFile(str(file), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        read.append({"sheet": name, "file": str(file), "header_row": header_row})
        del table
    return {"read": read}


def _read_sheet(fastexcel, reader, top, data: bytes, idx: int, name: str, max_cells: int,
                kind: str) -> tuple[pa.Table, int | None] | None:
    """(table, 1-based header row) of one sheet, or None when it is empty. `top` reads the workbook
    cut to its first rows (`_top_rows`), or is None; the header is looked for there first."""
    head = None
    if top is not None:
        try:
            head = _header(top, data, idx, name, cut=True)
        except Exception:       # noqa: BLE001 - the whole sheet is scanned instead, and judged there
            head = None
    if head is None:
        top = None
        head = _header(reader, data, idx, name, cut=False)
        if head is None:
            return None
    width, header_idx, header_cells = head
    data_start = header_idx + 1 if header_idx is not None else 0      # 0-based sheet row index

    cols = [f"c{i}" for i in range(width)]
    as_text: dict[str, str] = {}
    for _ in range(width + 1):
        try:
            table = reader.load_sheet(idx, header_row=None, skip_rows=data_start, column_names=cols,
                                      schema_sample_rows=None, dtype_coercion="coerce",
                                      dtypes=as_text or None).to_arrow()
            break
        except fastexcel.UnsupportedColumnTypeCombinationError as e:
            m = re.search(r"for column (c\d+)", str(e))
            if top is not None and not m:           # a column the cut rows did not reach
                return _read_sheet(fastexcel, reader, None, data, idx, name, max_cells, kind)
            if not m or m.group(1) in as_text:
                as_text = {c: "string" for c in cols}
            else:
                as_text[m.group(1)] = "string"
    else:                                               # pragma: no cover - loop always breaks
        raise RuntimeError("type inference did not settle")
    if top is not None and table.num_columns != width:   # the sheet is wider below the cut rows
        return _read_sheet(fastexcel, reader, None, data, idx, name, max_cells, kind)
    if table.num_rows * table.num_columns > max_cells:
        raise _Refused("excel.too_many_cells", detail=f"{table.num_rows} x {table.num_columns}",
                       sheet=name, cells=_num(table.num_rows * table.num_columns), limit=_num(max_cells))

    fix = (lambda c: _fix_times(_iso_dates(c))) if kind == "ods" else _fix_times
    table = pa.Table.from_arrays([fix(c) for c in table.columns], names=cols)
    table = table.append_column("_row", pa.array(range(data_start + 1, data_start + 1 + table.num_rows),
                                                 pa.int64()))
    table = table.filter(_filled_rows(table, cols)) if table.num_rows else table
    # Trailing columns with neither a header nor a value.
    keep = width
    while keep > 0 and _blank(header_cells[keep - 1]) and _empty_column(table.column(cols[keep - 1])):
        keep -= 1
    if keep == 0:
        return None
    if keep > MAX_COLUMNS:
        raise _Refused("excel.too_many_columns", detail=f"{keep} columns", sheet=name, count=keep, limit=MAX_COLUMNS)
    names = header_names(header_cells[:keep])
    taken = set(names)
    for i, n in enumerate(names):
        if n == "_row":                  # our own column keeps its name
            j = 2
            while f"_row ({j})" in taken:
                j += 1
            names[i] = f"_row ({j})"
            taken.add(names[i])
    table = table.select(cols[:keep] + ["_row"]).rename_columns(names + ["_row"])
    if table.num_rows == 0 and header_idx is None:
        return None
    return table, (None if header_idx is None else header_idx + 1)


def _header(reader, data: bytes, idx: int, name: str, *, cut: bool) -> tuple[int, int | None, list] | None:
    """(width, 0-based header row or None, header cells) of a sheet from its first rows as text, or
    None when it is empty. With `cut` (the reader holds only the sheet's first rows) None also when
    those rows cannot settle it: an empty top, or a refusal (the whole sheet decides both)."""
    # Rows as text from the sheet's row 1 (skip_rows=0 keeps leading blank rows, so the index
    # of a row is its sheet row number minus one).
    scan = reader.load_sheet(idx, header_row=None, skip_rows=0, n_rows=SCAN_ROWS, dtypes="string",
                             dtype_coercion="coerce").to_arrow()
    width = scan.num_columns
    if width == 0:
        return None
    rows = [list(r.values()) for r in scan.to_pylist()]
    if width > MAX_COLUMNS:                 # refuse before typing thousands of columns (slow)
        filled = max((i + 1 for r in rows for i, v in enumerate(r) if not _blank(v)), default=0)
        if filled > MAX_COLUMNS:
            if cut:
                return None
            raise _Refused("excel.too_many_columns", detail=f"{filled} columns", sheet=name, count=filled,
                           limit=MAX_COLUMNS)
    first = next((i for i, r in enumerate(rows) if any(v is not None and v.strip() for v in r)), None)
    if first is None:
        if cut:
            return None
        first = _first_filled_row(data, idx)
        if first is None:
            return None
        rows = [list(r.values()) for r in reader.load_sheet(
            idx, header_row=None, skip_rows=first, n_rows=HEADER_ROWS, dtypes="string").to_arrow().to_pylist()]
        rows = [[None] * width] * first + rows
    k = find_header_row(rows[first:first + HEADER_ROWS])
    header_idx = None if k is None else first + k
    return width, header_idx, (rows[header_idx] if header_idx is not None else [None] * width)


_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*/>")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr\s*=\s*[\"'](\d+)[\"']")
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_WORKSHEET = re.compile(rb"<(\w+:)?worksheet\b")


def _top_rows(data: bytes) -> bytes | None:
    """The .xlsx with each large worksheet cut after its first SCAN_ROWS rows, for the header scan:
    calamine parses a whole sheet on every read, and the scan needs only its top. None when no sheet
    is large, or one is not laid out as expected (the scan then reads the workbook itself)."""
    import io
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {part for _, part in _xlsx_sheets(zf, "")}
            big = {i.filename for i in zf.infolist() if i.filename in parts and i.file_size > TOP_MIN_BYTES}
            if not big:
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as small:
                for info in zf.infolist():
                    body = _sheet_top(zf, info) if info.filename in big else zf.read(info)
                    if body is None:
                        return None
                    small.writestr(info.filename, body)
            return out.getvalue()
    except Exception:           # noqa: BLE001 - the whole workbook is scanned instead, and judged there
        return None


def _sheet_top(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """A sheet's XML up to the end of its SCAN_ROWS-th row, closed; None when the rows are out of
    order or the sheet ends (or TOP_MAX_BYTES pass) before that row."""
    head = bytearray()
    rows = pos = 0
    with zf.open(info) as f:
        while len(head) < TOP_MAX_BYTES and (chunk := f.read(1 << 20)):
            head += chunk
            for m in _ROW_END.finditer(head, pos):
                rows, pos = rows + 1, m.end()
                if rows < SCAN_ROWS:
                    continue
                numbers = [int(n) for n in _ROW_NUMBER.findall(head, 0, pos)]
                data_tag, root = _SHEET_DATA.search(head), _WORKSHEET.search(head)
                if numbers != sorted(set(numbers)) or not data_tag or not root:
                    return None
                return bytes(head[:pos]) + b"</%ssheetData></%sworksheet>" % (data_tag.group(1) or b"",
                                                                              root.group(1) or b"")
    return None


def _first_filled_row(data: bytes, idx: int) -> int | None:
    """0-based sheet row of the first filled cell, when it lies below the scanned rows (rare)."""
    import io

    import python_calamine
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(idx)
    start = sheet.start
    return None if start is None or sheet.height == 0 else start[0]


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _filled(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a cell holds something other than nothing or blanks."""
    import pyarrow.compute as pc
    filled = pc.is_valid(col)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        filled = pc.and_(filled, pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(col), ""), False))
    return filled


def _empty_column(col: pa.ChunkedArray) -> bool:
    import pyarrow.compute as pc
    return len(col) == 0 or not pc.any(_filled(col)).as_py()


def _filled_rows(table: pa.Table, cols: list[str]) -> pa.ChunkedArray:
    import pyarrow.compute as pc
    mask = None
    for c in cols:
        filled = _filled(table.column(c))
        mask = filled if mask is None else pc.or_(mask, filled)
    return mask


_ISO = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$"


def _iso_dates(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """ODS date cells reach us as ISO text ('2024-01-05T10:30:00'): a column of nothing else
    becomes timestamp[ms]. Only used for .ods, where text cells cannot look like that by accident
    as easily (an .xlsx date typed as text stays text)."""
    import pyarrow.compute as pc
    if not pa.types.is_string(col.type) or col.null_count == len(col):
        return col
    if not pc.all(pc.match_substring_regex(col, _ISO)).as_py():
        return col
    try:
        return pc.cast(pc.replace_substring(col, "T", " "), pa.timestamp("ms"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return col


_DAY_MS = 86_400_000
_1899_12_30 = -2_209_161_600_000        # ms since 1970-01-01
_1899_12_31 = _1899_12_30 + _DAY_MS
_1900_03_01 = _1899_12_30 + 61 * _DAY_MS
_1904_01_01 = -2_082_844_800_000
_1904_03_01 = _1904_01_01 + 60 * _DAY_MS


def _fix_times(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """A datetime column whose cells all have serial numbers below 60 (calamine puts serial 0 on
    1899-12-31; 1904-01-01 in the Mac date system) holds times of day or durations formatted as
    times ("h:mm:ss"): it becomes duration[ms] (time since midnight for a time of day). No sales
    date lies before March 1900, so real dates are never touched."""
    if not pa.types.is_timestamp(col.type) or col.null_count == len(col):
        return col
    import pyarrow.compute as pc
    ms = pc.cast(pc.cast(col, pa.timestamp("ms")), pa.int64())
    lo, hi = pc.min_max(ms).values()
    lo, hi = lo.as_py(), hi.as_py()
    if lo >= _1899_12_30 and hi < _1900_03_01:
        base = _1899_12_31 if lo >= _1899_12_31 else _1899_12_30
    elif lo >= _1904_01_01 and hi < _1904_03_01:
        base = _1904_01_01
    else:
        return col
    return pc.cast(pc.subtract(ms, base), pa.duration("ms"))
