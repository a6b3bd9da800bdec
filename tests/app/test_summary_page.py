"""The Summary page on the demo company: score, areas, principal problem, plan, every item, and the
answers file (download; upload of a good and of a bad file)."""
import json

import pytest

from audits import answers
from audits.checks import REGISTRY
from audits.i18n import t
from tests.app.helpers import audit_result, demo_app

SUMMARY = "pages/5_Summary.py"


@pytest.fixture(scope="module")
def at():
    return demo_app(SUMMARY)


result = audit_result


def upload(at, name: str, data: bytes):
    box = next(f for f in at.file_uploader if (f.key or "").startswith("answers_upload_"))
    box.set_value([(name, data, "application/json")]).run()
    assert not at.exception
    return at


def test_the_summary_shows_score_principal_plan_and_every_item(at):
    res = result(at)
    labels = {m.label: m.value for m in at.metric}
    assert labels[t("summary.score", "en")] == f"{res.score:g}"
    assert res.principal and any(res.principal["text"].split("“")[0] in e.value for e in at.error)
    plan, glance = at.table[0].value, at.dataframe[-1].value
    assert len(plan) == len(res.plan) > 0
    assert plan[t("summary.col.item", "en")].iloc[0].startswith(f"{res.plan[0]['id']}. ")
    assert len(glance) == len(REGISTRY)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2                                    # the score gauge and the areas


def test_a_good_answers_file_replaces_the_answers(at):
    check = REGISTRY[0]
    good = {str(check.id): {q: True for q in check.questions} | {"note": "from the file"}}
    upload(at, "answers.json", json.dumps(good).encode())
    assert at.session_state["answers"] == good
    assert any(t("summary.upload_ok", "en", count=1) in s.value for s in at.success)
    assert result(at).check(check.id).self_score == 100.0
    assert json.loads(answers.dump(at.session_state["answers"])) == good


def test_a_bad_answers_file_is_refused_with_a_clear_message(at):
    held = dict(at.session_state["answers"])
    upload(at, "bad.json", json.dumps({"99": {"q1": True}, "1": {"q1": "yes"}}).encode())
    errors = " ".join(e.value for e in at.error)
    assert "bad.json" in errors and "99" in errors and "q1" in errors
    assert at.session_state["answers"] == held
    upload(at, "photo.json", b"\x89PNG\r\n")
    assert any(t("answers.err.not_json", "en") in e.value for e in at.error)
    assert at.session_state["answers"] == held


def test_the_sidebar_filters_narrow_the_audit_and_clear(at):
    from audits.scope import Scope
    managers = next(m for m in at.sidebar.multiselect if (m.key or "").startswith("_flt_managers_"))
    chosen = managers.options[0]
    managers.set_value([chosen]).run()
    assert not at.exception
    assert at.session_state["scope"] == Scope(managers=(chosen,))
    assert result(at).scope == Scope(managers=(chosen,))
    at.switch_page("pages/2_Checklist.py").run()                 # the slice holds on every page
    assert next(m for m in at.sidebar.multiselect if (m.key or "").startswith("_flt_managers_")).value == [chosen]
    at.switch_page(SUMMARY).run()
    at.sidebar.button(key="_flt_clear").click().run()
    assert not at.exception
    assert at.session_state["scope"] is None and result(at).scope is None


def test_the_money_headline_is_yearly_with_stocks_apart_and_each_figure_shows_its_arithmetic(at):
    from audits import money
    res = result(at)
    labels = {m.label: m.value for m in at.metric}
    flow = res.money["flow_per_year"]
    assert flow is not None and labels[t("money.headline_flow", "en")] == f"{flow:,.0f}"
    if res.money["stock"] is not None:          # the stock is said apart, not added
        assert any(f"{res.money['stock']:,.0f}" in c.value for c in at.caption)
    how = "\n".join(m.value for m in at.markdown)
    for p in res.plan:
        c = res.check(p["id"])
        if c.money_formula:
            assert c.money_formula in how and money.amount_text(c.money_at_stake, c.money_kind, "en") in how
