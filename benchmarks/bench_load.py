"""A generated 1M-row call log to results.json, whole process, against DuckDB's bare read_csv of it.

    python benchmarks/bench_load.py [--rows 1000000] [--repeat 3]

The file is what a telephony export looks like: Russian headers, `;` separators, timestamps
`DD.MM.YYYY HH:MM:SS`, durations in seconds. Two subprocesses are timed (interpreter start and the
duckdb import on both sides):

- ours: `python -m audits run FILE --out DIR --formats json` (reading, detection, type conversion,
  validation with set-aside rows, phones, the checks and results.json);
- bare: a `python -c` that runs `CREATE TABLE t AS SELECT * FROM read_csv(FILE)` in DuckDB.

Prints the best of `--repeat` runs of each and the ratio (target: ours at most 3x the bare load).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 3.0
BARE = "import sys, duckdb; duckdb.connect().execute('CREATE TABLE t AS SELECT * FROM read_csv(?)', [sys.argv[1]])"


def make_calls(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T08:00:00")
    offsets = np.sort(rng.integers(0, 730 * 86400, rows)).astype("timedelta64[s]")
    answered = rng.random(rows) < 0.85
    duration = np.where(answered, rng.gamma(1.5, 120, rows).astype(int) + 1, 0)
    managers = np.array([f"Менеджер {i:02d}" for i in range(12)])
    pl.DataFrame({
        "Дата и время": pl.Series((start + offsets).astype("datetime64[us]")).dt.strftime("%d.%m.%Y %H:%M:%S"),
        "Сотрудник": managers[rng.integers(0, 12, rows)],
        "Тип звонка": np.where(rng.random(rows) < 0.5, "Входящий", "Исходящий"),
        "Номер клиента": [f"7916{n:07d}" for n in rng.integers(0, 9_999_999, rows)],
        "Длительность": duration,
        "Ожидание": rng.integers(0, 40, rows),
        "Статус": np.where(answered, "Успешный", "Пропущенный"),
    }).write_csv(path, separator=";")


def compile_app() -> None:
    """The app's bytecode and parsed texts, made once before timing, as the Dockerfile makes them at
    build time (with PYTHONDONTWRITEBYTECODE set, every run would compile the app again)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "audits"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-c", "from audits.i18n import catalogue; catalogue()"], cwd=ROOT, check=True)


def timed(cmd: list[str], log: Path) -> float:
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        code = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        elapsed = time.perf_counter() - t0
    if code:
        raise SystemExit(f"{cmd[1:3]} failed:\n" + log.read_text(errors="replace")[-4000:])
    return elapsed


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "calls.csv"
        make_calls(path, args.rows)
        compile_app()
        out = work / "out"
        bare = min(timed([sys.executable, "-c", BARE, str(path)], work / "bare.log") for _ in range(args.repeat))
        ours = min(timed([sys.executable, "-m", "audits", "run", str(path), "--out", str(out), "--formats", "json"],
                         work / "audit.log") for _ in range(args.repeat))
        loaded = json.loads((out / "results.json").read_text(encoding="utf-8"))["tables"]["calls"]["rows"]
        assert loaded == args.rows, f"loaded {loaded:,} of {args.rows:,} rows"
        print(f"call log: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB "
              f"(DD.MM.YYYY HH:MM:SS, durations in seconds); best of {args.repeat}")
        print(f"duckdb read_csv into a table (bare): {bare:6.2f} s")
        print(f"audits run -> results.json:          {ours:6.2f} s")
        ratio = ours / bare
        print(f"ratio ours / bare:                   {ratio:6.2f}x  (target <= {TARGET_RATIO:.0f}x: "
              f"{'met' if ratio <= TARGET_RATIO else 'MISSED'})")


if __name__ == "__main__":
    main()
