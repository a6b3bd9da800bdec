"""Who may be compared with whom: the sellers active on the analysis date, by role.

Comparisons between managers (talk time, call length, deals per call) mean something only between
people doing the same job at the same time: a head of sales makes a few calls of his own, someone
who left months ago worked another period, and a hunter's calls are not an account manager's. The
staff list says who is who (queries/metrics/staff_sellers.sql). People it names as heads or as not
active on the analysis date are left out; people it does not name at all are kept (nothing says
they are not sellers); without a staff list every manager is compared with every other.
"""
from __future__ import annotations


def active_sellers(metrics: dict) -> dict | None:
    """{"seller": {manager: role group}, "other": {managers named but not compared}}, or None
    without a staff list. The group is the kind of clients the role names (new / existing / both),
    else the role's own words."""
    rows = metrics.get("staff_sellers")
    if not rows:
        return None
    return {"seller": {r["manager"]: r.get("kind") or r.get("role") for r in rows if r.get("seller")},
            "other": {r["manager"] for r in rows if not r.get("seller")}}


def sellers_only(values: dict | None, staff: dict | None) -> dict:
    """A {manager: value} map without the people the staff list names as heads or not active."""
    values = values or {}
    return dict(values) if staff is None else {m: v for m, v in values.items() if m not in staff["other"]}


def groups_of(rows: list[dict] | None, staff: dict | None) -> list[list[dict]]:
    """Rows with a "manager" field, without heads and people not active, split by role group
    (managers the list does not name form a group of their own); one group without a staff list."""
    if staff is None:
        return [list(rows or [])]
    out: dict = {}
    for r in rows or []:
        name = r.get("manager")
        if name in staff["other"]:
            continue
        group = ("seller", staff["seller"][name]) if name in staff["seller"] else ("unlisted",)
        out.setdefault(group, []).append(r)
    return list(out.values())
