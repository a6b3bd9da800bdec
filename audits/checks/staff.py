"""Who may be compared with whom: the sellers active on the analysis date, by role.

Comparisons between managers (talk time, call length, deals per call) mean something only between
people doing the same job at the same time: a head of sales makes a few calls of his own, someone
who left months ago worked another period, and a hunter's calls are not an account manager's. The
staff list says who is who (queries/metrics/staff_sellers.sql); without one, every manager named in
the data is compared with every other, as before.
"""
from __future__ import annotations


def active_sellers(metrics: dict) -> dict[str, str | None] | None:
    """{manager: role group} of the active sellers, or None when there is no staff list. The group is
    the kind of clients the role names (new / existing / both), else the role's own words."""
    rows = metrics.get("staff_sellers")
    if not rows:
        return None
    return {r["manager"]: r.get("kind") or r.get("role") for r in rows}


def sellers_only(values: dict | None, sellers: dict | None) -> dict:
    """A {manager: value} map cut to the active sellers (whole when there is no staff list)."""
    values = values or {}
    return dict(values) if sellers is None else {m: v for m, v in values.items() if m in sellers}


def groups_of(rows: list[dict] | None, sellers: dict | None) -> list[list[dict]]:
    """Rows with a "manager" field split by the role group of the active sellers (rows of anyone
    else dropped); one group of all rows when there is no staff list."""
    if sellers is None:
        return [list(rows or [])]
    out: dict = {}
    for r in rows or []:
        if r.get("manager") in sellers:
            out.setdefault(sellers[r["manager"]], []).append(r)
    return list(out.values())
