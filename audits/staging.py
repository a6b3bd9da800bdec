"""Staging views and macros (queries/staging/*.sql) over the canonical tables.

The canonical tables always exist (empty when nothing was uploaded for them), so every staging
view can always be created; each file's header says what it returns. Each file creates one view or
macro named like the file. DuckDB binds a view or table macro when it is created, so a file that
uses another staging object must run after it: the files run in name order, except that a file
naming another staging file's object runs after that file (client_abc after stg_orders_placed, after
stg_orders; stg_plan_managers after is_spelling_of).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

STAGING_DIR = Path(__file__).resolve().parent.parent / "queries" / "staging"


def _uses(sql: str, name: str) -> bool:
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return re.search(rf"(?<![\w$]){re.escape(name)}(?!\w)", code) is not None


@cache
def views() -> list[tuple[str, str]]:
    """(view or macro name, SQL) for every staging file: in name order, each after those it uses."""
    files = {path.stem: path.read_text(encoding="utf-8") for path in sorted(STAGING_DIR.glob("*.sql"))}
    ordered: list[str] = []

    def place(name: str, via: tuple[str, ...] = ()) -> None:
        if name in ordered:
            return
        if name in via:
            raise ValueError(f"staging files use each other in a circle: {' -> '.join(via + (name,))}")
        for other in files:
            if other != name and _uses(files[name], other):
                place(other, via + (name,))
        ordered.append(name)

    for name in files:
        place(name)
    return [(name, files[name]) for name in ordered]


def create_views(con) -> list[str]:
    for _, sql in views():
        con.execute(sql)
    return [name for name, _ in views()]
