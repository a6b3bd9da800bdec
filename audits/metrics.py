"""Metrics: one SQL statement per file in queries/metrics, run on a session's DuckDB.

Every function here executes on the connection it is given and reads each result in full; pass a
cursor of its own (audit.run does) rather than a connection that may hold an unfinished result.

Each file starts with a short header the runner reads:

    -- deal_outcomes: how many deals were won, lost and are still open.
    -- returns: deals_total, deals_won, deals_lost, open_deals, win_rate
    -- needs: deals
    -- shape: row

`shape` says how the rows become metrics:
- `row`: one row; every column is a metric of that name (`returns` lists them);
- `record`: one row, returned whole as a dict under the file's name;
- `rows`: every row as a dict, a list under the file's name;
- `map`: two columns (key, value) as a dict under the file's name.

`needs` lists the canonical tables the file reads; when any of them holds no rows, its metrics are
None (missing data is never a made-up number). Parameters are DuckDB named parameters (`$as_of`,
`$stale_days`, ...), bound from the audit's settings, never formatted into the SQL.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from audits import model

QUERIES = Path(__file__).resolve().parent.parent / "queries"
METRICS_DIR = QUERIES / "metrics"
LISTS_DIR = QUERIES / "lists"
SHAPES = ("row", "record", "rows", "map")
_HEADER = re.compile(r"^--\s*(returns|needs|shape):\s*(.*)$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")

# The reference metrics of ../shared/spec/results.md, in the order of its table.
REFERENCE = (
    "deals_total", "deals_won", "deals_lost", "win_rate", "avg_won_amount", "median_cycle_days", "funnel",
    "open_deals", "stale_deals", "top1_manager_share", "hhi_managers", "calls_total", "calls_answered",
    "missed_in_rate", "avg_call_min", "median_call_min", "short_call_share", "call_buckets",
    "talk_min_per_day", "out_calls_per_day", "callback_24h_rate", "nps", "nps_responses", "revenue_total",
    "clients_ordering", "repeat_rate", "lost_clients", "single_product_share",
)


@dataclass(frozen=True)
class Query:
    name: str                      # file stem
    sql: str
    returns: tuple[str, ...]
    needs: tuple[str, ...]
    shape: str

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PARAM.findall(_strip_comments(self.sql))))


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def parse(path: Path) -> Query:
    sql = path.read_text(encoding="utf-8")
    head: dict[str, str] = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        m = _HEADER.match(line)
        if m:
            head[m.group(1)] = m.group(2).strip()
    shape = head.get("shape", "row")
    needs = tuple(n.strip() for n in head.get("needs", "").split(",") if n.strip())
    returns = tuple(n.strip() for n in head.get("returns", path.stem).split(",") if n.strip())
    if shape not in SHAPES:
        raise ValueError(f"{path.name}: unknown shape {shape!r}")
    if unknown := [n for n in needs if n not in model.TABLES]:
        raise ValueError(f"{path.name}: unknown tables {unknown}")
    if shape != "row" and returns != (path.stem,):
        raise ValueError(f"{path.name}: a {shape} file returns one metric named after the file")
    return Query(path.stem, sql, returns, needs, shape)


@cache
def queries(folder: Path = METRICS_DIR) -> dict[str, Query]:
    """Every query of a folder by file stem."""
    return {p.stem: parse(p) for p in sorted(folder.glob("*.sql"))}


@cache
def providers() -> dict[str, Query]:
    """The query that computes each metric name; a name computed by two files is an error."""
    out: dict[str, Query] = {}
    for q in queries().values():
        for name in q.returns:
            if name in out:
                raise ValueError(f"metric {name!r} is returned by {out[name].name}.sql and {q.name}.sql")
            out[name] = q
    return out


def plain(value):
    """A DuckDB value as plain JSON-friendly Python: Decimal -> float, dates -> ISO text, NaN -> None.
    Floats keep 12 significant digits: DuckDB sums in parallel, in an order that varies from run to
    run, and the last bits with it; the same data must give the same results.json."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else float(f"{value:.12g}")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def filled_tables(con) -> set[str]:
    """Canonical tables that hold at least one row."""
    parts = " UNION ALL ".join(f"SELECT '{t}' AS t FROM (SELECT 1 FROM {t} LIMIT 1)" for t in model.TABLE_NAMES)
    return {r[0] for r in con.execute(parts).fetchall()}


