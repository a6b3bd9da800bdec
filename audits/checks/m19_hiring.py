"""19. Hiring is not organised: how long people stay, how many leave in a year, and how soon a new
hire wins his first deal (from the staff list's hire and leave dates)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.hiring.turnover", metrics.get("hiring_turnover_year"), "hr_turnover", settings),
        signal("signal.hiring.tenure", metrics.get("hiring_tenure_years"), "hr_tenure", settings),
        signal("signal.hiring.days_to_first_win", metrics.get("hiring_days_to_first_win"), "hr_first_win", settings),
    ]


CHECK = Check(
    id=19, slug="hiring", category="team",
    needs=(Need("managers", ("manager", "hired_at", "left_at")),
           Need("deals", ("manager", "status", "closed_at"))),
    metrics=("hiring_tenure_years", "hiring_leavers_year", "hiring_turnover_year", "hiring_days_to_first_win",
             "hiring_newcomers", "hiring_newcomers_no_win"),
    thresholds=(),
    norms=("hr_turnover", "hr_tenure", "hr_first_win"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
