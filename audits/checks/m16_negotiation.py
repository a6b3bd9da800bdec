"""16. No negotiation skills (proxy): how often deals that reached the last step before the win are
won, and how far the weakest manager's rate at that step falls behind the team's. The late stage is
read within the funnel's pipeline (audits/stages.py). Discounts are check 15's (value) alone: counting
the same discount spread here too would mark one problem twice."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def weakest_vs_team(metrics: dict) -> float | None:
    """The weakest manager's win rate at the last step divided by the team's (1 = as good as the team;
    0.5 = wins half as often); None without both rates or when the team wins nothing there."""
    weakest, team = metrics.get("pipeline_late_win_rate_min"), metrics.get("pipeline_late_win_rate")
    return weakest / team if weakest is not None and team else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.negotiation.late_win_rate", metrics.get("pipeline_late_win_rate"), "ng_late", settings),
        signal("signal.negotiation.weakest_vs_team", weakest_vs_team(metrics), "ng_late_min", settings),
    ]


CHECK = Check(
    id=16, slug="negotiation", category="skills",
    needs=(Need("deals", ("manager", "status", "stage")),
           Need("stage_history", ("deal_id", "stage", "entered_at"))),
    metrics=("pipeline_late_stage", "pipeline_late_win_rate", "pipeline_late_win_rate_min",
             "pipeline_late_weakest"),
    thresholds=(Threshold("negotiation_min_deals", 10, "count"),),
    norms=("ng_late", "ng_late_min"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
