"""The Checklist page on the demo company: every item renders, answers change the score, an override
needs a reason and moves the verdict and the overall score on the Summary."""
import pytest

from audits.checks import REGISTRY
from audits.i18n import t
from tests.app.helpers import audit_result, demo_app, new_app

CHECKLIST, SUMMARY = "pages/2_Checklist.py", "pages/5_Summary.py"


@pytest.fixture(scope="module")
def at():
    return demo_app(CHECKLIST)


def jump(at, number: int):
    box = next(s for s in at.selectbox if (s.key or "").startswith("cl_jump_"))
    box.set_value(number).run()
    assert not at.exception
    return at


result = audit_result


def score_metric(at, key="checklist.score") -> str:
    return next(m.value for m in at.metric if m.label == t(key, "en"))


def test_without_data_the_page_sends_the_user_home():
    app = new_app().run()
    app.switch_page(CHECKLIST).run()
    assert not app.exception
    assert any(t("guard.no_data", "ru") in i.value for i in app.info)


def test_every_item_renders_walking_with_next_and_jumping(at):
    ids = [c.id for c in REGISTRY]
    jump(at, ids[0])
    seen = []
    for i, number in enumerate(ids):
        assert not at.exception, number
        assert at.header[0].value.startswith(f"{number}. "), at.header[0].value
        assert not at.error, [e.value for e in at.error]
        seen.append(number)
        if i < len(ids) - 1:
            at.button(key="cl_next").click().run()
    assert seen == ids
    assert at.button(key="cl_next").disabled
    jump(at, ids[len(ids) // 2])
    assert at.header[0].value.startswith(f"{ids[len(ids) // 2]}. ")
    at.button(key="cl_prev").click().run()
    assert at.header[0].value.startswith(f"{ids[len(ids) // 2 - 1]}. ")
    progress = at.get("progress")[0]
    assert str(len(ids)) in progress.proto.text


def test_answering_questions_changes_the_score(at):
    jump(at, 1)
    before = score_metric(at)
    at.radio(key="q_1_q1").set_value("no").run()
    assert at.session_state["answers"]["1"] == {"q1": False}
    lower = score_metric(at)
    assert lower != before
    for q in REGISTRY[0].questions:
        at.radio(key=f"q_1_{q}").set_value("yes").run()
    assert not at.exception
    higher = result(at).check(1)
    assert higher.evidence == "both" and higher.self_score == 100.0
    assert float(score_metric(at)) > float(lower)
    for q in REGISTRY[0].questions:                       # back to unanswered
        at.radio(key=f"q_1_{q}").set_value("none").run()
    assert score_metric(at) == before
    assert not at.session_state["answers"].get("1")


def overall(at) -> str:
    at.switch_page(SUMMARY).run()
    assert not at.exception
    value = next(m.value for m in at.metric if m.label == t("summary.score", "en"))
    at.switch_page(CHECKLIST).run()
    assert not at.exception
    return value


def test_an_override_needs_a_reason_and_moves_the_verdict_and_the_overall_score(at):
    jump(at, 1)
    measured = result(at).check(1)
    assert measured.verdict in ("critical", "warning")      # the demo's funnel is broken
    score_before = overall(at)
    jump(at, 1)

    at.selectbox(key="ovv_1").set_value("ok").run()
    assert not at.exception
    assert result(at).check(1).verdict == measured.verdict            # no reason: not applied
    assert any(t("checklist.override_needs_reason", "en") in w.value for w in at.warning)
    assert overall(at) == score_before

    at.text_input(key="ovr_1").set_value("The funnel was rebuilt last week").run()
    assert not at.exception
    after = result(at).check(1)
    assert after.verdict == "ok" and after.measured_verdict == measured.verdict
    assert after.score >= 75 and after.measured_score == measured.score
    applied = " ".join(i.value for i in at.info)
    assert t("verdict.ok", "en") in applied and t(f"verdict.{measured.verdict}", "en") in applied
    assert float(overall(at)) > float(score_before)
    jump_list = next(s for s in at.selectbox if s.key.startswith("cl_jump_"))
    assert t("verdict.ok", "en") in jump_list.options[0]          # the jump list follows the override

    at.switch_page(SUMMARY).run()                 # the glance table shows both verdicts
    glance = at.dataframe[-1].value
    row = glance[glance[t("summary.col.item", "en")].str.startswith("1. ")].iloc[0]
    assert t("verdict.ok", "en") in row[t("summary.col.override", "en")]
    at.switch_page(CHECKLIST).run()

    at.text_input(key="ovr_1").set_value("  ").run()      # the reason removed: the override goes
    assert result(at).check(1).verdict == measured.verdict
    at.selectbox(key="ovv_1").set_value("").run()
    assert "override" not in at.session_state["answers"].get("1", {})


def test_a_note_is_kept(at):
    jump(at, 1)
    at.text_area(key="note_1").set_value("Talk to the head of sales").run()
    assert at.session_state["answers"]["1"]["note"] == "Talk to the head of sales"
    jump(at, REGISTRY[-1].id)
    jump(at, 1)
    assert at.text_area(key="note_1").value == "Talk to the head of sales"


def test_the_seeds_numbers_read_beside_the_signals(at):
    from audits.charts.checks import detail_lines, detail_tables
    for number in (6, 14, 23, 28, 29):
        jump(at, number)
        c = result(at).check(number)
        captions = {x.value for x in at.caption}
        labels = {e.label for e in at.expander}
        lang = next(lg for lg in ("ru", "en") if set(detail_lines(c, lg)) <= captions
                    and {title for title, _ in detail_tables(c, lg)} <= labels)
        assert detail_lines(c, lang) or detail_tables(c, lang), number
    assert t("detail.speed_to_lead_by_channel", lang) in labels


def test_an_item_shows_its_money_with_the_arithmetic_and_the_basis(at):
    from audits import money
    jump(at, 28)
    c = result(at).check(28)
    assert score_metric(at, "checklist.money") == money.amount_text(c.money_at_stake, c.money_kind, "en")
    assert any(c.money_formula in m.value for m in at.markdown)
    assert any(c.money_basis in m.value for m in at.caption)
    jump(at, 18)                                # no figure: the reason is said
    assert any(result(at).check(18).money_basis in m.value for m in at.caption)
