"""8. Nobody owns new clients: new clients per month, their first order, the new-client funnel apart
from the rest, and managers who both win and serve clients (by role, or by where their revenue comes
from: audits/checks/m04_structure.py)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.new_clients.win_rate", metrics.get("clients_new_win_rate"),
               settings["nc_win_rate_bad"], settings["nc_win_rate_good"]),
        Signal("signal.new_clients.managers_both", metrics.get("managers_both_share"),
               settings["nc_both_bad"], settings["nc_both_good"]),
    ]


CHECK = Check(
    id=8, slug="new_clients", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount", "manager")),
           Need("deals", ("client_id", "status", "created_at"))),
    metrics=("clients_new_last_year", "clients_new_by_month", "clients_new_first_order_avg",
             "clients_new_win_rate", "managers_both_share", "managers_both_basis"),
    thresholds=(Threshold("nc_win_rate_good", 0.2, "share"), Threshold("nc_win_rate_bad", 0.05, "share"),
                Threshold("nc_both_good", 0.25, "share"), Threshold("nc_both_bad", 0.75, "share")),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
