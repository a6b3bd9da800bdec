"""7. NPS not measured: the score against the seed's bands; how many active clients answered and how
recent the latest answer is are shown beside it."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    # Only the score itself is rated: a low NPS is the finding, however well the survey is run.
    return [Signal("signal.nps.score", metrics.get("nps"), settings["nps_bad"], settings["nps_good"], "points")]


CHECK = Check(
    id=7, slug="nps", category="clients",
    needs=(Need("nps", ("score",)),),
    metrics=("nps", "nps_responses", "nps_response_rate", "nps_days_since_last"),
    thresholds=(Threshold("nps_good", 50, "points"), Threshold("nps_bad", 10, "points")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
