"""The Checklist page shows the numbers of items 1 and 3 that are shown, not scored: days in each
stage, the funnel in contacts, warm and cold leads, the slices, losses written down late."""
import pytest

from audits.i18n import t
from tests.app.helpers import demo_app

CHECKLIST = "pages/2_Checklist.py"


@pytest.fixture(scope="module")
def at():
    return demo_app(CHECKLIST)


def jump(at, number: int):
    box = next(s for s in at.selectbox if (s.key or "").startswith("cl_jump_"))
    box.set_value(number).run()
    assert not at.exception
    return at


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_item_1_shows_stage_days_contacts_leads_and_slices(at):
    page = texts(jump(at, 1))
    for key in ("detail.stage_time.title", "detail.contacts.title", "detail.leads.title", "detail.slices.title"):
        assert t(key, "en") in page, key
    assert "41.6" in page                     # the median cycle of a won deal, in days
    frames = [df.value for df in at.dataframe]
    leads = next(f for f in frames if t("detail.col.lead_kind", "en") in f.columns)
    assert list(leads[t("detail.col.lead_kind", "en")]) == [t("detail.lead.warm", "en"), t("detail.lead.cold", "en")]


def test_item_3_shows_losses_written_down_late(at):
    page = texts(jump(at, 3))
    assert t("detail.late_close.title", "en") in page
    assert "3.8" in page                      # 180 of 4,740 lost deals with a known gap
