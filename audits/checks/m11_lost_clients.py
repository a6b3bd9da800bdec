"""11. Lost clients not won back: clients with no order for longer than the lost-after threshold, the
revenue they took with them, the A-clients among them, and the win-back list."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.lost_clients.lost_share", metrics.get("clients_lost_share"), "lc_lost_share", settings),
        signal("signal.lost_clients.lost_a", metrics.get("clients_lost_a"), "lc_lost_a", settings),
    ]


CHECK = Check(
    id=11, slug="lost_clients", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount")), Need("clients", ("client_id", "name", "manager"))),
    metrics=("lost_clients", "clients_lost_share", "clients_lost_revenue_year", "clients_lost_a", "clients_lost_b",
             "clients_lost_by_month", "clients_lost_reasons", "clients_returned_after_gap",
             "clients_lost_a_revenue_year"),
    thresholds=(Threshold("lc_winback_share", 0.2, "share"),),
    norms=("lc_lost_share", "lc_lost_a"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
    lists=("lost_clients_winback",),
)
