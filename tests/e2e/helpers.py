"""What the end-to-end tests share: where screenshots go, waiting on Streamlit, following the sidebar,
reading metrics and picking options, all by what the user sees."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "e2e"
TIMEOUT_MS = 30_000            # CI has two cores: generous waits, but on what is shown, never fixed sleeps


def settle(page, timeout: int = TIMEOUT_MS) -> None:
    """Wait until the app's script run is over (Streamlit marks its root with the run state)."""
    page.wait_for_timeout(250)      # a rerun starts a moment after the click that asks for it
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=timeout)
    # Widgets (tables, charts) draw from code chunks loaded on first use: wait for their placeholders to go.
    page.locator("[data-testid=stSkeleton]").first.wait_for(state="detached", timeout=timeout)


def open_app(page, server, ready_text: str, timeout: int = 90_000) -> None:
    """Open a new session of `server` and wait for `ready_text` (the demo load takes a while)."""
    page.goto(server.url)
    page.get_by_text(ready_text, exact=True).first.wait_for(timeout=timeout)
    settle(page, timeout)


def go(page, nav_label: str) -> None:
    """Follow a page link in the sidebar (the same session, unlike a new URL)."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=nav_label, exact=True).click()
    settle(page)


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def shot(page, name: str) -> Path:
    """A full-page screenshot in artifacts/e2e/<name>.png. Streamlit scrolls inside its own panes, so
    the window is made as tall as the longest of them for the picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => Math.max(window.innerHeight, ...Array.from(document.querySelectorAll(
        '[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stSidebarContent]'))
        .map(e => e.scrollHeight))""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 16000)})
    try:
        page.wait_for_timeout(300)      # the layout follows the new size
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def metric_value(page, label: str) -> str:
    """The value of the st.metric whose label is `label`."""
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return metric.get_by_test_id("stMetricValue").first.inner_text().strip()


def choose(page, label: str, option: str, typed: str | None = None) -> None:
    """Pick `option` in the st.selectbox labelled `label`; `typed` filters a long (virtual) list first."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    combo = box.get_by_role("combobox")
    combo.click()
    if typed:
        combo.press("ControlOrMeta+a")
        combo.press_sequentially(typed)
    else:
        combo.press("ArrowDown")        # opens the list
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)
