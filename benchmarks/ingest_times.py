"""Seconds to load each file of a folder into its own Store, for the importer of the current directory.

    cd TREE && python /path/to/benchmarks/ingest_times.py DIR [--repeat 2] [--profile FILE]

Prints one line per file: its name and the best of `--repeat` loads (`Store.add`, the canonical tables
and phone linking included), in wall and in CPU seconds (the latter less sensitive to a shared machine). With --profile, the cProfile of the first load of FILE, top 25 by own time.
"""
from __future__ import annotations

import cProfile
import pstats
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from audits.store import Input, Store  # noqa: E402


def load(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process, DuckDB's threads included) of one load."""
    store = Store(memory_limit=None, threads=2)
    try:
        t0, c0 = time.perf_counter(), _cpu()
        store.add([Input(name=path.name, path=path)])
        return time.perf_counter() - t0, _cpu() - c0
    finally:
        store.close()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    folder = Path(sys.argv[1])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 2
    if "--profile" in sys.argv:
        path = folder / sys.argv[sys.argv.index("--profile") + 1]
        prof = cProfile.Profile()
        prof.runcall(load, path)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    total = [0.0, 0.0]
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        runs = [load(path) for _ in range(repeat)]
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        total = [total[0] + wall, total[1] + cpu]
        print(f"{path.name:32s} {wall:6.2f} s wall {cpu:6.2f} s CPU", flush=True)
    print(f"{'total':32s} {total[0]:6.2f} s wall {total[1]:6.2f} s CPU")


if __name__ == "__main__":
    main()