def default_as_of(con, today: dt.date | None = None) -> dt.date | None:
    """The day after the latest moment that has happened (model.HAPPENED), up to `today` (the
    machine's date): a planned date never moves it, and nor does a row dated in the future, which
    `future_rows` reports instead. None when the data holds no such moment (an NPS survey without
    dates): the metrics that need a date are then not computed, the others are."""
    limit = (today or dt.date.today()) + dt.timedelta(days=1)
    body = " UNION ALL ".join(
        f"SELECT max({c})::TIMESTAMP AS ts FROM {tbl} WHERE {c} < DATE '{limit.isoformat()}'"
        + (f" AND {where}" if where else "") for tbl, c, where in model.HAPPENED)
    latest = con.execute(f"SELECT max(ts) FROM ({body})").fetchall()[0][0]
    return None if latest is None else latest.date() + dt.timedelta(days=1)


def future_rows(con, today: dt.date | None = None) -> list[dict]:
    """Rows whose moment that should have happened lies after `today`: left out of the analysis
    date, reported as {"table", "column", "rows", "latest"} (ISO date)."""
    limit = (today or dt.date.today()) + dt.timedelta(days=1)
    body = " UNION ALL ".join(
        f"SELECT '{tbl}' AS tbl, '{c}' AS col, count(*) AS n, max({c})::DATE::VARCHAR AS latest FROM {tbl} "
        f"WHERE {c} >= DATE '{limit.isoformat()}'" + (f" AND {where}" if where else "")
        for tbl, c, where in model.HAPPENED)
    return [{"table": tbl, "column": col, "rows": n, "latest": latest}
            for tbl, col, n, latest in con.execute(body).fetchall() if n]


def run_query(con, query: Query, params: dict, filled: set[str]) -> dict:
    """The metrics one query returns, as {name: value}; None for all of them when data is missing."""
    if any(t not in filled for t in query.needs) or any(params.get(p) is None for p in query.params):
        return {name: None for name in query.returns}
    res = con.execute(query.sql, {p: params[p] for p in query.params})
    cols = [d[0] for d in res.description]
    rows = res.fetchall()
    if query.shape in ("row", "record"):
        row = rows[0] if rows else (None,) * len(cols)
        values = {c: plain(v) for c, v in zip(cols, row)}
        if query.shape == "record":
            return {query.name: None if all(v is None for v in values.values()) else values}
        return {name: values.get(name) for name in query.returns}
    if query.shape == "rows":
        return {query.name: [{c: plain(v) for c, v in zip(cols, r)} for r in rows] or None}
    return {query.name: {str(r[0]): plain(r[1]) for r in rows if r[0] is not None} or None}


def compute(con, names, params: dict) -> dict:
    """The named metrics (each query run once), with `params` bound (as_of and the settings)."""
    filled = filled_tables(con)
    by_query: dict[str, Query] = {}
    for name in names:
        q = providers().get(name)
        if q is None:
            raise KeyError(f"no query returns the metric {name!r}")
        by_query[q.name] = q
    out: dict = {}
    for q in by_query.values():
        out.update(run_query(con, q, params, filled))
    return {name: out[name] for name in names}


def run_list(con, name: str, params: dict) -> list[dict]:
    """A drill-down list of queries/lists as rows (empty when its tables are missing)."""
    q = queries(LISTS_DIR)[name]
    filled = filled_tables(con)
    if any(t not in filled for t in q.needs):
        return []
    res = con.execute(q.sql, {p: params[p] for p in q.params})
    cols = [d[0] for d in res.description]
    return [{c: plain(v) for c, v in zip(cols, r)} for r in res.fetchall()]
