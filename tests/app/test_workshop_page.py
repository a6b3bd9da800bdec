"""The Workshop page on the demo company: one item per screen in both languages, next and previous
move through the items, a yes/no answer changes the score, notes go into the answers."""
import pytest

from audits.checks import REGISTRY
from audits.i18n import t
from tests.app.helpers import audit_result, demo_app

WORKSHOP = "pages/7_Workshop.py"


@pytest.fixture(scope="module")
def at():
    return demo_app(WORKSHOP)


result = audit_result


def current(at) -> int:
    return at.session_state["_cl_current"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_one_item_per_screen_in_both_languages(at, lang):
    at.sidebar.radio(key="_lang_widget").set_value(lang).run()
    assert not at.exception
    c = result(at).check(current(at))
    assert [h.value for h in at.header] == [f"{c.id}. {c.title}"]
    assert any(t("workshop.position", lang, index=REGISTRY.index(next(x for x in REGISTRY if x.id == c.id)) + 1,
                 total=len(REGISTRY)) == p.proto.text for p in at.get("progress"))
    assert at.button(key="ws_prev").proto.shortcut and at.button(key="ws_next").proto.shortcut
    assert any(t("workshop.keys", lang) in x.value for x in at.caption)


def test_next_and_previous_move_through_the_items(at):
    ids = [c.id for c in REGISTRY]
    start = current(at)
    at.button(key="ws_next").click().run()
    assert not at.exception
    assert current(at) == ids[ids.index(start) + 1]
    assert at.header[0].value.startswith(f"{current(at)}. ")
    at.button(key="ws_prev").click().run()
    assert current(at) == start


def test_answering_yes_no_changes_the_score_and_a_note_is_kept(at):
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    check = next(c for c in REGISTRY if c.questions and 0 < (result(at).check(c.id).score or 0) < 90)
    at.session_state["_cl_current"] = check.id
    at.run()
    before = result(at).check(check.id).score
    for qid in check.questions:
        at.segmented_control(key=f"wsq_{check.id}_{qid}").set_value("yes").run()
    assert not at.exception
    assert at.session_state["answers"][str(check.id)] == {q: True for q in check.questions}
    after = result(at).check(check.id)
    assert after.self_score == 100.0 and after.score > before
    at.text_area(key=f"note_{check.id}").input("the team agreed").run()
    assert at.session_state["answers"][str(check.id)]["note"] == "the team agreed"
    at.segmented_control(key=f"wsq_{check.id}_{check.questions[0]}").set_value(None).run()
    assert check.questions[0] not in at.session_state["answers"][str(check.id)]
