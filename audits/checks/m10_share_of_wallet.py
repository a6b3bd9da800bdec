"""10. Share of wallet not counted: our yearly revenue against the client's potential, and how many
clients have a potential at all; without potentials, product breadth stands in as a proxy."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    penetration = metrics.get("wallet_penetration")
    signals = [
        Signal("signal.share_of_wallet.penetration", penetration,
               settings["sw_penetration_bad"], settings["sw_penetration_good"]),
        Signal("signal.share_of_wallet.coverage", metrics.get("wallet_potential_coverage"),
               settings["sw_coverage_bad"], settings["sw_coverage_good"]),
    ]
    if penetration is None:   # the proxy only when no potential is known
        signals.append(Signal("signal.share_of_wallet.breadth", metrics.get("wallet_product_breadth"),
                              settings["sw_breadth_bad"], settings["sw_breadth_good"]))
    return signals


CHECK = Check(
    id=10, slug="share_of_wallet", category="clients",
    needs=(Need("orders", ("client_id", "ordered_at", "amount", "product")), Need("clients", ("client_id", "potential"))),
    metrics=("wallet_penetration", "wallet_median_penetration", "wallet_potential_coverage", "wallet_product_breadth"),
    thresholds=(Threshold("sw_penetration_good", 0.5, "share"), Threshold("sw_penetration_bad", 0.2, "share"),
                Threshold("sw_coverage_good", 0.9, "share"), Threshold("sw_coverage_bad", 0.5, "share"),
                Threshold("sw_breadth_good", 0.3, "share"), Threshold("sw_breadth_bad", 0.1, "share")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
    lists=("key_clients_without_potential",),
)
