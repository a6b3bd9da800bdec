"""4. Wrong organisational structure (proxy): managers who both win new clients and serve existing
ones, how many sellers one head leads, how many product lines each manager carries."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.structure.managers_both", metrics.get("managers_both_share"),
               settings["st_both_bad"], settings["st_both_good"]),
        Signal("signal.structure.span", metrics.get("team_span"),
               settings["st_span_bad"], settings["st_span_good"], "count"),
    ]


CHECK = Check(
    id=4, slug="structure", category="team",
    needs=(Need("managers", ("manager", "team", "role")),
           Need("orders", ("client_id", "ordered_at", "amount", "manager"))),
    metrics=("managers_both_share", "team_span", "team_sellers", "team_heads", "team_products_per_manager",
             "team_products_total"),
    thresholds=(Threshold("st_both_good", 0.25, "share"), Threshold("st_both_bad", 0.75, "share"),
                Threshold("st_span_good", 6, "count"), Threshold("st_span_bad", 10, "count")),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
