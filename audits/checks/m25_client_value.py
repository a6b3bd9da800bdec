"""25. Clients not split by size and value: the ABC segments, and whether calls and meetings follow
value (the C clients' share of effort against their share of revenue)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.client_value.c_calls", metrics.get("segments_c_call_share"), "c_effort", settings),
        signal("signal.client_value.c_meetings", metrics.get("segments_c_meeting_share"), "c_effort", settings),
    ]


CHECK = Check(
    id=25, slug="client_value", category="clients",
    needs=(Need("orders", ("client_id", "amount")), Need("calls", ("client_id",)),
           Need("meetings", ("client_id",))),
    metrics=("segments_abc", "segments_c_client_share", "segments_c_revenue_share", "segments_c_call_share",
             "segments_c_talk_share", "segments_c_meeting_share"),
    thresholds=(),
    norms=("c_effort",),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
