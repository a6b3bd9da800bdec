"""Values from uploads made inert in spreadsheets: a cell starting with = + - @ (or a tab, carriage
return or NUL) is a formula to Excel and LibreOffice, so every text cell written to a CSV a user
downloads gets a leading apostrophe instead."""
from __future__ import annotations

import io

import polars as pl

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def defuse(value):
    """A cell value that spreadsheet programs will not run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv(df: pl.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so Excel shows Cyrillic) with every text value defused."""
    text_cols = [c for c, dt in df.schema.items() if dt == pl.String]
    safe = df.with_columns(pl.col(c).map_elements(defuse, return_dtype=pl.String) for c in text_cols) \
        if text_cols and df.height else df
    buf = io.BytesIO()
    safe.write_csv(buf)
    return b"\xef\xbb\xbf" + buf.getvalue()
