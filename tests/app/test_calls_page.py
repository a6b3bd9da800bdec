"""The calls page: every section on the demo company in both languages, and the plain message when
no calls are loaded."""
import pytest

from audits.i18n import t
from tests.app.helpers import FIXTURES, LANG_WIDGET, new_app, upload

CALLS_PAGE = "pages/3_Calls.py"
SECTIONS = ("calls.talk_title", "calls.length_title", "calls.heatmap_title", "calls.missed_title",
            "calls.out_title", "calls.list_title")


@pytest.fixture(scope="module")
def demo_app():
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    at = new_app().run()
    at.button(key="demo_button").click().run()
    assert not at.exception
    return at


def headers(at) -> list[str]:
    return [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_section_of_the_calls_page_renders_on_the_demo(demo_app, lang):
    at = demo_app
    at.sidebar.radio(key=LANG_WIDGET).set_value(lang).run()
    at.switch_page(CALLS_PAGE).run()
    assert not at.exception
    assert at.title[0].value == t("calls.title", lang)
    shown = headers(at)
    for key in SECTIONS:
        assert t(key, lang) in shown, key
    assert not at.error, [e.value for e in at.error]          # no section failed
    text = " ".join(m.value for m in at.markdown)
    assert "**" in text                                        # the one-line readings with their numbers
    assert at.get("vega_lite_chart")                     # the charts are drawn
    assert at.dataframe                                        # the day table and the list to listen to


def test_the_heatmap_can_show_one_manager(demo_app):
    at = demo_app
    at.switch_page(CALLS_PAGE).run()
    box = at.selectbox(key="calls_heatmap_manager")
    box.set_value(box.options[-1]).run()
    assert not at.exception and not at.error


def test_without_calls_the_page_says_so_plainly():
    at = new_app().run()
    upload(at, [("deals_us.csv", (FIXTURES / "deals_us.csv").read_bytes())])
    assert not at.exception
    at.switch_page(CALLS_PAGE).run()
    assert not at.exception
    assert any(t("calls.no_calls", "ru") in i.value for i in at.info)
    assert not at.main.subheader


def test_without_any_data_the_page_sends_the_user_home():
    at = new_app().run()
    at.switch_page(CALLS_PAGE).run()
    assert not at.exception
    assert any(t("guard.no_data", "ru") in i.value for i in at.info)
