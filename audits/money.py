"""Money at stake: every check's estimate in one place, on one stated basis.

Each estimate is an `Estimate`: the amount, whether it is a **flow** (money a year: what the company
could realistically gain each year) or a **stock** (money sitting somewhere now, such as the value of
stale open deals), the arithmetic with its numbers filled in, and the basis (the norm or benchmark
used, and the period the data covers). A stock is never added to a flow: the headline sums the flows
of the items that need work, and shows the stocks apart.

The rules every flow follows:

- **Per year.** A count measured over the data's period (the first to the last day of the table's
  events up to the analysis date) is scaled by 365 / the period's days. A period shorter than
  `MIN_PERIOD_DAYS` is not scaled up: no figure (a week of calls says little about a year).
- **What can realistically be recovered.** A gap is measured to the company's own best quartile
  (of sellers) or to the stated norm, whichever asks less: a team can reach what its best quarter
  already does, and nobody needs to beat the norm. For "higher is better" values the target is
  min(75th percentile, norm); for "lower is better" values it is max(25th percentile, norm).

`estimate(check_id, ctx)` gives the estimate of one check, or None when the check has no money
rule; an Estimate with amount None says why the data gives no honest figure (`reason`).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Callable

from audits.i18n import t

FLOW, STOCK = "flow", "stock"
DAYS_PER_YEAR = 365
MIN_PERIOD_DAYS = 30          # a shorter period is not scaled up to a year
MIN_PEERS = 2                 # sellers needed for a best quartile of the team
MIN_CLOSED_DEALS = 10         # closed deals a seller needs for his win rate to count
BEST_QUARTILE = 0.75          # "best quartile": the 75th percentile (25th when lower is better)

# The tables whose period annualises a flow, and the moment that dates each row.
PERIOD_COLUMNS = {"deals": "created_at", "calls": "started_at"}


# --- the rules ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    table: str
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def per_year(amount: float, days: int | None) -> float | None:
    """An amount measured over `days` days, per year; None for a period too short to scale up."""
    if days is None or days < MIN_PERIOD_DAYS:
        return None
    return amount * DAYS_PER_YEAR / days


def percentile(values: list[float], q: float) -> float | None:
    """The q-th quantile (0..1) with linear interpolation between the closest ranks."""
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    pos = (len(v) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def best_quartile(values: list[float], higher_is_better: bool = True) -> float | None:
    """What the best quarter of the team reaches: the 75th percentile (25th when lower is better);
    None with fewer than MIN_PEERS values (one person is no benchmark)."""
    values = [x for x in values if x is not None]
    if len(values) < MIN_PEERS:
        return None
    return percentile(values, BEST_QUARTILE if higher_is_better else 1 - BEST_QUARTILE)


def target(best: float | None, norm: float, higher_is_better: bool = True) -> float:
    """The target a gap is measured to: the best quartile or the norm, whichever asks less."""
    if best is None:
        return norm
    return min(best, norm) if higher_is_better else max(best, norm)


# --- the result ---------------------------------------------------------------------------------

@dataclass
class Estimate:
    amount: float | None          # per year for a flow; the value now for a stock; None: no figure
    kind: str                     # FLOW | STOCK
    basis: str                    # the norm or benchmark and the period (or why there is no figure)
    formula: str = ""             # the arithmetic with the numbers filled in
    period: Period | None = None
    reason: str | None = None     # the key of the reason when amount is None


@dataclass
class Context:
    metrics: dict
    settings: dict
    periods: dict[str, Period] = field(default_factory=dict)
    lang: str = "en"


def periods(con, as_of: dt.date | None) -> dict[str, Period]:
    """The period each annualising table covers: its first to its last event day before `as_of`."""
    out = {}
    for table, col in PERIOD_COLUMNS.items():
        where = f"WHERE {col} IS NOT NULL" + (" AND " + col + " < $as_of::DATE" if as_of else "")
        start, end = con.execute(f"SELECT min({col})::DATE, max({col})::DATE FROM {table} {where}",
                                 {"as_of": as_of} if as_of else {}).fetchone()
        if start is not None:
            out[table] = Period(table, start, end)
    return out


# --- how numbers read in the formulas -----------------------------------------------------------

def _n(value: float, lang: str, decimals: int = 0) -> str:
    s = f"{value:,.{decimals}f}"
    return s.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else s


def _pct(value: float, lang: str) -> str:
    return _n(100 * value, lang, 1) + "\u00a0%"


def _date(d: dt.date, lang: str) -> str:
    return d.strftime("%d.%m.%Y") if lang == "ru" else d.isoformat()


def _period_text(p: Period, lang: str) -> str:
    return t("money.period", lang, table=t(f"table.{p.table}", lang), start=_date(p.start, lang),
             end=_date(p.end, lang), days=p.days)


def _none(kind: str, reason: str, lang: str, **params) -> Estimate:
    return Estimate(None, kind, t(f"money.reason.{reason}", lang, **params), reason=reason)


def _annual(ctx: Context, table: str, over_period: float, basis: str, formula: str) -> Estimate:
    """A flow measured over a table's period, scaled to a year, with the scaling in the formula."""
    p = ctx.periods.get(table)
    if p is None:
        return _none(FLOW, "no_period", ctx.lang, table=t(f"table.{table}", ctx.lang))
    amount = per_year(over_period, p.days)
    if amount is None:
        return _none(FLOW, "short_period", ctx.lang, period=_period_text(p, ctx.lang), days=MIN_PERIOD_DAYS)
    lang = ctx.lang
    formula += " " + t("money.per_year_step", lang, over=_n(over_period, lang), days=p.days, amount=_n(amount, lang))
    return Estimate(amount, FLOW, basis + " " + _period_text(p, lang), formula, p)


