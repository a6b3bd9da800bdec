"""Who and what to act on: for every failing item (verdict warning or critical), the managers, stages,
clients, deals and calls behind it, as short tables the HTML and PDF report show under the item.

Nothing is measured here. The names come from what the audit already holds: a check's per-manager
metrics (talk minutes, win rates, short-call shares, stale deals per manager, ...) and the rows of
its drill-down lists (queries/lists/, read once per report by `read_lists`). `build` is pure: it
takes the result, the language and the lists' rows, and returns plain data.

A block is {"key", "title", "head", "num", "rows", "total", "more", "more_text"}: `rows` are the
first `TOP` of `total` as display text (clipped to `CLIP` characters: a name from an upload may be
as long as its author liked), `more` how many are left out; the XLSX workbook keeps every row.
"""
from __future__ import annotations

import datetime as dt
import re

from audits.charts.checks import fmt
from audits.i18n import t

FAILING = ("warning", "critical")
TOP = 10
CLIP = 80


def clip(value, limit: int = CLIP) -> str:
    """A cell as text of at most `limit` characters (an ellipsis marks the cut)."""
    text = "—" if value is None or value == "" else str(value)
    text = re.sub(r"[\r\n\t\v\f]+", " ", text)   # line breaks and tabs from an upload: one line
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _date(value, lang: str) -> str:
    if value is None or value == "":
        return "—"
    iso = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    y, m, d = iso[:10].split("-") if len(iso) >= 10 and iso[4] == "-" else ("", "", "")
    if not y:
        return clip(iso)
    day = f"{d}.{m}.{y}" if lang == "ru" else iso[:10]
    time = iso[11:16] if len(iso) >= 16 else ""
    return f"{day} {time}".strip()


def _n(value) -> float:
    return value if isinstance(value, (int, float)) and value == value else 0.0


def lists_needed(result) -> list[str]:
    """The drill-down lists of the failing items (the only ones the HTML and PDF report show)."""
    from audits.checks import REGISTRY
    failing = {c.id for c in result.checks if c.verdict in FAILING}
    return list(dict.fromkeys(n for check in REGISTRY if check.id in failing for n in check.lists))


def read_lists(result, store, names=None) -> dict[str, list[dict]]:
    """{list name: rows} for `names` (default: the failing items' lists) on the session's store; a
    list that cannot be read is left out, never the report."""
    from audits import drilldown
    con = getattr(store, "con", store)
    if con is None:
        return {}
    out = {}
    for name in names if names is not None else lists_needed(result):
        try:
            out[name] = drilldown.rows(con, name, result)
        except Exception:
            continue
    return out


class _Blocks:
    """Collects the blocks of one item in one language."""

    def __init__(self, lang: str):
        self.lang, self.items = lang, []

    def add(self, key: str, noun: str, head: list[str], rows: list[list], num: tuple[int, ...] = (),
            total: int | None = None) -> None:
        """A block titled `report.names.<key>` with columns `report.names.col.<head>`; `rows` in their
        order (every row: the block shows the first TOP), `total` when more exist than `rows` holds."""
        if not rows:
            return
        lang = self.lang
        total = max(total if total is not None else len(rows), len(rows))
        shown = [[clip(v) for v in r] for r in rows[:TOP]]
        more = total - len(shown)
        self.items.append({
            "key": key, "title": t(f"report.names.{key}", lang),
            "head": [t(f"report.names.col.{h}", lang) for h in head],
            "num": [j in num for j in range(len(head))],
            "rows": shown, "total": total, "more": more,
            "more_text": t(f"report.names.more.{noun}", lang, n=fmt(more, "count", lang)) if more > 0 else "",
        })


def build(result, lang: str, lists: dict[str, list[dict]] | None = None) -> dict[int, list[dict]]:
    """{item id: [block, ...]} for every failing item that has names to give."""
    lists = lists or {}
    out = {}
    for c in result.checks:
        if c.verdict not in FAILING:
            continue
        maker = _MAKERS.get(c.id)
        if maker is None:
            continue
        b = _Blocks(lang)
        metrics = {**(result.metrics or {}), **(c.metrics or {})}
        maker(b, metrics, result.settings or {}, lists, lang)
        if b.items:
            out[c.id] = b.items
    return out


# --- one maker per item: what it names, from which metric or list ------------------------------

