"""21. No sales contests: answered by self-assessment only (the data cannot tell)."""
from __future__ import annotations

from audits.checks.base import Check

CHECK = Check(
    id=21, slug="contests", category="management",
    needs=(),
    metrics=(),
    thresholds=(),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
)
