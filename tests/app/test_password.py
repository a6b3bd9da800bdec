"""The optional access password: with one set (st.secrets["password"] or AUDIT_PASSWORD) no page
shows anything of the app, nor loads the demo, before the session has given it."""
from __future__ import annotations

import pytest

from streamlit.testing.v1 import AppTest

from audits.ui import frame
from tests.app.helpers import LANG_WIDGET, new_app

SECRET = "correct horse battery"


def locked_app(page: str | None = None, via: str = "secrets", monkeypatch=None) -> AppTest:
    at = new_app()
    if via == "secrets":
        at.secrets["password"] = SECRET
    else:
        monkeypatch.setenv("AUDIT_PASSWORD", SECRET)
    if page:
        at.switch_page(page)
    return at.run()


def assert_locked(at: AppTest, lang: str = "ru") -> None:
    assert not at.exception
    assert [e.value for e in at.title] == [{"ru": "Этот аудит закрыт паролем", "en": "This audit is private"}[lang]]
    assert [w.key for w in at.text_input] == ["_password"]
    assert at.text_input[0].proto.type == at.text_input[0].proto.PASSWORD       # typed as dots
    assert len(at.button) == 1 and len(at.file_uploader) == 0                   # the form's button only
    assert len(at.sidebar.radio) == 1                      # the language switch, nothing about the data
    assert "store" not in at.session_state


@pytest.mark.parametrize("page", frame.pages())
def test_every_page_asks_for_the_password_first(page):
    assert_locked(locked_app(None if page == "app.py" else page))


def test_the_right_password_opens_the_app_for_this_session_only():
    at = locked_app()
    at.text_input[0].input(SECRET)
    at.button[0].click().run()
    assert not at.exception
    assert len(at.file_uploader) == 1 and at.button(key="demo_button")
    at.switch_page("pages/1_Data.py").run()                # other pages stay open in this session
    assert not at.exception and not at.text_input
    assert_locked(locked_app())                            # a new session asks again


def test_a_wrong_password_says_so_and_shows_nothing():
    at = locked_app()
    at.sidebar.radio(key=LANG_WIDGET).set_value("en").run()
    at.text_input[0].input(SECRET + " ")
    at.button[0].click().run()
    assert_locked(at, "en")
    assert [e.value for e in at.error] == [
        "That password is not right. Check the keyboard layout and Caps Lock, then try again."]


def test_the_password_can_come_from_the_environment(monkeypatch):
    at = locked_app(via="env", monkeypatch=monkeypatch)
    assert_locked(at)
    at.text_input[0].input(SECRET)
    at.button[0].click().run()
    assert len(at.file_uploader) == 1


def test_the_demo_is_not_loaded_before_the_password(monkeypatch):
    monkeypatch.setenv("AUDIT_DEMO", "1")
    at = locked_app()
    assert_locked(at)


def test_without_a_password_the_app_is_open():
    at = new_app().run()
    assert not at.exception and not at.text_input and len(at.file_uploader) == 1


def test_the_secret_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("AUDIT_PASSWORD", "from the environment")
    at = locked_app()
    at.text_input[0].input("from the environment")
    at.button[0].click().run()
    assert_locked(at)
    at.text_input[0].input(SECRET)
    at.button[0].click().run()
    assert len(at.file_uploader) == 1
