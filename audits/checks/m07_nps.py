"""7. NPS not measured: whether clients' loyalty is measured at all, read from the survey itself: how
many active clients answered it and how recent the latest answer is. A measured NPS answers this
item, whatever the score: a low NPS is a finding about the clients, shown with its band (the seed:
below 10 low, around 45 decent, 50-80 market leaders) and the promoter / passive / detractor split,
and kept out of this item's score."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.nps.response_rate", metrics.get("nps_response_rate"), "nps_rate", settings),
        signal("signal.nps.recency", metrics.get("nps_days_since_last"), "nps_recency", settings),
        # the score itself, read against the seed's bands, shown but not scored
        signal("signal.nps.score", metrics.get("nps"), "nps", settings, scored=False),
    ]


CHECK = Check(
    id=7, slug="nps", category="clients",
    needs=(Need("nps", ("score",)),),
    metrics=("nps", "nps_band", "nps_promoters", "nps_passives", "nps_detractors", "nps_responses",
             "nps_response_rate", "nps_days_since_last"),
    # a survey that a fifth of the active clients answer is measured, one in twenty is not; an answer
    # within four months (a quarterly survey and its lag) is current, a year old is stale
    thresholds=(),
    norms=("nps_rate", "nps_recency", "nps"),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
