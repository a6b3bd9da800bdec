"""Spreadsheets: typed tables with the row numbers Excel shows, and hostile workbooks refused.

Workbooks are made in the test (openpyxl, xlsxwriter, or zip files written by hand for the
hostile ones). Committed fixtures in tests/fixtures/excel/: orders_1c.xls (made with xlwt 1.3)
and encrypted.xlsx (an openpyxl workbook encrypted with msoffcrypto-tool 6.1, password "secret").
"""
import datetime as dt
import os
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
import pyarrow as pa
import pytest
import xlsxwriter

from audits.ingest.errors import IngestError
from audits.ingest.excel import list_sheets, read_workbook
from audits.ingest.header import find_header_row, header_names

FIX = Path(__file__).resolve().parent / "fixtures" / "excel"


def rows_of(sheet):
    return sheet.table.to_pylist()


def refused(path, name, key, **kw):
    """read_workbook must raise IngestError `key` whose texts name the file in both languages."""
    with pytest.raises(IngestError) as info:
        read_workbook(path, name, **kw)
    msg = info.value.message
    assert msg.key == key, (msg.key, msg.detail)
    for lang in ("en", "ru"):
        assert name in msg.text(lang)
    return msg


# --- header detection ---------------------------------------------------------------------------

def test_header_found_below_1c_title_lines():
    rows = [["Продажи за период 01.01.2024 - 31.01.2024", None, None],
            ["Организация: ООО Ромашка", "", ""],
            [None, None, None],
            ["Клиент", "Дата", "Сумма"],
            ["17850", "05.01.2024", "1 200,50"],
            ["ООО Вектор", "06.01.2024", "300"]]
    assert find_header_row(rows) == 3


def test_headerless_cdr_has_no_header():
    rows = [["", "79161234567", "101", "from-internal", "SIP/101-0001", "Dial",
             "2024-01-05 10:30:00", "2024-01-05 10:30:05", "125", "120", "ANSWERED", "1704450600.1"]] * 5
    assert find_header_row(rows) is None
    assert find_header_row([["1", "2"], ["3", "4"]]) is None
    assert find_header_row([]) is None


def test_header_wider_than_a_two_cell_title_and_plain_first_row():
    rows = [["Период:", "январь 2024"], ["Менеджер", "Клиент", "Сумма", "Дата"], ["Иванов", "A-1", "5", "2024-01-05"]]
    assert find_header_row(rows) == 1
    assert find_header_row([["id", "name"], ["1", "x"]]) == 0


def test_header_names_are_clean_unique_and_never_blank():
    assert header_names(["  Сумма ", "Дата\n оплаты", None, "", "Сумма", "Сумма", 2024.0, "Сумма (2)"]) == [
        "Сумма", "Дата оплаты", "col3", "col4", "Сумма (3)", "Сумма (4)", "2024", "Сумма (2)"]


# --- typed tables ---------------------------------------------------------------------------------

def test_plain_sheet(tmp_path):
    p = tmp_path / "deals.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Сделки"
    ws.append(["ID", "Этап", "Бюджет", "Создана"])
    ws.append([1, "Новая", 1500.5, dt.datetime(2024, 1, 5, 10, 30)])
    ws.append([2, "Успешно", 200, dt.datetime(2024, 2, 1, 9, 0)])
    wb.save(p)
    [sheet] = read_workbook(p, "deals.xlsx")
    assert sheet.sheet == "Сделки" and sheet.header_row == 1
    assert sheet.table.schema == pa.schema([("ID", pa.float64()), ("Этап", pa.string()), ("Бюджет", pa.float64()),
                                            ("Создана", pa.timestamp("ms")), ("_row", pa.int64())])
    assert rows_of(sheet) == [
        {"ID": 1.0, "Этап": "Новая", "Бюджет": 1500.5, "Создана": dt.datetime(2024, 1, 5, 10, 30), "_row": 2},
        {"ID": 2.0, "Этап": "Успешно", "Бюджет": 200.0, "Создана": dt.datetime(2024, 2, 1, 9, 0), "_row": 3}]
    assert list_sheets(p) == ["Сделки"]


