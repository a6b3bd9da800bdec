"""The XLSX report: Summary, Checks, Data, Metrics, and one sheet per drill-down list when the store is given.
Numbers are written as numbers; every text (much of it from uploads) as a string: the workbook never
turns a value into a formula, a link or a number (strings_to_formulas/urls/numbers off, write_string)."""
from __future__ import annotations

import datetime as dt
import io
import math

from audits import drilldown
from audits.checks import REGISTRY
from audits.i18n import catalogue, t

OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False, "nan_inf_to_errors": False}


class _Sheet:
    """A worksheet written cell by cell with typed values and remembered column widths."""

    def __init__(self, wb, name: str, formats: dict):
        self.ws, self.f, self.widths = wb.add_worksheet(name[:31]), formats, {}

    def put(self, row: int, col: int, value, fmt=None) -> None:
        ws = self.ws
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            ws.write_blank(row, col, None, fmt)
            return
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
            text = str(value)
        elif isinstance(value, (int, float)):
            ws.write_number(row, col, value, fmt or self.f.get("num"))
            text = f"{value:,.2f}"
        else:
            text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else \
                value.isoformat() if isinstance(value, dt.date) else str(value)
            ws.write_string(row, col, text, fmt)
        self.widths[col] = max(self.widths.get(col, 0), min(len(text), 70))

    def head(self, row: int, names: list[str]) -> None:
        for j, name in enumerate(names):
            self.put(row, j, name, self.f["head"])

    def finish(self, freeze_row: int | None = None) -> None:
        for col, w in self.widths.items():
            self.ws.set_column(col, col, max(8, min(w + 2, 72)), self.f["wrap"] if w >= 70 else None)
        if freeze_row is not None:
            self.ws.freeze_panes(freeze_row, 0)


def _flatten(value, prefix: str = ""):
    """(key, field, value) rows of a metric: scalars as one row, dicts by key, lists of rows by index."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                yield from _flatten(v, f"{prefix}{k}." if prefix else f"{k}.")
            else:
                yield (prefix + str(k)).rstrip("."), "", v
    elif isinstance(value, list):
        for i, v in enumerate(value, 1):
            if isinstance(v, dict):
                for k, x in v.items():
                    yield f"{prefix}{i}", str(k), x if not isinstance(x, (dict, list)) else str(x)
            else:
                yield f"{prefix}{i}", "", v
    else:
        yield prefix.rstrip("."), "", value


def sheet_title(name: str, lang: str) -> str:
    """A drill-down list's sheet: its short title (`report.xlsx.sheet.<name>`, at most 31 characters),
    else the list's own title."""
    key = f"report.xlsx.sheet.{name}"
    return t(key, lang) if key in catalogue() else drilldown.list_title(name, lang)


