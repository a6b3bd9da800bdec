"""6. No workday maps: talk minutes per working day against the target, outgoing calls per day
against the plausible band, and (shown, not scored) the day's first and last call, the longest pause
between calls and the calls by hour and weekday. Only the sellers active on the analysis date are
scored (audits/checks/staff.py): the head's few calls and a leaver's old ones are not the team's day."""
from __future__ import annotations

from statistics import median

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal
from audits.checks.staff import active_sellers, sellers_only


def median_talk(talk_min_per_day: dict | None) -> float | None:
    """The typical manager's talk minutes per working day (the median over managers)."""
    values = [v for v in (talk_min_per_day or {}).values() if v is not None]
    return float(median(values)) if values else None


def out_calls_in_band(out_calls_per_day: dict | None, low: float, high: float) -> float | None:
    """Share of managers whose outgoing calls per working day lie within low..high."""
    values = [v for v in (out_calls_per_day or {}).values() if v is not None]
    return sum(low <= v <= high for v in values) / len(values) if values else None


def over_band(out_calls_per_day: dict | None, high: float) -> list[str]:
    """Managers claiming more outgoing calls a day than anyone can make well."""
    return sorted(m for m, v in (out_calls_per_day or {}).items() if v is not None and v > high)


def measure(metrics: dict, settings: dict) -> list[Signal]:
    # only the sellers active on the analysis date are scored: not the head, not people who left
    sellers = active_sellers(metrics)
    talk = sellers_only(metrics.get("talk_min_per_day"), sellers)
    out_calls = sellers_only(metrics.get("out_calls_per_day"), sellers)
    return [
        signal("signal.workday.talk_min", median_talk(talk), "talk_min", settings),
        signal("signal.workday.out_calls_in_band",
               out_calls_in_band(out_calls, settings["out_calls_min"], settings["out_calls_max"]),
               "out_calls_in_band", settings),
        signal("signal.workday.meetings_at_client", metrics.get("meetings_client_share"), "meet_client", settings),
    ]


CHECK = Check(
    id=6, slug="workday", category="calls",
    needs=(Need("calls", ("started_at", "manager", "direction", "duration_s")),),
    metrics=("talk_min_per_day", "out_calls_per_day", "calls_by_manager", "calls_heatmap",
             "meetings_total", "meetings_at_client", "meetings_at_office", "meetings_remote",
             "meetings_client_share", "meetings_per_week", "staff_sellers"),
    thresholds=(Threshold("out_calls_min", 20, "count"), Threshold("out_calls_max", 50, "count"),
                Threshold("calls_work_start", 9, "count"), Threshold("calls_work_end", 18, "count"),
                Threshold("calls_manager_min", 30, "count")),
    norms=("talk_min", "out_calls_in_band", "meet_client"),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
