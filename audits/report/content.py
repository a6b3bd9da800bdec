"""What the report says, as plain data that the three formats lay out: built from one AuditResult
(and, when given, the session's store for the period the data spans). No metric is computed here:
every number is read from the result and only formatted. Texts are looked up in `lang`, so one
result reports in either language (cluster names and the principal problem's stage names are data).
"""
from __future__ import annotations

import datetime as dt

from audits import money as MONEY
from audits.charts import localized
from audits.charts import calls as call_charts
from audits.charts import checks as charts
from audits.checks import REGISTRY, thresholds
from audits.audit import score_coverage
from audits.checks.base import CATEGORIES
from audits.i18n import catalogue, t

VERDICTS = ("ok", "warning", "critical", "not_assessed")
ABC, XYZ = ("A", "B", "C"), ("X", "Y", "Z", "N")


def _t(key: str, lang: str, **kw) -> str:
    return t(key, lang, **kw) if key in catalogue() else key


def fmt_date(value, lang: str) -> str:
    if value is None or value == "":
        return "—"
    iso = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    y, m, d = iso[:10].split("-")
    return f"{d}.{m}.{y}" if lang == "ru" else iso[:10]


def period_of(result, store=None) -> tuple[str | None, str | None]:
    """The dates the audited data spans: the chosen period when one was chosen, else the earliest and
    latest date in the loaded tables (audits.scope.options), else nothing known."""
    scope = getattr(result, "scope", None)
    lo = getattr(scope, "start", None) if scope else None
    hi = getattr(scope, "end", None) if scope else None
    con = getattr(store, "con", store)
    if con is not None and (lo is None or hi is None):
        try:
            from audits.scope import options
            span = options(con)
            lo, hi = lo or span["start"], hi or span["end"]
        except Exception:             # the period is a courtesy on the cover; never fail the report
            pass
    iso = lambda d: None if d is None else (d.isoformat() if hasattr(d, "isoformat") else str(d))  # noqa: E731
    return iso(lo), iso(hi)


def _verdict(v: str, lang: str) -> str:
    return t(f"verdict.{v}", lang)


def _share(v, lang):
    return charts.fmt(v, "share", lang)


def _delta_text(delta, lang: str) -> str:
    if delta is None:
        return "—"
    return ("+" if delta > 0 else "") + charts.fmt_score(delta, lang)


def _change_row(c, title: str, lang: str) -> dict:
    """One line of a comparison (audits.compare.Change): the numbers as they are and as text."""
    return {"key": c.key, "title": title, "before": c.before, "after": c.after, "delta": c.delta,
            "status": c.status, "before_text": charts.fmt_score(c.before, lang),
            "after_text": charts.fmt_score(c.after, lang), "delta_text": _delta_text(c.delta, lang),
            "verdict_before": c.verdict_before, "verdict_after": c.verdict_after,
            "verdict_before_label": _verdict(c.verdict_before, lang),
            "verdict_after_label": _verdict(c.verdict_after, lang)}


def comparison_of(cmp, lang: str) -> tuple[dict, object]:
    """The section "Comparison with an earlier audit" from an audits.compare.Comparison (before = the
    earlier audit, after = this one), and the comparison with its titles in `lang` (for the charts)."""
    from dataclasses import replace

    from audits.compare import Comparison
    keys = {str(c.id): c.key for c in REGISTRY}

    def title(c) -> str:
        return t(f"{keys[c.key]}.title", lang) if c.key in keys else str(c.title)

    def cat_label(key) -> str:
        return t(f"category.{key}", lang) if f"category.{key}" in catalogue() else str(key)

    local = Comparison(cmp.overall, list(cmp.categories), [replace(c, title=title(c)) for c in cmp.items],
                       cmp.threshold, cmp.as_of_before, cmp.as_of_after)
    section = {
        "intro": t("report.cmp.intro", lang, before=fmt_date(cmp.as_of_before, lang),
                   after=fmt_date(cmp.as_of_after, lang), threshold=charts.fmt_score(cmp.threshold, lang)),
        "as_of_before": fmt_date(cmp.as_of_before, lang), "as_of_after": fmt_date(cmp.as_of_after, lang),
        "overall": _change_row(cmp.overall, t("report.cmp.overall", lang), lang),
        "counts": [{"status": s, "label": t(f"report.cmp.{s}", lang), "n": len(getattr(local, s))}
                   for s in ("improved", "worse", "unchanged", "not_comparable")],
        "categories": [_change_row(c, cat_label(c.key), lang) for c in local.categories],
        "improved": [_change_row(c, c.title, lang) for c in local.improved],
        "worse": [_change_row(c, c.title, lang) for c in local.worse],
    }
    return section, local


