"""The whole ingest of a 200k-row workbook against calamine's bare read of the same sheet.

    python benchmarks/bench_excel.py [--rows 200000] [--repeat 3]

Writes a 200,000-row x 8-column XLSX (datetimes, numbers, text; about 10 MB) into a temporary
folder. Then, in this process, the four below one after another, `--repeat` rounds, best of each (so
that a busy machine slows them alike):

- ours: `Store.add` of the file (what an upload or the command line does): the safety pre-scan of the
  zip (entry sizes, each sheet's declared range), the reader child (calamine through fastexcel, under
  a memory and time limit: the header scan on a copy cut to the first rows, the typed read, the
  Arrow hand-over), the sheet registered in DuckDB, detection, type conversion and validation, the
  canonical table. `read_workbook` alone (pre-scan and child) is shown as well.
- bare: python-calamine's `CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()`, the
  barest read of the sheet with calamine's own Python binding (every cell as a Python value).
  Target: ours at most 1.5x this.
- for reference, fastexcel's `read_excel(path).load_sheet(0).to_arrow()`: the same parser, typed
  straight into Arrow columns (what our reader child runs, without the checks around it).
"""
from __future__ import annotations

import argparse
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
from audits.store import Input, Store  # noqa: E402

TARGET_RATIO = 1.5


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


def rounds(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Best wall time and last result of each function, run in turn `repeat` times."""
    times = {name: float("inf") for name in fns}
    out = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            out[name] = fn()
            times[name] = min(times[name], time.perf_counter() - t0)
    return times, out


def store_add(path: Path) -> int:
    store = Store(memory_limit=None, threads=2)          # as the command line runs it
    try:
        report = store.add([Input(name=path.name, path=path)])
        assert not report.errors, report.errors
        return sum(store.tables().values())
    finally:
        store.close()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    import fastexcel
    import python_calamine
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sales.xlsx"
        t0 = time.perf_counter()
        make_workbook(path, args.rows)
        print(f"wrote {args.rows:,} rows x 8 columns ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - t0:.1f} s; best of {args.repeat} each")
        store_add(path)                                       # warm the OS cache and imports
        times, out = rounds({
            "bare": lambda: python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(),
            "fastexcel": lambda: fastexcel.read_excel(str(path)).load_sheet(0).to_arrow(),
            "read": lambda: read_workbook(path, path.name),
            "ours": lambda: store_add(path),
        }, args.repeat)
        assert out["ours"] == out["fastexcel"].num_rows == out["read"][0].table.num_rows == len(out["bare"]) - 1 \
            == args.rows
        bare, ours = times["bare"], times["ours"]
        print(f"python-calamine to_python() (bare):            {bare:6.2f} s")
        print(f"fastexcel load_sheet().to_arrow() (reference): {times['fastexcel']:6.2f} s")
        print(f"read_workbook (pre-scan, reader child, Arrow): {times['read']:6.2f} s")
        print(f"Store.add (the whole ingest):                  {ours:6.2f} s  ({out['ours']:,} rows)")
        print(f"ratio Store.add / bare:                        {ours / bare:6.2f}x  (target <= {TARGET_RATIO}x: "
              f"{'met' if ours / bare <= TARGET_RATIO else 'MISSED'})")
        print(f"ratio Store.add / fastexcel:                   {ours / times['fastexcel']:6.2f}x")


if __name__ == "__main__":
    main()