def _m01(b, m, s, lists, lang):
    from audits.checks.m01_funnel import vague_stages
    vague = vague_stages(m.get("funnel")) or []
    reached = {st.get("stage"): st.get("reached") for st in m.get("funnel") or []}
    b.add("vague_stages", "stages", ["stage", "reached"],
          [[st, fmt(reached.get(st), "count", lang)] for st in vague], num=(1,))


def _deals(rows, lang):
    return [[r.get("manager"), r.get("deal_id"), r.get("stage"), fmt(r.get("amount"), "money", lang),
             fmt(r.get("days_idle"), "count", lang), _date(r.get("last_move"), lang)] for r in rows]


DEAL_HEAD = ["manager", "deal", "stage", "amount", "days_idle", "last_move"]


def _no_task(b, lists, lang):
    rows = lists.get("open_deals_without_task") or []
    b.add("no_task_deals", "deals", DEAL_HEAD, _deals(rows, lang), num=(3, 4))


def _pipeline_managers(m) -> list[dict]:
    return [r for r in m.get("pipeline_by_manager") or [] if r.get("manager") is not None]


def _m03(b, m, s, lists, lang):
    rows = sorted((r for r in _pipeline_managers(m) if _n(r.get("without_task")) > 0),
                  key=lambda r: (-_n(r.get("without_task")), str(r["manager"])))
    b.add("no_task_managers", "managers", ["manager", "without_task", "open_deals"],
          [[r["manager"], fmt(r.get("without_task"), "count", lang), fmt(r.get("open_deals"), "count", lang)]
           for r in rows], num=(1, 2))
    _no_task(b, lists, lang)


def _m05(b, m, s, lists, lang):
    good = s.get("cp_team_top1_good", 0.4)
    rows = sorted((r for r in m.get("team_concentration") or []
                   if r.get("top_share") is not None and r["top_share"] > good and (r.get("managers") or 0) > 1),
                  key=lambda r: -r["top_share"])
    b.add("top_sellers", "teams", ["team", "manager", "top_share", "won"],
          [[r.get("team"), r.get("top_manager"), fmt(r["top_share"], "share", lang), fmt(r.get("won"), "money", lang)]
           for r in rows], num=(2, 3))


def _m06(b, m, s, lists, lang):
    target = s.get("talk_min_target", 120)
    talk = {k: v for k, v in (m.get("talk_min_per_day") or {}).items() if v is not None and k is not None}
    out = m.get("out_calls_per_day") or {}
    rows = sorted(((k, v) for k, v in talk.items() if v < target), key=lambda kv: (kv[1], str(kv[0])))
    b.add("talk_below_target", "managers", ["manager", "talk_min_day", "out_calls_day"],
          [[k, fmt(v, "minutes", lang), fmt(out.get(k), "count", lang)] for k, v in rows], num=(1, 2))


def _m10(b, m, s, lists, lang):
    rows = lists.get("key_clients_without_potential") or []
    b.add("no_potential", "clients", ["client", "abc", "revenue", "yearly_revenue", "manager"],
          [[r.get("client") or r.get("client_id"), r.get("abc_class"), fmt(r.get("revenue"), "money", lang),
            fmt(r.get("yearly_revenue"), "money", lang), r.get("manager")] for r in rows], num=(2, 3))


def _m11(b, m, s, lists, lang):
    rows = [r for r in lists.get("lost_clients_winback") or [] if r.get("abc_class") == "A"]
    b.add("lost_a_clients", "clients", ["client", "last_order", "revenue", "days_since", "manager"],
          [[r.get("client") or r.get("client_id"), _date(r.get("last_order"), lang), fmt(r.get("revenue"), "money", lang),
            fmt(r.get("days_since"), "count", lang), r.get("manager")] for r in rows], num=(2, 3))


def _m12(b, m, s, lists, lang):
    floor = s.get("skill_min_closed", 20)
    overall = m.get("win_rate")
    rows = [r for r in m.get("managers_results") or [] if r.get("manager") is not None and not r.get("is_head")
            and (r.get("closed") or 0) >= floor and r.get("win_rate") is not None]
    if overall is not None:
        rows = [r for r in rows if r["win_rate"] < overall]
    rows.sort(key=lambda r: (r["win_rate"], str(r["manager"])))
    b.add("low_win_rate", "managers", ["manager", "win_rate", "closed", "won", "avg_won"],
          [[r["manager"], fmt(r["win_rate"], "share", lang), fmt(r.get("closed"), "count", lang),
            fmt(r.get("won"), "count", lang), fmt(r.get("avg_won"), "money", lang)] for r in rows], num=(1, 2, 3, 4))


