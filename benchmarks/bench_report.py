"""The report of the demo company in all three formats (target: HTML + PDF + XLSX < 15 s on 2 cores).

    python benchmarks/bench_report.py [ru|en]

Prints the time of each format and of all three together (content and charts built once), against
a baseline measured in the same run: results.json of the same result (to_json + json.dumps), the
cheapest complete rendering of the audit.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audits import audit, report  # noqa: E402
from audits.demo import demo_inputs  # noqa: E402
from audits.store import Store  # noqa: E402

TARGET_S = 15.0


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "ru"
    store = Store(memory_limit=None, threads=2)
    store.add(demo_inputs())
    result = audit.run_store(store, lang=lang)

    t0 = time.perf_counter()
    baseline = len(json.dumps(audit.to_json(result), ensure_ascii=False))
    base_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    files = report.render_all(result, report.FORMATS, lang, store=store)
    all_s = time.perf_counter() - t0

    print(f"baseline results.json: {base_s * 1000:8.1f} ms ({baseline:,} chars)")
    print(f"all three formats:     {all_s * 1000:8.1f} ms  ({all_s / base_s:,.0f}x baseline; target < {TARGET_S:.0f} s: "
          f"{'ok' if all_s < TARGET_S else 'SLOW'})")
    for fmt, data in files.items():
        print(f"  report.{fmt}: {len(data):,} bytes")
    for fmt in report.FORMATS:       # each format alone, charts already converted once above
        t0 = time.perf_counter()
        report.render(result, fmt, lang, store=store)
        print(f"  {fmt} alone (warm chart cache): {(time.perf_counter() - t0) * 1000:8.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
