"""Load the demo company the way the app does and report the time (target: under 10 s on 2 cores).

    python benchmarks/bench_demo.py

The baseline, measured in the same run, is DuckDB reading the same files' text (CSV) with its
bare read_csv, so the ratio says how much the detection, conversion and checks cost on top.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audits.demo import demo_inputs  # noqa: E402
from audits.store import Store  # noqa: E402


def main() -> None:
    inputs = demo_inputs()
    con = duckdb.connect()
    t0 = time.perf_counter()
    for inp in inputs:
        if inp.path.suffix == ".csv":
            try:
                con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(?, ignore_errors=true)",
                            [str(inp.path)])
            except duckdb.Error:
                pass
    bare = time.perf_counter() - t0
    store = Store(threads=2)
    marks = []
    t0 = time.perf_counter()
    store.add(inputs, progress=lambda f, name: marks.append((time.perf_counter() - t0, f, name)))
    ours = time.perf_counter() - t0
    for table, rows in store.tables().items():
        print(f"  {table:<14} {rows:>9,} rows")
    print(f"progress updates: {len(marks)}")
    print(f"duckdb bare read_csv of the CSV files: {bare:.2f} s")
    print(f"demo company load (all files):         {ours:.2f} s  (target < 10 s)")
    store.close()


if __name__ == "__main__":
    main()
