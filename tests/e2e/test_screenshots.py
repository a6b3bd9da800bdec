"""Every page of the demo audit in both languages, each kept as a screenshot in artifacts/e2e/ for a
person to look at; each page must show its own heading and no error box."""
from __future__ import annotations

import pytest

from audits.i18n import t
from tests.e2e.helpers import go, open_app, settle, shot

# (name of the screenshot, sidebar label key, a text the page shows once drawn)
PAGES = [("home", "nav.home", "home.title"), ("data", "nav.data", "data.title"),
         ("checklist", "nav.checklist", "checklist.title"), ("calls", "nav.calls", "calls.title"),
         ("segments", "nav.segments", "segments.title"), ("summary", "nav.summary", "summary.title"),
         ("settings", "nav.settings", "settings.title"), ("workshop", "nav.workshop", "workshop.keys"),
         ("audits", "nav.audits", "audits.title"), ("report", "nav.report", "report.page_heading")]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page(page, demo_server, lang):
    open_app(page, demo_server, t("load.result_title", "ru"))
    if lang != "ru":
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        settle(page)
    for name, nav, ready in PAGES:
        go(page, t(nav, lang))
        page.get_by_text(t(ready, lang), exact=True).first.wait_for()
        settle(page)
        shot(page, f"{name}-{lang}")
        assert page.get_by_test_id("stException").count() == 0, name
        assert page.get_by_text(t("common.section_failed", lang)).count() == 0, name