def _heads(metrics: dict) -> set[str] | None:
    """The heads of the staff list, to leave out of a comparison of sellers (None: not known)."""
    rows = metrics.get("managers_results")
    return None if rows is None else {r["manager"] for r in rows if r.get("is_head")}


# --- the estimates ------------------------------------------------------------------------------

def _funnel(ctx: Context) -> Estimate:
    """1. Won deals lost to sellers whose win rate is below the target (the best quartile of sellers
    or the norm, whichever is lower): the missing won deals × the average won deal, per year."""
    m, s, lang = ctx.metrics, ctx.settings, ctx.lang
    avg = m.get("avg_won_amount")
    rows = [r for r in m.get("managers_results") or []
            if not r.get("is_head") and r.get("win_rate") is not None and (r.get("closed") or 0) >= MIN_CLOSED_DEALS]
    if avg is None:
        return _none(FLOW, "no_won_amount", lang)
    if not rows:
        return _none(FLOW, "no_sellers", lang, closed=MIN_CLOSED_DEALS)
    norm = s["win_rate_good"]
    best = best_quartile([r["win_rate"] for r in rows])
    goal = target(best, norm)
    below = [r for r in rows if r["win_rate"] < goal]
    extra = sum((goal - r["win_rate"]) * r["closed"] for r in below)
    basis = t("money.funnel.basis", lang, target=_pct(goal, lang), norm=_pct(norm, lang),
              best=_pct(best, lang) if best is not None else "—", sellers=len(rows), closed=MIN_CLOSED_DEALS)
    formula = t("money.funnel.formula", lang, below=len(below), target=_pct(goal, lang), extra=_n(extra, lang, 1),
                avg=_n(avg, lang), over=_n(extra * avg, lang))
    return _annual(ctx, "deals", extra * avg, basis, formula)


