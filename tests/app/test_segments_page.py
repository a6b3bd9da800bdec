"""The segments page: every section on the demo company in both languages, the members of a chosen
cell and group with their downloads, and the plain messages without orders or without any data."""
import pytest

from audits.i18n import t
from tests.app.helpers import FIXTURES, LANG_WIDGET, new_app, upload

SEGMENTS_PAGE = "pages/4_Segments.py"
SECTIONS = ("segments.matrix_title", "segments.rfm_title", "segments.profiles_title", "segments.effort_title")


@pytest.fixture(scope="module")
def demo_app():
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    at = new_app().run()
    at.button(key="demo_button").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_section_of_the_segments_page_renders_on_the_demo(demo_app, lang):
    at = demo_app
    at.sidebar.radio(key=LANG_WIDGET).set_value(lang).run()
    at.switch_page(SEGMENTS_PAGE).run()
    assert not at.exception
    assert at.title[0].value == t("segments.title", lang)
    shown = [h.value for h in at.subheader]
    for key in SECTIONS:
        assert t(key, lang) in shown, key
    assert not at.error, [e.value for e in at.error]          # no section failed
    assert len(at.get("vega_lite_chart")) >= 4                 # heat table, two scatter plots, effort
    text = " ".join(m.value for m in at.markdown)
    assert t("segments.cell.AX", lang) in text                 # the reading of the default cell
    result = at.session_state["_audit_result"][1]
    names = [c.name for c in result.segmentation.clusters]
    assert names and all(n == t(f"segments.cluster.{c.key}", lang) or n.startswith(t(f"segments.cluster.{c.key}", lang))
                         for n, c in zip(names, result.segmentation.clusters))


def test_choosing_a_cell_lists_its_clients_with_downloads(demo_app):
    at = demo_app
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    at.switch_page(SEGMENTS_PAGE).run()
    at.selectbox(key="segments_cell").set_value("CZ").run()
    assert not at.exception and not at.error
    text = " ".join(m.value for m in at.markdown)
    assert t("segments.cell.CZ", "en") in text
    result = at.session_state["_audit_result"][1]
    expected = result.metrics["segments_abc_xyz"]["CZ"]
    tables = [d.value for d in at.dataframe]
    assert any(len(df) == expected and set(df[t("segments.col.abc", "en")]) == {"C"} and
               set(df[t("segments.col.xyz", "en")]) == {"Z"} for df in tables), [len(df) for df in tables]
    downloads = [b for b in at.get("download_button")]
    assert len(downloads) >= 4                                 # CSV and XLSX for the cell and for the group


def test_choosing_a_group_lists_its_clients(demo_app):
    at = demo_app
    at.switch_page(SEGMENTS_PAGE).run()
    box = at.selectbox(key="segments_cluster")
    box.set_value(box.options[-1] if isinstance(box.options[-1], int) else len(box.options) - 1).run()
    assert not at.exception and not at.error
    result = at.session_state["_audit_result"][1]
    last = result.segmentation.clusters[-1]
    assert any(len(d.value) == last.clients for d in at.dataframe)


def test_without_orders_the_page_says_so_plainly():
    at = new_app().run()
    upload(at, [("deals_us.csv", (FIXTURES / "deals_us.csv").read_bytes())])
    assert not at.exception
    at.switch_page(SEGMENTS_PAGE).run()
    assert not at.exception
    assert any(t("segments.no_orders", "ru") in i.value for i in at.info)
    assert not at.main.subheader


def test_without_any_data_the_page_sends_the_user_home():
    at = new_app().run()
    at.switch_page(SEGMENTS_PAGE).run()
    assert not at.exception
    assert any(t("guard.no_data", "ru") in i.value for i in at.info)
