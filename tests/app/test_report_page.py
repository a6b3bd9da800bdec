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
