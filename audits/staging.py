"""Staging views (queries/staging/*.sql) over the canonical tables.

Each file's header names the tables it needs (`-- needs: calls, clients`); a view is created only
when they all hold rows' tables, so a session with calls but no deals still gets its call views.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

STAGING_DIR = Path(__file__).resolve().parent.parent / "queries" / "staging"
_NEEDS = re.compile(r"^--\s*needs:\s*(.+)$", re.MULTILINE)


@cache
def views() -> list[tuple[str, list[str], str]]:
    """(view name, tables needed, SQL) for every staging file, in name order."""
    out = []
    for path in sorted(STAGING_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        m = _NEEDS.search(sql)
        needs = [t.strip() for t in m.group(1).split(",")] if m else []
        out.append((path.stem, needs, sql))
    return out


def create_views(con) -> list[str]:
    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    made = []
    for name, needs, sql in views():
        con.execute(f"DROP VIEW IF EXISTS {name}")
        if all(t in existing for t in needs):
            con.execute(sql)
            made.append(name)
    return made
