"""7. NPS not measured: whether clients' loyalty is measured at all, read from the survey itself: how
many active clients answered it and how recent the latest answer is. A measured NPS answers this
item, whatever the score: a low NPS is a finding about the clients, shown with its band (the seed:
below 10 low, around 45 decent, 50-80 market leaders) and the promoter / passive / detractor split,
and kept out of this item's score."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.nps.response_rate", metrics.get("nps_response_rate"),
               settings["nps_rate_bad"], settings["nps_rate_good"]),
        Signal("signal.nps.recency", metrics.get("nps_days_since_last"),
               settings["nps_recency_bad"], settings["nps_recency_good"], "days"),
        # the score itself, read against the seed's bands, shown but not scored
        Signal("signal.nps.score", metrics.get("nps"), settings["nps_bad"], settings["nps_good"], "points",
               scored=False),
    ]


CHECK = Check(
    id=7, slug="nps", category="clients",
    needs=(Need("nps", ("score",)),),
    metrics=("nps", "nps_band", "nps_promoters", "nps_passives", "nps_detractors", "nps_responses",
             "nps_response_rate", "nps_days_since_last"),
    thresholds=(Threshold("nps_good", 50, "points"), Threshold("nps_bad", 10, "points"),
                # a survey that a fifth of the active clients answer is measured; one in twenty is not
                Threshold("nps_rate_good", 0.2, "share"), Threshold("nps_rate_bad", 0.05, "share"),
                # the seed asks every quarter: an answer within four months is current, a year is stale
                Threshold("nps_recency_good", 120, "days"), Threshold("nps_recency_bad", 365, "days")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