def _report_1c(path):
    """Title lines, a blank line, the header in row 5 starting at column B, a blank row inside."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TDSheet"
    ws["B1"] = "Продажи за период 01.01.2024 - 31.01.2024"
    ws["B2"] = "Организация: ООО Ромашка"
    ws["B3"] = "Отбор: Склад = Основной"
    for col, h in zip("BCDE", ["Контрагент", "Дата", "Количество", "Сумма"]):
        ws[f"{col}5"] = h
    ws.append([None, "ООО Вектор", dt.date(2024, 1, 5), 2, 1200.5])          # row 6
    ws.append([])                                                            # row 7 blank
    ws.append([None, "ИП Петров", dt.date(2024, 1, 9), 1, 300])             # row 8
    ws.append([None, "Итого", None, 3, 1500.5])                              # row 9
    wb.save(path)


def test_header_below_title_rows_and_row_numbers_as_excel_shows_them(tmp_path):
    p = tmp_path / "orders.xlsx"
    _report_1c(p)
    [sheet] = read_workbook(p, "orders.xlsx")
    assert sheet.header_row == 5
    assert sheet.table.column_names == ["Контрагент", "Дата", "Количество", "Сумма", "_row"]
    assert rows_of(sheet) == [
        {"Контрагент": "ООО Вектор", "Дата": dt.datetime(2024, 1, 5), "Количество": 2.0, "Сумма": 1200.5, "_row": 6},
        {"Контрагент": "ИП Петров", "Дата": dt.datetime(2024, 1, 9), "Количество": 1.0, "Сумма": 300.0, "_row": 8},
        {"Контрагент": "Итого", "Дата": None, "Количество": 3.0, "Сумма": 1500.5, "_row": 9}]
    # Cross-check against openpyxl: each value sits in the row `_row` names.
    ws = openpyxl.load_workbook(p).active
    for row in rows_of(sheet):
        assert ws.cell(row["_row"], 2).value == row["Контрагент"]
        assert ws.cell(row["_row"], 5).value == row["Сумма"]


def test_table_far_below_the_first_rows_keeps_its_row_numbers(tmp_path):
    p = tmp_path / "late.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(250, 1, "Менеджер")
    ws.cell(250, 2, "Сумма")
    ws.cell(251, 1, "Иванов")
    ws.cell(251, 2, 10)
    wb.save(p)
    [sheet] = read_workbook(p, "late.xlsx")
    assert sheet.header_row == 250
    assert rows_of(sheet) == [{"Менеджер": "Иванов", "Сумма": 10.0, "_row": 251}]


def test_several_sheets_empty_one_skipped_and_sheet_choice(tmp_path):
    p = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "2023"
    wb.active.append(["Клиент", "Сумма"])
    wb.active.append(["A", 1])
    wb.create_sheet("Пусто")
    ws = wb.create_sheet("2024")
    ws.append(["Клиент", "Сумма"])
    ws.append(["B", 2])
    ws.append(["C", 3])
    wb.save(p)
    assert list_sheets(p) == ["2023", "Пусто", "2024"]
    sheets = read_workbook(p, "book.xlsx")
    assert [(s.sheet, s.table.num_rows) for s in sheets] == [("2023", 1), ("2024", 2)]
    assert [s.sheet for s in read_workbook(p, "book.xlsx", sheets=["2024"])] == ["2024"]
    msg = refused(p, "book.xlsx", "excel.no_such_sheet", sheets=["2025"])
    assert "2025" in msg.text("ru") and "“2024”" in msg.text("en")


def test_date_datetime_time_and_duration_cells(tmp_path):
    p = tmp_path / "calls.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Дата", "Начало", "Время", "Длительность", "Разговор"])
    ws.append([dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 10, 30, 15), dt.time(14, 30, 15),
               dt.timedelta(minutes=3, seconds=25), dt.time(0, 3, 25)])
    ws.append([dt.date(2024, 1, 6), dt.datetime(2024, 1, 6, 23, 59, 59), dt.time(9, 0),
               dt.timedelta(hours=30), dt.time(1, 0, 0)])
    wb.save(p)
    [sheet] = read_workbook(p, "calls.xlsx")
    types = dict(zip(sheet.table.column_names, sheet.table.schema.types))
    assert types == {"Дата": pa.timestamp("ms"), "Начало": pa.timestamp("ms"), "Время": pa.duration("ms"),
                     "Длительность": pa.duration("ms"), "Разговор": pa.duration("ms"), "_row": pa.int64()}
    assert rows_of(sheet) == [
        {"Дата": dt.datetime(2024, 1, 5), "Начало": dt.datetime(2024, 1, 5, 10, 30, 15),
         "Время": dt.timedelta(hours=14, minutes=30, seconds=15), "Длительность": dt.timedelta(seconds=205),
         "Разговор": dt.timedelta(seconds=205), "_row": 2},
        {"Дата": dt.datetime(2024, 1, 6), "Начало": dt.datetime(2024, 1, 6, 23, 59, 59),
         "Время": dt.timedelta(hours=9), "Длительность": dt.timedelta(hours=30),
         "Разговор": dt.timedelta(hours=1), "_row": 3}]


def test_text_dates_stay_text_ids_and_mixed_columns(tmp_path):
    p = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Дата", "Клиент", "Код", "Сумма", "Длительность"])
    ws.append(["05.01.2024", 17850, 17850, 100, dt.timedelta(seconds=65)])
    ws.append(["2024-01-06 10:00", "A-17", 17851, "нет данных", "1 мин 5 сек"])
    wb.save(p)
    [sheet] = read_workbook(p, "mixed.xlsx")
    types = dict(zip(sheet.table.column_names, sheet.table.schema.types))
    assert types == {"Дата": pa.string(), "Клиент": pa.string(), "Код": pa.float64(), "Сумма": pa.string(),
                     "Длительность": pa.string(), "_row": pa.int64()}
    got = rows_of(sheet)
    assert [r["Дата"] for r in got] == ["05.01.2024", "2024-01-06 10:00"]
    assert [r["Клиент"] for r in got] == ["17850", "A-17"]
    assert [r["Код"] for r in got] == [17850.0, 17851.0]
    assert [r["Сумма"] for r in got] == ["100", "нет данных"]
    assert got[1]["Длительность"] == "1 мин 5 сек" and got[0]["Длительность"]      # not lost


def test_trailing_empty_columns_and_empty_rows_are_dropped(tmp_path):
    p = tmp_path / "ragged.xlsx"
    wb = xlsxwriter.Workbook(p)
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Клиент", "Сумма", "", "Пустой"])
    ws.write_row(1, 0, ["A", 1])
    ws.write_string(1, 5, "  ")                 # blanks far right: column F has no header, no value
    ws.write_row(3, 0, ["B", 2])                 # row 3 is empty
    ws.write_string(4, 0, " ")                   # row 5 holds only blanks
    ws.write_row(6, 0, ["C", 3])
    wb.close()
    [sheet] = read_workbook(p, "ragged.xlsx")
    assert sheet.table.column_names == ["Клиент", "Сумма", "col3", "Пустой", "_row"]
    assert [(r["Клиент"], r["Сумма"], r["_row"]) for r in rows_of(sheet)] == [("A", 1.0, 2), ("B", 2.0, 4), ("C", 3.0, 7)]


def test_headerless_sheet_gets_positional_names(tmp_path):
    p = tmp_path / "cdr.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])
    ws.append([dt.datetime(2024, 1, 5, 10, 0), "79161234567", 101, 125])
    ws.append([dt.datetime(2024, 1, 5, 11, 0), "79161234568", 102, 0])
    wb.save(p)
    [sheet] = read_workbook(p, "cdr.xlsx")
    assert sheet.header_row is None
    assert sheet.table.column_names == ["col1", "col2", "col3", "col4", "_row"]
    assert rows_of(sheet)[0] == {"col1": dt.datetime(2024, 1, 5, 10, 0), "col2": "79161234567", "col3": 101.0,
                                 "col4": 125.0, "_row": 2}


def _ods(path, rows_xml, name="Лист1"):
    """A minimal OpenDocument spreadsheet (no odfpy here): mimetype, content.xml, manifest."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{name}">{rows_xml}'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def _cell(kind, value):
    attr = {"string": "", "float": f' office:value="{value}"', "date": f' office:date-value="{value}"',
            "time": f' office:time-value="{value}"'}[kind]
    return f'<table:table-cell office:value-type="{kind}"{attr}><text:p>{value}</text:p></table:table-cell>'


