"""13. No product textbook: answered by self-assessment only (the data cannot tell)."""
from __future__ import annotations

from audits.checks.base import Check

CHECK = Check(
    id=13, slug="product_textbook", category="skills",
    needs=(),
    metrics=(),
    thresholds=(),
    questions=("q1", "q2", "q3", "q4", "q5", "q6"),
    remedies=4,
)
