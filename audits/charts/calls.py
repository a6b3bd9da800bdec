"""Charts of the calls page: pure builders from the metrics of an AuditResult to Altair charts.

Every function takes plain metric values (dicts and lists of rows, as `result.metrics` holds them)
and the language of the labels, and returns an Altair chart, or None when there is nothing to draw.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from audits.i18n import t

GOOD, BAD, NEUTRAL, RULE = "#4c78a8", "#e45756", "#9ecae9", "#333333"
WEEKDAYS = {"ru": ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
            "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def _height(n: int) -> int:
    return max(180, 34 * n)


def _tip(field: str, title: str, fmt: str | None = None):
    return alt.Tooltip(field, title=title, format=fmt) if fmt else alt.Tooltip(field, title=title)


def talk_minutes(talk_min_per_day: dict | None, target: float, lang: str):
    """Horizontal bars of talk minutes per working day by manager, with a rule at the target."""
    if not talk_min_per_day:
        return None
    minutes, manager = t("calls.axis.talk_min", lang), t("calls.axis.manager", lang)
    df = pd.DataFrame({"manager": [str(m) for m in talk_min_per_day],
                       "value": [round(v or 0, 1) for v in talk_min_per_day.values()]})
    df["ok"] = df["value"] >= target
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("value:Q", title=minutes), y=alt.Y("manager:N", sort="-x", title=manager),
        color=alt.condition(alt.datum.ok, alt.value(GOOD), alt.value(BAD)),
        tooltip=[_tip("manager:N", manager), _tip("value:Q", minutes)])
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=RULE, strokeDash=[6, 3], size=2).encode(
        x="target:Q")
    return (bars + rule).properties(height=_height(len(df)))


def length_histogram(rows: list[dict] | None, short_call_s: float, lang: str):
    """Answered calls by whole minutes of talk; minutes wholly under the short-call limit in red."""
    if not rows:
        return None
    minute, calls = t("calls.axis.minute", lang), t("calls.axis.calls", lang)
    df = pd.DataFrame({"minute": [r["minute"] for r in rows], "calls": [r["calls"] for r in rows]})
    df["short"] = (df["minute"] + 1) * 60 <= short_call_s
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("minute:O", axis=alt.Axis(labelAngle=0), title=minute), y=alt.Y("calls:Q", title=calls),
        color=alt.condition(alt.datum.short, alt.value(BAD), alt.value(GOOD)),
        tooltip=[_tip("minute:O", minute), _tip("calls:Q", calls)]).properties(height=240)


BUCKETS = ("lt1", "1to3", "gt3")


def bucket_groups(call_buckets: dict | None, client_kind: list[dict] | None) -> list[tuple[str, dict]]:
    """(group, {bucket: share}) for all answered calls, then calls with new and existing clients."""
    groups: list[tuple[str, dict]] = []
    if call_buckets and any(v is not None for v in call_buckets.values()):
        groups.append(("all", call_buckets))
    for kind in ("new", "existing"):
        rows = [r for r in client_kind or [] if r.get("client_kind") == kind]
        total = sum(r["answered"] or 0 for r in rows)
        if total:
            groups.append((kind, {b: sum(r[b] or 0 for r in rows) / total for b in BUCKETS}))
    return groups


def bucket_shares(call_buckets: dict | None, client_kind: list[dict] | None, lang: str):
    """Stacked bars of the under 1 / 1-3 / over 3 minute shares: all calls, then new and existing clients."""
    groups = bucket_groups(call_buckets, client_kind)
    if not groups:
        return None
    group, bucket, share = t("calls.axis.group", lang), t("calls.axis.bucket", lang), t("calls.axis.share", lang)
    order = [t(f"calls.bucket.{b}", lang) for b in BUCKETS]
    names = [t(f"calls.group.{g}", lang) for g, _ in groups]
    df = pd.DataFrame([{"group": t(f"calls.group.{g}", lang), "bucket": t(f"calls.bucket.{b}", lang),
                        "share": values.get(b) or 0.0, "i": i}
                       for g, values in groups for i, b in enumerate(BUCKETS)])
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]), title=share),
        y=alt.Y("group:N", sort=names, title=group),
        color=alt.Color("bucket:N", sort=order, scale=alt.Scale(domain=order, range=[BAD, NEUTRAL, GOOD]),
                        title=bucket),
        order=alt.Order("i:Q"),
        tooltip=[_tip("group:N", group), _tip("bucket:N", bucket), _tip("share:Q", share, ".1%")],
    ).properties(height=_height(len(groups)) + 40)


def heatmap(rows: list[dict] | None, lang: str, manager: str | None = None):
    """Calls by weekday and hour (all managers, or one), darker = more calls."""
    rows = [r for r in rows or [] if manager is None or r.get("manager") == manager]
    if not rows:
        return None
    day, hour, calls = t("calls.axis.weekday", lang), t("calls.axis.hour", lang), t("calls.axis.calls", lang)
    names = WEEKDAYS.get(lang, WEEKDAYS["en"])
    df = pd.DataFrame([{"weekday": r["weekday"], "hour": r["hour"], "calls": r["calls"]} for r in rows])
    df = df.groupby(["weekday", "hour"], as_index=False)["calls"].sum()
    df["day"] = [names[int(d) - 1] for d in df["weekday"]]
    return alt.Chart(df).mark_rect().encode(
        x=alt.X("hour:O", axis=alt.Axis(labelAngle=0), title=hour),
        y=alt.Y("day:N", sort=[n for n in names if n in set(df["day"])], title=day),
        color=alt.Color("calls:Q", scale=alt.Scale(scheme="blues"), title=calls),
        tooltip=[_tip("day:N", day), _tip("hour:O", hour), _tip("calls:Q", calls)],
    ).properties(height=_height(df["day"].nunique()) + 20)


def missed_by_hour(rows: list[dict] | None, work_start: float, work_end: float, lang: str):
    """Share of incoming calls missed by hour of the day; hours outside the working day in red."""
    if not rows:
        return None
    hour, missed = t("calls.axis.hour", lang), t("calls.axis.missed_rate", lang)
    incoming = t("calls.axis.incoming", lang)
    df = pd.DataFrame({"hour": [r["hour"] for r in rows], "missed": [r["missed_rate"] for r in rows],
                       "incoming": [r["incoming"] for r in rows]})
    df["in_hours"] = (df["hour"] >= work_start) & (df["hour"] < work_end)
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("hour:O", axis=alt.Axis(labelAngle=0), title=hour),
        y=alt.Y("missed:Q", axis=alt.Axis(format="%"), title=missed),
        color=alt.condition(alt.datum.in_hours, alt.value(GOOD), alt.value(BAD)),
        tooltip=[_tip("hour:O", hour), _tip("incoming:Q", incoming), _tip("missed:Q", missed, ".1%")],
    ).properties(height=240)


def out_calls(out_calls_per_day: dict | None, low: float, high: float, lang: str):
    """Outgoing calls per working day by manager, against the low..high band (shaded)."""
    if not out_calls_per_day:
        return None
    calls, manager = t("calls.axis.out_per_day", lang), t("calls.axis.manager", lang)
    df = pd.DataFrame({"manager": [str(m) for m in out_calls_per_day],
                       "value": [round(v or 0, 1) for v in out_calls_per_day.values()]})
    df["in_band"] = (df["value"] >= low) & (df["value"] <= high)
    band = alt.Chart(pd.DataFrame({"low": [low], "high": [high]})).mark_rect(color="#54a24b", opacity=0.15).encode(
        x="low:Q", x2="high:Q")
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("value:Q", title=calls), y=alt.Y("manager:N", sort="-x", title=manager),
        color=alt.condition(alt.datum.in_band, alt.value(GOOD), alt.value(BAD)),
        tooltip=[_tip("manager:N", manager), _tip("value:Q", calls)])
    return (band + bars).properties(height=_height(len(df)))
