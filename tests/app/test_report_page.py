"""The Report page on the demo company: it renders in both languages, prepares the report and offers
the three downloads."""
import pytest

from audits.i18n import t
from tests.app.helpers import new_app

REPORT = "pages/9_Report.py"


@pytest.fixture(scope="module")
def at():
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    app = new_app().run()
    app.button(key="demo_button").click().run()
    app.switch_page(REPORT).run()
    assert not app.exception
    return app


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_page_renders_in_each_language(at, lang):
    at.sidebar.radio(key="_lang_widget").set_value(lang).run()
    assert not at.exception
    assert at.title[0].value == t("report.page_heading", lang)
    assert at.button(key="report_make").label == t("report.page_make", lang)


def test_preparing_the_report_offers_three_downloads(at):
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    at.radio(key="report_lang").set_value("ru").run()
    at.button(key="report_make").click().run(timeout=180)
    assert not at.exception
    assert not at.error
    buttons = at.get("download_button")
    assert len(buttons) == 3
    assert at.success and t("report.page_ready", "en", seconds="").split(":")[0] in at.success[0].value


def _uploader(at):
    return next(f for f in at.file_uploader if f.key == "report_compare")


def test_a_bad_file_to_compare_with_is_refused_plainly(at):
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    assert _uploader(at).label == t("report.page_compare", "en")
    _uploader(at).set_value([("notes.zip", b"this is not a zip", "application/zip")]).run()
    assert not at.exception
    assert any(t("save.err.not_zip", "en") in e.value and "notes.zip" in e.value for e in at.error)
    _uploader(at).set_value([]).run()
    assert not at.exception


def test_the_report_compares_with_a_saved_audit(at):
    from audits import savefile
    at.sidebar.radio(key="_lang_widget").set_value("en").run()
    at.radio(key="report_lang").set_value("en").run()
    store = at.session_state["store"]
    data = savefile.save(store, savefile.Session(settings={"short_call_s": 10.0}, answers={}, as_of=None,
                                                 scope=None, lang="en", company=""))
    _uploader(at).set_value([("before.zip", data, "application/zip")]).run(timeout=180)
    assert not at.exception and not at.error
    at.button(key="report_make").click().run(timeout=180)
    assert not at.exception and not at.error
    files = at.session_state["_report_files"][1]
    html = files["html"].decode("utf-8")
    assert 'id="comparison"' in html and t("report.sec.compare", "en") in html
    assert len(at.get("download_button")) == 3
