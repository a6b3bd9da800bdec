"""10. Share of wallet not counted: our yearly revenue against the client's potential, and how many
clients have a potential at all; without potentials, product breadth stands in as a proxy."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    penetration = metrics.get("wallet_penetration")
    signals = [
        signal("signal.share_of_wallet.penetration", penetration, "sw_penetration", settings),
        signal("signal.share_of_wallet.coverage", metrics.get("wallet_potential_coverage"), "sw_coverage", settings),
    ]
    if penetration is None:   # the proxy only when no potential is known
        signals.append(signal("signal.share_of_wallet.breadth", metrics.get("wallet_product_breadth"),
                              "sw_breadth", settings))
    return signals


CHECK = Check(
    id=10, slug="share_of_wallet", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount", "product")), Need("clients", ("client_id", "potential"))),
    metrics=("wallet_penetration", "wallet_median_penetration", "wallet_potential_coverage", "wallet_product_breadth"),
    thresholds=(),
    norms=("sw_penetration", "sw_coverage", "sw_breadth"),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
    lists=("key_clients_without_potential",),
)
