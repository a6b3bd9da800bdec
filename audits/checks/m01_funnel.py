"""1. Funnel not set up: stage conversions, the weakest step, win rate, vague stage names, and the win
rate of warm and of cold leads against the seed's norm for each.

The funnel is one pipeline's (metrics["funnel_order"] says which, and what its stage order rests on:
audits/stages.py). Without any basis for the order there is no weakest step.

Shown beside, not scored (no source gives a norm): the funnel across tables in contacts (calls ->
meetings -> deals -> won, and first contact -> deal), the days deals stay in each stage and the
median cycle, and the win rate by product, channel, region and new versus existing client."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal
from audits.ingest.lead_vocab import lead_kind
from audits.ingest.vocab import is_vague_stage

LEAD_KINDS = ("warm", "cold")


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


def lead_kinds(slices: list[dict] | None, min_closed: float) -> dict[str, dict]:
    """The channels of funnel_slices read as warm or cold leads (audits/ingest/lead_vocab.py), each
    kind with its channels, deals, won, lost, win rate and whether it has too few closed deals to
    judge (fewer than `min_closed`). Kinds no channel names are left out; so are the channels summed
    into "other" (beyond the 20 largest), whose names are not known."""
    out: dict[str, dict] = {}
    for row in slices or []:
        if row.get("dimension") != "channel" or row.get("other") or row.get("value") is None:
            continue
        kind = lead_kind(row["value"])
        if kind is None:
            continue
        k = out.setdefault(kind, {"channels": [], "deals": 0, "won": 0, "lost": 0})
        k["channels"].append(row["value"])
        k["deals"] += row.get("deals") or 0
        k["won"] += row.get("won") or 0
        k["lost"] += row.get("lost") or 0
    for k in out.values():
        closed = k["won"] + k["lost"]
        k["win_rate"] = float(f"{k['won'] / closed:.12g}") if closed else None   # as metrics.plain
        k["small"] = closed < min_closed
    return {kind: out[kind] for kind in LEAD_KINDS if kind in out}


def lead_win_rate(metrics: dict, settings: dict, kind: str) -> float | None:
    """The win rate of one kind of lead, None when no channel names it or it has too few closed deals."""
    k = lead_kinds(metrics.get("funnel_slices"), settings["slice_min_closed"]).get(kind)
    return None if k is None or k["small"] else k["win_rate"]


def measure(metrics: dict, settings: dict) -> list[Signal]:
    weak = weakest_step(ordered_funnel(metrics))
    vague = vague_stages(metrics.get("funnel"))
    return [
        signal("signal.funnel.weakest_step", weak and weak["conversion"], "funnel_step", settings),
        signal("signal.funnel.win_rate", metrics.get("win_rate"), "win_rate", settings),
        signal("signal.funnel.vague_stages", None if vague is None else len(vague), "vague_stages", settings),
        signal("signal.funnel.warm_win_rate", lead_win_rate(metrics, settings, "warm"), "warm_win_rate", settings),
        signal("signal.funnel.cold_win_rate", lead_win_rate(metrics, settings, "cold"), "cold_win_rate", settings),
    ]


CHECK = Check(
    id=1, slug="funnel", category="funnel",
    needs=(Need("deals", ("deal_id", "stage", "status")), Need("stage_history", ("deal_id", "stage", "entered_at"))),
    metrics=("funnel", "win_rate", "deals_won", "deals_lost", "avg_won_amount", "funnel_order",
             "median_cycle_days", "stage_time", "funnel_contacts", "contacts_total", "contact_to_deal_rate",
             "contact_to_won_rate", "funnel_slices"),
    thresholds=(Threshold("slice_min_closed", 20, "count"),),
    norms=("funnel_step", "win_rate", "vague_stages", "warm_win_rate", "cold_win_rate"),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
    measure=measure,
)
