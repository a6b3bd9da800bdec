"""A stranger's session in a real browser: real-format exports uploaded through the file chooser, a
column's mapping corrected in the mapping editor, and an audit saved to a file and opened again."""
from __future__ import annotations

import json
import time
import zipfile

from audits.i18n import t
from tests.e2e.helpers import ROOT, go, main_text, metric_value, open_app, settle
from tests.e2e.test_demo_flows import ANSWERS, REASON, RU, override_verdict, summary_score

SAMPLE = ROOT / "sample_data"
CSV = ROOT / "tests" / "fixtures" / "csv"


def uploader(page, label: str):
    return page.get_by_test_id("stFileUploader").filter(has=page.get_by_text(label, exact=True)) \
        .get_by_test_id("stFileUploaderDropzoneInput")


def open_empty(page, server) -> None:
    open_app(page, server, t("home.upload_title", RU))


def test_upload_real_exports(page, empty_server):
    open_empty(page, empty_server)
    uploader(page, t("home.upload_label", RU)).set_input_files(
        [SAMPLE / "amocrm_deals.xlsx", SAMPLE / "bitrix24_companies.csv", CSV / "Master.csv"])
    page.get_by_role("heading", name=t("load.result_title", RU)).wait_for(timeout=90_000)
    settle(page)
    text = main_text(page).replace("\xa0", " ")
    for line in ("amocrm_deals.xlsx [Сделки] → сделки (amoCRM): загружено строк: 6 108, отложено: 0",
                 "amocrm_deals.xlsx [История этапов] → история этапов: загружено строк: 27 516, отложено: 0",
                 "bitrix24_companies.csv → клиенты (Bitrix24): загружено строк: 3 000, отложено: 0",
                 "Master.csv → звонки (Asterisk CDR): загружено строк: 3, отложено: 0"):
        assert line in text
    status = page.get_by_test_id("stSidebar").inner_text().replace("\xa0", " ")
    for line in ("сделки: 6 108", "история этапов: 27 516", "клиенты: 3 000", "звонки: 3"):
        assert line in status


def mapping_cell(grid, header: str, expect: str | None = None, timeout_s: float = 30) -> str | None:
    """The target shown for `header` in the mapping editor (its accessible table mirrors the canvas).
    The editor is redrawn after an edit or an apply: wait until the row is there (and shows `expect`,
    when given); on timeout return what it shows last (None without the row)."""
    deadline = time.monotonic() + timeout_s
    while True:
        shown = None
        for row in grid.locator("tbody tr").all():
            cells = [c.strip() for c in row.locator("td").all_inner_texts()]
            if cells and cells[0] == header:
                shown = cells[2]
        if (shown is not None and expect in (None, shown)) or time.monotonic() > deadline:
            return shown
        time.sleep(0.25)


def download_json(page, label: str) -> dict:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    settle(page)          # a download button reruns the page
    return json.loads(info.value.path().read_text(encoding="utf-8"))


def test_correct_a_mapping(page, empty_server):
    open_empty(page, empty_server)
    uploader(page, t("home.upload_label", RU)).set_input_files([CSV / "deals_us.csv"])
    page.get_by_role("heading", name=t("load.result_title", RU)).wait_for()
    go(page, t("nav.data", RU))
    grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("th", has_text=t("data.col.target", RU)))
    grid.scroll_into_view_if_needed()
    closed = "closed_at · " + t("column.closed_at", RU)
    assert mapping_cell(grid, "Close Date", closed) == closed
    # The editor is a canvas: select the cell by position, open its list, pick "not used".
    headers = [c.strip() for c in grid.locator("tbody tr td:first-child").all_inner_texts()]
    grid.scroll_into_view_if_needed()
    box = grid.get_by_test_id("data-grid-canvas").bounding_box()
    row_h = 35            # Streamlit's row height; the header row is as tall
    # The target column is the last one, flush with the right edge.
    page.mouse.dblclick(box["x"] + box["width"] - 60, box["y"] + row_h * (headers.index("Close Date") + 1) + row_h / 2)
    page.locator("[id^=gdg-overlay] .glide-select").wait_for()
    page.keyboard.type(t("data.not_used", RU).strip("— "))
    page.keyboard.press("Enter")
    settle(page)        # an edit reruns the page
    assert mapping_cell(grid, "Close Date", t("data.not_used", RU)) == t("data.not_used", RU)
    page.get_by_role("button", name=t("data.apply", RU), exact=True).click()
    settle(page)
    page.get_by_text(t("data.applied", RU, file="deals_us.csv", rows="3")).wait_for()
    grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("th", has_text=t("data.col.target", RU)))
    assert mapping_cell(grid, "Close Date", t("data.not_used", RU)) == t("data.not_used", RU)
    after = download_json(page, t("data.mapping_download", RU))
    assert "Close Date" not in after["deals_us.csv"]
    assert after["deals_us.csv"]["Deal ID"] == "deal_id"


def test_save_and_reopen_audit(page, context, demo_server, empty_server, demo_store, tmp_path):
    from audits.audit import run_store
    from audits.charts.checks import fmt_score

    # A demo session with the consultant's verdict on item 1, saved with a company name.
    open_app(page, demo_server, t("load.result_title", RU))
    go(page, t("nav.checklist", RU))
    override_verdict(page, "ok", REASON)
    go(page, t("nav.audits", RU))
    company = page.get_by_label(t("audits.company", RU), exact=True)
    company.fill("ООО Сохранённая")
    company.press("Enter")
    settle(page)
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=t("audits.save_button", RU)).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert zipfile.is_zipfile(saved)
    expected = fmt_score(run_store(demo_store, answers={"1": ANSWERS["1"]}, lang=RU).score, RU)
    assert summary_score(page) == expected

    # A stranger's empty session opens the file and sees the same audit.
    other = context.browser.new_context(viewport=page.viewport_size, accept_downloads=True)
    try:
        fresh = other.new_page()
        fresh.set_default_timeout(30_000)
        open_empty(fresh, empty_server)
        go(fresh, t("nav.audits", RU))
        uploader(fresh, t("audits.open_label", RU)).set_input_files(saved)
        fresh.get_by_text(t("audits.open_ok", RU, files=10, answered=1, created="").rsplit(",", 1)[0]).wait_for(timeout=120_000)
        settle(fresh)
        assert fresh.get_by_label(t("audits.company", RU), exact=True).input_value() == "ООО Сохранённая"
        assert summary_score(fresh) == expected
        assert metric_value(fresh, t("summary.assessed", RU)).endswith("/ 30")
    finally:
        other.close()
