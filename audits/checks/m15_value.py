"""15. Managers cannot build value (proxy): how deep the discounts go, how many won deals need one,
and whether one manager gives much more away than the rest."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def discount_spread(key: str, metrics: dict, settings: dict) -> Signal:
    """How much more the most generous manager discounts than the rest (discount_top_ratio), read
    with the norm vl_top_ratio, under the label `key`."""
    return signal(key, metrics.get("discount_top_ratio"), "vl_top_ratio", settings)


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.value.discount_depth", metrics.get("discount_depth"), "vl_depth", settings),
        signal("signal.value.won_with_discount", metrics.get("discount_won_share"), "vl_won_disc", settings),
        discount_spread("signal.value.top_ratio", metrics, settings),
    ]


CHECK = Check(
    id=15, slug="value", category="skills",
    needs=(Need("deals", ("manager", "status", "amount", "discount")),),
    metrics=("discount_depth", "discount_won_share", "discount_top_ratio", "discount_top_manager",
             "discount_by_manager"),
    thresholds=(Threshold("discount_min_deals", 10, "count"),),
    norms=("vl_depth", "vl_won_disc", "vl_top_ratio"),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
