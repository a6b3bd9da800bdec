"""Staging views and macros (queries/staging/*.sql) over the canonical tables.

The canonical tables always exist (empty when nothing was uploaded for them), so every staging
view can always be created; each file's header says what it returns. Each file creates one view or
macro named like the file. DuckDB binds a view or table macro when it is created, so a file that
uses another staging object must run after it: the files run in name order, except that a file
naming another staging file's object runs after that file (client_abc after client_revenue, after
stg_orders_placed, after stg_orders; stg_plan_managers after is_spelling_of).

An audit reads the heavy views (MATERIALISED) many times over: `built` makes each of them once, on
the audit's cursor and under the scope applied to it, as a temporary table of the same name that
shadows the view (DuckDB looks up temporary objects first) until the block ends.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

STAGING_DIR = Path(__file__).resolve().parent.parent / "queries" / "staging"

# The views that several metrics read and that cost a grouping or a join to derive. The views that
# only add columns to each row (stg_calls, stg_orders, stg_deals) stay views: copying a million calls
# costs more than the queries save by reading the copy (measured on benchmarks/bench_scale.py data),
# and would hold them twice in memory.
MATERIALISED = frozenset({"stg_orders_placed", "client_revenue", "stg_missed_calls", "lead_touch",
                          "stg_plan_managers", "stg_plan_source", "stg_won_by_manager"})


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
    con.execute(_script())       # one call: a third faster than one per file
    return [name for name, _ in views()]


@cache
def _script() -> str:
    return "\n;\n".join(sql for _, sql in views())


@cache
def used_by(sql: str) -> frozenset[str]:
    """The staging objects `sql` reads, directly or through other staging objects."""
    bodies = dict(views())
    out: set[str] = set()
    todo = [sql]
    while todo:
        text = todo.pop()
        for name, body in bodies.items():
            if name not in out and _uses(text, name):
                out.add(name)
                todo.append(body)
    return frozenset(out)


def present(cur) -> list[str]:
    """The staging tables `built` holds on `cur` now."""
    names = ", ".join(f"'{n}'" for n in sorted(MATERIALISED))
    return [r[0] for r in cur.execute(f"select table_name from duckdb_tables() where temporary "
                                      f"and table_name in ({names}) order by table_name").fetchall()]


@contextmanager
def built(cur, names=MATERIALISED):
    """Within the block, each view of `names` that is in MATERIALISED is a temporary table on `cur`
    holding its rows as `cur` sees them now (under the scope applied to it, if any). Enter it after
    the scope and leave it before the scope changes: the tables do not follow a later scope."""
    db = cur.execute("select current_database()").fetchall()[0][0]
    made = []
    try:
        for name, _ in views():
            if name in names and name in MATERIALISED:
                # the canonical tables' bookkeeping columns (_fid, _row) are never read by a query
                cur.execute(f"create temp table {name} as select columns(lambda c: c not in ('_fid', '_row')) "
                            f'from "{db}".main.{name}')
                made.append(name)
        yield cur
    finally:
        for name in reversed(made):
            cur.execute(f"drop table if exists temp.{name}")
