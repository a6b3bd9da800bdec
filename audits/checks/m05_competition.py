"""5. No competition in the sales department: too few people doing the same job, won revenue resting
on one or two managers (company-wide and inside each team), teams too large to lead."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold

SAME_JOB_BAD, SAME_JOB_GOOD = 1, 3      # the seed: at least three managers doing the same tasks
TEAM_BAD, TEAM_GOOD = 9, 6              # the seed: more than six managers -> two teams


def team_top_share(rows: list[dict] | None) -> dict | None:
    """The team whose top manager holds the largest share of its won revenue, among teams where at
    least two managers won something."""
    teams = [r for r in (rows or []) if (r.get("managers") or 0) >= 2 and r.get("top_share") is not None]
    return max(teams, key=lambda r: r["top_share"]) if teams else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    team = team_top_share(metrics.get("team_concentration"))
    return [
        Signal("signal.competition.same_job", metrics.get("team_same_job"), SAME_JOB_BAD, SAME_JOB_GOOD, "count"),
        Signal("signal.competition.top1_share", metrics.get("top1_manager_share"),
               settings["cp_top1_bad"], settings["cp_top1_good"]),
        Signal("signal.competition.team_top1_share", team and team["top_share"],
               settings["cp_team_top1_bad"], settings["cp_team_top1_good"]),
        Signal("signal.competition.largest_team", metrics.get("team_largest"), TEAM_BAD, TEAM_GOOD, "count"),
    ]


CHECK = Check(
    id=5, slug="competition", category="team",
    needs=(Need("deals", ("manager", "status", "amount")), Need("managers", ("manager", "team", "role"))),
    metrics=("team_same_job", "team_sellers", "team_largest", "top1_manager_share", "team_top2_share",
             "hhi_managers", "team_concentration"),
    thresholds=(Threshold("cp_top1_good", 0.3, "share"), Threshold("cp_top1_bad", 0.6, "share"),
                Threshold("cp_team_top1_good", 0.4, "share"), Threshold("cp_team_top1_bad", 0.7, "share")),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
)
