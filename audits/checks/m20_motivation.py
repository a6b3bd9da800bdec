"""20. No motivation system: how often managers miss their monthly plan (below 80, 90 and 100 %)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.motivation.below80", metrics.get("plan_below80_share"), "mv_below80", settings),
        signal("signal.motivation.below100", metrics.get("plan_below100_share"), "mv_below100", settings),
    ]


CHECK = Check(
    id=20, slug="motivation", category="management",
    needs=(Need("plans", ("manager", "month", "plan_amount")),
           Need("orders", ("ordered_at", "amount", "manager"))),
    metrics=("plan_manager_months", "plan_below80_share", "plan_below90_share", "plan_below100_share",
             "plan_fact_source"),
    thresholds=(),
    norms=("mv_below80", "mv_below100"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=3,
    measure=measure,
    lists=("managers_below_plan",),
)
