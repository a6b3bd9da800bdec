"""5. No competition in the sales department: too few people doing the same job, won revenue resting
on one or two managers (company-wide and inside each team), teams too large to lead."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal, values

# The seed's at least three managers doing the same tasks and more than six managers -> two teams
# are the norms cp_same_job and cp_team_size (audits/checks/norms.py).
# A top manager's share can never be below 1/n with n managers (3 managers: 33 %), so a fixed norm of
# 30 % would fail every team of three. The norms cp_top1 and cp_team_top1, as the user set them, scale
# with the team: good = max(norm, 1/n + margin), bad = max(norm, good + the norm's own gap between
# good and bad); with a single manager the share is 1 by definition and says nothing (the "same job"
# signal speaks for that team).
SIZE_MARGIN = 0.1                       # ten points above an even split still counts as healthy


def sized_norms(good: float, bad: float, managers: int | None) -> tuple[float, float] | None:
    """(good, bad) for a top-1 share among `managers` people, or None when there are fewer than two."""
    if not managers or managers < 2:
        return None
    scaled = max(good, 1 / managers + SIZE_MARGIN)
    return scaled, max(bad, scaled + (bad - good))


def top_share_signal(key: str, share: float | None, managers: int | None, good: float, bad: float) -> Signal:
    norms = sized_norms(good, bad, managers)
    if norms is None:
        return Signal(key, None, bad, good)
    return Signal(key, share, norms[1], norms[0])


def team_top_share(rows: list[dict] | None, good: float, bad: float) -> Signal:
    """The team whose top manager's share of its won revenue scores worst against the norms scaled to
    that team's size, among teams where at least two managers won something."""
    key = "signal.competition.team_top1_share"
    signals = [top_share_signal(key, r["top_share"], r.get("managers"), good, bad) for r in rows or []
               if (r.get("managers") or 0) >= 2 and r.get("top_share") is not None]
    return min(signals, key=lambda s: (s.score, -s.value)) if signals else Signal(key, None, bad, good)


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.competition.same_job", metrics.get("team_same_job"), "cp_same_job", settings),
        top_share_signal("signal.competition.top1_share", metrics.get("top1_manager_share"),
                         metrics.get("won_managers"), *values("cp_top1", settings)),
        team_top_share(metrics.get("team_concentration"), *values("cp_team_top1", settings)),
        signal("signal.competition.largest_team", metrics.get("team_largest"), "cp_team_size", settings),
    ]


CHECK = Check(
    id=5, slug="competition", category="team",
    needs=(Need("deals", ("manager", "status", "amount")), Need("managers", ("manager", "team", "role"))),
    metrics=("team_same_job", "team_sellers", "team_largest", "top1_manager_share", "won_managers",
             "team_top2_share", "hhi_managers", "team_concentration"),
    thresholds=(),
    norms=("cp_same_job", "cp_top1", "cp_team_top1", "cp_team_size"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
)
