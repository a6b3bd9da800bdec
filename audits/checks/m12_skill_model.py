"""12. No skill model (proxy): how far sellers differ in win rate and in average won deal; a wide
spread means each one sells his own way and the best practice is not passed on."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.skill_model.win_rate_cv", metrics.get("skill_win_rate_cv"), "sk_win_cv", settings),
        signal("signal.skill_model.avg_deal_cv", metrics.get("skill_avg_deal_cv"), "sk_deal_cv", settings),
    ]


CHECK = Check(
    id=12, slug="skill_model", category="skills",
    needs=(Need("deals", ("manager", "status", "amount")),),
    metrics=("skill_win_rate_cv", "skill_avg_deal_cv", "skill_managers_compared", "managers_results"),
    thresholds=(Threshold("skill_min_closed", 20, "count"),),
    norms=("sk_win_cv", "sk_deal_cv"),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