def render_xlsx(result, doc: dict, store=None) -> bytes:
    import xlsxwriter
    lang = doc["lang"]
    col = lambda name: t(f"report.xlsx.col.{name}", lang)   # noqa: E731
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, OPTIONS)
    f = {"head": wb.add_format({"bold": True, "bg_color": "#f3f5f8", "bottom": 1, "text_wrap": True}),
         "title": wb.add_format({"bold": True, "font_size": 16}),
         "bold": wb.add_format({"bold": True}), "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
         "num": wb.add_format({"num_format": "#,##0.##"}),
         "ok": wb.add_format({"font_color": "#2e7d32", "bold": True}),
         "warning": wb.add_format({"font_color": "#ef8f00", "bold": True}),
         "critical": wb.add_format({"font_color": "#d32f2f", "bold": True}),
         "not_assessed": wb.add_format({"font_color": "#9e9e9e"})}

    # Summary
    s = _Sheet(wb, t("report.xlsx.summary", lang), f)
    s.put(0, 0, doc["company"], f["title"])
    s.put(1, 0, doc["title"])
    r = 3
    for label, value in ((t("report.period", lang), doc["period"]), (t("report.as_of", lang), result.as_of),
                         (t("report.score", lang), result.score), (t("report.at_stake", lang), doc["at_stake"])):
        s.put(r, 0, label, f["bold"])
        s.put(r, 1, value)
        r += 1
    for c in doc["counts"]:
        s.put(r, 0, c["label"], f[c["verdict"]])
        s.put(r, 1, c["n"])
        r += 1
    r += 1
    s.head(r, [t("report.sec.categories", lang), col("score")])
    for c in doc["categories"]:
        r += 1
        s.put(r, 0, c["label"])
        s.put(r, 1, c["score"], f["num"])
    r += 2
    s.put(r, 0, t("report.sec.principal", lang), f["bold"])
    s.put(r, 1, doc["principal"] or t("report.principal_none", lang))
    r += 2
    s.put(r, 0, t("report.sec.plan", lang), f["bold"])
    r += 1
    s.head(r, [col("rank"), col("id"), col("title"), col("verdict"), col("score"), col("money"), col("first_step")])
    for p in doc["plan"]:
        r += 1
        for j, v in enumerate((p["rank"], p["id"], p["title"], p["verdict_label"], p["score"], p["money"], p["first_step"])):
            s.put(r, j, v, f[p["verdict"]] if j == 3 else None)
    s.finish()
    s.ws.set_column(0, 0, 34)
    s.ws.set_column(2, 2, 48)
    s.ws.set_column(6, 6, 70, f["wrap"])

    # Comparison with an earlier audit (when given)
    cmp = doc.get("comparison")
    if cmp:
        s = _Sheet(wb, t("report.xlsx.comparison", lang), f)
        s.put(0, 0, t("report.sec.compare", lang), f["title"])
        s.put(1, 0, cmp["intro"])
        r = 3
        s.head(r, ["", t("report.cmp.before", lang), t("report.cmp.after", lang), t("report.cmp.delta", lang)])
        o = cmp["overall"]
        r += 1
        for j, v in enumerate((o["title"], o["before"], o["after"], o["delta"])):
            s.put(r, j, v, f["bold"] if j == 0 else f["num"])
        for c in cmp["counts"]:
            r += 1
            s.put(r, 0, c["label"])
            s.put(r, 1, c["n"])
        r += 2
        s.head(r, [t("report.cmp.area", lang), t("report.cmp.before", lang), t("report.cmp.after", lang),
                   t("report.cmp.delta", lang)])
        for c in cmp["categories"]:
            r += 1
            for j, v in enumerate((c["title"], c["before"], c["after"], c["delta"])):
                s.put(r, j, v)
        for status in ("improved", "worse"):
            r += 2
            s.put(r, 0, t(f"report.cmp.{status}", lang), f["bold"])
            r += 1
            s.head(r, [col("id"), col("title"), t("report.cmp.before", lang), t("report.cmp.after", lang),
                       t("report.cmp.delta", lang), t("report.cmp.verdict_before", lang),
                       t("report.cmp.verdict_after", lang)])
            for c in cmp[status]:
                r += 1
                row = (int(c["key"]) if str(c["key"]).isdigit() else c["key"], c["title"], c["before"], c["after"],
                       c["delta"], c["verdict_before_label"], c["verdict_after_label"])
                for j, v in enumerate(row):
                    s.put(r, j, v, f["ok" if status == "improved" else "critical"] if j == 4 else None)
        s.finish()
        s.ws.set_column(0, 0, 34)
        s.ws.set_column(1, 1, 48)

    # Checks
    s = _Sheet(wb, t("report.xlsx.checks", lang), f)
    s.head(0, [col("id"), col("title"), col("category"), col("verdict"), col("score"), col("measured_verdict"),
               col("measured_score"), col("evidence"), col("money"), col("money_kind"), col("money_formula"),
               col("money_basis"), col("note"), col("override_reason")])
    keys = {c.id: c.key for c in REGISTRY}
    for i, c in enumerate(result.checks, 1):
        row = (c.id, t(f"{keys[c.id]}.title", lang), t(f"category.{c.category}", lang), t(f"verdict.{c.verdict}", lang),
               c.score, t(f"verdict.{c.measured_verdict}", lang), c.measured_score, t(f"cl.evidence.{c.evidence}", lang),
               c.money_at_stake, t(f"report.xlsx.money_kind.{c.money_kind}", lang) if c.money_kind else None,
               c.money_formula or None, c.money_basis or None, c.note or None, (c.override or {}).get("reason") or None)
        for j, v in enumerate(row):
            s.put(i, j, v, f[c.verdict] if j == 3 else None)
    s.finish(freeze_row=1)
    s.ws.autofilter(0, 0, len(result.checks), 13)

    # The data: each table's period and the columns the checks need that it lacks, the stage order
    s = _Sheet(wb, t("report.xlsx.data", lang), f)
    s.head(0, [t("report.col.table", lang), t("report.col.files", lang), t("report.col.preset", lang),
               t("report.col.rows", lang), t("coverage.col.period", lang), t("report.data.lacks", lang)])
    r = 0
    for row in doc["tables"]:
        r += 1
        for j, v in enumerate((row["name"], row["files"], row["preset"], row["rows"], row["period_text"], row["lacks_text"])):
            s.put(r, j, v)
    r += 1
    for line in ([doc["funnel_order"]["text"], doc["funnel_order"]["warning"]] if doc.get("funnel_order") else []) \
            + doc["limits"]:
        if line:
            r += 1
            s.put(r, 0, line)
    s.finish(freeze_row=1)

    # Metrics
    s = _Sheet(wb, t("report.xlsx.metrics", lang), f)
    s.head(0, [col("id"), col("metric"), col("key"), col("field"), col("value")])
    r = 0
    for c in result.checks:
        for name, value in c.metrics.items():
            for key, field, v in _flatten(value):
                r += 1
                s.put(r, 0, c.id)
                s.put(r, 1, name)
                s.put(r, 2, key or None)
                s.put(r, 3, field or None)
                s.put(r, 4, v)
    s.finish(freeze_row=1)
    s.ws.autofilter(0, 0, max(r, 1), 4)

    # Drill-down lists
    con = getattr(store, "con", store)
    if con is not None:
        used = {t("report.xlsx.summary", lang), t("report.xlsx.checks", lang), t("report.xlsx.metrics", lang),
                t("report.xlsx.comparison", lang)}
        names = list(dict.fromkeys(n for c in REGISTRY for n in c.lists))
        read = doc.get("lists") or {}
        for name in names:
            try:
                rows = read[name] if name in read else drilldown.rows(con, name, result)
            except Exception:        # a list that cannot be read is left out, never the workbook
                continue
            title = drilldown._sheet_name(sheet_title(name, lang))
            if title in used:
                title = drilldown._sheet_name(name)
            used.add(title)
            s = _Sheet(wb, title, f)
            columns = list(rows[0]) if rows else []
            s.head(0, [drilldown._cap(drilldown.column_label(cname, lang)) for cname in columns])
            for i, row in enumerate(rows, 1):
                for j, cname in enumerate(columns):
                    s.put(i, j, row[cname])
            s.finish(freeze_row=1)
    wb.close()
    return buf.getvalue()
