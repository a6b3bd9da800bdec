"""The headless command line:

    python -m audits checks [N] [--lang ru|en]
    python -m audits load [INPUT...] [--map M.json] [--json] [--db LOCATION] [--dayfirst | --monthfirst]
    python -m audits run [INPUT...] --out DIR [--map M.json] [--answers A.json] [--set NAME=VALUE ...]
                         [--as-of YYYY-MM-DD] [--lang ru|en] [--formats json,html,pdf,xlsx] [--keep-names]
                         [--company NAME] [--db LOCATION] [--dayfirst | --monthfirst]

`INPUT` is a file, a folder or a .zip; `table=path` forces the table (`deals=export.xlsx`).
`--db` (or env AUDIT_DB) keeps the data in a DuckDB file or a MotherDuck `md:` database instead of
memory; what an earlier `load --db` put there is audited by `run --db` without INPUTs.
`--dayfirst` / `--monthfirst` say how to read dates such as 03/04/2024 in columns where no value
tells day from month (without either, the order usual for the file is taken, with a warning).
The output of `load --json` is the contract of ../shared/spec/results.md.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from pathlib import Path

from audits import model
from audits.hosted import db_location
from audits.i18n import LANGS, t
from audits.logs import failure

# DuckDB's memory for a headless run: beyond it, large joins and sorts spill to the session's folder
# (10M calls stay near this bound instead of growing with the data).
MEMORY_LIMIT = "2GB"


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
    from audits import coverage
    from audits.store import Store
    mapping = _read_map(args.map, args.lang)
    store = Store(memory_limit=MEMORY_LIMIT, threads=2, database=db_location(args.db))
    try:
        report = store.add([_parse_input(a) for a in args.inputs], mapping=mapping, dayfirst=args.dayfirst)
        entries = [{
            "file": f.file, "sheet": f.sheet, "table": f.table, "preset": f.preset, "rows": f.rows,
            "set_aside": f.set_aside, "mapping": f.mapping,
            "messages": [m.text(args.lang) for m in f.messages],
        } for f in store.files]
        entries += [{"file": name, "sheet": None, "table": None, "preset": None, "rows": 0, "set_aside": 0,
                     "mapping": {}, "messages": [msg.text(args.lang)]} for name, msg in report.errors]
        # Tables whose periods do not overlap, columns the checks need that a table lacks (audits.coverage).
        warnings = _unused_map_keys(mapping, store, args.lang) + coverage.warnings(store.con, args.lang)
        if args.json:
            print(json.dumps({"files": entries, "warnings": warnings, "tables": coverage.tables_info(store.con)},
                             ensure_ascii=False, indent=2))
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
            for w in warnings:
                print(f"! {w}")
        return 1 if report.errors else 0
    finally:
        store.close()


def _unused_map_keys(mapping: dict, store, lang: str) -> list[str]:
    from audits.ingest.load import unmatched_map_keys
    return [t("cli.map_unused", lang, name=k) for k in unmatched_map_keys(mapping, store.files)]


FORMATS = ("json", "html", "pdf", "xlsx")


def _read_answers(path: str, lang: str) -> dict:
    """The answers file the app saves, checked as the app checks it."""
    from audits.answers import read
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise SystemExit(t("cli.bad_answers", lang, file=path))
    parsed = read(data, lang)
    if parsed.answers is None:
        raise SystemExit("\n".join([t("cli.bad_answers", lang, file=path), *parsed.errors]))
    return parsed.answers


def _settings(pairs: list[str], lang: str) -> dict:
    from audits.audit import settings_with
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        try:
            out[name.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise SystemExit(t("cli.bad_set", lang, pair=pair))
        if not sep:
            raise SystemExit(t("cli.bad_set", lang, pair=pair))
    try:
        settings_with(out)
    except KeyError as e:
        raise SystemExit(t("cli.unknown_setting", lang, name=e.args[0]))
    return out


def _as_of(value: str | None, lang: str):
    import datetime as dt
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(t("cli.bad_date", lang, value=value))


def _formats(value: str, lang: str) -> list[str]:
    wanted = [f.strip() for f in value.split(",") if f.strip()]
    if unknown := [f for f in wanted if f not in FORMATS]:
        raise SystemExit(t("cli.bad_formats", lang, formats=", ".join(unknown), known=", ".join(FORMATS)))
    return wanted


def _summary(result, lang: str) -> list[str]:
    from audits.checks.base import CATEGORIES
    from audits.audit import score_coverage
    lines = [t("cli.run_score", lang, score=_num(result.score), as_of=result.as_of or "—"),
             "  " + score_coverage(result, lang)]
    lines += ["  ! " + limit.text(lang) for limit in result.limits]
    counts = {v: sum(c.verdict == v for c in result.checks) for v in ("ok", "warning", "critical", "not_assessed")}
    lines.append(t("cli.run_verdicts", lang, **counts))
    lines.append("  " + " · ".join(f"{t('category.' + c, lang)} {_num(result.categories[c])}" for c in CATEGORIES))
    if result.principal:
        lines.append(t("cli.run_principal", lang, text=result.principal["text"]))
    totals = result.money or {}
    if totals.get("flow_per_year") is not None or totals.get("stock") is not None:
        lines.append(t("money.cli_headline", lang, flow=_num(totals.get("flow_per_year"), 0),
                       flow_items=", ".join(map(str, totals.get("flow_checks") or [])) or "—",
                       stock=_num(totals.get("stock"), 0),
                       stock_items=", ".join(map(str, totals.get("stock_checks") or [])) or "—"))
    by_id = {c.id: c for c in result.checks}
    for item in result.plan[:5]:
        c = by_id[item["id"]]
        money = "" if item["money_at_stake"] is None else \
            f" · {_num(item['money_at_stake'], 0)} {t('money.kind.' + c.money_kind, lang)}"
        lines.append(f"  {item['id']:>2}. {item['title']} — {t('verdict.' + item['verdict'], lang)}"
                     f" ({_num(item['score'])}){money}")
        if c.money_formula:      # the arithmetic and the basis beside the figure
            lines.append("      " + t("money.formula_label", lang, formula=c.money_formula))
            lines.append("      " + t("money.basis_label", lang, basis=c.money_basis))
    return lines


def _num(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}".replace(",", "\u00a0")


def _write_reports(result, formats: list[str], lang: str, store, out: Path, company: str = "") -> bool:
    """DIR/report.html, report.pdf, report.xlsx; a format that fails is said and skipped (True)."""
    if not formats:
        return False
    from audits import report as R
    try:
        docs = R.render_all(result, formats, lang, store=store, company=company)
    except Exception as e:
        failure(logging.getLogger(__name__), "report", e)
        print(t("report.cli_failed", lang, fmt=", ".join(formats)), file=sys.stderr)
        return True
    for fmt, data in docs.items():
        (out / f"report.{fmt}").write_bytes(data)
    return False


def readable_json(value) -> str:
    """JSON with one line per entry of the top two levels (a check, a metric, a setting) and anything
    deeper on that line: as easy to read as indent=2 and written by the C encoder (indent makes json
    use its pure-Python one, 30 ms for a large audit instead of 7)."""
    def dumps(v):
        return json.dumps(v, ensure_ascii=False)

    def key(k) -> str:      # as json writes a key: 1 -> "1", True -> "true"
        return dumps({k: 0})[1:-4]

    def block(v, pad: str, inner) -> str:
        if isinstance(v, dict) and v:
            return "{\n" + ",\n".join(f"{pad}  {key(k)}: {inner(x)}" for k, x in v.items()) + f"\n{pad}}}"
        if isinstance(v, list) and v:
            return "[\n" + ",\n".join(f"{pad}  {inner(x)}" for x in v) + f"\n{pad}]"
        return dumps(v)

    return block(value, "", lambda v: block(v, "  ", dumps)) + "\n"


def _pipeline(name: str | None, store, lang: str) -> str | None:
    """The pipeline --pipeline names; one the deals do not have is said on stderr (the largest is used)."""
    if not name:
        return None
    from audits import stages
    cur = store.con.cursor()
    try:
        found = [p["name"] for p in stages.pipelines(cur)]
    finally:
        cur.close()
    if name in found:
        return name
    named = [p for p in found if p is not None]
    print(t("cli.unknown_pipeline", lang, name=name, chosen=(found[0] if found else None) or "—",
            names=", ".join(named) or "—"), file=sys.stderr)
    return None


def _prefetch_clustering(store) -> None:
    """Start importing scikit-learn in a background thread when the audit is likely to cluster clients:
    the import (about 1.5 s of CPU) then overlaps the metrics' DuckDB queries, which release the GIL.
    A failed import is left to the audit, which imports it again and reports the error."""
    from audits import segments
    if "orders" not in store.tables() or not segments.may_cluster(store.con):
        return

    def load():
        try:
            segments.import_clustering()
        except Exception:                  # the audit's own import says what is wrong
            pass
    threading.Thread(target=load, name="import-sklearn", daemon=True).start()


def run_command(args) -> int:
    from audits import audit
    from audits.store import Store
    lang = args.lang
    mapping = _read_map(args.map, lang)
    answers = _read_answers(args.answers, lang) if args.answers else {}
    settings, as_of, formats = _settings(args.set, lang), _as_of(args.as_of, lang), _formats(args.formats, lang)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise SystemExit(t("cli.bad_out", lang, folder=args.out))
    store = Store(memory_limit=MEMORY_LIMIT, threads=2, database=db_location(args.db))
    try:
        report = store.add([_parse_input(a) for a in args.inputs], mapping=mapping, dayfirst=args.dayfirst)
        for name, msg in report.errors:
            print(f"{name}: {msg.text(lang)}", file=sys.stderr)
        for w in _unused_map_keys(mapping, store, lang):
            print(w, file=sys.stderr)
        if not store.tables():
            print(t("cli.nothing_loaded", lang), file=sys.stderr)
            return 1
        _prefetch_clustering(store)
        if not args.keep_names and "manager_aliases" not in mapping:
            merges = {n: s.canonical for s in store.manager_suggestions() for n in s.names if n != s.canonical}
            if merges:
                store.merge_managers(merges)
                print(t("cli.merged_names", lang, count=len(merges)))
        pipeline = _pipeline(args.pipeline, store, lang)
        result = audit.run_store(store, settings=settings, answers=answers, as_of=as_of, lang=lang,
                                 **({"pipeline": pipeline} if pipeline else {}))
        if "json" in formats:
            (out / "results.json").write_text(readable_json(audit.to_json(result)), encoding="utf-8")
        failed = _write_reports(result, [f for f in formats if f != "json"], lang, store, out, args.company)
        print("\n".join(_summary(result, lang)))
        print(t("cli.run_written", lang, folder=str(out)))
        return 1 if report.errors or failed else 0
    finally:
        store.close()


def checks_command(args) -> int:
    from audits import reference
    out = reference.text(args.check, args.lang)
    if out is None:
        print(t("cli.unknown_check", args.lang, value=args.check), file=sys.stderr)
        return 2
    print(out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audits", description="Sales department audit")
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("checks", help="the reference of the 30 items (one item in full with N)")
    ref.add_argument("check", nargs="?", type=int, metavar="N")
    ref.add_argument("--lang", choices=LANGS, default="en")
    load = sub.add_parser("load", help="detect and load exports, print what was found")
    load.add_argument("inputs", nargs="*", metavar="INPUT")
    load.add_argument("--map", metavar="MAPPING.json")
    load.add_argument("--json", action="store_true")
    load.add_argument("--lang", choices=LANGS, default="en")
    run = sub.add_parser("run", help="load exports, run the 30-item audit, write results")
    run.add_argument("inputs", nargs="*", metavar="INPUT")
    run.add_argument("--out", required=True, metavar="DIR")
    run.add_argument("--map", metavar="MAPPING.json")
    run.add_argument("--answers", metavar="ANSWERS.json")
    run.add_argument("--set", action="append", metavar="NAME=VALUE", default=[])
    run.add_argument("--as-of", metavar="YYYY-MM-DD")
    run.add_argument("--lang", choices=LANGS, default="en")
    run.add_argument("--formats", default=",".join(FORMATS))
    run.add_argument("--company", default="", help="the company's name on the report's cover")
    run.add_argument("--pipeline", metavar="NAME", default=None, help=t("cli.pipeline_help", "en"))
    run.add_argument("--keep-names", action="store_true",
                     help="do not merge spellings of one manager's name (Петров И. / Иван Петров)")
    for p in (load, run):
        p.add_argument("--db", metavar="LOCATION", help="a DuckDB file or md:NAME (MotherDuck) to keep the data "
                                                         "in; default: env AUDIT_DB, else memory")
        order = p.add_mutually_exclusive_group()
        order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True, default=None,
                           help="read dates such as 03/04/2024 as day/month (3 April) where no value of the "
                                "column tells day from month")
        order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                           help="read them as month/day (March 4)")
    args = parser.parse_args(argv)
    if args.command == "checks":
        return checks_command(args)
    if not args.inputs and not db_location(args.db):
        parser.error("no INPUT given (INPUTs may be left out only with --db)")
    from audits.store import DatabaseError
    try:
        return run_command(args) if args.command == "run" else load_command(args)
    except SystemExit:
        raise
    except DatabaseError as e:             # the database named by --db / AUDIT_DB cannot be used
        print(e.message.text(args.lang), file=sys.stderr)
        return 2
    except Exception as e:                 # a plain sentence for the user; the log gets no data
        failure(logging.getLogger(__name__), args.command, e)
        print(t("cli.internal", args.lang), file=sys.stderr)
        return 2
