"""14. Managers cannot build a need (SPIN): short first calls with new clients, overall and for the
manager who cuts them shortest. A proxy: a need cannot be built in under two minutes. And the typical
length of a conversation with a new client against the seed's standard of 5-7 minutes."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def new_client_rows(rows: list[dict] | None) -> list[dict]:
    return [r for r in (rows or []) if r.get("client_kind") == "new"]


def short_first_new_share(rows: list[dict] | None) -> float | None:
    """Short first calls with new clients / first calls with new clients, over all managers."""
    new = new_client_rows(rows)
    firsts = sum(r["first_calls"] or 0 for r in new)
    return sum(r["first_short"] or 0 for r in new) / firsts if firsts else None


def short_new_by_manager(rows: list[dict] | None, min_calls: float) -> dict[str, float]:
    """Per manager with at least `min_calls` answered calls with new clients: the short share of them."""
    out = {}
    for r in new_client_rows(rows):
        if r.get("manager") is not None and (r["answered"] or 0) >= max(min_calls, 1):
            out[r["manager"]] = (r["short"] or 0) / r["answered"]
    return out


def worst_manager(shares: dict[str, float]) -> tuple[str, float] | None:
    return max(shares.items(), key=lambda kv: (kv[1], kv[0])) if shares else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    rows = metrics.get("calls_client_kind")
    worst = worst_manager(short_new_by_manager(rows, settings["calls_manager_min"]))
    return [
        signal("signal.spin.short_first_new", short_first_new_share(rows), "spin_short_first", settings),
        signal("signal.spin.worst_manager_short_new", worst and worst[1], "short_manager", settings),
        signal("signal.spin.talk_new_median", metrics.get("calls_new_talk_median_min"), "spin_talk_new", settings),
    ]


CHECK = Check(
    id=14, slug="spin", category="skills",
    needs=(Need("calls", ("started_at", "duration_s", "phone", "manager")),
           Need("orders", ("client_id", "ordered_at", "amount"))),
    metrics=("calls_client_kind", "calls_new_talk_answered", "calls_new_talk_median_min",
             "calls_new_talk_5min_share"),
    thresholds=(),
    # Seed 002: all the steps of a call with a new client take 5 minutes at least (5-7 is the
    # standard); a two-minute talk is a consultation (norm spin_talk_new).
    norms=("spin_short_first", "short_manager", "spin_talk_new"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
