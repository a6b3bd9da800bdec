"""19. Hiring is not organised: how long people stay, how many leave in a year, and how soon a new
hire wins his first deal (from the staff list's hire and leave dates)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.hiring.turnover", metrics.get("hiring_turnover_year"),
               settings["hr_turnover_bad"], settings["hr_turnover_good"]),
        Signal("signal.hiring.tenure", metrics.get("hiring_tenure_years"),
               settings["hr_tenure_bad"], settings["hr_tenure_good"], "years"),
        Signal("signal.hiring.days_to_first_win", metrics.get("hiring_days_to_first_win"),
               settings["hr_first_win_bad"], settings["hr_first_win_good"], "days"),
    ]


CHECK = Check(
    id=19, slug="hiring", category="team",
    needs=(Need("managers", ("manager", "hired_at", "left_at")),
           Need("deals", ("manager", "status", "closed_at"))),
    metrics=("hiring_tenure_years", "hiring_leavers_year", "hiring_turnover_year", "hiring_days_to_first_win",
             "hiring_newcomers", "hiring_newcomers_no_win"),
    thresholds=(Threshold("hr_turnover_good", 0.15, "share"), Threshold("hr_turnover_bad", 0.4, "share"),
                Threshold("hr_tenure_good", 2, "years"), Threshold("hr_tenure_bad", 0.5, "years"),
                Threshold("hr_first_win_good", 60, "days"), Threshold("hr_first_win_bad", 180, "days")),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