def _workday(ctx: Context) -> Estimate:
    """6. Outgoing calls missing from sellers below the target calls a day (the best quartile or the
    low end of the norm band, whichever is lower) × the deals a call brings × win rate × average won
    deal, per year."""
    m, s, lang = ctx.metrics, ctx.settings, ctx.lang
    per_day, by_manager = m.get("out_calls_per_day"), m.get("calls_by_manager")
    conv, rate, avg = m.get("calls_deal_conversion"), m.get("win_rate"), m.get("avg_won_amount")
    if not per_day or not by_manager:
        return _none(FLOW, "no_calls", lang)
    if not conv or rate is None or avg is None:
        return _none(FLOW, "no_deals_for_calls", lang)
    heads = _heads(m) or set()
    days = {r["manager"]: r["days"] for r in by_manager if (r.get("calls") or 0) >= max(s["calls_manager_min"], 1)}
    rates = {k: v for k, v in per_day.items() if v is not None and k in days and k not in heads}
    if not rates:
        return _none(FLOW, "no_sellers_calls", lang, calls=int(s["calls_manager_min"]))
    calls = sum(r["calls"] or 0 for r in by_manager if r["manager"] in rates)
    deals = sum(r["deals"] or 0 for r in conv if r["manager"] in rates)
    if not calls:
        return _none(FLOW, "no_calls", lang)
    norm = s["out_calls_min"]
    best = best_quartile(list(rates.values()))
    goal = target(best, norm)
    below = {k: v for k, v in rates.items() if v < goal}
    extra = sum((goal - v) * days[k] for k, v in below.items())
    deals_per_call = deals / calls
    value = extra * deals_per_call * rate * avg
    basis = t("money.workday.basis", lang, target=_n(goal, lang, 1), norm=_n(norm, lang),
              best=_n(best, lang, 1) if best is not None else "—", sellers=len(rates))
    formula = t("money.workday.formula", lang, below=len(below), target=_n(goal, lang, 1), extra=_n(extra, lang),
                deals_per_call=_n(deals_per_call, lang, 4), deals=_n(deals, lang), calls=_n(calls, lang),
                win_rate=_pct(rate, lang), avg=_n(avg, lang), over=_n(value, lang))
    return _annual(ctx, "calls", value, basis, formula)


def _lost_clients(ctx: Context) -> Estimate:
    """11. The yearly revenue of the lost A clients × the share a win-back campaign brings back."""
    m, s, lang = ctx.metrics, ctx.settings, ctx.lang
    revenue, n = m.get("clients_lost_a_revenue_year"), m.get("clients_lost_a")
    if revenue is None or n is None:
        return _none(FLOW, "no_lost", lang)
    share = s["lc_winback_share"]
    amount = revenue * share
    basis = t("money.lost_clients.basis", lang, share=_pct(share, lang))
    formula = t("money.lost_clients.formula", lang, n=n, revenue=_n(revenue, lang), share=_pct(share, lang),
                amount=_n(amount, lang))
    return Estimate(amount, FLOW, basis, formula)


def _spin(ctx: Context) -> Estimate:
    """14. First calls with new clients cut short by sellers above the target short share (the best
    quartile or the norm, whichever is higher) × the share of such calls followed by a first order ×
    the average first order, per year."""
    m, s, lang = ctx.metrics, ctx.settings, ctx.lang
    rows = [r for r in m.get("calls_client_kind") or [] if r.get("client_kind") == "new" and r.get("manager")]
    conv, avg = m.get("calls_new_in_conversion"), m.get("calls_new_first_order_avg")
    if not rows:
        return _none(FLOW, "no_calls", lang)
    if conv is None or avg is None:
        return _none(FLOW, "no_call_orders", lang)
    heads = _heads(m) or set()
    minimum = max(s["calls_manager_min"], 1)
    shares = {r["manager"]: ((r["first_short"] or 0) / r["first_calls"], r["first_calls"]) for r in rows
              if r["manager"] not in heads and (r.get("first_calls") or 0) >= minimum}
    if not shares:
        return _none(FLOW, "no_sellers_calls", lang, calls=int(minimum))
    norm = s["spin_short_first_good"]
    best = best_quartile([v for v, _ in shares.values()], higher_is_better=False)
    goal = target(best, norm, higher_is_better=False)
    above = {k: v for k, v in shares.items() if v[0] > goal}
    extra = sum((share - goal) * n for share, n in above.values())
    value = extra * conv * avg
    basis = t("money.spin.basis", lang, target=_pct(goal, lang), norm=_pct(norm, lang),
              best=_pct(best, lang) if best is not None else "—", sellers=len(shares), calls=int(minimum))
    formula = t("money.spin.formula", lang, above=len(above), target=_pct(goal, lang), extra=_n(extra, lang, 1),
                conv=_pct(conv, lang), avg=_n(avg, lang), over=_n(value, lang))
    return _annual(ctx, "calls", value, basis, formula)


