"""15. Managers cannot build value (proxy): how deep the discounts go, how many won deals need one,
and whether one manager gives much more away than the rest."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def discount_spread(key: str, metrics: dict, settings: dict) -> Signal:
    """How much more the most generous manager discounts than the rest (discount_top_ratio), read
    with this check's norms, under the label `key`."""
    return Signal(key, metrics.get("discount_top_ratio"),
                  settings["vl_top_ratio_bad"], settings["vl_top_ratio_good"], "ratio")


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.value.discount_depth", metrics.get("discount_depth"),
               settings["vl_depth_bad"], settings["vl_depth_good"]),
        Signal("signal.value.won_with_discount", metrics.get("discount_won_share"),
               settings["vl_won_disc_bad"], settings["vl_won_disc_good"]),
        discount_spread("signal.value.top_ratio", metrics, settings),
    ]


CHECK = Check(
    id=15, slug="value", category="skills",
    needs=(Need("deals", ("manager", "status", "amount", "discount")),),
    metrics=("discount_depth", "discount_won_share", "discount_top_ratio", "discount_top_manager",
             "discount_by_manager"),
    thresholds=(Threshold("discount_min_deals", 10, "count"),
                Threshold("vl_depth_good", 0.03, "share"), Threshold("vl_depth_bad", 0.1, "share"),
                Threshold("vl_won_disc_good", 0.2, "share"), Threshold("vl_won_disc_bad", 0.6, "share"),
                Threshold("vl_top_ratio_good", 1.25, "ratio"), Threshold("vl_top_ratio_bad", 2.0, "ratio")),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
    measure=measure,
)
