"""Is the history long enough for what a check concludes?

Some findings look back over a window: a client is lost after `lost_after_days` without an order, a
deal is stale after `stale_days` without a move, a client's regularity (XYZ) needs `xyz_min_months`
of orders. On data shorter than the window such a finding is not small, it is unknowable: with 3.5
months of orders nobody can have been silent for 180 days, and "0 lost clients" would read as
healthy. So the metrics behind it are withheld from the checks (the reference metrics in results.json
stay as defined) and the check says "not enough history (needs N months, has M)".

    windows(con, as_of, settings) -> {check id: (limits, metrics to withhold)}
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from audits import model
from audits.limits import Limit

DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Window:
    table: str                                 # whose history must be long enough
    days: Callable[[dict], float]              # the window, from the settings
    metrics: tuple[str, ...]                   # what cannot be known on a shorter history
    checks: tuple[int, ...]                    # the checks that read them


XYZ_METRICS = ("segments_xyz", "segments_abc_xyz", "segments_abc_xyz_revenue")

WINDOWS = (
    # A client is lost after lost_after_days without an order: the orders must go back further.
    Window("orders", lambda s: s["lost_after_days"],
           ("lost_clients", "clients_lost_share", "clients_lost_revenue_year", "clients_lost_a", "clients_lost_b",
            "clients_lost_by_month", "clients_returned_after_gap", "clients_lost_a_revenue_year"), (11,)),
    # A client's regularity is the share of months with an order over at least xyz_min_months.
    Window("orders", lambda s: s["xyz_min_months"] * DAYS_PER_MONTH, XYZ_METRICS, (2, 9)),
    # A deal is stale after stale_days without a move: the deals must be older than that.
    Window("deals", lambda s: s["stale_days"], ("stale_deals", "pipeline_stale_value"), (28,)),
)

# Above this share of ordering clients too new to tell (class N), XYZ says little of the others.
XYZ_MAX_NEW_SHARE = 0.5


def spans(con, as_of: dt.date) -> dict[str, float]:
    """Days from each table's first event to the analysis date, for the tables that hold dated rows."""
    tables = sorted({w.table for w in WINDOWS})
    body = " UNION ALL ".join(f"SELECT '{t}', min({model.EVENT_TS[t]})::DATE FROM {t}" for t in tables)
    return {t: (as_of - first).days for t, first in con.execute(body).fetchall() if first is not None}


def windows(con, as_of: dt.date | None, settings: dict, metrics: dict) -> dict[int, tuple[list[Limit], set[str]]]:
    """For each check a window limits: the limits to show and the metrics to withhold from it."""
    out: dict[int, tuple[list[Limit], set[str]]] = {}
    if as_of is None:
        return out
    have = spans(con, as_of)

    def add(checks, limit, withheld):
        for c in checks:
            limits, names = out.setdefault(c, ([], set()))
            if limit not in limits:
                limits.append(limit)
            names.update(withheld)

    for w in WINDOWS:
        needed = w.days(settings)
        if w.table in have and have[w.table] < needed:
            add(w.checks, Limit("short_history", {
                "table_key": f"table.{w.table}", "needs_months": _months(needed),
                "has_months": _months(have[w.table])}), w.metrics)
    xyz = metrics.get("segments_xyz") or {}
    total = sum(v or 0 for v in xyz.values())
    already = out.get(2, ([], set()))[1]
    if total and (xyz.get("N") or 0) / total > XYZ_MAX_NEW_SHARE and not set(XYZ_METRICS) <= already:
        add((2, 9), Limit("xyz_mostly_new", {"share": round(xyz["N"] / total, 3),
                                             "months": _months(settings["xyz_min_months"] * DAYS_PER_MONTH)}),
            XYZ_METRICS)
    return out


def _months(days: float) -> float | int:
    months = round(days / DAYS_PER_MONTH, 1)
    return int(months) if months == int(months) else months
