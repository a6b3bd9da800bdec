"""Measured numbers of a check that are shown, not scored, as small tables and short lines (the
Checklist page draws them under the signals). Pure: a CheckResult and the settings in, blocks of
plain text out; no Streamlit here.

A block is {"key": str, "title": str, "rows": [dict] (column label -> text), "lines": [str]}; a
check without such numbers has no blocks, and a block whose metrics are missing is left out.
"""
from __future__ import annotations

from audits.charts.checks import fmt
from audits.i18n import t

DIMENSIONS = ("product", "channel", "region", "client_kind")


def _col(name: str, lang: str) -> str:
    return t(f"detail.col.{name}", lang)


def contacts_block(m: dict, lang: str) -> dict | None:
    """Check 1: calls -> meetings -> deals -> won in contacts, and first contact -> deal."""
    steps = m.get("funnel_contacts")
    if not steps and m.get("contact_to_deal_rate") is None:
        return None
    rows = [{_col("step", lang): t(f"detail.step.{s['step']}", lang),
             _col("contacts", lang): fmt(s.get("contacts"), "count", lang),
             _col("conversion", lang): fmt(s.get("conversion"), "share", lang)} for s in steps or []]
    lines = []
    if m.get("contact_to_deal_rate") is not None:
        lines.append(t("detail.contact_to_deal", lang, deal=fmt(m["contact_to_deal_rate"], "share", lang),
                       won=fmt(m.get("contact_to_won_rate"), "share", lang),
                       contacts=fmt(m.get("contacts_total"), "count", lang)))
    return {"key": "contacts", "title": t("detail.contacts.title", lang), "rows": rows,
            "lines": lines + [t("detail.contacts.how", lang)]}


def stage_time_block(m: dict, lang: str) -> dict | None:
    """Check 1: median days in each stage, and the median cycle of won deals."""
    stays = m.get("stage_time")
    if not stays and m.get("median_cycle_days") is None:
        return None
    rows = [{_col("stage", lang): str(s["stage"]), _col("stays", lang): fmt(s.get("stays"), "count", lang),
             _col("median_days", lang): fmt(s.get("median_days"), "days", lang),
             _col("p75_days", lang): fmt(s.get("p75_days"), "days", lang)} for s in stays or []]
    lines = []
    if m.get("median_cycle_days") is not None:
        lines.append(t("detail.cycle", lang, days=fmt(m["median_cycle_days"], "days", lang)))
    return {"key": "stage_time", "title": t("detail.stage_time.title", lang), "rows": rows,
            "lines": lines + ([t("detail.stage_time.how", lang)] if rows else [])}


def lead_block(m: dict, settings: dict, lang: str) -> dict | None:
    """Check 1: warm and cold leads, each against its own norm."""
    from audits.checks.m01_funnel import lead_kinds
    kinds = lead_kinds(m.get("funnel_slices"), settings.get("slice_min_closed", 20))
    if not kinds:
        return None
    rows = []
    for kind, k in kinds.items():
        good = settings.get(f"{kind}_win_rate_good")
        rows.append({_col("lead_kind", lang): t(f"detail.lead.{kind}", lang),
                     _col("channels", lang): ", ".join(str(c) for c in k["channels"]),
                     _col("closed", lang): fmt(k["won"] + k["lost"], "count", lang),
                     _col("win_rate", lang): fmt(k["win_rate"], "share", lang),
                     _col("norm", lang): t(f"detail.lead.{kind}_norm", lang, good=fmt(good, "share", lang)),
                     _col("note", lang): t("detail.too_few", lang) if k["small"] else ""})
    return {"key": "leads", "title": t("detail.leads.title", lang), "rows": rows,
            "lines": [t("detail.leads.how", lang)]}


def slices_block(m: dict, lang: str) -> dict | None:
    """Check 1: deals and win rate by product, channel, region, new versus existing client."""
    slices = m.get("funnel_slices")
    if not slices:
        return None
    rows = []
    for s in slices:
        dim = s["dimension"]
        if s.get("other"):
            value = t("detail.other", lang)
        elif s.get("value") is None:
            value = t("detail.not_set", lang)
        elif dim == "client_kind":
            value = t(f"detail.client_kind.{s['value']}", lang)
        else:
            value = str(s["value"])
        rows.append({_col("dimension", lang): t(f"detail.dim.{dim}", lang), _col("value", lang): value,
                     _col("deals", lang): fmt(s.get("deals"), "count", lang),
                     _col("win_rate", lang): fmt(s.get("win_rate"), "share", lang),
                     _col("note", lang): t("detail.too_few", lang) if s.get("small") else ""})
    return {"key": "slices", "title": t("detail.slices.title", lang), "rows": rows,
            "lines": [t("detail.slices.how", lang)]}


def late_close_block(m: dict, settings: dict, lang: str) -> dict | None:
    """Check 3: lost deals closed long after the last sign of life."""
    if m.get("crm_late_close") is None:
        return None
    line = t("detail.late_close", lang, count=fmt(m["crm_late_close"], "count", lang),
             share=fmt(m.get("crm_late_close_share"), "share", lang),
             days=fmt(settings.get("crm_late_close_days"), "days", lang),
             median=fmt(m.get("crm_late_close_median_days"), "days", lang))
    return {"key": "late_close", "title": t("detail.late_close.title", lang), "rows": [],
            "lines": [line, t("detail.late_close.how", lang)]}


def blocks(c, settings: dict, lang: str) -> list[dict]:
    """The shown-only numbers of one check (a CheckResult), in the order the page draws them."""
    m = c.metrics or {}
    if c.slug == "funnel":
        found = [stage_time_block(m, lang), contacts_block(m, lang), lead_block(m, settings, lang),
                 slices_block(m, lang)]
    elif c.slug == "crm":
        found = [late_close_block(m, settings, lang)]
    else:
        found = []
    return [b for b in found if b is not None]
