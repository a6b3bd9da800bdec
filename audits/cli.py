"""The headless command line: `python -m audits load INPUT... [--map M.json] [--json]`.

`INPUT` is a file, a folder or a .zip; `table=path` forces the table (`deals=export.xlsx`).
The output of `load --json` is the contract of ../shared/spec/results.md.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from audits import model
from audits.i18n import LANGS, t
from audits.logs import failure


def _parse_input(arg: str):
    from audits.store import Input
    table, sep, path = arg.partition("=")
    if sep and table in model.TABLE_NAMES:
        p = Path(path)
        return Input(name=p.name, path=p, table=table)
    p = Path(arg)
    return Input(name=p.name, path=p)


def _read_map(path: str | None, lang: str) -> dict:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SystemExit(t("cli.bad_map", lang, file=path))
    if not isinstance(data, dict):
        raise SystemExit(t("cli.bad_map", lang, file=path))
    return data


def load_command(args) -> int:
    from audits.store import Store
    mapping = _read_map(args.map, args.lang)
    store = Store(memory_limit=None, threads=2)
    try:
        report = store.add([_parse_input(a) for a in args.inputs], mapping=mapping)
        entries = [{
            "file": f.file, "sheet": f.sheet, "table": f.table, "preset": f.preset, "rows": f.rows,
            "set_aside": f.set_aside, "mapping": f.mapping,
            "messages": [m.text(args.lang) for m in f.messages],
        } for f in store.files]
        entries += [{"file": name, "sheet": None, "table": None, "preset": None, "rows": 0, "set_aside": 0,
                     "mapping": {}, "messages": [msg.text(args.lang)]} for name, msg in report.errors]
        if args.json:
            print(json.dumps({"files": entries}, ensure_ascii=False, indent=2))
        else:
            for e in entries:
                where = e["file"] + (f" [{e['sheet']}]" if e["sheet"] else "")
                table = e["table"] or "?"
                print(f"{where}: {table}" + (f" ({e['preset']})" if e["preset"] else "")
                      + f", {e['rows']} rows, {e['set_aside']} set aside")
                for h, c in e["mapping"].items():
                    print(f"    {h} -> {c}")
                for m in e["messages"]:
                    print(f"    ! {m}")
        return 1 if report.errors else 0
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audits", description="Sales department audit")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="detect and load exports, print what was found")
    load.add_argument("inputs", nargs="+", metavar="INPUT")
    load.add_argument("--map", metavar="MAPPING.json")
    load.add_argument("--json", action="store_true")
    load.add_argument("--lang", choices=LANGS, default="en")
    args = parser.parse_args(argv)
    try:
        return load_command(args)
    except SystemExit:
        raise
    except Exception as e:                 # a plain sentence for the user; the log gets no data
        failure(logging.getLogger(__name__), "load", e)
        print(t("cli.internal", args.lang), file=sys.stderr)
        return 2