def build(result, lang: str, store=None, company: str = "", with_charts: bool = True, comparison=None,
          lists: dict | None = None) -> dict:
    """The report's content and its charts ({id: Altair chart}; none without `with_charts`) for
    `result` in `lang`; with `comparison` (an audits.compare.Comparison of an earlier audit with this
    one) a section comparing the two. `lists` ({drill-down list: rows}) are the rows the failing items
    name; without them they are read from `store` (audits.report.names.read_lists)."""
    from audits.report import names as culprits
    units = {th.name: th.unit for th in thresholds()}
    m = result.metrics or {}
    checks = {c.id: c for c in REGISTRY}
    lo, hi = period_of(result, store)
    doc: dict = {"lang": lang, "charts": {}}
    doc["lists"] = lists if lists is not None else culprits.read_lists(result, store)
    named = culprits.build(result, lang, doc["lists"])
    ch = doc["charts"]

    def put(key: str, make) -> None:
        if with_charts:
            ch[key] = localized(make(), lang)

    # --- cover
    doc["company"] = company.strip() or t("report.default_company", lang)
    doc["title"] = t("report.title", lang)
    doc["period"] = (t("report.period_value", lang, start=fmt_date(lo, lang), end=fmt_date(hi, lang))
                     if lo or hi else "—")
    doc["as_of"] = fmt_date(result.as_of, lang)
    doc["generated"] = fmt_date(dt.date.today(), lang)
    doc["score"] = result.score
    doc["score_text"] = charts.fmt_score(result.score, lang)
    doc["band"] = charts.band(result.score)
    doc["band_label"] = _verdict(doc["band"], lang)
    doc["coverage_text"] = score_coverage(result, lang)
    # About the whole audit; what a table lacks is in its row of the data section (data_of_table).
    doc["limits"] = [lim.text(lang) for lim in result.limits]
    doc["counts"] = [{"verdict": v, "label": _verdict(v, lang), "n": sum(c.verdict == v for c in result.checks)}
                     for v in VERDICTS]
    # The headline: the yearly flows of the items that need work; stocks apart, never added (audits/money.py).
    totals = result.money or {}
    doc["at_stake"] = totals.get("flow_per_year")
    doc["at_stake_text"] = MONEY.amount_text(doc["at_stake"], MONEY.FLOW, lang)
    doc["at_stake_stock_text"] = (t("money.headline_stock", lang, amount=charts.fmt(totals["stock"], "money", lang),
                                    items=MONEY.headline_items(totals["stock_checks"]))
                                  if totals.get("stock") is not None else "")
    doc["categories"] = [{"key": cat, "label": t(f"category.{cat}", lang), "score": result.categories.get(cat),
                          "score_text": charts.fmt_score(result.categories.get(cat), lang),
                          "band": charts.band(result.categories.get(cat))} for cat in CATEGORIES]
    put("gauge", lambda: charts.score_gauge(result.score, lang))
    put("categories", lambda: charts.category_chart(result.categories, lang))

    # --- comparison with an earlier audit (optional)
    doc["comparison"] = None
    if comparison is not None:
        from audits.charts import compare as compare_charts
        doc["comparison"], local = comparison_of(comparison, lang)
        put("cmp_categories", lambda: compare_charts.category_chart(local, lang))
        put("cmp_items", lambda: compare_charts.delta_chart(local, lang, only_changed=True))

    # --- at a glance
    doc["glance"] = [{
        "id": c.id, "title": t(f"{checks[c.id].key}.title", lang), "category": t(f"category.{c.category}", lang),
        "verdict": c.verdict, "verdict_label": _verdict(c.verdict, lang), "score": c.score,
        "score_text": charts.fmt_score(c.score, lang), "evidence": t(f"cl.evidence.{c.evidence}", lang),
        "money": c.money_at_stake, "money_text": MONEY.amount_text(c.money_at_stake, c.money_kind, lang),
        "override": (_verdict(c.measured_verdict, lang) + " → " + _verdict(c.verdict, lang)) if c.override else "",
    } for c in result.checks]

    # --- principal problem and plan
    p = result.principal
    if p and p.get("kind") == "funnel_step":
        doc["principal"] = t("plan.principal_funnel", lang, from_stage=p["from_stage"], to_stage=p["to_stage"],
                             share=f"{p['conversion']:.0%}")
    elif p:
        doc["principal"] = f"{p['id']}. " + t(f"{checks[p['id']].key}.title", lang)
    else:
        doc["principal"] = None
    by_id = {c.id: c for c in result.checks}
    doc["plan"] = []
    for i, item in enumerate(result.plan, 1):
        c, key = by_id[item["id"]], checks[item["id"]].key
        doc["plan"].append({"rank": i, "id": item["id"], "title": t(f"{key}.title", lang),
                            "verdict": item["verdict"], "verdict_label": _verdict(item["verdict"], lang),
                            "score": item["score"], "score_text": charts.fmt_score(item["score"], lang),
                            "money": item["money_at_stake"],
                            "money_text": MONEY.amount_text(item["money_at_stake"], c.money_kind, lang),
                            "first_step": t(f"{key}.remedy1", lang) if c.recommendations else ""})

    # --- call intensity
    talk = m.get("talk_min_per_day") or {}
    target = result.settings.get("talk_min_target", 120)
    buckets = m.get("call_buckets") or {}
    doc["calls"] = {
        "present": bool(talk or buckets or m.get("calls_total")),
        "target": charts.fmt(target, "minutes", lang),
        "talk": [{"manager": str(k), "minutes": v, "minutes_text": charts.fmt(v, "minutes", lang),
                  "ok": v is not None and v >= target}
                 for k, v in sorted(talk.items(), key=lambda kv: -(kv[1] or 0))],
        "below": sum(1 for v in talk.values() if v is not None and v < target),
        "figures": [(t(f"report.calls.{k}", lang), charts.fmt(m.get(k), unit, lang)) for k, unit in (
            ("calls_total", "count"), ("calls_answered", "count"), ("missed_in_rate", "share"),
            ("callback_24h_rate", "share"), ("short_call_share", "share"), ("median_call_min", "minutes"))],
        "buckets": [(t(f"calls.bucket.{b}", lang), _share(buckets.get(b), lang)) for b in call_charts.BUCKETS],
    }
    put("talk", lambda: call_charts.talk_minutes(talk, target, lang))
    put("buckets", lambda: call_charts.bucket_shares(buckets, None, lang))

    # --- funnel
    funnel = m.get("funnel") or []
    doc["funnel"] = [{"stage": str(s.get("stage")), "reached": s.get("reached"),
                      "reached_text": charts.fmt(s.get("reached"), "count", lang),
                      "conversion": s.get("conversion"), "conversion_text": _share(s.get("conversion"), lang)}
                     for s in funnel]
    doc["funnel_figures"] = [(t(f"report.funnel.{k}", lang), charts.fmt(m.get(k), unit, lang)) for k, unit in (
        ("deals_total", "count"), ("deals_won", "count"), ("win_rate", "share"), ("avg_won_amount", "money"),
        ("median_cycle_days", "days"), ("open_deals", "count"), ("stale_deals", "count"))]
    put("funnel", lambda: charts.funnel_chart(funnel, lang))

    # --- segments
    seg = result.segments or {}
    matrix = seg.get("abc_xyz") or {}
    doc["segments"] = {
        "present": bool(seg.get("abc") or matrix),
        "abc": [(k, charts.fmt((seg.get("abc") or {}).get(k), "count", lang)) for k in ABC],
        "xyz": [(k, charts.fmt((seg.get("xyz") or {}).get(k), "count", lang)) for k in XYZ],
        "matrix": [[a] + [charts.fmt(matrix.get(a + x), "count", lang) for x in XYZ] for a in ABC],
        "matrix_head": list(XYZ),
        "clusters": [{"name": str(cl.get("name")), "clients": charts.fmt(cl.get("clients"), "count", lang),
                      "revenue": charts.fmt(cl.get("revenue"), "money", lang)} for cl in seg.get("clusters") or []],
        "nps": charts.fmt(m.get("nps"), "points", lang), "nps_responses": charts.fmt(m.get("nps_responses"), "count", lang),
        "figures": [(t(f"report.seg.{k}", lang), charts.fmt(m.get(k), unit, lang)) for k, unit in (
            ("revenue_total", "money"), ("clients_ordering", "count"), ("repeat_rate", "share"),
            ("lost_clients", "count"), ("nps", "points"), ("nps_responses", "count"))],
    }

    # --- one section per item
    doc["items"] = []
    for c in result.checks:
        check = checks[c.id]
        key = check.key
        answers = [{"text": t(f"{key}.{q}", lang),
                    "answer": t("checklist.answer." + ("none" if c.answers.get(q) is None
                                                       else "yes" if c.answers[q] else "no"), lang)}
                   for q in check.questions]
        remedies = [t(f"{key}.remedy{i}", lang) for i in range(1, check.remedies + 1)]
        item = {
            "id": c.id, "title": t(f"{key}.title", lang), "category": t(f"category.{c.category}", lang),
            "verdict": c.verdict, "verdict_label": _verdict(c.verdict, lang),
            "score_text": charts.fmt_score(c.score, lang), "evidence": t(f"cl.evidence.{c.evidence}", lang),
            "money_text": MONEY.amount_text(c.money_at_stake, c.money_kind, lang), "money": c.money_at_stake,
            "money_how": MONEY.how_text(c, lang),      # the arithmetic and the basis, or why there is no figure
            "what": _t(f"{key}.what", lang), "why": _t(f"{key}.why", lang),
            "signals": [{"label": t(s.key, lang), "value": charts.fmt(s.value, s.unit, lang),
                         "bad": charts.fmt(s.bad, s.unit, lang), "good": charts.fmt(s.good, s.unit, lang),
                         "score": charts.fmt_score(s.score, lang), "band": charts.band(s.score)} for s in c.signals],
            "answers": answers, "answered": sum(a is not None for a in c.answers.values()),
            "note": c.note or "",
            "override": None if not c.override else {
                "measured": f"{_verdict(c.measured_verdict, lang)} ({charts.fmt_score(c.measured_score, lang)})",
                "final": f"{_verdict(c.verdict, lang)} ({charts.fmt_score(c.score, lang)})",
                "reason": str(c.override.get("reason") or "")},
            "remedies": remedies, "remedies_title": t("report.remedies" if c.recommendations else "report.remedies_keep", lang),
            "missing": [t(f"table.{x}", lang) for x in c.missing],
            "names": named.get(c.id, []),
            "limits": [lim.text(lang) for lim in c.limits],
            "chart": f"item{c.id}",
        }
        put(item["chart"], lambda c=c: charts.chart_of(c, result, lang))
        doc["items"].append(item)

    # --- appendix
    doc["tables"] = [{"name": t(f"table.{name}", lang) if f"table.{name}" in catalogue() else name,
                      "key": name, "rows": info.get("rows"), "rows_text": charts.fmt(info.get("rows"), "count", lang),
                      "files": ", ".join(info.get("files") or []) or "—", "preset": info.get("preset") or "—",
                      **data_of_table(info, lang)}
                     for name, info in (result.tables or {}).items()]
    doc["funnel_order"] = funnel_order_of(m.get("funnel_order"), lang)
    doc["mapping"] = [{"table": t(f"table.{name}", lang) if f"table.{name}" in catalogue() else name,
                       "source": str(src), "column": _t(f"column.{col}", lang) if f"column.{col}" in catalogue() else str(col)}
                      for name, info in (result.tables or {}).items() for src, col in (info.get("mapping") or {}).items()]
    doc["coverage"] = [{"id": c.id, "title": t(f"{checks[c.id].key}.title", lang),
                        "evidence": t(f"cl.evidence.{c.evidence}", lang),
                        "missing": ", ".join(t(f"table.{x}", lang) for x in c.missing) or "—"} for c in result.checks]
    doc["settings"] = [{"name": name, "label": _t(f"setting.{name}", lang) if f"setting.{name}" in catalogue() else name,
                        "value": value, "value_text": charts.fmt(value, units.get(name, "count"), lang)}
                       for name, value in (result.settings or {}).items()]
    return doc



