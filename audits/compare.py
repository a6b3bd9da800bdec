"""Two audits side by side (before and after): per item, per category and overall, and what improved,
got worse or stayed the same. Pure: it reads two results dicts (audits.audit.to_json output, as in
results.json or a reopened save file) and computes nothing but differences.

A score changed when it moved by at least `threshold` points (1 by default); an item scored on one
side only (not assessed on the other) is neither better nor worse: it is listed apart.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

THRESHOLD = 1.0


@dataclass
class Change:
    key: str                          # item id (as text) or category name or "overall"
    title: str
    category: str | None
    before: float | None
    after: float | None
    verdict_before: str
    verdict_after: str
    delta: float | None               # after - before, rounded to 0.1; None when either is missing
    status: str                       # improved | worse | unchanged | not_comparable


@dataclass
class Comparison:
    overall: Change
    categories: list[Change]
    items: list[Change]
    threshold: float = THRESHOLD
    as_of_before: str | None = None
    as_of_after: str | None = None

    def item(self, number: int) -> Change:
        return next(c for c in self.items if c.key == str(number))

    def _of(self, status: str) -> list[Change]:
        return [c for c in self.items if c.status == status]

    @property
    def improved(self) -> list[Change]:
        """Items that went up, the largest gain first."""
        return sorted(self._of("improved"), key=lambda c: (-c.delta, int(c.key)))

    @property
    def worse(self) -> list[Change]:
        """Items that went down, the largest loss first."""
        return sorted(self._of("worse"), key=lambda c: (c.delta, int(c.key)))

    @property
    def unchanged(self) -> list[Change]:
        return self._of("unchanged")

    @property
    def not_comparable(self) -> list[Change]:
        return self._of("not_comparable")


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _band(score: float | None) -> str:
    from audits.checks.base import OK_FROM, WARNING_FROM
    if score is None:
        return "not_assessed"
    return "ok" if score >= OK_FROM else "warning" if score >= WARNING_FROM else "critical"


def change(key: str, title: str, category: str | None, before, after, verdict_before: str | None = None,
           verdict_after: str | None = None, threshold: float = THRESHOLD) -> Change:
    b, a = _num(before), _num(after)
    delta = round(a - b, 1) if a is not None and b is not None else None
    if delta is None:
        status = "unchanged" if a is None and b is None else "not_comparable"
    elif delta >= threshold:
        status = "improved"
    elif delta <= -threshold:
        status = "worse"
    else:
        status = "unchanged"
    return Change(key, title, category, b, a, verdict_before or _band(b), verdict_after or _band(a), delta, status)


def compare(before: dict, after: dict, threshold: float = THRESHOLD) -> Comparison:
    """Before and after from two results dicts."""
    b_checks = {str(c["id"]): c for c in before.get("checks") or []}
    a_checks = {str(c["id"]): c for c in after.get("checks") or []}
    ids = sorted(set(b_checks) | set(a_checks), key=lambda k: (int(k) if k.isdigit() else 10 ** 6, k))
    items = []
    for cid in ids:
        b, a = b_checks.get(cid) or {}, a_checks.get(cid) or {}
        items.append(change(cid, a.get("title") or b.get("title") or cid, a.get("category") or b.get("category"),
                            b.get("score"), a.get("score"), b.get("verdict"), a.get("verdict"), threshold))
    b_cats, a_cats = before.get("categories") or {}, after.get("categories") or {}
    cats = list(dict.fromkeys([*b_cats, *a_cats]))
    categories = [change(c, c, c, b_cats.get(c), a_cats.get(c), threshold=threshold) for c in cats]
    overall = change("overall", "overall", None, before.get("score"), after.get("score"), threshold=threshold)
    return Comparison(overall, categories, items, threshold, before.get("as_of"), after.get("as_of"))


def to_json(cmp: Comparison) -> dict:
    """The comparison as plain data (for a report or a download)."""
    return {"threshold": cmp.threshold, "as_of_before": cmp.as_of_before, "as_of_after": cmp.as_of_after,
            "overall": asdict(cmp.overall), "categories": [asdict(c) for c in cmp.categories],
            "items": [asdict(c) for c in cmp.items],
            "improved": [c.key for c in cmp.improved], "worse": [c.key for c in cmp.worse],
            "unchanged": [c.key for c in cmp.unchanged], "not_comparable": [c.key for c in cmp.not_comparable]}


__all__ = ["THRESHOLD", "Change", "Comparison", "change", "compare", "to_json"]