def _row(*cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def test_ods(tmp_path):
    p = tmp_path / "calls.ods"
    _ods(p, _row(_cell("string", "Отчёт по звонкам"))
         + _row("<table:table-cell/>")
         + _row(_cell("string", "Начало"), _cell("string", "Длительность"), _cell("string", "Сумма"))
         + _row(_cell("date", "2024-01-05T10:30:00"), _cell("time", "PT00H03M25S"), _cell("float", "12.5"))
         + '<table:table-row table:number-rows-repeated="2"><table:table-cell '
           'table:number-columns-repeated="3"/></table:table-row>'
         + _row(_cell("date", "2024-01-06"), _cell("time", "PT01H00M00S"), _cell("float", "7")))
    assert list_sheets(p) == ["Лист1"]
    [sheet] = read_workbook(p, "calls.ods")
    assert sheet.header_row == 3
    assert rows_of(sheet) == [
        {"Начало": dt.datetime(2024, 1, 5, 10, 30), "Длительность": dt.timedelta(seconds=205), "Сумма": 12.5, "_row": 4},
        {"Начало": dt.datetime(2024, 1, 6), "Длительность": dt.timedelta(hours=1), "Сумма": 7.0, "_row": 7}]


def test_xls(tmp_path):
    p = tmp_path / "orders.xls"
    p.write_bytes((FIX / "orders_1c.xls").read_bytes())
    assert list_sheets(p) == ["Заказы", "Пусто"]
    [sheet] = read_workbook(p, "orders.xls")
    assert (sheet.sheet, sheet.header_row) == ("Заказы", 4)
    assert rows_of(sheet) == [
        {"Клиент": "17850", "Дата": dt.datetime(2024, 1, 5), "Сумма": 1200.5, "_row": 5},
        {"Клиент": "ООО Вектор", "Дата": dt.datetime(2024, 1, 6), "Сумма": 300.0, "_row": 7}]


# --- bad input ------------------------------------------------------------------------------------

def test_png_renamed_xlsx(tmp_path):
    p = tmp_path / "photo.xlsx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    msg = refused(p, "photo.xlsx", "excel.looks_like")
    assert "PNG" in msg.text("en") and "PNG" in msg.text("ru")


def test_csv_renamed_xlsx(tmp_path):
    p = tmp_path / "export.xlsx"
    p.write_text("id;name\n1;A\n", encoding="utf-8")
    refused(p, "export.xlsx", "excel.looks_like_text")


def test_random_bytes(tmp_path):
    p = tmp_path / "noise.xlsx"
    p.write_bytes(bytes(range(256)) * 20)
    refused(p, "noise.xlsx", "excel.not_workbook")


def test_zip_that_is_not_a_workbook(tmp_path):
    p = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "hello")
    refused(p, "archive.xlsx", "excel.zip_not_workbook")


