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
