"""23. The plan is not fulfilled evenly: how much of a month's revenue comes by the 15th (company and
the weakest team), and how much the monthly fulfilment of a team jumps about ("zigzags"); per manager,
the typical manager's share made by the 15th, and (shown) how much weekly revenue varies, new and
existing clients apart."""
from __future__ import annotations

from statistics import median

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def weakest_first_half(by_team: dict | None) -> float | None:
    values = [v for v in (by_team or {}).values() if v is not None]
    return min(values) if values else None


def most_uneven(rows: list[dict] | None) -> dict | None:
    """The team (or group without a team) whose monthly fulfilment varies most, over at least 3 months."""
    teams = [r for r in (rows or []) if r.get("cv") is not None and (r.get("months") or 0) >= 3]
    return max(teams, key=lambda r: r["cv"]) if teams else None


def typical_first_half(by_manager: dict | None) -> float | None:
    """The median manager's share of the month's revenue made by the 15th."""
    values = [v for v in (by_manager or {}).values() if v is not None]
    return float(median(values)) if values else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    uneven = most_uneven(metrics.get("plan_evenness_by_team"))
    return [
        signal("signal.plan_evenness.first_half", metrics.get("plan_first_half_share"), "pe_first_half", settings),
        signal("signal.plan_evenness.first_half_team", weakest_first_half(metrics.get("plan_first_half_by_team")),
               "pe_first_half", settings),
        signal("signal.plan_evenness.team_cv", uneven and uneven["cv"], "pe_cv", settings),
        signal("signal.plan_evenness.first_half_manager", typical_first_half(metrics.get("plan_first_half_by_manager")),
               "pe_first_half", settings),
    ]


CHECK = Check(
    id=23, slug="plan_evenness", category="management",
    needs=(Need("orders", ("ordered_at", "amount", "manager")),
           Need("plans", ("manager", "month", "plan_amount")),
           Need("managers", ("manager", "team"))),
    metrics=("plan_first_half_share", "plan_first_half_by_team", "plan_evenness_by_team",
             "plan_first_half_by_manager", "plan_weekly_cv_by_manager"),
    thresholds=(),
    norms=("pe_first_half", "pe_cv"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=4,
    measure=measure,
)
