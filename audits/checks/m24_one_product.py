"""24. Managers sell one product: distinct products per client, the share of single-product clients,
cross-selling and the average order by manager."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [signal("signal.one_product.single_share", metrics.get("single_product_share"), "op_single", settings)]


CHECK = Check(
    id=24, slug="one_product", category="clients",
    needs=(Need("orders", ("client_id", "amount", "product", "manager")),),
    metrics=("single_product_share", "orders_products_per_client", "orders_crosssell_by_manager",
             "orders_avg_by_manager"),
    thresholds=(),
    norms=("op_single",),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
