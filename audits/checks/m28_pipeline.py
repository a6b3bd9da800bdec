"""28. The pipeline is not controlled: open deals per manager, stale deals, open deals without a next
task, whether the open pipeline can cover what is left of the month's plan, and sellers who have
made no new deal for more than two weeks."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold


def stale_share(metrics: dict) -> float | None:
    stale, open_ = metrics.get("stale_deals"), metrics.get("open_deals")
    return stale / open_ if stale is not None and open_ else None


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        Signal("signal.pipeline.stale_share", stale_share(metrics),
               settings["pl_stale_bad"], settings["pl_stale_good"]),
        Signal("signal.pipeline.no_task_share", metrics.get("crm_open_no_task_share"),
               settings["pl_no_task_bad"], settings["pl_no_task_good"]),
        Signal("signal.pipeline.coverage", metrics.get("pipeline_coverage"),
               settings["pl_coverage_bad"], settings["pl_coverage_good"], "ratio"),
        Signal("signal.pipeline.no_new_deal", metrics.get("sellers_no_deal_share"),
               settings["pl_no_deal_bad"], settings["pl_no_deal_good"]),
    ]


CHECK = Check(
    id=28, slug="pipeline", category="funnel",
    needs=(Need("deals", ("deal_id", "manager", "status", "amount", "created_at")),
           Need("stage_history", ("deal_id", "stage", "entered_at")),
           Need("tasks", ("deal_id",)), Need("plans", ("manager", "month", "plan_amount"))),
    metrics=("open_deals", "stale_deals", "win_rate", "crm_open_no_task", "crm_open_no_task_share",
             "pipeline_open_value", "pipeline_stale_value", "pipeline_coverage", "pipeline_plan_left",
             "pipeline_by_manager", "deal_gaps_by_manager", "sellers_no_deal_now", "sellers_no_deal_share"),
    thresholds=(Threshold("pl_stale_good", 0.2, "share"), Threshold("pl_stale_bad", 0.6, "share"),
                Threshold("pl_no_task_good", 0.1, "share"), Threshold("pl_no_task_bad", 0.5, "share"),
                Threshold("pl_coverage_good", 3.0, "ratio"), Threshold("pl_coverage_bad", 1.0, "ratio"),
                # Seed 000: a manager with no deal for more than two weeks is a reason to look closer.
                Threshold("pl_no_deal_days", 14, "days"),
                Threshold("pl_no_deal_good", 0.0, "share"), Threshold("pl_no_deal_bad", 0.25, "share")),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
    lists=("stale_deals", "open_deals_without_task"),
)
