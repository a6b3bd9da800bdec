"""28. The pipeline is not controlled: open deals per manager, stale deals, open deals without a next
task, whether the open pipeline can cover what is left of the month's plan, and sellers who have
made no new deal for more than two weeks."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def stale_share(metrics: dict) -> float | None:
    stale, open_ = metrics.get("stale_deals"), metrics.get("open_deals")
    return stale / open_ if stale is not None and open_ else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.pipeline.stale_share", stale_share(metrics), "pl_stale", settings),
        signal("signal.pipeline.no_task_share", metrics.get("crm_open_no_task_share"), "pl_no_task", settings),
        signal("signal.pipeline.coverage", metrics.get("pipeline_coverage"), "pl_coverage", settings),
        signal("signal.pipeline.no_new_deal", metrics.get("sellers_no_deal_share"), "pl_no_deal", settings),
    ]


CHECK = Check(
    id=28, slug="pipeline", category="funnel",
    needs=(Need("deals", ("deal_id", "manager", "status", "amount", "created_at")),
           Need("stage_history", ("deal_id", "stage", "entered_at")),
           Need("tasks", ("deal_id",)), Need("plans", ("manager", "month", "plan_amount"))),
    metrics=("open_deals", "stale_deals", "win_rate", "crm_open_no_task", "crm_open_no_task_share",
             "pipeline_open_value", "pipeline_stale_value", "pipeline_coverage", "pipeline_plan_left",
             "pipeline_by_manager", "deal_gaps_by_manager", "sellers_no_deal_now", "sellers_no_deal_share"),
    # Seed 000: a manager with no deal for more than two weeks is a reason to look closer.
    thresholds=(Threshold("pl_no_deal_days", 14, "days"),),
    norms=("pl_stale", "pl_no_task", "pl_coverage", "pl_no_deal"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
    lists=("stale_deals", "open_deals_without_task"),
)
