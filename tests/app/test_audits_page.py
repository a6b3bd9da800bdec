"""The Audits page on the demo company: save the audit as one file, open it again (after a
confirmation) with the answers restored, refuse a bad file plainly, compare two audits."""
import io
import json
import zipfile

import pytest

from audits.checks import REGISTRY
from audits.i18n import t
from tests.app.helpers import demo_app

AUDITS = "pages/8_Audits.py"


@pytest.fixture(scope="module")
def at():
    return demo_app(AUDITS)


def saved_bytes(at) -> bytes:
    return at.session_state["_aud_save"][1]


def opener(at):
    return next(f for f in at.file_uploader if (f.key or "").startswith("audit_open_"))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_page_renders_in_both_languages(at, lang):
    at.sidebar.radio(key="_lang_widget").set_value(lang).run()
    assert not at.exception
    assert at.title[0].value == t("audits.title", lang)
    assert at.download_button(key="audit_save").label == t("audits.save_button", lang)


def test_the_save_button_provides_the_save_file(at):
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    at.text_input(key="_aud_company").input("Acme Ltd").run()
    assert at.session_state["company"] == "Acme Ltd"
    data = saved_bytes(at)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert json.loads(zf.read("manifest.json"))["format"] == "sales-audit"
        assert json.loads(zf.read("audit.json"))["company"] == "Acme Ltd"
    assert any("Acme-Ltd" in c.value and ".zip" in c.value for c in at.caption)


def test_opening_a_saved_file_restores_the_answers(at):
    check = next(c for c in REGISTRY if c.questions)
    answers = {str(check.id): {check.questions[0]: True, "note": "from the workshop"}}
    at.session_state["answers"] = answers
    at.session_state["settings"] = {"short_call_s": 90.0}
    at.run()
    data = saved_bytes(at)
    score = at.session_state["_audit_result"][1].score if "_audit_result" in at.session_state else None
    at.session_state["answers"] = {}
    at.session_state["settings"] = {}
    at.run()
    old_store = at.session_state["store"]
    opener(at).set_value([("audit.zip", data, "application/zip")]).run()
    assert not at.exception
    assert at.session_state["answers"] == {}                   # nothing replaced before the confirmation
    assert any("audit.zip" in w.value for w in at.warning)
    at.button(key="audit_open_confirm").click().run()
    assert not at.exception
    assert at.session_state["answers"] == answers
    assert at.session_state["settings"] == {"short_call_s": 90.0}
    assert at.session_state["store"] is not old_store
    assert at.session_state["company"] == "Acme Ltd"
    assert any(t("audits.open_ok", "en", files=len(at.session_state["store"].uploads()), answered=1,
                 created="x").split(":")[0] in s.value for s in at.success)
    if score is not None:
        at.switch_page("pages/5_Summary.py").run()
        assert at.session_state["_audit_result"][1].score == score
        at.switch_page(AUDITS).run()


def test_a_bad_file_is_refused_plainly(at):
    held = dict(at.session_state["answers"])
    opener(at).set_value([("notes.zip", b"this is not a zip", "application/zip")]).run()
    at.button(key="audit_open_confirm").click().run()
    assert not at.exception
    assert any(t("save.err.not_zip", "en") in e.value and "notes.zip" in e.value for e in at.error)
    assert at.session_state["answers"] == held


def test_comparing_the_current_audit_with_a_saved_one(at):
    data = saved_bytes(at)
    at.session_state["answers"] = {}
    at.run()
    box = next(f for f in at.file_uploader if f.key == "audit_compare_before")
    box.set_value([("before.zip", data, "application/zip")]).run()
    assert not at.exception
    labels = {m.label for m in at.metric}
    assert {t("audits.overall", "en"), t("audits.improved", "en"), t("audits.worse", "en")} <= labels
    assert len(at.get("vega_lite_chart")) == 2
