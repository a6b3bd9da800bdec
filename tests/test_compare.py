"""Two audits of the demo company compared: the demo as it is, and the demo after a workshop where
some checks got healthy answers and a threshold was relaxed."""
import pytest

from audits import audit, compare
from audits.charts import compare as charts
from audits.checks import REGISTRY

ANSWERED: list = []      # checks answered in the "after" audit; the last one badly


@pytest.fixture(scope="module")
def pair(demo_store):
    before = audit.to_json(audit.run_store(demo_store, lang="en"))
    # Checks measured by the data with questions: healthy answers lift them, failing ones lower them.
    measured = [c for c in REGISTRY if c.questions and 0 < (before["checks"][c.id - 1]["score"] or 0) < 90]
    ANSWERED[:] = measured[:4]
    answers = {str(c.id): {q: True for q in c.questions} for c in ANSWERED}
    answers[str(ANSWERED[-1].id)] = {q: False for q in ANSWERED[-1].questions}     # one got worse
    after = audit.to_json(audit.run_store(demo_store, lang="en", answers=answers, settings={"short_call_s": 10}))
    return before, after


def test_every_item_has_its_exact_delta(pair):
    before, after = pair
    cmp = compare.compare(before, after)
    assert [c.key for c in cmp.items] == [str(c.id) for c in REGISTRY]
    for b, a in zip(before["checks"], after["checks"]):
        item = cmp.item(b["id"])
        assert (item.before, item.after, item.verdict_before, item.verdict_after) == (
            b["score"], a["score"], b["verdict"], a["verdict"])
        if b["score"] is None or a["score"] is None:
            assert item.delta is None
            assert item.status == ("unchanged" if b["score"] == a["score"] else "not_comparable")
        else:
            assert item.delta == round(a["score"] - b["score"], 1)
            assert item.status == ("improved" if item.delta >= 1 else "worse" if item.delta <= -1 else "unchanged")


def test_the_lists_follow_the_deltas(pair):
    before, after = pair
    cmp = compare.compare(*pair)
    by_id = {c["id"]: (c["score"], a["score"]) for c, a in zip(before["checks"], after["checks"])}
    improved = {cid for cid, (b, a) in by_id.items() if b is not None and a is not None and a - b >= 1}
    worse = {cid for cid, (b, a) in by_id.items() if b is not None and a is not None and a - b <= -1}
    assert {int(c.key) for c in cmp.improved} == improved and improved
    assert {int(c.key) for c in cmp.worse} == worse and worse
    assert [c.delta for c in cmp.improved] == sorted((c.delta for c in cmp.improved), reverse=True)
    assert len(cmp.improved) + len(cmp.worse) + len(cmp.unchanged) + len(cmp.not_comparable) == len(REGISTRY)
    # all-healthy answers never lower a score; all-failing ones never raise it
    for c in ANSWERED[:-1]:
        assert cmp.item(c.id).delta is None or cmp.item(c.id).delta >= 0
    assert cmp.item(ANSWERED[-1].id).delta is None or cmp.item(ANSWERED[-1].id).delta <= 0


def test_categories_and_overall(pair):
    before, after = pair
    cmp = compare.compare(before, after)
    assert cmp.overall.before == before["score"] and cmp.overall.after == after["score"]
    assert cmp.overall.delta == round(after["score"] - before["score"], 1)
    assert [c.key for c in cmp.categories] == list(before["categories"])
    for c in cmp.categories:
        b, a = before["categories"][c.key], after["categories"][c.key]
        assert (c.before, c.after) == (b, a)
        assert c.delta == (None if a is None or b is None else round(a - b, 1))
    data = compare.to_json(cmp)
    assert data["improved"] == [c.key for c in cmp.improved] and data["overall"]["delta"] == cmp.overall.delta


def test_the_same_audit_compared_with_itself_changes_nothing(pair):
    cmp = compare.compare(pair[0], pair[0])
    assert not cmp.improved and not cmp.worse and not cmp.not_comparable
    assert cmp.overall.delta == 0


def test_the_threshold_is_one_point():
    b = {"score": 50, "categories": {}, "checks": [
        {"id": 1, "title": "a", "category": "funnel", "score": 50.0, "verdict": "warning"},
        {"id": 2, "title": "b", "category": "funnel", "score": 50.0, "verdict": "warning"},
        {"id": 3, "title": "c", "category": "funnel", "score": 50.0, "verdict": "warning"},
        {"id": 4, "title": "d", "category": "funnel", "score": None, "verdict": "not_assessed"}]}
    a = {"score": 50.9, "categories": {}, "checks": [
        {"id": 1, "title": "a", "category": "funnel", "score": 51.0, "verdict": "warning"},
        {"id": 2, "title": "b", "category": "funnel", "score": 49.1, "verdict": "warning"},
        {"id": 3, "title": "c", "category": "funnel", "score": 49.0, "verdict": "warning"},
        {"id": 4, "title": "d", "category": "funnel", "score": 80.0, "verdict": "ok"}]}
    cmp = compare.compare(b, a)
    assert [c.status for c in cmp.items] == ["improved", "unchanged", "worse", "not_comparable"]
    assert [c.delta for c in cmp.items] == [1.0, -0.9, -1.0, None]
    assert cmp.overall.status == "unchanged" and cmp.overall.delta == 0.9


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_charts_draw_both_views(pair, lang):
    cmp = compare.compare(*pair)
    for chart in (charts.category_chart(cmp, lang), charts.delta_chart(cmp, lang),
                  charts.delta_chart(cmp, lang, only_changed=True)):
        assert chart is not None
        spec = chart.to_dict()
        assert spec["layer"]
    empty = compare.compare({"checks": []}, {"checks": []})
    assert charts.category_chart(empty, lang) is None and charts.delta_chart(empty, lang) is None
