"""Run every benchmark in benchmarks/ one after another, print their output, and optionally put the
latest numbers into BENCHMARKS.md.

    python benchmarks/run_all.py [--only scale,load,...] [--write] [--growth N,M] [--workdir DIR]
                                 [--sessions N] [-- extra args for bench_scale]

The benchmarks run one at a time (each is sized for two cores; running them side by side would only
measure the contention). "growth" runs bench_scale's headless audit again at 3M and 10M calls
(`--growth` for other sizes; the extra args for bench_scale apply to it too); its data, about 1.4 GB
at 10M calls, goes to `--workdir` (default: the system's temporary folder) and is deleted after.
"soak" is 200 app sessions in one server (`--sessions` for another number). `--write` replaces, for
each benchmark that ran, the fenced output block under its `<!-- bench:NAME -->` marker in
BENCHMARKS.md, and the machine block under `<!-- bench:machine -->`; the prose around them is left
as written.
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "BENCHMARKS.md"
# name -> the command's arguments after the interpreter (the order is the order they run in)
BENCHES: dict[str, list[str]] = {
    "load": ["benchmarks/bench_load.py"],
    "excel": ["benchmarks/bench_excel.py"],
    "demo": ["benchmarks/bench_demo.py"],
    "audit": ["benchmarks/bench_audit.py"],
    "segments": ["benchmarks/bench_segments.py"],
    "report": ["benchmarks/bench_report.py"],
    "scale": ["benchmarks/bench_scale.py"],
    "growth": ["benchmarks/bench_scale.py", "--skip-pages", "--repeat", "1"],
    "soak": ["benchmarks/bench_soak.py"],
}
GROWTH = "3000000,10000000"


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine() -> str:
    """The machine and software the numbers were measured on (from /proc and the packages)."""
    import duckdb
    import polars
    import streamlit
    mem_kb = _first("/proc/meminfo", "MemTotal")
    mem = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GB" if mem_kb != "unknown" else mem_kb
    cores = sum(1 for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("processor")) \
        if Path("/proc/cpuinfo").exists() else "unknown"
    return "\n".join([
        f"date:     {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"CPU:      {_first('/proc/cpuinfo', 'model name')}, {cores} logical cores",
        f"RAM:      {mem}",
        f"OS:       {platform.platform()}",
        f"Python:   {platform.python_version()}; DuckDB {duckdb.__version__}, polars {polars.__version__}, "
        f"Streamlit {streamlit.__version__}",
    ])


def run(name: str, extra: list[str], args) -> str:
    if name == "scale":
        extra = list(extra)
    elif name == "growth":
        extra = [*extra, "--growth", args.growth] + (["--workdir", args.workdir] if args.workdir else [])
    elif name == "soak":
        extra = ["--sessions", str(args.sessions)] if args.sessions else []
    else:
        extra = []
    cmd = [sys.executable, *BENCHES[name], *extra]
    print(f"\n=== {name}: python {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    # Streamlit's bare-mode warnings are noise, not results.
    out = "\n".join(line for line in proc.stdout.splitlines() if "ScriptRunContext" not in line)
    print(out)
    if proc.returncode:
        print(proc.stderr[-4000:], file=sys.stderr)
        out += f"\n(failed with exit code {proc.returncode})"
    print(f"--- {name}: {time.perf_counter() - t0:.0f} s", flush=True)
    return out


def replace_block(doc: str, name: str, body: str) -> str:
    """The fenced block right after `<!-- bench:NAME -->` becomes `body`."""
    # The closing fence is a line of its own, so an empty block ("```text" then "```") is found
    # too, and a search never runs on into the next section's block.
    pattern = re.compile(rf"(<!-- bench:{re.escape(name)} -->\n```text\n)(?:.*?\n)??(```$)", re.S | re.M)
    if not pattern.search(doc):
        print(f"BENCHMARKS.md has no <!-- bench:{name} --> block; not written", file=sys.stderr)
        return doc
    text = body.rstrip("\n")
    return pattern.sub(lambda m: m.group(1) + (text + "\n" if text else "") + m.group(2), doc, count=1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated names: " + ",".join(BENCHES))
    ap.add_argument("--write", action="store_true", help="update BENCHMARKS.md with this run's output")
    ap.add_argument("--growth", default=GROWTH, metavar="N,M", help=f"calls of the growth runs (default {GROWTH})")
    ap.add_argument("--workdir", metavar="DIR", help="where the growth runs write their data")
    ap.add_argument("--sessions", type=int, help="sessions of the soak (default 200)")
    args, extra = ap.parse_known_args(argv)
    extra = [a for a in extra if a != "--"]
    names = args.only.split(",") if args.only else list(BENCHES)
    if unknown := [n for n in names if n not in BENCHES]:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")
    outputs = {name: run(name, extra, args) for name in names}
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        doc = replace_block(doc, "machine", machine())
        for name, out in outputs.items():
            doc = replace_block(doc, name, out)
        DOC.write_text(doc, encoding="utf-8")
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
