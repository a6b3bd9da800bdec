"""29. Touchpoints neglected: the phone, measured. Missed incoming calls (all day and outside working
hours), missed calls not called back within 24 hours, how long a callback takes and how long a caller
waits; and speed to lead: how soon a new deal's client is first called (or a task on it done), with
the new deals nobody contacted as the drill-down list. Money at stake: new clients' missed calls that
nobody returned, at the rate at which answered calls from new clients turn into a first order, times
the average first order."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.touchpoints.missed_in", metrics.get("missed_in_rate"), "touch_missed", settings),
        signal("signal.touchpoints.missed_off_hours", metrics.get("calls_missed_off_rate"), "touch_missed", settings),
        signal("signal.touchpoints.callback_24h", metrics.get("callback_24h_rate"), "touch_callback", settings),
        signal("signal.touchpoints.callback_delay", metrics.get("calls_callback_delay_min"), "touch_delay", settings),
        signal("signal.touchpoints.answer_wait", metrics.get("calls_answer_wait_s"), "touch_wait", settings),
        signal("signal.touchpoints.lead_1d", metrics.get("lead_1d_share"), "lead_1d", settings),
        signal("signal.touchpoints.lead_median", metrics.get("lead_median_min"), "lead_median", settings),
    ]


CHECK = Check(
    id=29, slug="touchpoints", category="calls",
    needs=(Need("calls", ("started_at", "direction", "phone", "duration_s", "wait_s")),),
    metrics=("missed_in_rate", "callback_24h_rate", "calls_missed_work_rate", "calls_missed_off_rate",
             "calls_missed_evening_rate", "calls_missed_morning_rate", "calls_in_off_hours", "calls_missed_off_hours",
             "calls_answer_wait_s", "calls_callback_delay_min", "calls_missed_not_called_back",
             "calls_missed_with_number", "calls_missed_by_hour", "calls_new_in_answered", "calls_new_in_ordered",
             "calls_new_in_conversion", "calls_new_first_order_avg", "calls_new_missed_lost",
             "lead_deals", "lead_not_contacted", "lead_5min_share", "lead_1h_share", "lead_1d_share",
             "lead_median_min", "speed_to_lead_by_manager", "speed_to_lead_by_channel"),
    thresholds=(Threshold("calls_order_window_days", 30, "days"),),
    # Speed to lead (lead_1d, lead_median): a lead called back within the hour is far likelier to
    # become a deal (Oldroyd, McElheran, Elkington, "The Short Life of Online Sales Leads", HBR 2011).
    norms=("touch_missed", "touch_callback", "touch_delay", "touch_wait", "lead_1d", "lead_median"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    lists=("new_deals_not_contacted",),
    measure=measure,
)