def _m14(b, m, s, lists, lang):
    from audits.checks.m14_spin import new_client_rows, short_new_by_manager
    shares = short_new_by_manager(m.get("calls_client_kind"), s.get("calls_manager_min", 30))
    answered = {r.get("manager"): r.get("answered") for r in new_client_rows(m.get("calls_client_kind"))}
    good = s.get("short_manager_good", 0.35)
    rows = sorted(((k, v) for k, v in shares.items() if v > good), key=lambda kv: (-kv[1], str(kv[0])))
    b.add("short_new_calls", "managers", ["manager", "short_share", "answered"],
          [[k, fmt(v, "share", lang), fmt(answered.get(k), "count", lang)] for k, v in rows], num=(1, 2))


def _m15(b, m, s, lists, lang):
    depth = m.get("discount_depth")
    floor = s.get("discount_min_deals", 10)
    rows = [r for r in m.get("discount_by_manager") or [] if r.get("manager") is not None
            and r.get("depth") is not None and (r.get("discounted") or 0) >= floor
            and (depth is None or r["depth"] > depth)]
    rows.sort(key=lambda r: (-r["depth"], str(r["manager"])))
    b.add("deep_discounts", "managers", ["manager", "depth", "discounted", "won_with_discount"],
          [[r["manager"], fmt(r["depth"], "share", lang), fmt(r.get("discounted"), "count", lang),
            fmt(r.get("won_with_discount"), "share", lang)] for r in rows], num=(1, 2, 3))


def _m16(b, m, s, lists, lang):
    """Named only where its signal falls short of the norm (the weakest manager at the last stage,
    the deepest discounts against the average)."""
    who, low = m.get("pipeline_late_weakest"), m.get("pipeline_late_win_rate_min")
    if who is not None and low is not None and low < s.get("ng_late_min_good", 0.7):
        b.add("late_weakest", "managers", ["manager", "stage", "late_win_rate"],
              [[who, m.get("pipeline_late_stage"), fmt(m.get("pipeline_late_win_rate_min"), "share", lang)]], num=(2,))
    top, ratio = m.get("discount_top_manager"), m.get("discount_top_ratio")
    if top is not None and ratio is not None and ratio > s.get("vl_top_ratio_good", 1.25):
        b.add("discount_top", "managers", ["manager", "top_ratio"],
              [[top, fmt(m.get("discount_top_ratio"), "ratio", lang)]], num=(1,))


def _m17(b, m, s, lists, lang):
    floor = max(s.get("calls_manager_min", 30), 1)
    rows = [r for r in m.get("calls_deal_conversion") or [] if r.get("manager") is not None
            and (r.get("answered") or 0) >= floor and r.get("deals_per_call") is not None]
    best = max((r["deals_per_call"] for r in rows), default=None)
    if not best:
        return
    good = s.get("scripts_spread_good", 1.5)
    median = {r.get("manager"): r.get("median_min") for r in m.get("calls_by_manager") or []}
    low = sorted((r for r in rows if r["deals_per_call"] * good < best),
                 key=lambda r: (r["deals_per_call"], str(r["manager"])))
    b.add("few_deals_per_call", "managers", ["manager", "deals_per_100", "answered", "median_min"],
          [[r["manager"], fmt(100 * r["deals_per_call"], "count", lang), fmt(r.get("answered"), "count", lang),
            fmt(median.get(r["manager"]), "minutes", lang)] for r in low], num=(1, 2, 3))


def _m18(b, m, s, lists, lang):
    floor = max(s.get("calls_manager_min", 30), 1)
    good = s.get("short_manager_good", 0.35)
    rows = sorted((r for r in m.get("calls_by_manager") or [] if r.get("manager") is not None
                   and r.get("short_share") is not None and (r.get("answered") or 0) >= floor and r["short_share"] > good),
                  key=lambda r: (-r["short_share"], str(r["manager"])))
    b.add("short_call_managers", "managers", ["manager", "short_share", "answered", "recorded"],
          [[r["manager"], fmt(r["short_share"], "share", lang), fmt(r.get("answered"), "count", lang),
            fmt(r.get("recorded_share"), "share", lang)] for r in rows], num=(1, 2, 3))
    calls = lists.get("short_calls_new_clients") or []
    b.add("short_calls", "calls", ["started_at", "manager", "phone", "duration_s", "recording"],
          [[_date(r.get("started_at"), lang), r.get("manager"), r.get("phone"), fmt(r.get("duration_s"), "seconds", lang),
            r.get("recording_url")] for r in calls], num=(3,))


