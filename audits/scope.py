"""The slice of the data an audit looks at: a period, some teams, some managers.

Filtering works by shadowing: on the audit's own cursor, a temporary view named like each canonical
table selects the rows in scope from the real one. DuckDB looks up temporary objects first, so every
staging view and metric query reads the slice without knowing it. The views live on that cursor only
(temporary objects belong to one connection) and are dropped when the audit is done.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from audits import model, staging

# The timestamp that places a row of each table in a period.
PERIOD_COLUMN = {t: model.EVENT_TS[t] for t in model.PERIOD_TABLES}


@dataclass(frozen=True)
class Days:
    """Rows of `table` whose day by `column` lies in start..end (both included; `end` None: no upper
    bound). A plan row is about its whole month: it is in when that month touches start..end.
    audits.coverage uses it to measure a join over the days both its tables cover."""
    table: str
    column: str
    start: dt.date
    end: dt.date | None = None

    def condition(self) -> str:
        # Literals made from date objects, never text from a user (a view cannot take parameters).
        lo = f"DATE '{self.start.isoformat()}'"
        first, last = (self.column, f"last_day(CAST({self.column} AS DATE))") if self.table == "plans" \
            else (self.column, self.column)
        out = f"{last} >= {lo}"
        if self.end is not None:
            out += f" and {first} < DATE '{(self.end + dt.timedelta(days=1)).isoformat()}'"
        return out


@dataclass(frozen=True)
class Scope:
    """A period (both ends included) and some teams or managers; empty parts mean "all". `days`:
    further per-table day ranges (internal: the shared days of two joined tables)."""
    start: dt.date | None = None
    end: dt.date | None = None
    teams: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()
    days: tuple[Days, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.start or self.end or self.teams or self.managers or self.days)


def options(con) -> dict:
    """What can be chosen: the dates the data spans, the teams of `managers`, every manager name."""
    dated = list(PERIOD_COLUMN.items())
    span = " union all ".join(f"select min({c})::DATE as lo, max({c})::DATE as hi from {tbl}" for tbl, c in dated)
    lo, hi = con.execute(f"select min(lo), max(hi) from ({span})").fetchall()[0]
    teams = [r[0] for r in con.execute(
        "select distinct team from managers where team is not null order by team").fetchall()]
    names = " union ".join(f"select manager from {tbl} where manager is not null" for tbl in model.WITH_MANAGER)
    managers = [r[0] for r in con.execute(f"select distinct manager from ({names}) order by manager").fetchall()]
    return {"start": lo, "end": hi, "teams": teams, "managers": managers}


def _conditions(table: str, scope: Scope) -> list[str]:
    # A view cannot take parameters: the dates go in as literals made from date objects (never text
    # from a user); names of teams and managers go through the _scope_managers table.
    out = []
    ts = PERIOD_COLUMN.get(table)
    if ts and scope.start:
        out.append(f"{ts} >= DATE '{dt.date.isoformat(scope.start)}'")
    if ts and scope.end:
        out.append(f"{ts} < DATE '{dt.date.isoformat(scope.end + dt.timedelta(days=1))}'")
    if table in model.WITH_MANAGER and table != "clients" and (scope.teams or scope.managers):
        out.append("manager in (select manager from _scope_managers)")
    out += [d.condition() for d in scope.days if d.table == table]
    if table == "stage_history" and (scope.start or scope.end or scope.teams or scope.managers):
        out.append("deal_id in (select deal_id from deals)")     # the history of the deals in scope
    return out


@contextmanager
def applied(cur, scope: Scope | None):
    """Within the block, the canonical tables on `cur` show only the rows in `scope`. Never applied
    over staging tables (audits.staging.built): they would keep the rows of another slice."""
    if scope is None or scope.empty:
        yield cur
        return
    if built := staging.present(cur):
        raise RuntimeError(f"a scope applied over staging tables made for another: {', '.join(built)}")
    db = cur.execute("select current_database()").fetchall()[0][0]
    cur.execute("create or replace temp table _scope_managers (manager varchar)")
    chosen = set(scope.managers)
    if scope.teams:
        team_members = cur.execute(f'select manager from "{db}".main.managers where team in '
                                   f'(select unnest($teams))', {"teams": list(scope.teams)}).fetchall()
        chosen |= {r[0] for r in team_members}
        if scope.managers:
            chosen = set(scope.managers) & {r[0] for r in team_members}
    if chosen:
        cur.executemany("insert into _scope_managers values (?)", [[m] for m in sorted(chosen)])
    made = []
    try:
        for table in ("deals", *[t for t in model.TABLE_NAMES if t != "deals"]):   # history reads deals
            where = _conditions(table, scope)
            if not where:
                continue
            cur.execute(f'create temp view {table} as select * from "{db}".main.{table} where '
                        + " and ".join(where))
            made.append(table)
        yield cur
    finally:
        for table in reversed(made):
            cur.execute(f"drop view if exists temp.{table}")
        cur.execute("drop table if exists temp._scope_managers")
