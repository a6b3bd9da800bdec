"""The 30 checks of the audit, in the order of the checklist. One module per check (mNN_slug.py),
each exporting CHECK; this registry lists them explicitly, sorted by number."""
from __future__ import annotations

from audits.checks import m01_funnel
from audits.checks.base import Check

REGISTRY: tuple[Check, ...] = tuple(sorted((m01_funnel.CHECK,), key=lambda c: c.id))


def defaults() -> dict[str, float]:
    """Every threshold of every check with its default: the settings an audit starts from."""
    return {t.name: t.default for c in REGISTRY for t in c.thresholds}
