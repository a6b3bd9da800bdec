"""17. No unified sales scripts: how far apart managers are in call length and in deals per call.
A proxy: when everyone talks his own way, the numbers of the best and the weakest drift apart.
Only sellers active on the analysis date are compared, and only with people of the same role
(audits/checks/staff.py): a hunter's cold calls are not an account manager's, and the head's own
few calls are no script at all. The signal is the widest spread inside any one role."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal
from audits.checks.staff import active_sellers, groups_of


def _spread(values: list[float]) -> float | None:
    """Highest / lowest of positive values (at least two), else None."""
    values = [v for v in values if v is not None and v > 0]
    return max(values) / min(values) if len(values) >= 2 else None


def length_spread(rows: list[dict] | None, min_calls: float) -> float | None:
    """Longest / shortest median answered-call length among managers with enough answered calls."""
    return _spread([r["median_min"] for r in rows or [] if (r.get("answered") or 0) >= max(min_calls, 1)])


def deal_spread(rows: list[dict] | None, min_calls: float) -> float | None:
    """Highest / lowest deals per answered call among managers with enough calls and any deal."""
    return _spread([r["deals_per_call"] for r in rows or []
                    if (r.get("answered") or 0) >= max(min_calls, 1) and (r.get("deals") or 0) > 0])


def widest(spread, rows: list[dict] | None, sellers: dict | None, min_calls: float) -> float | None:
    """The largest `spread` among the role groups of active sellers (None when no group has two
    comparable managers)."""
    values = [v for group in groups_of(rows, sellers) if (v := spread(group, min_calls)) is not None]
    return max(values) if values else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    n = settings["calls_manager_min"]
    sellers = active_sellers(metrics)
    return [
        signal("signal.scripts.length_spread", widest(length_spread, metrics.get("calls_by_manager"), sellers, n),
               "scripts_spread", settings),
        signal("signal.scripts.deal_spread", widest(deal_spread, metrics.get("calls_deal_conversion"), sellers, n),
               "scripts_spread", settings),
    ]


CHECK = Check(
    id=17, slug="scripts", category="calls",
    needs=(Need("calls", ("started_at", "manager", "duration_s")), Need("deals", ("deal_id", "manager"))),
    metrics=("calls_by_manager", "calls_deal_conversion", "calls_length_hist", "call_buckets", "staff_sellers"),
    thresholds=(),
    norms=("scripts_spread",),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
