"""1. Funnel not set up: stage conversions, the weakest step, win rate, vague stage names.

The funnel is one pipeline's (metrics["funnel_order"] says which, and what its stage order rests on:
audits/stages.py). Without any basis for the order there is no weakest step."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.ingest.vocab import is_vague_stage


def weakest_step(funnel: list[dict] | None) -> dict | None:
    """The step with the lowest conversion (the principal problem of the funnel)."""
    steps = [s for s in (funnel or []) if s.get("conversion") is not None]
    return min(steps, key=lambda s: s["conversion"]) if steps else None


def ordered_funnel(metrics: dict) -> list[dict] | None:
    """The funnel when its stage order is known or guessed from a stated basis; None when nothing
    tells the order (funnel_order basis "none"): a step between two stages listed by name is no step."""
    order = metrics.get("funnel_order") or {}
    return None if order.get("basis") == "none" else metrics.get("funnel")


def vague_stages(funnel: list[dict] | None) -> list[str] | None:
    if not funnel:
        return None
    return [s["stage"] for s in funnel if is_vague_stage(s["stage"])]


def measure(metrics: dict, settings: dict) -> list[Signal]:
    weak = weakest_step(ordered_funnel(metrics))
    vague = vague_stages(metrics.get("funnel"))
    return [
        Signal("signal.funnel.weakest_step", weak and weak["conversion"],
               settings["funnel_step_bad"], settings["funnel_step_good"]),
        Signal("signal.funnel.win_rate", metrics.get("win_rate"),
               settings["win_rate_bad"], settings["win_rate_good"]),
        Signal("signal.funnel.vague_stages", None if vague is None else len(vague), 2, 0, "count"),
    ]


CHECK = Check(
    id=1, slug="funnel", category="funnel",
    needs=(Need("deals", ("deal_id", "stage", "status")), Need("stage_history", ("deal_id", "stage", "entered_at"))),
    metrics=("funnel", "win_rate", "deals_won", "deals_lost", "avg_won_amount", "funnel_order"),
    thresholds=(Threshold("funnel_step_good", 0.6, "share"), Threshold("funnel_step_bad", 0.2, "share"),
                Threshold("win_rate_good", 0.2, "share"), Threshold("win_rate_bad", 0.05, "share")),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
