"""The home page: the explanation in both languages, the demo company, uploads and bad files."""
import pytest

from audits.i18n import t
from audits.ui.widgets import md
from tests.app.helpers import LANG_WIDGET, new_app, store, two_demo_files, upload


def test_home_renders_in_russian_by_default_and_switches_to_english():
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == t("home.title", "ru")
    assert at.button(key="demo_button").label == t("home.demo_button", "ru")
    assert at.file_uploader[0].accept_multiple_files

    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    assert not at.exception
    assert at.title[0].value == t("home.title", "en")
    assert at.button(key="demo_button").label == t("home.demo_button", "en")
    assert any(t("status.title", "en") == h.value for h in at.sidebar.subheader)


def test_the_language_choice_survives_a_change_of_page():
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    at.switch_page("pages/1_Data.py").run()
    assert not at.exception
    assert at.title[0].value == t("data.title", "en")


def test_the_demo_button_loads_the_demo_company():
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    at = new_app().run()
    at.button(key="demo_button").click().run()
    assert not at.exception
    tables = store(at).tables()
    for table in ("deals", "calls", "orders"):
        assert tables.get(table, 0) > 0, table
    status = " ".join(m.value for m in at.sidebar.markdown)
    for table in ("deals", "calls", "orders"):
        assert t(f"table.{table}", "ru") in status
    assert [m.label for m in at.metric]        # the status in large type on the page itself


def test_uploaded_files_are_loaded_and_a_bad_file_is_refused_without_losing_them():
    at = new_app().run()
    files = two_demo_files()
    upload(at, [(p.name, p.read_bytes()) for p in files])
    assert not at.exception
    before = store(at).tables()
    assert len(before) == 2 and all(n > 0 for n in before.values())
    shown = " ".join(m.value for m in at.markdown)
    for p in files:
        assert md(p.name) in shown                  # one summary line per file

    upload(at, [("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)])
    assert not at.exception
    assert any("photo.csv" in e.value for e in at.error)
    assert store(at).tables() == before


def test_an_upload_shows_the_messages_in_the_users_language():
    at = new_app().run()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    upload(at, [("empty.csv", b"")])
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("empty.csv" in e for e in errors)
    assert not any("Файл" in e for e in errors)


def test_a_server_started_with_audit_demo_opens_on_the_demo_company(monkeypatch):
    from audits.demo import demo_files
    if not demo_files():
        pytest.skip("sample_data/ holds no demo files")
    monkeypatch.setenv("AUDIT_DEMO", "1")
    at = new_app().run()
    assert not at.exception
    assert store(at).tables().get("deals", 0) > 0
    at.button(key="clear_button").click().run()        # starting over does not bring the demo back
    assert not at.exception
    assert "store" not in at.session_state


def test_names_from_uploads_cannot_become_links_images_or_html():
    assert md("![x](http://evil/t.png)") == "\\!\\[x\\](http://evil/t.png)"
    assert md("<img src=x>") == "\\<img src=x\\>"
    assert md("1. deals.csv") == "1\\. deals.csv"
    assert md("plain name.csv") == "plain name.csv"
