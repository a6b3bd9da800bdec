"""26. The head of sales is ineffective (proxy): whether the head marked in the staff list sells and
works in the CRM himself, against a typical seller."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.sales_head.deals", metrics.get("team_head_deals_ratio"), "hd_activity", settings),
        signal("signal.sales_head.tasks", metrics.get("team_head_tasks_ratio"), "hd_activity", settings),
        signal("signal.sales_head.calls", metrics.get("team_head_calls_ratio"), "hd_activity", settings),
    ]


CHECK = Check(
    id=26, slug="sales_head", category="management",
    needs=(Need("managers", ("manager", "role")), Need("deals", ("manager", "created_at")),
           Need("tasks", ("manager", "due_at")), Need("calls", ("manager", "started_at"))),
    metrics=("team_head", "team_head_deals_ratio", "team_head_tasks_ratio", "team_head_calls_ratio"),
    thresholds=(),
    norms=("hd_activity",),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=3,
    measure=measure,
)
