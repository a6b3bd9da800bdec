"""30. No marketing kit: answered by self-assessment only (the data cannot tell)."""
from __future__ import annotations

from audits.checks.base import Check

CHECK = Check(
    id=30, slug="marketing_kit", category="marketing",
    needs=(),
    metrics=(),
    thresholds=(),
    questions=("q1", "q2", "q3", "q4", "q5"),
    remedies=3,
)
