"""Settings in a real browser: a check's group is closed until opened; opened, its inputs appear, a
changed value is counted on the group's heading, and the group stays open (after the change, and when
the page is left and reopened) until it is closed."""
from __future__ import annotations

from audits.i18n import t
from audits.ui import settings
from tests.e2e.helpers import go, open_app, settle, shot

RU = "ru"


def test_open_a_group_and_change_a_setting(page, demo_server):
    open_app(page, demo_server, t("load.result_title", RU))
    go(page, t("nav.settings", RU))
    page.get_by_role("heading", name=t("settings.title", RU)).wait_for()
    heading, items, _, _ = settings.groups(RU)[1]
    label = t(f"setting.{items[0].name}", RU)
    assert page.get_by_label(label, exact=True).count() == 0          # closed: not built yet

    page.get_by_test_id("stExpander").get_by_text(heading, exact=True).click()
    settle(page)
    box = page.get_by_label(label, exact=True)
    box.wait_for()
    assert box.input_value() == f"{items[0].default:.0f}"
    box.fill("35")
    box.press("Enter")
    settle(page)
    page.get_by_test_id("stExpander").get_by_text(f"{heading}  ·  ✎ 1").wait_for()
    page.get_by_text(t("settings.changed", RU, count=1)).wait_for()
    assert box.is_visible()                                             # the group stays open
    shot(page, "settings-group-open-ru")

    go(page, t("nav.summary", RU))
    go(page, t("nav.settings", RU))                                     # open as it was left
    assert page.get_by_label(label, exact=True).input_value() == "35"

    page.get_by_test_id("stExpander").get_by_text(f"{heading}  ·  ✎ 1").click()
    settle(page)
    assert page.get_by_label(label, exact=True).count() == 0            # closed again
