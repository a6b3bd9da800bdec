"""24. Managers sell one product: distinct products per client, the share of single-product clients,
cross-selling and the average order by manager."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [Signal("signal.one_product.single_share", metrics.get("single_product_share"),
                   settings["op_single_bad"], settings["op_single_good"])]


CHECK = Check(
    id=24, slug="one_product", category="clients",
    needs=(Need("orders", ("client_id", "amount", "product", "manager")),),
    metrics=("single_product_share", "orders_products_per_client", "orders_crosssell_by_manager",
             "orders_avg_by_manager"),
    thresholds=(Threshold("op_single_good", 0.2, "share"), Threshold("op_single_bad", 0.5, "share")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
