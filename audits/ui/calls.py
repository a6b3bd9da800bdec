"""The sections of the calls page: talk time, call length, the hour-by-weekday map, missed calls and
callbacks, outgoing calls per day, and the short calls with new clients to listen to first.

Every section reads the session's AuditResult (its metrics and the settings used) and says in one
plain line what the chart shows."""
from __future__ import annotations


import pandas as pd
import streamlit as st

from audits import drilldown
from audits.charts import calls as charts
from audits.checks.m06_workday import median_talk, out_calls_in_band, over_band
from audits.i18n import t
from audits.ui.checklist import BADGE_COLOR, list_rows, verdict_label
from audits.ui.widgets import audit_chart, fmt_int, md

CHECKS = (6, 14, 17, 18, 29)
LIST = "short_calls_new_clients"
PAGE_ROWS = 50


# --- formatting ------------------------------------------------------------------------------------

def num(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


def pct(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "—"
    return num(100 * value, lang, digits) + ("\u00a0%" if lang == "ru" else "%")


def clock(hours: float | None) -> str:
    """Fractional hours as HH:MM (9.25 -> 09:15)."""
    if hours is None:
        return "—"
    minutes = int(round(hours * 60))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- the page --------------------------------------------------------------------------------------

def calls_loaded(result) -> bool:
    return bool(result is not None and result.metrics.get("calls_total"))


def no_calls(lang: str) -> None:
    st.info(t("calls.no_calls", lang))


def summary(result, lang: str) -> None:
    """The five call checks in a row: the whole title (it wraps), the score and the verdict."""
    cols = st.columns(len(CHECKS))
    for col, number in zip(cols, CHECKS):
        c = result.check(number)
        with col.container(border=True, height="stretch"):
            st.caption(f"{number}. {c.title}")
            st.markdown(f"### {'—' if c.score is None else num(c.score, lang)}")
            st.badge(verdict_label(c.verdict, lang), color=BADGE_COLOR[c.verdict])
    money = result.check(29).money_at_stake
    if money:
        st.markdown(t("calls.money", lang, money=num(money, lang)))


def talk(result, lang: str) -> None:
    st.subheader(t("calls.talk_title", lang))
    talk_map = result.metrics.get("talk_min_per_day")
    if not talk_map:
        st.caption(t("calls.no_managers", lang))
        return
    target = result.settings["talk_min_target"]
    reached = sum(1 for v in talk_map.values() if v is not None and v >= target)
    st.markdown(t("calls.talk_reading", lang, median=num(median_talk(talk_map), lang), target=num(target, lang),
                  reached=reached, managers=len(talk_map)))
    audit_chart(result, "talk", lambda: charts.talk_minutes(talk_map, target, lang))
    st.caption(t("calls.talk_note", lang))


def length(result, lang: str) -> None:
    st.subheader(t("calls.length_title", lang))
    m, s = result.metrics, result.settings
    st.markdown(t("calls.length_reading", lang, short=pct(m.get("short_call_share"), lang),
                  limit=num(s["short_call_s"], lang), mean=num(m.get("avg_call_min"), lang, 1),
                  median=num(m.get("median_call_min"), lang, 1)))
    left, right = st.columns(2)
    with left:
        audit_chart(result, "length",
                    lambda: charts.length_histogram(m.get("calls_length_hist"), s["short_call_s"], lang))
    with right:
        audit_chart(result, "buckets",
                    lambda: charts.bucket_shares(m.get("call_buckets"), m.get("calls_client_kind"), lang))
    groups = dict(charts.bucket_groups(None, m.get("calls_client_kind")))
    if "new" in groups and "existing" in groups:
        st.markdown(t("calls.buckets_reading", lang, new=pct(groups["new"]["lt1"], lang),
                      existing=pct(groups["existing"]["lt1"], lang)))
    else:
        st.caption(t("calls.buckets_no_split", lang))


def day_map(result, lang: str) -> None:
    st.subheader(t("calls.heatmap_title", lang))
    rows = result.metrics.get("calls_heatmap") or []
    managers = sorted({r["manager"] for r in rows if r.get("manager") is not None})
    everyone = t("calls.all_managers", lang)
    chosen = st.selectbox(t("calls.heatmap_manager", lang), [everyone, *managers], key="calls_heatmap_manager")
    manager = None if chosen == everyone else chosen
    picked = [r for r in rows if manager is None or r.get("manager") == manager]
    if picked:
        by_hour: dict[int, int] = {}
        for r in picked:
            by_hour[r["hour"]] = by_hour.get(r["hour"], 0) + r["calls"]
        busiest = max(by_hour.items(), key=lambda kv: (kv[1], -kv[0]))[0]
        quiet = [h for h, n in by_hour.items() if n < 0.5 * max(by_hour.values())]
        st.markdown(t("calls.heatmap_reading", lang, busiest=f"{busiest:02d}:00",
                      quiet=", ".join(f"{h:02d}" for h in sorted(quiet)) or "—"))
    audit_chart(result, ("heatmap", manager), lambda: charts.heatmap(rows, lang, manager))
    day_table(result, lang)


def day_table(result, lang: str) -> None:
    """Each manager's typical day: first and last call, longest pause, talk time, short and recorded calls."""
    rows = result.metrics.get("calls_by_manager") or []
    if not rows:
        return
    talk_map = result.metrics.get("talk_min_per_day") or {}
    st.caption(t("calls.day_table_caption", lang, start=num(result.settings["calls_work_start"], lang),
                 end=num(result.settings["calls_work_end"], lang)))
    st.dataframe(pd.DataFrame({
        t("calls.col.manager", lang): [r["manager"] for r in rows],
        t("calls.col.first_call", lang): [clock(r["first_call_h"]) for r in rows],
        t("calls.col.last_call", lang): [clock(r["last_call_h"]) for r in rows],
        t("calls.col.idle_gap", lang): [None if r["idle_gap_min"] is None else round(r["idle_gap_min"]) for r in rows],
        t("calls.col.talk_min", lang): [None if talk_map.get(r["manager"]) is None else round(talk_map[r["manager"]])
                                        for r in rows],
        t("calls.col.answered", lang): [r["answered"] for r in rows],
        t("calls.col.short_share", lang): [pct(r["short_share"], lang) for r in rows],
        t("calls.col.median_min", lang): [num(r["median_min"], lang, 1) for r in rows],
        t("calls.col.recorded", lang): [pct(r["recorded_share"], lang) for r in rows],
    }), hide_index=True, width="stretch")


def missed(result, lang: str) -> None:
    st.subheader(t("calls.missed_title", lang))
    m, s = result.metrics, result.settings
    if m.get("missed_in_rate") is None:
        st.caption(t("calls.no_incoming", lang))
        return
    st.markdown(t("calls.missed_reading", lang, missed=pct(m.get("missed_in_rate"), lang, 1),
                  work=pct(m.get("calls_missed_work_rate"), lang, 1), off=pct(m.get("calls_missed_off_rate"), lang, 1),
                  not_called=fmt_int(m.get("calls_missed_not_called_back"), lang),
                  callback=pct(m.get("callback_24h_rate"), lang)))
    cols = st.columns(5)
    delay = m.get("calls_callback_delay_min")
    cols[0].metric(t("calls.metric.missed", lang), pct(m.get("missed_in_rate"), lang, 1))
    cols[1].metric(t("calls.metric.off_hours", lang), pct(m.get("calls_missed_off_rate"), lang, 1))
    cols[2].metric(t("calls.metric.callback_24h", lang), pct(m.get("callback_24h_rate"), lang))
    cols[3].metric(t("calls.metric.callback_delay", lang), "—" if delay is None else num(delay / 60, lang, 1))
    cols[4].metric(t("calls.metric.wait", lang), num(m.get("calls_answer_wait_s"), lang))
    audit_chart(result, "missed", lambda: charts.missed_by_hour(m.get("calls_missed_by_hour"), s["calls_work_start"],
                                                                s["calls_work_end"], lang))


def outgoing(result, lang: str) -> None:
    st.subheader(t("calls.out_title", lang))
    out = result.metrics.get("out_calls_per_day")
    if not out:
        st.caption(t("calls.no_outgoing", lang))
        return
    low, high = result.settings["out_calls_min"], result.settings["out_calls_max"]
    in_band = round((out_calls_in_band(out, low, high) or 0) * len(out))
    st.markdown(t("calls.out_reading", lang, in_band=in_band, managers=len(out), low=num(low, lang),
                  high=num(high, lang)))
    if over := over_band(out, high):
        st.warning(t("calls.out_over", lang, names=md(", ".join(over)), high=num(high, lang)))
    audit_chart(result, "outgoing", lambda: charts.out_calls(out, low, high, lang))


def short_calls(result, lang: str) -> None:
    st.subheader(t("calls.list_title", lang))
    rows = list_rows(result, LIST)                 # run once per audit, not on every page run
    st.markdown(t("calls.list_text", lang, count=fmt_int(len(rows), lang),
                  limit=num(result.settings["short_call_s"], lang)))
    if not rows:
        return
    names = {c: t(f"calls.col.{c}", lang) for c in ("started_at", "manager", "phone", "client_id", "duration_s",
                                                     "recording_url")}
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    page = st.number_input(t("calls.list_page", lang, pages=pages), min_value=1, max_value=pages, value=1,
                           step=1, key="calls_list_page")
    start = (int(page) - 1) * PAGE_ROWS
    frame = pd.DataFrame(rows[start:start + PAGE_ROWS])       # only the page shown
    frame["started_at"] = frame["started_at"].astype(str).str.replace("T", " ", regex=False)   # ISO from the list
    frame = frame.astype(object).where(frame.notna(), "").rename(columns=names)   # unknown client: blank
    st.dataframe(frame, hide_index=True, width="stretch")
    # The files are made when a button is pressed (a whole list in XLSX can take seconds).
    title = drilldown.list_title(LIST, lang)
    buttons = st.container(horizontal=True)
    buttons.download_button(t("calls.list_download", lang), lambda: drilldown.to_csv_bytes(drilldown.frame(rows, lang)),
                            file_name=f"{LIST}.csv", mime="text/csv", key="calls_list_download", on_click="ignore")
    buttons.download_button("XLSX", lambda: drilldown.to_xlsx_bytes(drilldown.frame(rows, lang), title),
                             file_name=f"{LIST}.xlsx", key="calls_list_download_xlsx", on_click="ignore",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