def _period_text(period: dict | None, lang: str) -> str:
    """A table's period ({"from", "to"}) as text: "—" for a table no period applies to."""
    if period is None:
        return "—"
    if not period.get("from"):
        return t("report.data.no_dates", lang)
    return t("report.period_value", lang, start=fmt_date(period["from"], lang), end=fmt_date(period["to"], lang))


def data_of_table(info: dict, lang: str) -> dict:
    """The data section's figures of one table (results.json `tables[name]`): its period, and the
    columns the checks need that it lacks, each with the items that need it."""
    lacks = [t("coverage.column_checks", lang, column=t(f"column.{m['column']}", lang),
               checks=", ".join(str(c) for c in m["checks"]), count=len(m["checks"]))
             for m in info.get("missing_columns") or []]
    return {"period_text": _period_text(info.get("period"), lang), "lacks": lacks, "lacks_text": "; ".join(lacks) or "—"}


def funnel_order_of(order: dict | None, lang: str) -> dict | None:
    """What the funnel's stage order rests on (metrics["funnel_order"]) and, when it is a guess, the
    warning; None without deals."""
    if not order or not order.get("basis"):
        return None
    basis = order["basis"]
    text = t("stages.order_note", lang, basis=t(f"stages.basis.{basis}", lang))
    if order.get("pipeline"):
        text += " " + t("report.data.pipeline", lang, pipeline=str(order["pipeline"]))
    return {"basis": basis, "guess": bool(order.get("guess")), "text": text,
            "warning": t(f"limit.stage_order.{basis}", lang) if order.get("guess") else ""}
