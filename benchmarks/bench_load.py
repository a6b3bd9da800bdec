"""Load a generated 1M-row call log: our importer vs DuckDB's bare read_csv of the same file.

    python benchmarks/bench_load.py [--rows 1000000]

Prints both times and the ratio (target: ours at most 2x the bare load). Our load includes what
the bare read does not: header and encoding checks, table detection and mapping, type conversion
of every column, validation with set-aside rows, phone normalisation and the staging views.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audits.store import Input, Store  # noqa: E402


def make_calls(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T08:00:00")
    offsets = np.sort(rng.integers(0, 730 * 86400, rows)).astype("timedelta64[s]")
    answered = rng.random(rows) < 0.85
    duration = np.where(answered, rng.gamma(1.5, 120, rows).astype(int) + 1, 0)
    managers = np.array([f"Менеджер {i:02d}" for i in range(12)])
    df = pl.DataFrame({
        "Дата и время": (start + offsets).astype("datetime64[s]").astype(str),
        "Сотрудник": managers[rng.integers(0, 12, rows)],
        "Тип звонка": np.where(rng.random(rows) < 0.5, "Входящий", "Исходящий"),
        "Номер клиента": [f"7916{n:07d}" for n in rng.integers(0, 9_999_999, rows)],
        "Длительность": duration,
        "Ожидание": rng.integers(0, 40, rows),
        "Статус": np.where(answered, "Успешный", "Пропущенный"),
    })
    df = df.with_columns(pl.col("Дата и время").str.replace("T", " "))
    df.write_csv(path, separator=";")


def bare_load(path: Path) -> float:
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute("CREATE TABLE calls AS SELECT * FROM read_csv(?)", [str(path)])
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def our_load(path: Path) -> tuple[float, int]:
    store = Store(memory_limit=None, threads=2)
    t0 = time.perf_counter()
    store.add([Input(name=path.name, path=path)])
    elapsed = time.perf_counter() - t0
    rows = store.tables().get("calls", 0)
    store.close()
    return elapsed, rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "calls.csv"
        make_calls(path, args.rows)
        size = path.stat().st_size / 1e6
        bare = min(bare_load(path) for _ in range(3))
        ours, rows = min(our_load(path) for _ in range(3))
        assert rows == args.rows, f"loaded {rows} of {args.rows} rows"
        print(f"call log: {args.rows:,} rows, {size:.0f} MB")
        print(f"duckdb read_csv (bare): {bare:.2f} s")
        print(f"audits load:            {ours:.2f} s")
        print(f"ratio ours / bare:      {ours / bare:.2f}x  (target <= 2.0x)")


if __name__ == "__main__":
    main()
