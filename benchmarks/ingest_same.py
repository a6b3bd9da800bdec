"""What loading reads, as a fingerprint to compare two versions of the importer.

    cd TREE && python /path/to/benchmarks/ingest_same.py OUT.json [--scale DIR] [--only PREFIX]

Loads, with the importer of the current directory, every file under tests/fixtures/, every file and
every folder under ../shared/real-exports/ (each folder also as one upload, so that calls link to
clients), the demo company, and (with --scale) the files of DIR one by one and together. Records
per upload: each piece's table, rows, set-aside rows, source rows, mapping and messages, and an md5
of each canonical table's rows (with `_fid` and `_row`, and without `_row`), of `client_phones` and of
`_rejects`.
Two runs are compared with `diff` or by loading both JSON files.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from audits import model  # noqa: E402
from audits.demo import demo_inputs  # noqa: E402
from audits.store import Input, Store  # noqa: E402

REAL = Path("/work/shared/real-exports")
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
TABLE_FILES = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm", ".parquet", ".zip"}


def digest(store: Store, relation: str) -> list:
    """Rows, an md5 of the rows, and an md5 of the rows without `_row` (a canonical table's row numbers)."""
    rows = "SELECT md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), '')) FROM "
    n = store.con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    cols = [r[0] for r in store.con.execute(f"DESCRIBE {relation}").fetchall()]
    plain = ", ".join(f'"{c}"' for c in cols if c != "_row")
    return [n, store.con.execute(f"{rows} {relation} t").fetchone()[0],
            store.con.execute(f"{rows} (SELECT {plain} FROM {relation}) t").fetchone()[0]]


def fingerprint(inputs: list[Input]) -> dict:
    store = Store(memory_limit=None, threads=2)
    try:
        report = store.add(inputs)
        files = [{"table": f.table, "rows": f.rows, "set_aside": f.set_aside, "source_rows": f.source_rows,
                  "mapping": f.mapping, "label": f.label,
                  "messages": [[m.level, m.key, json.dumps(m.params, ensure_ascii=False, sort_keys=True, default=str)]
                               for m in f.messages]} for f in store.files]
        tables = {t: digest(store, t) for t in model.TABLE_NAMES}
        tables["client_phones"] = digest(store, "client_phones")
        tables["_rejects"] = digest(store, "_rejects")
        return {"files": files, "errors": [[n, m.key] for n, m in report.errors], "tables": tables}
    finally:
        store.close()


def uploads(scale: Path | None) -> list[tuple[str, list[Input]]]:
    out = []
    for p in sorted(FIXTURES.rglob("*")):
        if p.is_file():
            out.append((f"fixtures/{p.relative_to(FIXTURES)}", [Input(p.name, path=p)]))
    for p in sorted(REAL.rglob("*")):
        if p.is_file() and p.suffix.lower() in TABLE_FILES:
            out.append((f"real/{p.relative_to(REAL)}", [Input(p.name, path=p)]))
    for d in sorted(REAL.iterdir()):
        if d.is_dir():
            out.append((f"real-folder/{d.name}", [Input(d.name, path=d)]))
    out.append(("demo", demo_inputs()))
    if scale:
        files = sorted(p for p in scale.iterdir() if p.is_file())
        out += [(f"scale/{p.name}", [Input(p.name, path=p)]) for p in files]
        out.append(("scale/all", [Input(p.name, path=p) for p in files]))
    return out


def main() -> None:
    out = Path(sys.argv[1])
    scale = Path(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else None
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    result = {}
    for name, inputs in uploads(scale):
        if not name.startswith(only):
            continue
        result[name] = fingerprint(inputs)
        print(name, [(f["table"], f["rows"], f["set_aside"]) for f in result[name]["files"]], flush=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
