"""The order of the funnel stages in a real browser: a deals export without stage history is
uploaded, its stage order is a guess from the stage names (the checklist says so); the user numbers
the stages on the Data page, applies, and the funnel on the checklist follows the new order."""
from __future__ import annotations

import csv
import datetime as dt
import time

from audits.i18n import t
from tests.e2e.helpers import go, settle
from tests.e2e.test_demo_flows import RU
from tests.e2e.test_upload_flows import open_empty, uploader

# Deals by their current stage; no stage history. The names guess the order New, Qualified,
# Proposal, Negotiation, then the win.
STAGES = (("New", 5), ("Qualified", 4), ("Proposal", 3), ("Negotiation", 2), ("Closed Won", 3), ("Closed Lost", 2))
GUESSED = ["New", "Qualified", "Proposal", "Negotiation", "Closed Won"]
CHOSEN = ["New", "Qualified", "Negotiation", "Proposal", "Closed Won"]
ROW_H = 35            # Streamlit's row height in a data editor; the header row is as tall


def deals_file(folder):
    path = folder / "deals_no_history.csv"
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Deal ID", "Deal Stage", "Deal Owner", "Amount", "Create Date"])
        for stage, count in STAGES:
            for _ in range(count):
                n += 1
                w.writerow([n, stage, f"Manager {n % 2 + 1}", 1000 * n, (dt.date(2025, 1, 1) + dt.timedelta(days=3 * n)).isoformat()])
    return path


def funnel_stages(page, timeout_s: float = 30) -> list[str]:
    """The stage labels of the funnel chart (Vega draws SVG), top to bottom."""
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    names = {s for s, _ in STAGES}
    deadline = time.monotonic() + timeout_s
    while True:
        labels = chart.evaluate("""el => Array.from(el.querySelectorAll('.role-axis-label text'))
            .map(x => [x.textContent, x.getBoundingClientRect().top])""")
        shown = [text for text, _ in sorted(labels, key=lambda x: x[1]) if text in names]
        if shown or time.monotonic() > deadline:
            return shown
        time.sleep(0.25)


def stage_editor(page):
    return page.get_by_test_id("stDataFrame").filter(has=page.locator("th", has_text=t("stages.col_position", RU)))


def shown_rows(grid) -> list[list[str]]:
    return [[c.strip() for c in row.locator("td").all_inner_texts()] for row in grid.locator("tbody tr").all()]


def set_position(page, grid, stage: str, position: int) -> None:
    """Type `position` in the Position cell of `stage` (the editor is a canvas: the cell by its place)."""
    rows = shown_rows(grid)
    index = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1] == stage)
    box = grid.get_by_test_id("data-grid-canvas").bounding_box()
    # Position is the first of three equal columns: select the cell, type over it, commit.
    page.mouse.click(box["x"] + box["width"] / 6, box["y"] + ROW_H * (index + 1) + ROW_H / 2)
    page.keyboard.type(str(position))        # opens the cell's editor (sometimes after what it holds)
    editor = page.locator("[id^=gdg-overlay] input, [id^=gdg-overlay] textarea").first
    editor.wait_for()
    editor.fill(str(position))
    editor.press("Enter")
    editor.wait_for(state="detached")
    settle(page)          # an edit reruns the page
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = shown_rows(stage_editor(page))
        if any(len(r) > 1 and r[1] == stage and r[0] == str(position) for r in rows):
            return
        time.sleep(0.25)
    raise AssertionError(f"{stage} does not show position {position}: {rows}")


def test_the_user_puts_the_stages_in_order_and_the_funnel_follows(page, empty_server, tmp_path):
    open_empty(page, empty_server)
    uploader(page, t("home.upload_label", RU)).set_input_files([deals_file(tmp_path)])
    page.get_by_role("heading", name=t("load.result_title", RU)).wait_for(timeout=90_000)
    settle(page)

    # Without stage history the order is guessed from the names, and item 1 says so.
    go(page, t("nav.checklist", RU))
    assert funnel_stages(page) == GUESSED
    page.get_by_test_id("stAlert").filter(has_text=t("limit.stage_order.words", RU)[:60]).first.wait_for()

    # The Data page: Proposal and Negotiation swap places.
    go(page, t("nav.data", RU))
    grid = stage_editor(page)
    grid.scroll_into_view_if_needed()
    assert [r[:2] for r in shown_rows(grid)] == [[str(i), s] for i, s in enumerate(GUESSED[:-1], 1)]
    set_position(page, grid, "Proposal", 4)
    set_position(page, stage_editor(page), "Negotiation", 3)
    # Two buttons apply something on this page (the mapping's and the order's): this one by its key.
    page.locator(".st-key-stage_order_save_").get_by_role("button", name=t("stages.save", RU), exact=True).click()
    settle(page)
    page.get_by_text(t("stages.saved", RU)).wait_for()
    page.get_by_text(t("stages.current", RU, basis=t("stages.basis.user", RU))).first.wait_for()

    # The checklist's funnel follows the user's order, and no longer calls it a guess.
    go(page, t("nav.checklist", RU))
    assert funnel_stages(page) == CHOSEN
    assert page.get_by_test_id("stAlert").filter(has_text=t("limit.stage_order.words", RU)[:60]).count() == 0
