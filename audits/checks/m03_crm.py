"""3. The CRM is not implemented or not used: open deals without a next task or with overdue tasks,
deals with blank key fields, lost deals without a reason, calls and clients outside the deals, and
data entered later than the event: lost deals closed long after anything happened on them
(queries/metrics/crm_late_close.sql says what counts as a sign of life)."""
from __future__ import annotations

from audits.checks.base import Check, Need, Signal, Threshold
from audits.checks.norms import signal


def measure(metrics: dict, settings: dict) -> list[Signal]:
    return [
        signal("signal.crm.open_no_task", metrics.get("crm_open_no_task_share"), "crm_no_task", settings),
        signal("signal.crm.open_overdue", metrics.get("crm_open_overdue_share"), "crm_overdue", settings),
        signal("signal.crm.no_amount", metrics.get("crm_no_amount_share"), "crm_missing", settings),
        signal("signal.crm.no_manager", metrics.get("crm_no_manager_share"), "crm_missing", settings),
        signal("signal.crm.no_client", metrics.get("crm_no_client_share"), "crm_missing", settings),
        signal("signal.crm.lost_no_reason", metrics.get("crm_lost_no_reason_share"), "crm_reason", settings),
        signal("signal.crm.calls_unmatched", metrics.get("crm_calls_unmatched_share"), "crm_unmatched", settings),
        signal("signal.crm.clients_no_deal", metrics.get("crm_clients_no_deal_share"), "crm_no_deal", settings),
        signal("signal.crm.late_close", metrics.get("crm_late_close_share"), "crm_late_close", settings),
    ]


CHECK = Check(
    id=3, slug="crm", category="crm",
    needs=(Need("deals", ("deal_id", "status", "amount", "manager", "client_id", "lost_reason")),
           Need("tasks", ("deal_id", "due_at", "completed_at")),
           Need("calls", ("phone", "client_id")),
           Need("clients", ("client_id", "phone"))),
    metrics=("open_deals", "crm_open_no_task", "crm_open_no_task_share", "crm_open_overdue",
             "crm_open_overdue_share", "crm_no_amount", "crm_no_amount_share", "crm_no_manager",
             "crm_no_manager_share", "crm_no_client", "crm_no_client_share", "crm_lost_no_reason",
             "crm_lost_no_reason_share", "crm_calls_unmatched_share", "crm_clients_no_deal_share",
             "crm_late_close", "crm_late_close_share", "crm_late_close_median_days"),
    thresholds=(Threshold("crm_late_close_days", 14, "days"),),
    norms=("crm_no_task", "crm_overdue", "crm_missing", "crm_reason", "crm_unmatched", "crm_no_deal",
           "crm_late_close"),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
    measure=measure,
    lists=("open_deals_without_task",),
)
