"""Charts of the checklist and the summary: pure builders from an AuditResult's pieces to Altair
charts (or None when there is nothing to draw), and the formatting of values by their unit.
No Streamlit here.
"""
from __future__ import annotations

import math

import altair as alt
import pandas as pd

from audits.checks.base import OK_FROM, WARNING_FROM
from audits.i18n import t

VERDICT_COLORS = {"ok": "#2e7d32", "warning": "#ef8f00", "critical": "#d32f2f", "not_assessed": "#9e9e9e"}
BAND_COLORS = {"critical": "#fbe3e3", "warning": "#fff1d6", "ok": "#e3f2e4"}
BLUE, GREY = "#4c78a8", "#b0b7c3"


# --- numbers as people read them ---------------------------------------------------------------

def _number(value: float, decimals: int, lang: str) -> str:
    s = f"{value:,.{decimals}f}"
    if lang == "ru":
        s = s.replace(",", "\u00a0").replace(".", ",")
    return s


def fmt(value, unit: str, lang: str) -> str:
    """A value in its unit: share as %, money with thousands separators, days, minutes, seconds,
    counts, points, ratios; "—" when there is no value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    v = float(value)
    if unit == "share":
        pct = 100 * v
        return _number(pct, 1 if 0 < abs(pct) < 10 and pct != round(pct) else 0, lang) + "\u00a0%"
    if unit == "money":
        return _number(v, 0, lang)
    if unit == "count":
        return _number(v, 0 if v == round(v) else 1, lang)
    if unit == "ratio":
        return _number(v, 1, lang) + "×"
    decimals = 0 if unit == "seconds" or v == round(v) or abs(v) >= 100 else 1
    text = _number(v, decimals, lang)
    key = f"fmt.unit.{unit}"
    from audits.i18n import catalogue
    return f"{text}\u00a0{t(key, lang)}" if key in catalogue() else text


def fmt_score(score, lang: str) -> str:
    return "—" if score is None else _number(float(score), 0 if float(score) == round(score) else 1, lang)


def band(score) -> str:
    if score is None:
        return "not_assessed"
    return "ok" if score >= OK_FROM else "warning" if score >= WARNING_FROM else "critical"


# --- one check ----------------------------------------------------------------------------------

def signals_chart(signals, lang: str):
    """Measured values against their norms, one row per signal on its own scale: the span from the
    bad norm (red end) to the good norm (green end), and the measured value as a dot coloured by its
    score. Signals are SignalResult-like (label, value, bad, good, unit, score)."""
    rows = [s for s in signals or [] if s.value is not None]
    if not rows:
        return None
    parts = []
    for s in rows:
        lo, hi = min(s.bad, s.good, s.value), max(s.bad, s.good, s.value)
        pad = (hi - lo) * 0.08 or (abs(hi) * 0.1 or 1.0)
        scale = alt.Scale(domain=[lo - pad, hi + pad], nice=False, zero=False)
        axis = alt.Axis(format="%" if s.unit == "share" else "~s", title=None, tickCount=5, grid=False)
        # Inline values rather than data frames: Altair inspects and converts a frame on every layer
        norms = alt.Data(values=[
            {"x": x, "kind": t(kind, lang), "text": fmt(x, s.unit, lang), "color": VERDICT_COLORS[band_]}
            for x, kind, band_ in ((s.bad, "chart.norm_bad", "critical"), (s.good, "chart.norm_good", "ok"))])
        value = alt.Data(values=[{"x": s.value, "text": fmt(s.value, s.unit, lang), "score": s.score,
                                  "color": VERDICT_COLORS[band(s.score)]}])
        span = alt.Chart(alt.Data(values=[{"a": s.bad, "b": s.good}])).mark_rule(size=6, color=GREY, opacity=0.6) \
            .encode(x=alt.X("a:Q", scale=scale, axis=axis), x2="b:Q")
        ticks = alt.Chart(norms).mark_tick(thickness=3, size=26).encode(
            x=alt.X("x:Q", scale=scale), color=alt.Color("color:N", scale=None),
            tooltip=[alt.Tooltip("kind:N", title=" "), alt.Tooltip("text:N", title=t("chart.value", lang))])
        dot = alt.Chart(value).mark_circle(size=260, opacity=1).encode(
            x=alt.X("x:Q", scale=scale), color=alt.Color("color:N", scale=None),
            tooltip=[alt.Tooltip("text:N", title=t("chart.value", lang)),
                     alt.Tooltip("score:Q", title=t("chart.score", lang))])
        label = alt.Chart(value).mark_text(dy=-18, fontSize=14, fontWeight="bold").encode(
            x=alt.X("x:Q", scale=scale), text="text:N")
        parts.append(alt.layer(span, ticks, dot, label, title=s.label, height=60, width="container"))
    # The configuration is given to the constructor: every configure_*() call copies the whole chart.
    return alt.VConcatChart(vconcat=parts, spacing=18, config=alt.Config(
        view=alt.ViewConfig(stroke=None), title=alt.TitleConfig(anchor="start", fontSize=14, fontWeight="normal")))


def funnel_chart(funnel: list[dict] | None, lang: str):
    """Deals that reached each stage, in stage order, with the conversion from the previous stage;
    the weakest step in red."""
    steps = [s for s in funnel or [] if s.get("stage") is not None]
    if not steps:
        return None
    convs = [s.get("conversion") for s in steps]
    known = [c for c in convs if c is not None]
    weakest = min(known) if known else None
    stage, reached, conv = t("chart.stage", lang), t("chart.reached", lang), t("chart.conversion", lang)
    df = pd.DataFrame({
        "order": list(range(len(steps))),
        "stage": [str(s["stage"]) for s in steps],
        "reached": [s.get("reached") or 0 for s in steps],
        "conv": [c if c is not None else float("nan") for c in convs],
        "label": [(_number(s.get("reached") or 0, 0, lang) + ("" if c is None else f"  ·  {fmt(c, 'share', lang)}"))
                  for s, c in zip(steps, convs)],
        "weak": [c is not None and c == weakest for c in convs],
    })
    y = alt.Y("stage:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=260))
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("reached:Q", title=reached), y=y,
        color=alt.condition(alt.datum.weak, alt.value(VERDICT_COLORS["critical"]), alt.value(BLUE)),
        tooltip=[alt.Tooltip("stage:N", title=stage), alt.Tooltip("reached:Q", title=reached, format=","),
                 alt.Tooltip("conv:Q", title=conv, format=".0%")])
    text = alt.Chart(df).mark_text(align="left", dx=4, fontSize=13).encode(
        x="reached:Q", y=y, text="label:N")
    return (bars + text).properties(height=max(140, 34 * len(df)), width="container")


def manager_share_chart(values: dict | None, lang: str):
    """Share of won revenue per manager, the largest first. `values` maps a manager to his won
    revenue or to his share; either way the bars show shares of the total."""
    items = {str(k): float(v) for k, v in (values or {}).items() if v is not None and float(v) > 0}
    total = sum(items.values())
    if not items or total <= 0:
        return None
    manager, share = t("chart.manager", lang), t("chart.won_share", lang)
    df = pd.DataFrame({"manager": list(items), "share": [v / total for v in items.values()]})
    df["label"] = [fmt(v, "share", lang) for v in df["share"]]
    y = alt.Y("manager:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220))
    bars = alt.Chart(df).mark_bar(color=BLUE).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title=share), y=y,
        tooltip=[alt.Tooltip("manager:N", title=manager), alt.Tooltip("share:Q", title=share, format=".1%")])
    text = alt.Chart(df).mark_text(align="left", dx=4).encode(x="share:Q", y=y, text="label:N")
    return (bars + text).properties(height=max(120, 28 * len(df)), width="container")


# --- the whole audit ----------------------------------------------------------------------------

def _band_layer(horizontal: bool = True):
    bands = pd.DataFrame({"a": [0, WARNING_FROM, OK_FROM], "b": [WARNING_FROM, OK_FROM, 100],
                          "color": [BAND_COLORS["critical"], BAND_COLORS["warning"], BAND_COLORS["ok"]]})
    return alt.Chart(bands).mark_rect().encode(
        x=alt.X("a:Q", scale=alt.Scale(domain=[0, 100]), title=None), x2="b:Q",
        color=alt.Color("color:N", scale=None))


def category_chart(categories: dict | None, lang: str):
    """Score of each category on 0-100 over the verdict bands; categories not assessed are left out."""
    items = [(c, s) for c, s in (categories or {}).items() if s is not None]
    if not items:
        return None
    cat, score = t("chart.category", lang), t("chart.score", lang)
    df = pd.DataFrame({"category": [t(f"category.{c}", lang) for c, _ in items], "score": [s for _, s in items],
                       "order": list(range(len(items)))})
    df["color"] = [VERDICT_COLORS[band(s)] for s in df["score"]]
    df["label"] = [fmt_score(s, lang) for s in df["score"]]
    y = alt.Y("category:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=240))
    bands = _band_layer().encode(y=alt.value(0), y2=alt.value(max(120, 36 * len(df))), tooltip=alt.value(None))
    bars = alt.Chart(df).mark_bar(height=20).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=score), y=y,
        color=alt.Color("color:N", scale=None),
        tooltip=[alt.Tooltip("category:N", title=cat), alt.Tooltip("score:Q", title=score)])
    text = alt.Chart(df).mark_text(align="left", dx=4, fontSize=13, fontWeight="bold").encode(
        x="score:Q", y=y, text="label:N")
    return (bands + bars + text).properties(height=max(120, 36 * len(df)), width="container")


def score_gauge(score, lang: str):
    """The overall score as one bar across the verdict bands (red, amber, green) with its value."""
    if score is None:
        return None
    df = pd.DataFrame({"score": [float(score)], "label": [fmt_score(score, lang)], "y": [""]})
    bands = _band_layer()
    bar = alt.Chart(df).mark_bar(height=18, color=VERDICT_COLORS[band(score)]).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("chart.score", lang)))
    text = alt.Chart(df).mark_text(align="left", dx=6, fontSize=16, fontWeight="bold").encode(
        x="score:Q", text="label:N")
    return (bands + bar + text).properties(height=60, width="container")


def _manager_values(c) -> dict | None:
    """A {manager: number} metric of the check (won revenue or its share), for check 5's chart."""
    for value in c.metrics.values():
        if isinstance(value, dict) and value and all(isinstance(v, (int, float)) for v in value.values()):
            return value
    return None


