"""What the loaded tables cover: each table's period, checks whose tables' periods do not overlap, and
the columns the checks need that a table lacks.

Pure functions of a DuckDB connection holding the canonical tables (no Streamlit, no Store): the Data
page, `load --json`, results.json and the audit read the same answers.

**Period.** A table's period runs from the first to the last date of its event timestamp
(model.EVENT_TS), for the tables a period slices (model.PERIOD_TABLES): a client card or an employee is
not "in" a period (one signed up years ago still buys today), and stage history follows its deals. A
plan row is about a whole month, so the plans' period ends on the last day of its last month.

**Joins.** A metric "joins" two dated tables when it compares rows of one with rows of the other
(deals per answered call of the same manager; whether a call's client had ordered before the call).
Then both must describe the same time: deals of 2016-17 beside calls of 2021 make "deals per call" a
number about nothing. A check whose findings are each read from one table (the head of sales' deals,
tasks and calls, each against a typical seller of the same table) joins nothing, nor does a money
estimate (not a finding), nor do tables that are merely both needed. JOINS below declares, once per
metric, the pair of tables it joins, each documented against the query that computes it; the checks
that read a metric take its join (check_joins), and `tests/test_coverage.py` keeps the list honest
against the queries' headers. Left out on purpose: stage history (it belongs to its deals, not to a
period of its own); the staff list and client cards (not dated); the head's deals, tasks and calls of
26 (three separate ratios); 29's money at stake (it reads orders beside the calls; its findings are
the calls' own).

When the two tables of a join share no day, the metrics of that join are unknown: a `periods_disjoint`
limit on the checks that read them, and the audit withholds those metrics from them (`withheld`, as
audits/history.py withholds a window longer than the history); the check's other metrics still count.
When they overlap only in part (more than PARTIAL_FROM of either table's dated rows fall outside the
common days) the limit gives the common days and the share of each table inside them. A side-by-side
join (Join.side_by_side: deals per call, plan against revenue) is then measured over the common days
only (`periods_partial`; `shared_metrics`: the audit's scope narrowed to them for both tables). The
others read one table against the other's history (orders before a call, after a meeting, before a
deal): cut to the common days, an existing client would turn new, so they keep all rows and their
limit says plainly that the figure mixes periods (`periods_mixed`). Plans and tasks are set ahead (AHEAD): their rows after the
common days are the future, not a gap, and are kept. A task follows its deal (FOLLOWS): deals and
tasks have common days from the first deal opened to the last task due.

Besides: each table's period for the Data page, `load --json` and results.json (`periods`,
`tables_info`); pairs of loaded tables whose periods share no day (`disjoint_tables`); and the
columns the checks need (the union of Need.columns) that no row of a table fills (`missing_columns`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from audits import model
from audits.i18n import t
from audits.limits import Limit
from audits.scope import Days

# A join is "partial" when more than this share of either table's dated rows lies outside the days
# both tables cover: a few days' difference at the ends of two exports of "the same year" is normal
# and would only make the caveat noise.
PARTIAL_FROM = 0.05

# Tables whose rows are set ahead of time (a plan for next quarter, a task due next week): their rows
# after the common days do not make an overlap partial.
AHEAD = ("plans", "tasks")
# Tables whose rows follow the rows of the table they join (a task is due after its deal was created):
# the other table's period extends to their last day, so tasks due after every deal was opened do not
# make the periods disjoint.
FOLLOWS = ("tasks",)


@dataclass(frozen=True)
class Side:
    """One side of a join: rows of `table` placed in time by `column` (only those matching `where`).
    `label` is the i18n key naming it in messages."""
    table: str
    column: str
    where: str | None = None
    label: str = ""

    @property
    def key(self) -> str:
        return self.label or f"table.{self.table}"


def _side(table: str) -> Side:
    return Side(table, model.EVENT_TS[table])


# Plan fulfilment compares plans with revenue: the orders' lines when orders are uploaded, else the won
# deals by their closing month (queries/staging/stg_plan_source.sql, plan_fact.sql).
REVENUE = "revenue"
WON_DEALS = Side("deals", "closed_at", "status = 'won' and closed_at is not null", "coverage.side.won_deals")


@dataclass(frozen=True)
class Join:
    query: str                  # the metric query (queries/metrics/<query>.sql) that joins them
    a: str                      # table names (or REVENUE)
    b: str
    metrics: tuple[str, ...]    # the metrics of that query that compare rows of a with rows of b
    # Side by side: both tables' rows are counted over the same days, so on a partial overlap the
    # metrics are measured over the common days (`periods_partial`). Otherwise one table is the history
    # the other is read against (a client's orders before a call, a meeting's client's orders after
    # it): cutting that history to the common days would change the answer (an existing client turns
    # "new"), so the metrics read all rows and say that they mix periods (`periods_mixed`).
    side_by_side: bool = False


# Each metric that compares rows of two dated tables, declared once (a metric is in at most one join);
# the checks that read a metric take its join (check_joins).
JOINS: tuple[Join, ...] = (
    # "Meetings, no result": a meeting counts as idle when its client placed no order after it.
    Join("clients_meetings_no_order", "meetings", "orders", ("meetings_no_order_share",)),
    # Open deals without a task / with an overdue task: deals left-joined to tasks by deal_id.
    Join("crm_tasks", "deals", "tasks",
         ("crm_open_no_task", "crm_open_no_task_share", "crm_open_overdue", "crm_open_overdue_share")),
    # The new-client win rate: deals created after the orders' warm-up whose client had no order before.
    Join("clients_new", "deals", "orders", ("clients_new_win_rate",)),
    # A call is with a new or an existing client by the client's first order before the call's day.
    Join("calls_client_kind", "calls", "orders", ("calls_client_kind",)),
    # Deals a manager opened per answered call of his: calls and deals counted side by side.
    Join("calls_deal_conversion", "calls", "deals", ("calls_deal_conversion",), side_by_side=True),
    # Plan against revenue month by month (plan_fact): each month's plan beside that month's revenue.
    Join("plan_fulfilment", "plans", REVENUE,
         ("plan_manager_months", "plan_below80_share", "plan_below90_share", "plan_below100_share"),
         side_by_side=True),
    Join("plan_evenness_by_team", "plans", REVENUE, ("plan_evenness_by_team",), side_by_side=True),
    # The C clients' (ABC of orders) share of the calls and talk time, and of the meetings.
    Join("segments_effort", "calls", "orders", ("segments_c_call_share", "segments_c_talk_share")),
    Join("segments_effort", "meetings", "orders", ("segments_c_meeting_share",)),
    # Open deals' value against what is left of this month's plan.
    Join("pipeline_coverage", "deals", "plans", ("pipeline_coverage", "pipeline_plan_left")),
    # Talk with new clients: a call is with a new client by the client's orders before it.
    Join("calls_new_talk", "calls", "orders",
         ("calls_new_talk_answered", "calls_new_talk_median_min", "calls_new_talk_5min_share")),
    # The funnel in contacts: clients called, then met, then with a deal, then won.
    Join("funnel_contacts", "calls", "deals", ("funnel_contacts",)),
    Join("contact_conversion", "calls", "deals", ("contacts_total", "contact_to_deal_rate", "contact_to_won_rate")),
    # Win rate of deals by the client's ABC-XYZ segment, which the orders decide.
    Join("segments_win_rate", "deals", "orders", ("segments_win_rate",)),
)

# Metrics that read two dated tables but compare nothing across their periods, with the reason.
NOT_JOINS: dict[str, str] = {
    # 29's money at stake and 8's inbound conversion: a first order within N days after an inbound call
    # from a new number; the calls' own period decides, the orders only follow.
    "calls_order_conversion": "orders follow the calls they are read after",
    # Speed to lead judges only the deals opened while the call log runs (and a day before its end):
    # the query keeps to the calls' period itself, and no deal is judged when they share no day.
    "speed_to_lead": "judges only deals opened while the call log runs",
    "speed_to_lead_by_manager": "as speed_to_lead",
    "speed_to_lead_by_channel": "as speed_to_lead",
    # The response rate counts the clients active at the analysis date (an order within
    # lost_after_days) who ever answered: a survey run after the last order still counts, and an old
    # one is what nps_recency scores.
    # Why lost clients left: the reasons written on their lost deals, a list read whatever the deals' dates.
    "clients_lost_reasons": "a list of the reasons on the lost clients' deals, not a figure",
    "nps_response": "active clients are counted at the analysis date, the survey's recency is scored apart",
}


def check_joins() -> dict[int, tuple[Join, ...]]:
    """check id -> the joins of the metrics it reads, for the checks that read any."""
    from audits.checks import REGISTRY
    out = {}
    for check in REGISTRY:
        found = tuple(j for j in JOINS if set(j.metrics) & set(check.metrics))
        if found:
            out[check.id] = found
    return out


@dataclass(frozen=True)
class Period:
    table: str
    start: dt.date | None      # None when no row has a date
    end: dt.date | None
    rows: int
    dated: int                 # rows with a date

    def to_json(self) -> dict:
        return {"from": _iso(self.start), "to": _iso(self.end)}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _row_span(side: Side) -> tuple[str, str]:
    """SQL for the first and the last day a row is about."""
    day = f"CAST({side.column} AS DATE)"
    if side.table == "plans":
        return day, f"last_day({day})"
    return day, day


def _span(con, side: Side) -> tuple[dt.date | None, dt.date | None, int, int]:
    lo, hi = _row_span(side)
    where = f" WHERE {side.where}" if side.where else ""
    start, end, dated, rows = con.execute(
        f"SELECT min({lo}), max({hi}), count({side.column}), count(*) FROM {side.table}{where}").fetchone()
    return start, end, dated, rows


def periods(con) -> dict[str, Period]:
    """The period of every table of model.PERIOD_TABLES that holds rows, in model order."""
    out = {}
    for table in model.PERIOD_TABLES:
        start, end, dated, rows = _span(con, _side(table))
        if rows:
            out[table] = Period(table, start, end, rows, dated)
    return out


def _placement(con, side: Side, lo: dt.date, hi: dt.date) -> tuple[int, int, int]:
    """The side's dated rows in [lo, hi] (at least partly), before lo, after hi."""
    first, last = _row_span(side)
    where = f" AND {side.where}" if side.where else ""
    inside, before, after = con.execute(
        f"SELECT count(*) FILTER (WHERE {first} <= $hi AND {last} >= $lo), count(*) FILTER (WHERE {last} < $lo), "
        f"count(*) FILTER (WHERE {first} > $hi) FROM {side.table} WHERE {side.column} IS NOT NULL{where}",
        {"lo": lo, "hi": hi}).fetchone()
    return inside, before, after


