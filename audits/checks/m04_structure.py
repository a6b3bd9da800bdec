"""4. Wrong organisational structure (proxy): managers who both win new clients and serve existing
ones, how many sellers one head leads, how many product lines each manager carries.

Who does what is read from the staff list's roles when they name a kind of client ("Новые клиенты",
"Текущие клиенты", "Новые и текущие", "hunter", "account manager"...); without such roles, from the
share of each manager's revenue that is new clients' first orders: a hunter at or above
`both_hunter_share`, a farmer at or below `both_farmer_share`, "both" between
(queries/metrics/managers_both.sql). One first order among hundreds of repeat orders does not make
an account manager a hunter."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.structure.managers_both", metrics.get("managers_both_share"), "st_both", settings),
        signal("signal.structure.span", metrics.get("team_span"), "st_span", settings),
    ]


CHECK = Check(
    id=4, slug="structure", category="team",
    needs=(Need("managers", ("manager", "team", "role")),
           Need("orders", ("client_id", "ordered_at", "amount", "manager"))),
    metrics=("managers_both_share", "managers_both_basis", "managers_hunters", "managers_farmers",
             "managers_both", "team_span", "team_sellers", "team_heads", "team_products_per_manager",
             "team_products_total"),
    thresholds=(# without roles: a manager whose revenue is mostly new clients' first orders hunts,
                # one who has almost none of it farms (read by check 8 as well)
                Threshold("both_hunter_share", 0.5, "share"), Threshold("both_farmer_share", 0.1, "share")),
    norms=("st_both", "st_span"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
