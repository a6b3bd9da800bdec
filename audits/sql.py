r'''Quoting for SQL text that DuckDB cannot take as a parameter (names, views, read options).

    q('say "hi"')   gives  "say ""hi"""      an identifier, its double quotes doubled
    lit("O'Neil")   gives  'O''Neil'         a literal (text, bool, int, list or struct)
'''
from __future__ import annotations


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(lit(x) for x in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(x)}" for k, x in value.items()) + "}"
    return "'" + str(value).replace("'", "''") + "'"


# What DuckDB's trim() strips: the Unicode space separators (category Zs). Filtering in Python with
# it gives what `nullif(trim(x), '') IS NOT NULL` would, without one aggregate per column (DuckDB
# binds N such aggregates in O(N^2): seconds at 1,000 columns).
TRIM_CHARS = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def filled(value) -> bool:
    """Is a value read as VARCHAR non-empty once trimmed, as DuckDB's trim() would trim it?"""
    return value is not None and value.strip(TRIM_CHARS) != ""
