"""Staging views (queries/staging/*.sql) over the canonical tables.

The canonical tables always exist (empty when nothing was uploaded for them), so every staging
view can always be created; each file's header says what it returns.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

STAGING_DIR = Path(__file__).resolve().parent.parent / "queries" / "staging"


@cache
def views() -> list[tuple[str, str]]:
    """(view name, SQL) for every staging file, in name order."""
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(STAGING_DIR.glob("*.sql"))]


def create_views(con) -> list[str]:
    for _, sql in views():
        con.execute(sql)
    return [name for name, _ in views()]
