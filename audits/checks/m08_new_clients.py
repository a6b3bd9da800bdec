"""8. Nobody owns new clients: new clients per month, their first order, the new-client funnel apart
from the rest, and managers who both win and serve clients (by role, or by where their revenue comes
from: audits/checks/m04_structure.py)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.new_clients.win_rate", metrics.get("clients_new_win_rate"), "nc_win_rate", settings),
        signal("signal.new_clients.managers_both", metrics.get("managers_both_share"), "nc_both", settings),
    ]


CHECK = Check(
    id=8, slug="new_clients", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount", "manager")),
           Need("deals", ("client_id", "status", "created_at"))),
    metrics=("clients_new_last_year", "clients_new_by_month", "clients_new_first_order_avg",
             "clients_new_win_rate", "managers_both_share", "managers_both_basis"),
    thresholds=(),
    norms=("nc_win_rate", "nc_both"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
