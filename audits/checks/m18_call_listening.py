"""18. Calls are not listened to: the share of answered calls with a recording, and the manager with
the most short calls (someone listening would have noticed); the short calls with new clients to
listen to first are the drill-down list."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def worst_short_manager(rows: list[dict] | None, min_calls: float) -> tuple[str, float] | None:
    """The manager with the highest share of short answered calls (enough answered calls only)."""
    shares = {r["manager"]: r["short_share"] for r in rows or []
              if r.get("short_share") is not None and (r.get("answered") or 0) >= max(min_calls, 1)}
    return max(shares.items(), key=lambda kv: (kv[1], kv[0])) if shares else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    worst = worst_short_manager(metrics.get("calls_by_manager"), settings["calls_manager_min"])
    return [
        signal("signal.listening.recorded", metrics.get("calls_recorded_share"), "listen_recorded", settings),
        signal("signal.listening.worst_manager_short", worst and worst[1], "short_manager", settings),
    ]


CHECK = Check(
    id=18, slug="call_listening", category="calls",
    needs=(Need("calls", ("started_at", "manager", "duration_s", "recording_url")),),
    metrics=("calls_recorded_share", "calls_by_manager", "short_call_share"),
    thresholds=(),
    norms=("listen_recorded", "short_manager"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
    lists=("short_calls_new_clients",),
)