def chart_of(c, result, lang: str):
    """The chart of one item (a CheckResult), as the checklist, the workshop and the report draw it:
    the funnel for check 1, won revenue per manager for check 5, else its values against the norms;
    None when there is nothing measured."""
    if c.slug == "funnel":
        chart = funnel_chart(c.metrics.get("funnel") or result.metrics.get("funnel"), lang)
        if chart is not None:
            return chart
    if c.slug == "competition":
        chart = manager_share_chart(_manager_values(c), lang)
        if chart is not None:
            return chart
    return signals_chart(c.signals, lang) if c.signals else None


# --- the seeds' numbers shown beside the signals (issue 13) ------------------------------------

def _num(metrics: dict, name: str, unit: str, lang: str) -> str:
    return fmt(metrics.get(name), unit, lang)


def detail_lines(c, lang: str) -> list[str]:
    """One-line readings of measured numbers that are shown, not scored, beside the signals of an
    item (speed to lead, talk with new clients, meetings); none when their metrics are missing."""
    m = c.metrics or {}
    lines = []
    if m.get("lead_deals"):
        lines.append(t("detail.lead", lang, deals=_num(m, "lead_deals", "count", lang),
                       min5=_num(m, "lead_5min_share", "share", lang), hour=_num(m, "lead_1h_share", "share", lang),
                       day=_num(m, "lead_1d_share", "share", lang), median=_num(m, "lead_median_min", "minutes", lang),
                       never=_num(m, "lead_not_contacted", "count", lang)))
    if m.get("calls_new_talk_answered"):
        lines.append(t("detail.talk_new", lang, calls=_num(m, "calls_new_talk_answered", "count", lang),
                       median=_num(m, "calls_new_talk_median_min", "minutes", lang),
                       share=_num(m, "calls_new_talk_5min_share", "share", lang)))
    if m.get("meetings_total"):
        lines.append(t("detail.meetings", lang, total=_num(m, "meetings_total", "count", lang),
                       client=_num(m, "meetings_at_client", "count", lang),
                       office=_num(m, "meetings_at_office", "count", lang),
                       remote=_num(m, "meetings_remote", "count", lang)))
    if m.get("sellers_no_deal_now") is not None:
        lines.append(t("detail.no_new_deal", lang, count=_num(m, "sellers_no_deal_now", "count", lang)))
    return lines