def test_empty_and_damaged_files(tmp_path):
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    refused(p, "empty.xlsx", "source.empty")
    p = tmp_path / "cut.xlsx"
    _report_1c(p)
    p.write_bytes(p.read_bytes()[:300])
    refused(p, "cut.xlsx", "excel.damaged")
    p = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(p)
    refused(p, "blank.xlsx", "excel.empty")


def _col(n: int) -> str:
    return get_column_letter(n)


def _handmade_xlsx(path, dimension: str, cells: list[tuple[str, str]], compress=True):
    """A minimal .xlsx written by hand: only what calamine needs, with any <dimension> we like."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        r = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(r, []).append(f'<c r="{ref}"><v>{value}</v></c>')
    data = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items()))
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><dimension ref="{dimension}"/>'
            f'<sheetData>{data}</sheetData></worksheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def test_handmade_workbook_reads(tmp_path):
    p = tmp_path / "ok.xlsx"
    _handmade_xlsx(p, "A1:B2", [("A1", "1"), ("B1", "2"), ("A2", "3"), ("B2", "4")])
    [sheet] = read_workbook(p, "ok.xlsx")
    assert sheet.header_row is None and rows_of(sheet)[1] == {"col1": 3.0, "col2": 4.0, "_row": 2}


def test_far_away_cell_is_refused_before_parsing(tmp_path):
    p = tmp_path / "tiny.xlsx"
    _handmade_xlsx(p, "A1:XFD1048576", [("A1", "1"), ("XFD1048576", "2")])
    assert p.stat().st_size < 5000
    start = time.perf_counter()
    msg = refused(p, "tiny.xlsx", "excel.range_too_big")
    assert time.perf_counter() - start < 5      # refused from the declared size, not by parsing
    assert "A1:XFD1048576" in msg.text("en") and "Data" in msg.text("ru")


def test_sparse_sheet_is_refused(tmp_path):
    p = tmp_path / "sparse.xlsx"
    _handmade_xlsx(p, "A1:D1000000", [("A1", "1"), ("D1000000", "2")])
    refused(p, "sparse.xlsx", "excel.sparse")


def test_zip_entry_claiming_2_gb(tmp_path):
    p = tmp_path / "bomb.xlsx"
    _handmade_xlsx(p, "A1:B2", [("A1", "1")], compress=False)
    raw = bytearray(p.read_bytes())
    # Patch the central directory: the sheet entry now claims 2 GB once unpacked.
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46:pos + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", raw, pos + 24, 2 << 30)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    p.write_bytes(bytes(raw))
    assert zipfile.ZipFile(p).getinfo("xl/worksheets/sheet1.xml").file_size == 2 << 30
    refused(p, "bomb.xlsx", "excel.unpacks_too_big")


def test_lying_dimension_ends_in_the_childs_memory_limit(tmp_path):
    p = tmp_path / "liar.xlsx"
    far = f"{_col(3000)}300000"
    _handmade_xlsx(p, "A1:B2", [("A1", "1"), ("B2", "2"), (far, "3")])
    start = time.perf_counter()
    msg = refused(p, "liar.xlsx", "excel.too_complex", memory_mb=512, timeout_s=20)
    assert time.perf_counter() - start < 10
    assert "512" in msg.text("en")


def test_timeout(tmp_path):
    p = tmp_path / "slow.xlsx"
    _report_1c(p)
    msg = refused(p, "slow.xlsx", "excel.timeout", timeout_s=0.01)
    assert "0" in msg.text("ru")


def test_encrypted_workbook(tmp_path):
    p = tmp_path / "secret.xlsx"
    p.write_bytes((FIX / "encrypted.xlsx").read_bytes())
    refused(p, "secret.xlsx", "excel.encrypted")


def test_no_temporary_files_are_left(tmp_path):
    p = tmp_path / "orders.xlsx"
    _report_1c(p)
    read_workbook(p, "orders.xlsx")
    with pytest.raises(IngestError):
        read_workbook(p, "orders.xlsx", timeout_s=0.01)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["orders.xlsx"]


# --- the header scan of a large sheet reads a copy cut to its first rows ------------------------

def _both_ways(path, monkeypatch):
    """A sheet read with the header scan on the cut copy and on the whole workbook (in-process,
    every sheet treated as large): (cut result, whole result, rows in the cut copy's sheet)."""
    import fastexcel

    from audits.ingest import excel
    monkeypatch.setattr(excel, "TOP_MIN_BYTES", 0)
    data = path.read_bytes()
    small = excel._top_rows(data)
    assert small is not None
    with zipfile.ZipFile(__import__("io").BytesIO(small)) as z:
        cut_rows = z.read("xl/worksheets/sheet1.xml").count(b"</row>")
    reader = fastexcel.read_excel(data)
    args = (data, 0, "S", 5_000_000, "xlsx")
    cut = excel._read_sheet(fastexcel, reader, fastexcel.read_excel(small), *args)
    whole = excel._read_sheet(fastexcel, reader, None, *args)
    return cut, whole, cut_rows


def _big_report(path, blank_a_until=0, late_column_at=None, table_at=5):
    """A 1C-like report of 400 lines: a title line (when the table starts near the top), the header
    in row `table_at`, dates, times, numbers and text; column A empty above row `blank_a_until`; one
    cell right of the table at row `late_column_at`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if table_at < 100:
        ws["B1"] = "Продажи за период"
    for col, h in zip("ABCDE", ["Код", "Контрагент", "Дата", "Длительность", "Сумма"]):
        if col != "A" or not blank_a_until:
            ws[f"{col}{table_at}"] = h
    for i in range(400):
        r = table_at + 1 + i
        if r >= blank_a_until:
            ws[f"A{r}"] = i
        ws[f"B{r}"] = f"Клиент {i % 37}"
        ws[f"C{r}"] = dt.datetime(2024, 1, 1) + dt.timedelta(hours=7 * i)
        ws[f"D{r}"] = dt.time(0, i % 60, i % 50)
        ws[f"E{r}"] = round(i * 12.5, 2)
    if late_column_at:
        ws[f"H{late_column_at}"] = "примечание"
    wb.save(path)


@pytest.mark.parametrize("kw", [{}, {"blank_a_until": 300}, {"late_column_at": 350}, {"table_at": 260}],
                         ids=["plain", "column-a-filled-late", "column-added-late", "table-below-the-cut"])
def test_cut_header_scan_reads_as_the_whole_sheet(tmp_path, monkeypatch, kw):
    p = tmp_path / "big.xlsx"
    _big_report(p, **kw)
    cut, whole, cut_rows = _both_ways(p, monkeypatch)
    from audits.ingest.excel import SCAN_ROWS
    assert cut_rows == SCAN_ROWS
    assert cut[1] == whole[1] == kw.get("table_at", 5)
    assert cut[0].equals(whole[0]) and cut[0].num_rows == 400


def test_sheet_rows_out_of_order_are_not_cut(tmp_path, monkeypatch):
    from audits.ingest import excel
    p = tmp_path / "odd.xlsx"
    _handmade_xlsx(p, "A1:A300", [(f"A{r}", str(r)) for r in range(1, 301)])
    with zipfile.ZipFile(p) as z:
        files = {n: z.read(n) for n in z.namelist()}
    sheet = files["xl/worksheets/sheet1.xml"]
    files["xl/worksheets/sheet1.xml"] = sheet.replace(b'<row r="1">', b'<row r="301">', 1)
    with zipfile.ZipFile(p, "w") as z:
        for n, body in files.items():
            z.writestr(n, body)
    monkeypatch.setattr(excel, "TOP_MIN_BYTES", 0)
    assert excel._top_rows(p.read_bytes()) is None
    monkeypatch.setattr(excel, "TOP_MIN_BYTES", 1 << 30)        # no sheet is large: nothing to cut
    assert excel._top_rows(p.read_bytes()) is None
