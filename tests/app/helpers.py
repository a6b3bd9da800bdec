"""Shared pieces of the AppTest page tests."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DATA_PAGE = "pages/1_Data.py"
FIXTURES = ROOT / "tests" / "fixtures" / "csv"
LANG_WIDGET = "_lang_widget"


def new_app() -> AppTest:
    # Cold runs (first import of duckdb/polars) take several seconds: a generous timeout.
    return AppTest.from_file(APP, default_timeout=60)


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    """Drop files onto the home page's uploader and run."""
    at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files])
    return at.run()


def store(at: AppTest):
    return at.session_state["store"]


def two_demo_files() -> list[Path]:
    """The two smallest CSV files of the demo company (they fill two different tables)."""
    from audits.demo import demo_files
    csvs = sorted((p for p in demo_files() if p.suffix == ".csv"), key=lambda p: p.stat().st_size)
    if len(csvs) < 2:     # no demo company on this machine: two fixture exports instead
        return [FIXTURES / "deals_us.csv", FIXTURES / "calls_utf8.csv"]
    return csvs[:2]


def demo_app(page: str, lang: str = "en") -> AppTest:
    """A session with the demo company loaded, in `lang`, on `page` (skips without the demo files)."""
    import pytest

    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    app = new_app().run()
    app.sidebar.radio(key=LANG_WIDGET).set_value(lang).run()
    app.button(key="demo_button").click().run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def audit_result(at: AppTest):
    """The AuditResult the session computed last."""
    return at.session_state["_audit_result"][1]
