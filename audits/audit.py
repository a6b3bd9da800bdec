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

from audits import metrics as M
from audits import segments as SEG
from audits.checks import REGISTRY, defaults
from audits.checks.base import CATEGORIES, OK_FROM, WARNING_FROM, Check, assess, verdict
from audits.i18n import t
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

    def check(self, number: int) -> CheckResult:
        return next(c for c in self.checks if c.id == number)


def settings_with(overrides: dict | None = None) -> dict:
    """The default thresholds with a user's changes; unknown names are an error."""
    out = defaults()
    for name, value in (overrides or {}).items():
        if name not in out:
            raise KeyError(name)
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
                 filled: set[str] | None = None) -> CheckResult:
    answers = {q: entry[q] for q in check.questions if entry.get(q) is not None}
    a = assess(check, metrics, settings, answers)
    override = entry.get("override") or None
    score, final = a.score, a.verdict
    if override and override.get("verdict") in BANDS and (override.get("reason") or "").strip():
        score, final = _band_score(a.score, override["verdict"]), override["verdict"]
    else:
        override = None
    money = check.money(metrics, settings) if check.money and a.data_score is not None else None
    remedies = [t(f"{check.key}.remedy{i}", lang) for i in range(1, check.remedies + 1)]
    return CheckResult(
        id=check.id, slug=check.slug, category=check.category, title=t(f"{check.key}.title", lang),
        score=score, verdict=final, measured_score=a.score, measured_verdict=a.verdict, evidence=a.evidence,
        data_score=a.data_score, self_score=a.self_score,
        signals=[SignalResult(s.key, t(s.key, lang), s.value, s.bad, s.good, s.unit, s.score) for s in a.signals],
        metrics={m: metrics.get(m) for m in check.metrics},
        money_at_stake=None if money is None else round(float(money), 2),
        recommendations=remedies if final != "ok" else [],
        answers=answers, note=str(entry.get("note") or ""), override=override,
        missing=sorted({n.table for n in check.needs} - filled) if filled is not None else [],
    )


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def action_plan(checks: list[CheckResult]) -> list[dict]:
    """Checks that need work, the largest money at stake first, then the lowest score."""
    todo = [c for c in checks if c.verdict in ("critical", "warning")]
    todo.sort(key=lambda c: (-(c.money_at_stake or 0), c.score if c.score is not None else 100, c.id))
    return [{"id": c.id, "title": c.title, "verdict": c.verdict, "score": c.score,
             "money_at_stake": c.money_at_stake, "first_step": c.recommendations[0] if c.recommendations else ""}
            for c in todo]


def principal_problem(metrics: dict, checks: list[CheckResult], lang: str) -> dict | None:
    """The weakest funnel step when the funnel is measurable, else the first item of the plan."""
    from audits.checks.m01_funnel import weakest_step
    funnel = metrics.get("funnel")
    weak = weakest_step(funnel)
    if weak:
        i = next(i for i, s in enumerate(funnel) if s["stage"] == weak["stage"])
        prev = funnel[i - 1]["stage"]
        return {"id": 1, "kind": "funnel_step", "from_stage": prev, "to_stage": weak["stage"],
                "conversion": weak["conversion"],
                "text": t("plan.principal_funnel", lang, from_stage=prev, to_stage=weak["stage"],
                          share=f"{weak['conversion']:.0%}")}
    plan = action_plan(checks)
    if plan:
        return {"id": plan[0]["id"], "kind": "check", "text": plan[0]["title"]}
    return None


def run(con, settings: dict | None = None, answers: dict | None = None, as_of: dt.date | None = None,
        lang: str = "ru", tables: dict | None = None, scope: Scope | None = None) -> AuditResult:
    """The whole audit on a connection holding the canonical tables and staging views, on the slice
    of the data in `scope`. Without an `as_of`, the day after the latest data (of the slice)."""
    settings = settings_with(settings)
    cur = con.cursor()
    try:
        with applied(cur, scope):
            as_of = as_of or M.default_as_of(cur)
            params = {**settings, "as_of": as_of}
            names = _metric_names()
            metrics = M.compute(cur, names, params) if as_of else {n: None for n in names}
            filled = M.filled_tables(cur)
            segmentation = SEG.segment(cur, params, lang) if as_of else None
    finally:
        cur.close()
    answers = {str(k): v for k, v in (answers or {}).items()}
    checks = [assess_check(c, metrics, settings, answers.get(str(c.id)) or {}, lang, filled) for c in REGISTRY]
    return AuditResult(
        as_of=as_of.isoformat() if as_of else None, lang=lang, settings=settings,
        tables=tables if tables is not None else {name: {"rows": None} for name in sorted(filled)},
        metrics=metrics,
        checks=checks,
        score=_mean(c.score for c in checks),
        categories={cat: _mean(c.score for c in checks if c.category == cat) for cat in CATEGORIES},
        plan=action_plan(checks),
        principal=principal_problem(metrics, checks, lang),
        segments=segments_of(metrics, segmentation),
        scope=scope if scope and not scope.empty else None,
        segmentation=segmentation,
    )


def segments_of(metrics: dict, segmentation: SEG.Segmentation | None = None) -> dict:
    """results.json `segments`: ABC, XYZ and the matrix (counts of clients) from the metrics; the
    clusters (name, clients, net revenue) from audits.segments: None without orders, [] when the base
    is too small or too uniform to group."""
    return {"abc": metrics.get("segments_abc"), "xyz": metrics.get("segments_xyz"),
            "abc_xyz": metrics.get("segments_abc_xyz"),
            "clusters": segmentation.results() if segmentation is not None else None}


def run_store(store, **kwargs) -> AuditResult:
    return run(store.con, tables=tables_of(store), **kwargs)


def tables_of(store) -> dict:
    """What results.json says about each loaded table: rows, files, preset and mapping."""
    out = {}
    for table, rows in store.tables().items():
        files = [f for f in store.files if f.table == table]
        mapping: dict = {}
        for f in files:
            mapping.update(f.mapping)
        presets = sorted({f.preset for f in files if f.preset})
        out[table] = {"rows": rows, "files": [f.file + (f" [{f.sheet}]" if f.sheet else "") for f in files],
                      "preset": presets[0] if len(presets) == 1 else (", ".join(presets) or None),
                      "mapping": mapping}
    return out


def to_json(result: AuditResult) -> dict:
    """results.json as ../shared/spec/results.md specifies it (plus a few extra fields)."""
    return {
        "as_of": result.as_of,
        "settings": result.settings,
        "tables": result.tables,
        "score": result.score,
        "categories": result.categories,
        "principal_problem": result.principal,
        "plan": result.plan,
        "checks": [{
            "id": c.id, "slug": c.slug, "category": c.category, "title": c.title, "score": c.score,
            "verdict": c.verdict, "evidence": c.evidence, "metrics": c.metrics,
            "money_at_stake": c.money_at_stake, "recommendations": c.recommendations,
            "measured_score": c.measured_score, "measured_verdict": c.measured_verdict,
            "signals": [asdict(s) for s in c.signals], "answers": c.answers, "note": c.note,
            "override": c.override, "missing_tables": c.missing,
        } for c in result.checks],
        "metrics": {m: result.metrics[m] for m in M.REFERENCE},
        "segments": result.segments,
    }
