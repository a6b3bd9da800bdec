"""The 30 checks of the audit, in the order of the checklist. One module per check (mNN_slug.py),
each exporting CHECK; this registry lists them explicitly, sorted by number."""
from __future__ import annotations

from audits.checks import (  # noqa: I001  (in the order of the checklist)
    m01_funnel, m02_target_audience, m03_crm, m04_structure, m05_competition, m06_workday, m07_nps,
    m08_new_clients, m09_existing_clients, m10_share_of_wallet, m11_lost_clients, m12_skill_model,
    m13_product_textbook, m14_spin, m15_value, m16_negotiation, m17_scripts, m18_call_listening,
    m19_hiring, m20_motivation, m21_contests, m22_visibility, m23_plan_evenness, m24_one_product,
    m25_client_value, m26_sales_head, m27_head_management, m28_pipeline, m29_touchpoints,
    m30_marketing_kit,
)
from audits.checks.base import Check, Threshold

REGISTRY: tuple[Check, ...] = tuple(sorted((
    m01_funnel.CHECK, m02_target_audience.CHECK, m03_crm.CHECK, m04_structure.CHECK, m05_competition.CHECK,
    m06_workday.CHECK, m07_nps.CHECK, m08_new_clients.CHECK, m09_existing_clients.CHECK,
    m10_share_of_wallet.CHECK, m11_lost_clients.CHECK, m12_skill_model.CHECK, m13_product_textbook.CHECK,
    m14_spin.CHECK, m15_value.CHECK, m16_negotiation.CHECK, m17_scripts.CHECK, m18_call_listening.CHECK,
    m19_hiring.CHECK, m20_motivation.CHECK, m21_contests.CHECK, m22_visibility.CHECK,
    m23_plan_evenness.CHECK, m24_one_product.CHECK, m25_client_value.CHECK, m26_sales_head.CHECK,
    m27_head_management.CHECK, m28_pipeline.CHECK, m29_touchpoints.CHECK, m30_marketing_kit.CHECK,
), key=lambda c: c.id))

# Thresholds that the reference metrics of results.md read and several checks share.
COMMON: tuple[Threshold, ...] = (
    Threshold("stale_days", 30, "days"),
    Threshold("short_call_s", 120, "seconds"),
    Threshold("lost_after_days", 180, "days"),
)


def thresholds() -> tuple[Threshold, ...]:
    """Every setting once: the shared ones, then each check's single settings and the two settings of
    each norm it is the first to name (audits/checks/norms.py)."""
    from audits.checks.norms import BY_NAME
    out = {th.name: th for th in COMMON}
    for c in REGISTRY:
        for th in (*c.thresholds, *(x for n in c.norms if n in BY_NAME for x in BY_NAME[n].thresholds())):
            out.setdefault(th.name, th)
    return tuple(out.values())


def defaults() -> dict[str, float]:
    """Every threshold with its default: the settings an audit starts from."""
    return {t.name: t.default for t in thresholds()}
