"""What every check of the 30-item audit declares, and how its score and verdict are reached.

A check is data, plus one pure function: `measure(metrics, settings) -> list[Signal]` turns the
measured metrics into signals, each scored 0-100 on a straight ramp between a "bad" and a "good"
value. The self-assessment is the share of answers that point the good way. Where both exist they
are blended, data weighing more (`DATA_WEIGHT`). Verdicts: ok >= 75, warning 40-74, critical < 40,
not_assessed when there is neither data nor an answer. No number is ever invented: a signal whose
metric is missing (None) is not scored at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

DATA_WEIGHT = 0.7
OK_FROM, WARNING_FROM = 75, 40
CATEGORIES = ("funnel", "clients", "crm", "team", "skills", "management", "calls", "marketing")


@dataclass(frozen=True)
class Threshold:
    """A single setting (stale_days, short_call_s, a minimum count). A pair of good and bad values
    scoring a signal is a Norm (audits/checks/norms.py)."""
    name: str                 # settings name, unique across checks: "weak_stage_conversion"
    default: float
    unit: str                 # as Signal.unit


@dataclass(frozen=True)
class Need:
    table: str
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signal:
    """One measured finding: its value, the norm, and its score on the bad..good ramp."""
    key: str                  # i18n key of the finding's label
    value: float | None
    bad: float
    good: float
    # How the value and its norms read (audits/charts/checks.fmt writes each):
    # share | ratio | count | points | money | days | years | minutes | seconds
    unit: str = "share"
    # False for a finding shown with its norms but kept out of the check's score (NPS itself: a low
    # score is a finding about the clients, while check 7 rates whether NPS is measured)
    scored: bool = True

    @property
    def score(self) -> float | None:
        return ramp(self.value, self.bad, self.good)


@dataclass(frozen=True)
class Check:
    id: int
    slug: str
    category: str
    needs: tuple[Need, ...]
    metrics: tuple[str, ...]
    thresholds: tuple[Threshold, ...]
    questions: tuple[str, ...]            # ids q1..qn; texts under check.<slug>.<qid> in the catalogue
    remedies: int                         # number of remedies: check.<slug>.remedy1..N
    measure: Callable[[dict, dict], list[Signal]] = field(default=lambda metrics, settings: [])
    # Money at stake: audits/money.py (one registry by check id, one basis for all).
    lists: tuple[str, ...] = ()           # drill-down lists (queries/lists/<name>.sql) behind the findings
    # The norms its signals are scored against, its own and borrowed ones (audits/checks/norms.py);
    # `thresholds` holds only single parameters. Empty for a check answered by self-assessment alone.
    norms: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"check.{self.slug}"


@dataclass
class Assessment:
    score: float | None
    verdict: str              # ok | warning | critical | not_assessed
    evidence: str             # data | self | both | none
    data_score: float | None
    self_score: float | None
    signals: list[Signal]


def ramp(value: float | None, bad: float, good: float) -> float | None:
    """100 at `good` or beyond, 0 at `bad` or beyond, a straight line between (either direction)."""
    if value is None:
        return None
    if good == bad:
        return 100.0 if value == good else 0.0
    share = (value - bad) / (good - bad)
    return round(100 * min(max(share, 0.0), 1.0), 1) + 0.0   # never -0.0


def verdict(score: float | None) -> str:
    if score is None:
        return "not_assessed"
    return "ok" if score >= OK_FROM else "warning" if score >= WARNING_FROM else "critical"


def self_score(check: Check, answers: dict) -> float | None:
    """Share of the answered questions answered "yes" (every question is phrased so that yes is good)."""
    given = [bool(answers[q]) for q in check.questions if q in answers and answers[q] is not None]
    return round(100 * sum(given) / len(given), 1) if given else None


def assess(check: Check, metrics: dict, settings: dict, answers: dict | None = None) -> Assessment:
    signals = [s for s in check.measure(metrics, settings) if s.value is not None]
    rated = [s for s in signals if s.scored]
    data = round(sum(s.score for s in rated) / len(rated), 1) if rated else None
    own = self_score(check, answers or {})
    if data is not None and own is not None:
        score, evidence = round(DATA_WEIGHT * data + (1 - DATA_WEIGHT) * own, 1), "both"
    elif data is not None:
        score, evidence = data, "data"
    elif own is not None:
        score, evidence = own, "self"
    else:
        score, evidence = None, "none"
    return Assessment(score, verdict(score), evidence, data, own, signals)
