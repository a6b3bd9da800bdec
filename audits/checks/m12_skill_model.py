"""12. No skill model (proxy): how far sellers differ in win rate and in average won deal; a wide
spread means each one sells his own way and the best practice is not passed on."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.skill_model.win_rate_cv", metrics.get("skill_win_rate_cv"),
               settings["sk_win_cv_bad"], settings["sk_win_cv_good"], "share"),
        Signal("signal.skill_model.avg_deal_cv", metrics.get("skill_avg_deal_cv"),
               settings["sk_deal_cv_bad"], settings["sk_deal_cv_good"], "share"),
    ]


CHECK = Check(
    id=12, slug="skill_model", category="skills",
    needs=(Need("deals", ("manager", "status", "amount")),),
    metrics=("skill_win_rate_cv", "skill_avg_deal_cv", "skill_managers_compared", "managers_results"),
    thresholds=(Threshold("skill_min_closed", 20, "count"),
                Threshold("sk_win_cv_good", 0.15, "share"), Threshold("sk_win_cv_bad", 0.4, "share"),
                Threshold("sk_deal_cv_good", 0.25, "share"), Threshold("sk_deal_cv_bad", 0.6, "share")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