def _m20(b, m, s, lists, lang):
    rows = lists.get("managers_below_plan") or []
    b.add("below_plan", "managers", ["manager", "team", "months_below_100", "months_below_80", "fulfilment", "shortfall"],
          [[r.get("manager"), r.get("team"), fmt(r.get("months_below_100"), "count", lang),
            fmt(r.get("months_below_80"), "count", lang), fmt(r.get("fulfilment"), "share", lang),
            fmt(None if r.get("plan") is None or r.get("revenue") is None else max(r["plan"] - r["revenue"], 0), "money", lang)]
           for r in rows], num=(2, 3, 4, 5))


def _m23(b, m, s, lists, lang):
    good = s.get("pe_first_half_good", 0.5)
    by_team = {k: v for k, v in (m.get("plan_first_half_by_team") or {}).items() if v is not None and k is not None}
    cv = {r.get("team"): r.get("cv") for r in m.get("plan_evenness_by_team") or []}
    rows = sorted(((k, v) for k, v in by_team.items() if v < good), key=lambda kv: (kv[1], str(kv[0])))
    b.add("late_teams", "teams", ["team", "first_half", "plan_cv"],
          [[k, fmt(v, "share", lang), fmt(cv.get(k), "share", lang)] for k, v in rows], num=(1, 2))


def _m26(b, m, s, lists, lang):
    head = m.get("team_head")
    if head is not None:
        b.add("head", "managers", ["manager", "head_deals", "head_tasks", "head_calls"],
              [[head, fmt(m.get("team_head_deals_ratio"), "share", lang), fmt(m.get("team_head_tasks_ratio"), "share", lang),
                fmt(m.get("team_head_calls_ratio"), "share", lang)]], num=(1, 2, 3))


def _m28(b, m, s, lists, lang):
    rows = sorted((r for r in _pipeline_managers(m) if _n(r.get("stale")) > 0),
                  key=lambda r: (-_n(r.get("stale")), str(r["manager"])))
    b.add("stale_managers", "managers", ["manager", "stale", "open_deals", "without_task", "open_value"],
          [[r["manager"], fmt(r.get("stale"), "count", lang), fmt(r.get("open_deals"), "count", lang),
            fmt(r.get("without_task"), "count", lang), fmt(r.get("open_value"), "money", lang)] for r in rows],
          num=(1, 2, 3, 4))
    stale = sorted(lists.get("stale_deals") or [], key=lambda r: (-_n(r.get("days_idle")), -_n(r.get("amount")),
                                                                 str(r.get("deal_id"))))
    b.add("stale_deals", "deals", DEAL_HEAD, _deals(stale, lang), num=(3, 4))
    _no_task(b, lists, lang)


def _m29(b, m, s, lists, lang):
    """The new deals nobody called back (latest first), and the sellers slowest to reach a new deal."""
    rows = lists.get("new_deals_not_contacted") or []
    b.add("uncontacted_deals", "deals", ["manager", "deal", "client", "channel", "amount", "created"],
          [[r.get("manager"), r.get("deal_id"), r.get("client_id"), r.get("channel"),
            fmt(r.get("amount"), "money", lang), _date(r.get("created_at"), lang)] for r in rows], num=(4,))
    slow = sorted((r for r in m.get("speed_to_lead_by_manager") or [] if r.get("manager") and r.get("deals")
                   and r.get("within_1d_share") is not None),
                  key=lambda r: (_n(r.get("within_1d_share")), str(r["manager"])))
    b.add("slow_to_lead", "managers", ["manager", "new_deals", "within_1d", "not_contacted"],
          [[r["manager"], fmt(r.get("deals"), "count", lang), fmt(r.get("within_1d_share"), "share", lang),
            fmt(r.get("not_contacted"), "count", lang)] for r in slow], num=(1, 2, 3))


_MAKERS = {1: _m01, 3: _m03, 5: _m05, 6: _m06, 10: _m10, 11: _m11, 12: _m12, 14: _m14, 15: _m15, 16: _m16,
           17: _m17, 18: _m18, 20: _m20, 23: _m23, 26: _m26, 28: _m28, 29: _m29}

__all__ = ["build", "read_lists", "lists_needed", "clip", "TOP", "CLIP", "FAILING"]
