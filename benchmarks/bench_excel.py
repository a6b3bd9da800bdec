"""Time `read_workbook` against pandas.read_excel(engine="openpyxl") on one 200k-row workbook.

    python benchmarks/bench_excel.py [rows]

Writes a 200,000-row x 8-column XLSX (datetimes, numbers, text; about 10 MB) into a temporary
folder, reads it with both, checks they agree on the row count, and prints both times and the
ratio (target: ours at least 4x faster). Our time includes the safety checks, the child process
start (about 0.2 s), two passes of calamine (the header scan and the typed read) and the Arrow
hand-over.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audits.ingest.excel import read_workbook  # noqa: E402


def make_workbook(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Продажи")
    when = wb.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    ws.write_row(0, 0, ["Дата", "Клиент", "Менеджер", "Сумма", "Количество", "Товар", "Регион", "Комментарий"])
    rnd = random.Random(1)
    base = dt.datetime(2024, 1, 1)
    regions = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск"]
    for i in range(1, rows + 1):
        ws.write_datetime(i, 0, base + dt.timedelta(minutes=7 * i), when)
        ws.write_number(i, 1, 10000 + i % 5000)
        ws.write_string(i, 2, f"Менеджер {i % 17}")
        ws.write_number(i, 3, round(rnd.random() * 10000, 2))
        ws.write_number(i, 4, rnd.randint(1, 50))
        ws.write_string(i, 5, f"Товар {i % 300}")
        ws.write_string(i, 6, regions[i % 4])
        ws.write_string(i, 7, f"комментарий {i}")
    wb.close()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    import pandas as pd
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sales.xlsx"
        t0 = time.perf_counter()
        make_workbook(path, rows)
        print(f"wrote {rows:,} rows x 8 columns ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")

        read_workbook(path, path.name)                       # warm the OS cache and imports
        t0 = time.perf_counter()
        [sheet] = read_workbook(path, path.name)
        ours = time.perf_counter() - t0
        print(f"read_workbook:                      {ours:6.2f} s  ({sheet.table.num_rows:,} rows)")

        t0 = time.perf_counter()
        df = pd.read_excel(path, engine="openpyxl")
        theirs = time.perf_counter() - t0
        print(f"pandas.read_excel(engine=openpyxl): {theirs:6.2f} s  ({len(df):,} rows)")
        assert len(df) == sheet.table.num_rows == rows
        print(f"ratio: {theirs / ours:.1f}x faster (target >= 4x)")


if __name__ == "__main__":
    main()
