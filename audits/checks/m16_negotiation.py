"""16. No negotiation skills (proxy): how often deals that reached the last step before the win are
won, overall and by the weakest manager, and whether one manager buys deals with deep discounts.
The late stage is read within the funnel's pipeline (audits/stages.py)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.m15_value import discount_spread


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.negotiation.late_win_rate", metrics.get("pipeline_late_win_rate"),
               settings["ng_late_bad"], settings["ng_late_good"]),
        Signal("signal.negotiation.late_win_rate_min", metrics.get("pipeline_late_win_rate_min"),
               settings["ng_late_min_bad"], settings["ng_late_min_good"]),
        # the discount spread is read with the norms of check 15 (value), so both checks agree
        discount_spread("signal.negotiation.discount_top_ratio", metrics, settings),
    ]


CHECK = Check(
    id=16, slug="negotiation", category="skills",
    needs=(Need("deals", ("manager", "status", "stage", "discount")),
           Need("stage_history", ("deal_id", "stage", "entered_at"))),
    metrics=("pipeline_late_stage", "pipeline_late_win_rate", "pipeline_late_win_rate_min",
             "pipeline_late_weakest", "discount_top_ratio", "discount_top_manager"),
    thresholds=(Threshold("negotiation_min_deals", 10, "count"),
                Threshold("ng_late_good", 0.8, "share"), Threshold("ng_late_bad", 0.5, "share"),
                Threshold("ng_late_min_good", 0.7, "share"), Threshold("ng_late_min_bad", 0.4, "share")),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
