"""The audit: metrics from the session's DuckDB, the 30 checks assessed, the overall score and the
action plan, as one plain `AuditResult` that the pages, the report and the CLI all render.

Answers, notes and overrides come in one dict keyed by check number (the answers file):
`{"3": {"q1": true, "q2": false, "note": "...", "override": {"verdict": "ok", "reason": "..."}}}`.
An override keeps the measured score on record and moves the score that counts into the band of the
chosen verdict (the nearest point of that band; its middle when the check had no score).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from audits import coverage, history
from audits import money as MONEY
from audits import metrics as M
from audits import segments as SEG
from audits.checks import REGISTRY, defaults
from audits.checks.base import CATEGORIES, OK_FROM, WARNING_FROM, Check, assess, verdict
from audits.i18n import t
from audits.limits import Limit
from audits import stages, staging
from audits.scope import Scope, applied

VERDICTS = ("ok", "warning", "critical", "not_assessed")
BANDS = {"ok": (OK_FROM, 100.0), "warning": (WARNING_FROM, OK_FROM - 0.1), "critical": (0.0, WARNING_FROM - 0.1)}
PARAMS = ("as_of",)


@dataclass
class SignalResult:
    key: str
    label: str
    value: float
    bad: float
    good: float
    unit: str
    score: float
    scored: bool = True       # False: a finding shown with its norms, kept out of the check's score


@dataclass
class CheckResult:
    id: int
    slug: str
    category: str
    title: str
    score: float | None            # the score that counts (after an override)
    verdict: str                   # the verdict that counts
    measured_score: float | None
    measured_verdict: str
    evidence: str                  # data | self | both | none
    data_score: float | None
    self_score: float | None
    signals: list[SignalResult]
    metrics: dict
    money_at_stake: float | None
    recommendations: list[str]
    answers: dict
    note: str = ""
    override: dict | None = None   # {"verdict", "reason"}
    missing: list[str] = field(default_factory=list)   # needed tables that hold no rows
    limits: list[Limit] = field(default_factory=list)  # what limits the measured score (audits.limits)
    # The money at stake on one basis (audits/money.py): flow (per year) or stock (value now), the
    # norm or benchmark and period it rests on (or why there is no figure), and the arithmetic.
    money_kind: str | None = None
    money_basis: str = ""
    money_formula: str = ""


@dataclass
class AuditResult:
    as_of: str | None
    lang: str
    settings: dict
    tables: dict
    metrics: dict                  # every metric computed (the reference ones and those the checks read)
    checks: list[CheckResult]
    score: float | None
    categories: dict[str, float | None]
    plan: list[dict]
    principal: dict | None
    segments: dict | None = None
    scope: Scope | None = None
    segmentation: SEG.Segmentation | None = None     # per-client RFM and the clusters (the segments page)
    assessed: int = 0              # checks with a score
    total: int = 0                 # checks in the audit
    limits: list[Limit] = field(default_factory=list)             # about the whole audit (the analysis date)
    table_limits: dict[str, list[Limit]] = field(default_factory=dict)   # about one table's data
    money: dict = field(default_factory=dict)     # the headline: flows per year, stocks apart (money.totals)

    def check(self, number: int) -> CheckResult:
        return next(c for c in self.checks if c.id == number)


def settings_with(overrides: dict | None = None) -> dict:
    """The default thresholds with a user's changes; unknown names are an error. An earlier name of a
    renamed norm's setting reads as today's (audits/checks/norms.py: aliases)."""
    from audits.checks.norms import canonical
    out = defaults()
    for given, value in (overrides or {}).items():
        name = canonical(given)
        if name not in out:
            raise KeyError(given)
        out[name] = float(value)
    return out


def _band_score(score: float | None, chosen: str) -> float:
    lo, hi = BANDS[chosen]
    if score is None:
        return round((lo + hi) / 2, 1)
    return round(min(max(score, lo), hi), 1)


def _metric_names() -> list[str]:
    names = list(M.REFERENCE)
    for c in REGISTRY:
        names += [m for m in c.metrics if m not in names]
    return names


def assess_check(check: Check, metrics: dict, settings: dict, entry: dict, lang: str,
                 filled: set[str] | None = None, limits: list[Limit] = (),
                 withheld: set[str] = frozenset(), periods: dict | None = None) -> CheckResult:
    """A check's result. A blocking limit keeps all the data out of its score, and `withheld` metrics
    (a window longer than the history, tables joined over periods that do not overlap) are unknown to
    it: its other metrics and the answers assess what is left. `periods`: the tables' periods that
    money at stake is put on a yearly basis with."""
    answers = {q: entry[q] for q in check.questions if entry.get(q) is not None}
    if any(lim.blocking for lim in limits):
        metrics = {}
    elif withheld:
        metrics = {k: v for k, v in metrics.items() if k not in withheld}
    a = assess(check, metrics, settings, answers)
    override = entry.get("override") or None
    score, final = a.score, a.verdict
    if override and override.get("verdict") in BANDS and (override.get("reason") or "").strip():
        score, final = _band_score(a.score, override["verdict"]), override["verdict"]
    else:
        override = None
    money = (MONEY.estimate(check.id, MONEY.Context(metrics, settings, periods or {}, lang))
             if a.data_score is not None else None)
    remedies = [t(f"{check.key}.remedy{i}", lang) for i in range(1, check.remedies + 1)]
    return CheckResult(
        id=check.id, slug=check.slug, category=check.category, title=t(f"{check.key}.title", lang),
        score=score, verdict=final, measured_score=a.score, measured_verdict=a.verdict, evidence=a.evidence,
        data_score=a.data_score, self_score=a.self_score,
        signals=[SignalResult(s.key, t(s.key, lang), s.value, s.bad, s.good, s.unit, s.score, s.scored)
                 for s in a.signals],
        metrics={m: metrics.get(m) for m in check.metrics},
        money_at_stake=None if money is None or money.amount is None else round(float(money.amount), 2),
        money_kind=money and money.kind, money_basis=money.basis if money else "",
        money_formula=money.formula if money else "",
        recommendations=remedies if final != "ok" else [],
        answers=answers, note=str(entry.get("note") or ""), override=override,
        missing=sorted({n.table for n in check.needs} - filled) if filled is not None else [],
        limits=list(limits),
    )


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def overall_score(checks: list[CheckResult]) -> float | None:
    """The mean score of the assessed items, when at least half of the items are assessed: an
    average of a few items would speak for a whole department it has not seen."""
    scored = [c.score for c in checks if c.score is not None]
    return _mean(scored) if 2 * len(scored) >= len(checks) else None


def score_coverage(result: "AuditResult", lang: str) -> str:
    """How many items the overall score stands on, or why there is none."""
    if result.score is None and result.total:
        return t("report.no_score", lang, assessed=result.assessed, total=result.total,
                 needed=(result.total + 1) // 2)
    return t("report.score_coverage", lang, assessed=result.assessed, total=result.total)


def action_plan(checks: list[CheckResult]) -> list[dict]:
    """Checks that need work, the largest money at stake first, then the lowest score. A yearly flow
    and a stock (stale deals) rank side by side as what they bring in the coming year (a stock once);
    they are never added together (audits/money.py)."""
    todo = [c for c in checks if c.verdict in ("critical", "warning")]
    todo.sort(key=lambda c: (-(c.money_at_stake or 0), c.score if c.score is not None else 100, c.id))
    return [{"id": c.id, "title": c.title, "verdict": c.verdict, "score": c.score,
             "money_at_stake": c.money_at_stake, "money_kind": c.money_kind, "first_step": c.recommendations[0] if c.recommendations else ""}
            for c in todo]


def principal_problem(metrics: dict, checks: list[CheckResult], lang: str) -> dict | None:
    """The weakest funnel step when the funnel is measurable, else the first item of the plan."""
    from audits.checks.m01_funnel import ordered_funnel, weakest_step
    funnel = ordered_funnel(metrics)     # no funnel step without a known (or guessed) stage order
    weak = weakest_step(funnel)
    if weak:
        i = next(i for i, s in enumerate(funnel) if s["stage"] == weak["stage"])
        prev = funnel[i - 1]["stage"]
        order = metrics.get("funnel_order") or {}
        out = {"id": 1, "kind": "funnel_step", "from_stage": prev, "to_stage": weak["stage"],
               "conversion": weak["conversion"],
               "text": t("plan.principal_funnel", lang, from_stage=prev, to_stage=weak["stage"],
                         share=f"{weak['conversion']:.0%}"),
               "order_basis": order.get("basis"), "pipeline": order.get("pipeline")}
        if order.get("guess"):
            out["caveat"] = t(f"limit.stage_order.{order['basis']}", lang)
        return out
    plan = action_plan(checks)
    if plan:
        return {"id": plan[0]["id"], "kind": "check", "text": plan[0]["title"]}
    return None


def run(con, settings: dict | None = None, answers: dict | None = None, as_of: dt.date | None = None,
        lang: str = "ru", tables: dict | None = None, scope: Scope | None = None,
        today: dt.date | None = None, pipeline: str | None = None,
        stage_order: dict[str, list[str]] | None = None) -> AuditResult:
    """The whole audit on a connection holding the canonical tables and staging views, on the slice
    of the data in `scope`. Without an `as_of`, the day after the latest moment that has happened
    (of the slice) up to `today` (the machine's date): rows dated later are reported, not used.
    `pipeline`: the pipeline the funnel is about (the largest by default); `stage_order`: the user's
    order of stages per pipeline ({pipeline or "": [stage, ...]}, see audits.stages)."""
    settings = settings_with(settings)
    cur = con.cursor()
    try:
        with applied(cur, scope), staging.built(cur):
            as_of = as_of or M.default_as_of(cur, today)
            params = {**settings, "as_of": as_of}
            names = _metric_names()
            stage_plan = stages.prepare(cur, pipeline, stage_order, _deals_preset(tables))
            metrics = M.compute(cur, names, params)
            filled = M.filled_tables(cur)
            # Without a date there is no recency: no clusters, and the page says why (no orders).
            segmentation = SEG.segment(cur, params, lang)
            windows = history.windows(cur, as_of, settings, metrics)
            future = M.future_rows(cur, today)
            money_periods = MONEY.periods(cur, as_of)
        # Tables joined over periods that do not overlap (those metrics withheld) or only in part
        # (those metrics measured over the shared days).
        joined = coverage.findings(cur, scope)
        metrics.update(coverage.shared_metrics(cur, scope, joined, params))
    finally:
        cur.close()
    answers = {str(k): v for k, v in (answers or {}).items()}
    check_limits: dict[int, list[Limit]] = {c: list(lims) for c, (lims, _) in windows.items()}
    coverage.add_check_limits(check_limits, con, scope, joined)
    unknown = {c: set(names) for c, (_, names) in windows.items()}
    for number, names in coverage.withheld(joined).items():
        unknown.setdefault(number, set()).update(names)
    if "deals" in filled:                                   # a guessed stage order, one of several pipelines
        for number in stages.STAGE_CHECKS:
            check_limits.setdefault(number, []).extend(stage_plan.limits())
    checks = [assess_check(c, metrics, settings, answers.get(str(c.id)) or {}, lang, filled,
                           check_limits.get(c.id, []), unknown.get(c.id, set()), money_periods)
              for c in REGISTRY]
    assessed = sum(c.score is not None for c in checks)
    return AuditResult(
        as_of=as_of.isoformat() if as_of else None, lang=lang, settings=settings,
        tables=tables if tables is not None else {name: {"rows": None} for name in sorted(filled)},
        metrics=metrics,
        checks=checks,
        score=overall_score(checks),
        categories={cat: _mean(c.score for c in checks if c.category == cat) for cat in CATEGORIES},
        plan=action_plan(checks),
        principal=principal_problem(metrics, checks, lang),
        segments=segments_of(metrics, segmentation),
        scope=scope if scope and not scope.empty else None,
        segmentation=segmentation,
        assessed=assessed, total=len(checks),
        table_limits=coverage.table_limits(con),
        money=MONEY.totals(checks),
        limits=[Limit("future_rows", {**f, "table_key": f"table.{f['table']}", "column_key": f"column.{f['column']}"})
                for f in future] + ([] if as_of else [Limit("no_dates")]),
    )


def segments_of(metrics: dict, segmentation: SEG.Segmentation | None = None) -> dict:
    """results.json `segments`: ABC, XYZ and the matrix (counts of clients) from the metrics; the
    clusters (name, clients, net revenue) from audits.segments: None without orders, [] when the base
    is too small or too uniform to group."""
    return {"abc": metrics.get("segments_abc"), "xyz": metrics.get("segments_xyz"),
            "abc_xyz": metrics.get("segments_abc_xyz"),
            "clusters": segmentation.results() if segmentation is not None else None}


def run_store(store, **kwargs) -> AuditResult:
    kwargs.setdefault("stage_order", getattr(store, "stage_order", None))
    kwargs.setdefault("pipeline", getattr(store, "funnel_pipeline", None))
    return run(store.con, tables=tables_of(store), **kwargs)


def _deals_preset(tables: dict | None) -> str | None:
    """The CRM preset the deals were read with (one name), for its default stage order."""
    preset = ((tables or {}).get("deals") or {}).get("preset")
    return preset if preset and "," not in preset else None


def tables_of(store) -> dict:
    """What results.json says about each loaded table: rows, files, preset and mapping; its period
    ({"from", "to"}: the first and last day of its event timestamp, for the dated tables) and the
    columns the checks need that it lacks ([{"column", "checks"}]), from audits.coverage."""
    extra = coverage.tables_info(store.con)
    out = {}
    for table, rows in store.tables().items():
        files = [f for f in store.files if f.table == table]
        mapping: dict = {}
        for f in files:
            mapping.update(f.mapping)
        presets = sorted({f.preset for f in files if f.preset})
        out[table] = {"rows": rows, "files": [f.file + (f" [{f.sheet}]" if f.sheet else "") for f in files],
                      "preset": presets[0] if len(presets) == 1 else (", ".join(presets) or None),
                      "mapping": mapping, **extra.get(table, {})}
    return out


def to_json(result: AuditResult) -> dict:
    """results.json as ../shared/spec/results.md specifies it (plus a few extra fields)."""
    return {
        "as_of": result.as_of,
        "settings": result.settings,
        "tables": {name: {**info, "limits": [lim.to_json(result.lang) for lim in result.table_limits.get(name, [])]}
                   for name, info in result.tables.items()},
        "score": result.score,
        "assessed": result.assessed,
        "total": result.total,
        "limits": [lim.to_json(result.lang) for lim in result.limits],
        "categories": result.categories,
        "principal_problem": result.principal,
        "plan": result.plan,
        "money_totals": result.money,
        "checks": [{
            "id": c.id, "slug": c.slug, "category": c.category, "title": c.title, "score": c.score,
            "verdict": c.verdict, "evidence": c.evidence, "metrics": c.metrics,
            "money_at_stake": c.money_at_stake, "money_kind": c.money_kind, "money_basis": c.money_basis or None,
            "money_formula": c.money_formula or None, "recommendations": c.recommendations,
            "measured_score": c.measured_score, "measured_verdict": c.measured_verdict,
            "signals": [asdict(s) for s in c.signals], "answers": c.answers, "note": c.note,
            "override": c.override, "missing_tables": c.missing,
            "limits": [lim.to_json(result.lang) for lim in c.limits],
        } for c in result.checks],
        "metrics": {m: result.metrics[m] for m in M.REFERENCE},
        "segments": result.segments,
    }