def _resolve(name: str, filled: set[str]) -> Side | None:
    """The side a join's table name stands for, None when that table holds no rows."""
    if name == REVENUE:
        if "orders" in filled:
            return _side("orders")
        return WON_DEALS if "deals" in filled else None
    return _side(name) if name in filled else None


def _common(a: str, a_lo: dt.date, a_hi: dt.date, b: str, b_lo: dt.date, b_hi: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day both tables cover (first > last when none). A task follows its deal
    (FOLLOWS): a deal relates to the tasks due after it was opened, so the common days run from the
    first deal to the last task; a task due before any deal, or a deal opened after every task, is
    outside them."""
    if a in FOLLOWS and b not in FOLLOWS:
        return b_lo, a_hi
    if b in FOLLOWS and a not in FOLLOWS:
        return a_lo, b_hi
    return max(a_lo, b_lo), min(a_hi, b_hi)


def join_limit(con, a: Side, b: Side, side_by_side: bool = True) -> Limit | None:
    """The limit on a join of `a` and `b` (params `a_key`, `b_key` name the sides in messages, as
    Message reads them): None when either has no dated row or both cover the same
    days (within PARTIAL_FROM); `periods_disjoint` when they share no day; otherwise, with the common
    days and each side's share inside them, `periods_partial` (measured over the common days) for a
    side-by-side join, `periods_mixed` (all rows, periods mixed) for the others."""
    a_lo, a_hi, a_dated, _ = _span(con, a)
    b_lo, b_hi, b_dated, _ = _span(con, b)
    if not a_dated or not b_dated:
        return None
    base = {"a_table": a.table, "b_table": b.table, "a_key": a.key, "b_key": b.key,
            "a_from": _iso(a_lo), "a_to": _iso(a_hi), "b_from": _iso(b_lo), "b_to": _iso(b_hi)}
    lo, hi = _common(a.table, a_lo, a_hi, b.table, b_lo, b_hi)
    if lo > hi:
        return Limit("periods_disjoint", base)
    (a_in, a_before, a_after), (b_in, b_before, b_after) = _placement(con, a, lo, hi), _placement(con, b, lo, hi)
    # Plans and tasks are set ahead: their rows after the common days are the future, not rows missing
    # a counterpart (plan_fact compares only months inside the revenue data).
    a_out = a_before + (0 if a.table in AHEAD else a_after)
    b_out = b_before + (0 if b.table in AHEAD else b_after)
    if a_out <= PARTIAL_FROM * a_dated and b_out <= PARTIAL_FROM * b_dated:
        return None
    a_share, b_share = a_in / a_dated, b_in / b_dated
    return Limit("periods_partial" if side_by_side else "periods_mixed", {**base, "from": _iso(lo), "to": _iso(hi),
                                     "a_share": round(a_share, 4), "b_share": round(b_share, 4)})


def _filled(con) -> set[str]:
    from audits.metrics import filled_tables
    return filled_tables(con)


@dataclass(frozen=True)
class Finding:
    """A join whose tables' periods do not overlap (`periods_disjoint`) or overlap only in part
    (`periods_partial`), with the sides its tables stand for."""
    join: Join
    a: Side
    b: Side
    limit: Limit

    @property
    def disjoint(self) -> bool:
        return self.limit.kind == "periods_disjoint"

    def days(self) -> tuple[Days, ...]:
        """The shared days as a scope restriction of both sides (rows set ahead keep their future)."""
        lo, hi = (dt.date.fromisoformat(self.limit.params[k]) for k in ("from", "to"))
        return tuple(Days(side.table, side.column, lo, None if side.table in AHEAD else hi)
                     for side in (self.a, self.b))


def findings(con, scope=None) -> list[Finding]:
    """Every join (of JOINS) whose tables hold dated rows and whose periods do not overlap or overlap
    only in part, on the slice of the data in `scope` when given."""
    from audits.scope import applied
    cur = con.cursor()
    try:
        with applied(cur, scope):
            filled = _filled(cur)
            cache: dict[tuple, Limit | None] = {}
            out = []
            for j in JOINS:
                a, b = _resolve(j.a, filled), _resolve(j.b, filled)
                if a is None or b is None:
                    continue
                key = (a, b, j.side_by_side)
                if key not in cache:
                    cache[key] = join_limit(cur, a, b, j.side_by_side)
                if cache[key] is not None:
                    out.append(Finding(j, a, b, cache[key]))
    finally:
        cur.close()
    return out


def check_limits(con, scope=None, found: list[Finding] | None = None) -> dict[int, list[Limit]]:
    """For each check reading a metric of JOINS whose joined tables hold dated rows: a limit per join
    whose periods do not overlap or overlap only in part (on the slice of the data in `scope`)."""
    found = findings(con, scope) if found is None else found
    out: dict[int, list[Limit]] = {}
    for check_id, joins in check_joins().items():
        for f in found:
            if f.join in joins and f.limit not in out.get(check_id, []):
                out.setdefault(check_id, []).append(f.limit)
    return out


def withheld(found: list[Finding]) -> dict[int, set[str]]:
    """Per check, the metrics it reads that join tables whose periods share no day: unknown to it
    (its other metrics still count)."""
    from audits.checks import REGISTRY
    reads_of = {c.id: set(c.metrics) for c in REGISTRY}
    out: dict[int, set[str]] = {}
    for check_id, joins in check_joins().items():
        reads = reads_of[check_id]
        names = {m for f in found if f.disjoint and f.join in joins for m in f.join.metrics} & reads
        if names:
            out[check_id] = names
    return out


def shared_metrics(cur, scope, found: list[Finding], params: dict) -> dict:
    """The metrics of each partly overlapping side-by-side join measured over the days both its tables
    cover (and the rest of `scope`); run on `cur` with no scope applied (it applies its own)."""
    from audits import metrics as M
    from audits import staging
    from audits.scope import Scope, applied
    base = scope or Scope()
    out: dict = {}
    for f in found:
        if f.limit.kind != "periods_partial":
            continue
        narrowed = Scope(base.start, base.end, base.teams, base.managers, base.days + f.days())
        # the staging its queries read, built for these days (never the audit's, made for its scope)
        used = frozenset().union(*(staging.used_by(M.providers()[m].sql) for m in f.join.metrics))
        with applied(cur, narrowed), staging.built(cur, used):
            out.update(M.compute(cur, f.join.metrics, params))
    return out


def add_check_limits(limits: dict[int, list[Limit]], con, scope=None, found: list[Finding] | None = None) -> None:
    """Adds check_limits(con, scope) to `limits` (the audit's per-check limits), after what is there."""
    for check_id, lims in check_limits(con, scope, found).items():
        limits.setdefault(check_id, []).extend(lims)


def checks_joining(a: str, b: str) -> list[int]:
    """The checks that join tables `a` and `b` (either order; revenue counts as orders)."""
    def names(j: Join) -> set[str]:
        return {"orders" if n == REVENUE else n for n in (j.a, j.b)}
    return sorted(c for c, joins in check_joins().items() if any(names(j) == {a, b} for j in joins))


def disjoint_tables(con) -> list[dict]:
    """Pairs of loaded tables whose periods share no day, each with both periods and the checks that
    join them: [{"a", "b", "a_from", "a_to", "b_from", "b_to", "checks"}] in model order."""
    ps = [p for p in periods(con).values() if p.start is not None]
    out = []
    for i, p in enumerate(ps):
        for q in ps[i + 1:]:
            lo, hi = _common(p.table, p.start, p.end, q.table, q.start, q.end)
            if lo > hi:
                out.append({"a": p.table, "b": q.table, "a_from": _iso(p.start), "a_to": _iso(p.end),
                            "b_from": _iso(q.start), "b_to": _iso(q.end), "checks": checks_joining(p.table, q.table)})
    return out


def disjoint_text(pair: dict, lang: str) -> str:
    checks = ", ".join(str(c) for c in pair["checks"])
    key = "coverage.disjoint_checks" if checks else "coverage.disjoint"
    return t(key, lang, a=t(f"table.{pair['a']}", lang), b=t(f"table.{pair['b']}", lang),
             a_from=pair["a_from"], a_to=pair["a_to"], b_from=pair["b_from"], b_to=pair["b_to"], checks=checks,
             count=len(pair["checks"]))


# --- columns the checks need -------------------------------------------------------------------------

def needed_columns() -> dict[str, dict[str, list[int]]]:
    """table -> column -> the checks that need it (the union of Need.columns over the registry), the
    columns in model order."""
    from audits.checks import REGISTRY
    out: dict[str, dict[str, list[int]]] = {}
    for check in REGISTRY:
        for need in check.needs:
            for col in need.columns:
                out.setdefault(need.table, {}).setdefault(col, [])
                if check.id not in out[need.table][col]:
                    out[need.table][col].append(check.id)
    order = {table: [c.name for c in model.columns(table)] for table in model.TABLE_NAMES}
    return {table: {c: sorted(cols[c]) for c in sorted(cols, key=order[table].index)}
            for table, cols in out.items()}


def missing_columns(con) -> dict[str, list[dict]]:
    """For each table holding rows: the columns some check needs that no row fills (not mapped, or
    mapped to a header with no values), each with the checks that need it:
    {table: [{"column": ..., "checks": [ids]}]}; tables lacking nothing are left out."""
    filled = _filled(con)
    needed = {table: cols for table, cols in needed_columns().items() if table in filled}
    # One query: per column, the first row that fills it (a scan stops there; only an empty column
    # is read to the end).
    probes = []
    for table, cols in needed.items():
        types = {c.name: c.type for c in model.columns(table)}
        for c in cols:
            filled_by = f"nullif(trim({c}), '') IS NOT NULL" if types[c] in ("text", "id") else f"{c} IS NOT NULL"
            probes.append(f"(SELECT '{table}' AS tbl, '{c}' AS col FROM {table} WHERE {filled_by} LIMIT 1)")
    found = set(con.execute(" UNION ALL ".join(probes)).fetchall()) if probes else set()
    out = {}
    for table, cols in needed.items():
        lacking = [{"column": c, "checks": ids} for c, ids in cols.items() if (table, c) not in found]
        if lacking:
            out[table] = lacking
    return out


def missing_text(table: str, lacking: list[dict], lang: str) -> str:
    columns = "; ".join(t("coverage.column_checks", lang, column=t(f"column.{m['column']}", lang),
                          checks=", ".join(str(c) for c in m["checks"]), count=len(m["checks"]))
                         for m in lacking)
    return t("coverage.missing_columns", lang, table=t(f"table.{table}", lang), columns=columns,
             count=len(lacking))


def table_limits(con) -> dict[str, list[Limit]]:
    """Per table, a non-blocking `missing_columns` limit naming what it lacks (results.json
    tables[name]["limits"] when the audit takes them)."""
    out = {}
    for table, lacking in missing_columns(con).items():
        ids = sorted({c for m in lacking for c in m["checks"]})
        out[table] = [Limit("missing_columns", {"missing_columns": [m["column"] for m in lacking],
                                                "checks": ", ".join(map(str, ids)), "count": len(ids)})]
    return out


def warnings(con, lang: str) -> list[str]:
    """Every coverage warning as text: tables whose periods do not overlap, tables lacking columns."""
    out = [disjoint_text(p, lang) for p in disjoint_tables(con)]
    out += [missing_text(table, lacking, lang) for table, lacking in missing_columns(con).items()]
    return out


def tables_info(con) -> dict[str, dict]:
    """results.json additions per table: "period" ({"from", "to"}, for the dated tables) and
    "missing_columns" ([{"column", "checks"}], for every table holding rows)."""
    ps = periods(con)
    lacking = missing_columns(con)
    filled = _filled(con)
    out: dict[str, dict] = {}
    for table in (t_ for t_ in model.TABLE_NAMES if t_ in filled):
        out[table] = {**({"period": ps[table].to_json()} if table in ps else {}),
                      "missing_columns": lacking.get(table, [])}
    return out