def _call_listening(ctx: Context) -> Estimate:
    """18. Short calls are priced once, under check 14 (first calls with new clients)."""
    return _none(FLOW, "counted_in_14", ctx.lang)


def _plan_evenness(ctx: Context) -> Estimate:
    """23. An uneven month mostly moves revenue between months; what it loses is not measured."""
    return _none(FLOW, "plan_evenness", ctx.lang)


def _pipeline(ctx: Context) -> Estimate:
    """28. A stock: the value of the stale open deals × the win rate of closed deals."""
    m, lang = ctx.metrics, ctx.lang
    value, rate = m.get("pipeline_stale_value"), m.get("win_rate")
    if value is None or rate is None:
        return _none(STOCK, "no_pipeline", lang)
    amount = value * rate
    return Estimate(amount, STOCK, t("money.pipeline.basis", lang),
                    t("money.pipeline.formula", lang, value=_n(value, lang), win_rate=_pct(rate, lang),
                      amount=_n(amount, lang)))


def _touchpoints(ctx: Context) -> Estimate:
    """29. Missed calls from new clients nobody returned × the share of answered calls from new
    clients followed by a first order × the average first order, per year."""
    m, lang = ctx.metrics, ctx.lang
    lost, conv, avg = (m.get(k) for k in ("calls_new_missed_lost", "calls_new_in_conversion",
                                          "calls_new_first_order_avg"))
    if lost is None or conv is None or avg is None:
        return _none(FLOW, "no_call_orders", lang)
    value = lost * conv * avg
    basis = t("money.touchpoints.basis", lang, window=int(ctx.settings["calls_order_window_days"]))
    formula = t("money.touchpoints.formula", lang, lost=_n(lost, lang), conv=_pct(conv, lang), avg=_n(avg, lang),
                over=_n(value, lang))
    return _annual(ctx, "calls", value, basis, formula)


ESTIMATES: dict[int, Callable[[Context], Estimate]] = {
    1: _funnel, 6: _workday, 11: _lost_clients, 14: _spin, 18: _call_listening, 23: _plan_evenness,
    28: _pipeline, 29: _touchpoints,
}


def estimate(check_id: int, ctx: Context) -> Estimate | None:
    fn = ESTIMATES.get(check_id)
    return fn(ctx) if fn else None


def totals(checks) -> dict:
    """The headline: the flows per year of the items that need work, and their stocks apart. Each
    check is a CheckResult (money_at_stake, money_kind, verdict)."""
    failing = [c for c in checks if c.verdict in ("warning", "critical") and c.money_at_stake is not None]
    flows = [c for c in failing if c.money_kind == FLOW]
    stocks = [c for c in failing if c.money_kind == STOCK]
    return {"flow_per_year": round(sum(c.money_at_stake for c in flows), 2) if flows else None,
            "flow_checks": [c.id for c in flows],
            "stock": round(sum(c.money_at_stake for c in stocks), 2) if stocks else None,
            "stock_checks": [c.id for c in stocks]}


def amount_text(amount: float | None, kind: str | None, lang: str) -> str:
    """"8 615 922 a year" for a flow, "10 762 074 at once, not yearly" for a stock; "—" without a figure."""
    if amount is None:
        return "—"
    return _n(amount, lang) + (" " + t(f"money.kind.{kind}", lang) if kind in (FLOW, STOCK) else "")


def how_text(check, lang: str) -> str:
    """The arithmetic and the basis of one check's figure (or why there is none), as one paragraph."""
    parts = []
    if getattr(check, "money_formula", ""):
        parts.append(t("money.formula_label", lang, formula=check.money_formula))
    if getattr(check, "money_basis", ""):
        parts.append(t("money.basis_label", lang, basis=check.money_basis) if check.money_at_stake is not None
                     else check.money_basis)
    return " ".join(parts)


def headline_items(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)
