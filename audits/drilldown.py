"""Drill-down lists behind a check (queries/lists/<name>.sql): the calls, clients or deals a manager
acts on, with downloads that are safe to open in a spreadsheet program. Pure: no Streamlit.

A list runs with the thresholds and the analysis date of the audit it explains, on the same slice of
the data (period, team, manager), so its rows are the ones the check counted.
"""
from __future__ import annotations

import datetime as dt
import io

import polars as pl

from audits import metrics as M
from audits.i18n import catalogue, t
from audits.scope import applied
from audits.safe import defuse, safe_csv


def params_of(result) -> dict:
    """The parameters a list binds: every setting of the audit and its analysis date."""
    as_of = dt.date.fromisoformat(result.as_of) if isinstance(result.as_of, str) else result.as_of
    return {**result.settings, "as_of": as_of}


def rows(con, name: str, result) -> list[dict]:
    """The rows of the list `name` for the audit `result` (empty when its tables are missing)."""
    if result.as_of is None:
        return []
    cur = con.cursor()
    try:
        with applied(cur, result.scope):
            return M.run_list(cur, name, params_of(result))
    finally:
        cur.close()


def column_label(column: str, lang: str) -> str:
    """A list column as people read it: `list.col.<name>` or `dd.col.<name>`, else the canonical
    column's label, else its name."""
    for key in (f"list.col.{column}", f"dd.col.{column}", f"column.{column}"):
        if key in catalogue():
            return t(key, lang)
    return column


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def frame(data: list[dict], lang: str | None = None) -> pl.DataFrame:
    """The rows as a DataFrame (columns labelled in `lang` when given)."""
    df = pl.DataFrame(data, infer_schema_length=None) if data else pl.DataFrame()
    if lang and df.width:
        labels = {c: _cap(column_label(c, lang)) for c in df.columns}
        if len(set(labels.values())) == len(labels):
            df = df.rename(labels)
    return df


def list_title(name: str, lang: str) -> str:
    """The list's title: `list.<name>` (its author's) or `dd.list.<name>`, else its name."""
    for key in (f"list.{name}", f"dd.list.{name}"):
        if key in catalogue():
            return t(key, lang)
    return name.replace("_", " ").capitalize()


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM); a text cell that a spreadsheet would run as a formula gets a leading '."""
    return safe_csv(df)


def _sheet_name(name: str) -> str:
    bad = set("[]:*?/\\")
    clean = "".join("_" if ch in bad else ch for ch in name).strip("'") or "list"
    return clean[:31]


def to_xlsx_bytes(df: pl.DataFrame, sheet: str = "list") -> bytes:
    """XLSX with every text cell written as a string, never as a formula or a link."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, "nan_inf_to_errors": False})
    ws = wb.add_worksheet(_sheet_name(sheet))
    head = wb.add_format({"bold": True, "bg_color": "#f3f5f8", "bottom": 1})
    widths = [len(str(c)) for c in df.columns]
    for j, col in enumerate(df.columns):
        ws.write_string(0, j, str(col), head)
    for i, row in enumerate(df.iter_rows(), start=1):
        for j, value in enumerate(row):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, (int, float)) and abs(value) != float("inf"):
                ws.write_number(i, j, value)
            else:
                text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
                ws.write_string(i, j, text)
                widths[j] = max(widths[j], len(text))
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(max(w + 2, 8), 60))
    if df.width:
        ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()


__all__ = ["params_of", "rows", "frame", "column_label", "list_title", "to_csv_bytes", "to_xlsx_bytes", "defuse"]