def _table(rows: list[dict], columns: dict[str, tuple[str, str]], lang: str) -> list[dict]:
    """Rows with their chosen columns, labelled (detail.col.<name>) and formatted by unit ('' as is)."""
    return [{t(f"detail.col.{label}", lang): fmt(r.get(name), unit, lang) if unit else r.get(name)
             for name, (label, unit) in columns.items()} for r in rows]


def detail_tables(c, lang: str) -> list[tuple[str, list[dict]]]:
    """Small tables (title, rows) of per-manager and per-channel numbers behind an item's signals."""
    m = c.metrics or {}
    out = []
    speed = {"deals": ("new_deals", "count"), "within_1d_share": ("within_1d", "share"),
             "not_contacted": ("not_contacted", "count"), "median_min": ("median_min", "minutes")}
    for name, key in (("speed_to_lead_by_manager", "manager"), ("speed_to_lead_by_channel", "channel")):
        if m.get(name):
            rows = [{**r, key: r.get(key) if r.get(key) is not None else t("detail.none", lang)} for r in m[name]]
            out.append((t(f"detail.{name}", lang), _table(rows, {key: (key, ""), **speed}, lang)))
    if m.get("meetings_per_week"):
        rows = [{"manager": k, "per_week": v} for k, v in m["meetings_per_week"].items()]
        out.append((t("detail.meetings_per_week", lang),
                    _table(rows, {"manager": ("manager", ""), "per_week": ("per_week", "count")}, lang)))
    if m.get("deal_gaps_by_manager"):
        out.append((t("detail.deal_gaps_by_manager", lang), _table(m["deal_gaps_by_manager"], {
            "manager": ("manager", ""), "deals": ("new_deals", "count"), "last_deal": ("last_deal", ""),
            "longest_gap_days": ("longest_gap", "days"), "current_gap_days": ("current_gap", "days")}, lang)))
    if m.get("plan_first_half_by_manager") or m.get("plan_weekly_cv_by_manager"):
        half = m.get("plan_first_half_by_manager") or {}
        cv = {(r["manager"], r["client_kind"]): r.get("cv") for r in m.get("plan_weekly_cv_by_manager") or []}
        managers = sorted(set(half) | {k[0] for k in cv})
        rows = [{"manager": x, "first_half": half.get(x), "cv_new": cv.get((x, "new")),
                 "cv_existing": cv.get((x, "existing"))} for x in managers]
        out.append((t("detail.plan_by_manager", lang), _table(rows, {
            "manager": ("manager", ""), "first_half": ("first_half", "share"), "cv_new": ("cv_new", "share"),
            "cv_existing": ("cv_existing", "share")}, lang)))
    return out
