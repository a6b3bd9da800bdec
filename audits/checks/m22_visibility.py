"""22. Managers' results not visible: answered by self-assessment only (the data cannot tell)."""
from __future__ import annotations

from audits.checks.base import Check

CHECK = Check(
    id=22, slug="visibility", category="management",
    needs=(),
    metrics=(),
    thresholds=(),
    questions=("q1", "q2", "q3", "q4"),
    remedies=3,
)
