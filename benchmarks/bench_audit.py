"""The full headless audit of the demo company: load, the 30 checks, results.json (target: < 5 s
on 2 cores).

    python benchmarks/bench_audit.py

Prints each phase and, as a baseline measured in the same run, one bare DuckDB scan of every
canonical table (count and sum of every column), so the ratio says what the metrics cost above
reading the data once.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audits import audit, model  # noqa: E402
from audits.demo import demo_inputs  # noqa: E402
from audits.store import Store  # noqa: E402


def bare_scan(con) -> float:
    cur = con.cursor()
    t0 = time.perf_counter()
    for table, cols in model.TABLES.items():
        exprs = ", ".join(f"count({c.name})" for c in cols)
        cur.execute(f"SELECT count(*), {exprs} FROM {table}").fetchall()
    cur.close()
    return time.perf_counter() - t0


def main() -> None:
    t0 = time.perf_counter()
    store = Store(memory_limit=None, threads=2)
    store.add(demo_inputs())
    load = time.perf_counter() - t0
    merges = {n: s.canonical for s in store.manager_suggestions() for n in s.names if n != s.canonical}
    store.merge_managers(merges)
    merged = time.perf_counter() - t0 - load
    scan = min(bare_scan(store.con) for _ in range(3))
    runs = []
    for _ in range(3):
        t1 = time.perf_counter()
        result = audit.run_store(store, lang="ru")
        runs.append(time.perf_counter() - t1)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "results.json").write_text(json.dumps(audit.to_json(result), ensure_ascii=False))
    write = time.perf_counter() - t1
    best = min(runs)
    total = load + merged + best + write
    print(f"load the demo company:          {load:6.2f} s")
    print(f"merge manager spellings:        {merged:6.2f} s")
    print(f"audit (30 checks, best of 3):   {best:6.2f} s   ({best / scan:,.0f}x one bare scan of every table, "
          f"{scan * 1000:.0f} ms)")
    print(f"write results.json:             {write:6.2f} s")
    print(f"total:                          {total:6.2f} s   (target < 5 s)")
    print(f"checks: {len(result.checks)}, overall score {result.score}")
    store.close()


if __name__ == "__main__":
    main()
