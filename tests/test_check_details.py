"""The shown-only numbers of items 1 and 3 (audits/charts/details.py) in both languages."""
from types import SimpleNamespace

import pytest

from audits.charts import details
from audits.checks import defaults

FUNNEL = {
    "stage_time": [{"stage": "Новая", "stays": 3, "median_days": 2.0, "p75_days": 6.0}],
    "median_cycle_days": 8.0,
    "funnel_contacts": [{"step": "calls", "contacts": 4, "conversion": None},
                        {"step": "deals", "contacts": 3, "conversion": 0.75}],
    "contacts_total": 4, "contact_to_deal_rate": 0.75, "contact_to_won_rate": 0.25,
    "funnel_slices": [
        {"dimension": "channel", "value": "Рекомендация", "deals": 30, "won": 9, "lost": 21, "win_rate": 0.3,
         "small": False, "other": False},
        {"dimension": "channel", "value": "Холодный звонок", "deals": 5, "won": 0, "lost": 5, "win_rate": 0.0,
         "small": True, "other": False},
        {"dimension": "channel", "value": None, "deals": 90, "won": 9, "lost": 81, "win_rate": 0.1,
         "small": False, "other": True},
        {"dimension": "client_kind", "value": "new", "deals": 2, "won": 0, "lost": 1, "win_rate": 0.0,
         "small": True, "other": False},
    ],
}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_item_1_blocks(lang):
    blocks = details.blocks(SimpleNamespace(slug="funnel", metrics=FUNNEL), defaults(), lang)
    assert [b["key"] for b in blocks] == ["stage_time", "contacts", "leads", "slices"]
    leads = blocks[2]["rows"]
    assert len(leads) == 2                              # warm (Рекомендация), cold (Холодный звонок)
    assert leads[0][details._col("win_rate", lang)] == "30\u00a0%"
    assert leads[1][details._col("note", lang)] == details.t("detail.too_few", lang)
    slices = blocks[3]["rows"]
    assert slices[2][details._col("value", lang)] == details.t("detail.other", lang)
    assert slices[3][details._col("value", lang)] == details.t("detail.client_kind.new", lang)


def test_item_3_block_and_its_plural():
    m = {"crm_late_close": 1, "crm_late_close_share": 0.25, "crm_late_close_median_days": 3.0}
    [block] = details.blocks(SimpleNamespace(slug="crm", metrics=m), defaults(), "ru")
    assert "1 проигранная сделка (25\u00a0%)" in block["lines"][0]
    [block] = details.blocks(SimpleNamespace(slug="crm", metrics={**m, "crm_late_close": 5}), defaults(), "en")
    assert "5 lost deals were (25\u00a0%)" in block["lines"][0]


def test_nothing_measured_means_no_blocks():
    assert details.blocks(SimpleNamespace(slug="funnel", metrics={}), defaults(), "en") == []
    assert details.blocks(SimpleNamespace(slug="crm", metrics={"crm_late_close": None}), defaults(), "en") == []
    assert details.blocks(SimpleNamespace(slug="nps", metrics={"nps": 10}), defaults(), "en") == []
