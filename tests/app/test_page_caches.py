"""What the pages derive from the data or the audit is made once per session (audits.ui.state.memo) and
made again as soon as the data, the settings or the language change: never stale, never shared."""
import json

from audits.i18n import t
from tests.app.helpers import DATA_PAGE, LANG_WIDGET, new_app, upload
from tests.app.test_data_coverage_page import CALLS, DEALS

SUMMARY = "pages/5_Summary.py"


def coverage_tables(at) -> list[str]:
    return [row[t("data.col.table", "en")] for row in at.dataframe[0].value.to_dict("records")]


def test_the_data_page_follows_each_upload_and_the_status_its_row_counts():
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    upload(at, [("deals.csv", DEALS)])
    at.switch_page(DATA_PAGE).run()
    assert coverage_tables(at) == ["Deals"]
    assert not any("do not overlap" in w.value for w in at.warning)
    at.switch_page("app.py").run()
    upload(at, [("calls.csv", CALLS)])
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    assert coverage_tables(at) == ["Deals", "Calls"]
    assert any("do not overlap" in w.value for w in at.warning)
    status = " ".join(m.value for m in at.sidebar.markdown)
    assert "**calls**: 2" in status and "**deals**: 2" in status


def chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_the_charts_follow_the_audit_and_are_kept_per_session():
    first, second = new_app().run(), new_app().run()
    for at in (first, second):
        at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
        upload(at, [("deals.csv", DEALS), ("calls.csv", CALLS)])
        at.switch_page(SUMMARY).run()
        assert not at.exception
    before = chart_specs(first)
    assert before and chart_specs(first.switch_page(SUMMARY).run()) == before      # drawn again the same
    assert first.session_state["_memo"]["AuditResult"][2] is not second.session_state["_memo"]["AuditResult"][2]
    first.sidebar.radio(key=LANG_WIDGET).set_value("ru").run()                     # a new audit, in Russian
    after = chart_specs(first)
    assert len(after) == len(before) and after != before
    assert any(s.get("config", {}).get("locale", {}).get("number", {}).get("decimal") == "," for s in after)
    assert chart_specs(second) == before                                           # the other session: as it was
