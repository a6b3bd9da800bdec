"""9. Nobody owns existing clients: the repeat-purchase funnel (1st -> 2nd -> 3rd order), the revenue
that returning clients bring, how regularly the A clients buy (the ABC-XYZ matrix), and LTV where the
orders carry a margin."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def irregular_a(matrix: dict | None) -> float | None:
    """Share of the A clients old enough to classify (AX, AY, AZ; not the too-new AN) that buy
    irregularly (AZ): big clients ordering in fewer than a quarter of their months are nobody's care."""
    if not matrix:
        return None
    a = sum(matrix.get(c) or 0 for c in ("AX", "AY", "AZ"))
    return (matrix.get("AZ") or 0) / a if a else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.existing_clients.second_order", metrics.get("clients_second_order_rate"),
               "ec_second_order", settings),
        signal("signal.existing_clients.returning_revenue", metrics.get("clients_returning_revenue_share"),
               "ec_returning", settings),
        signal("signal.existing_clients.irregular_a", irregular_a(metrics.get("segments_abc_xyz")),
               "ec_irregular_a", settings),
    ]


CHECK = Check(
    id=9, slug="existing_clients", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount", "margin")),),
    metrics=("repeat_rate", "clients_second_order_rate", "clients_third_order_rate",
             "clients_returning_revenue_share", "clients_margin_share", "clients_ltv", "segments_abc_xyz"),
    thresholds=(),
    norms=("ec_second_order", "ec_returning", "ec_irregular_a"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
