"""The frame every page is drawn in: page config, language switch, navigation and data status."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from audits import hosted
from audits.i18n import LANGS, catalogue, t
from audits.ui import state, widgets

ROOT = Path(__file__).resolve().parents[2]
_LANG_WIDGET = "_lang_widget"
_LANG_NAMES = {"ru": "Русский", "en": "English"}


def _on_lang_change() -> None:
    state.set_lang(st.session_state[_LANG_WIDGET])


def nav_label(stem: str, lang: str) -> str:
    """A page's label in the sidebar: i18n key nav.<name> for pages/N_<Name>.py."""
    slug = stem.split("_", 1)[-1].lower() if stem[:1].isdigit() else stem.lower()
    key = f"nav.{slug}"
    return t(key, lang) if key in catalogue() else stem.split("_", 1)[-1].replace("_", " ")


def pages() -> list[str]:
    """Page files relative to the app root, home first."""
    found = sorted((ROOT / "pages").glob("*.py"), key=lambda p: (int(p.stem.split("_")[0])
                                                                 if p.stem.split("_")[0].isdigit() else 999, p.stem))
    return ["app.py", *(f"pages/{p.name}" for p in found)]


def page(title_key: str) -> str:
    """Draw the frame; return the user's language."""
    lang = state.lang()
    st.set_page_config(page_title=t(title_key, lang) + " · " + t("app.name", lang), page_icon="📊",
                       layout="wide", initial_sidebar_state="expanded")
    # The widget's own state is dropped when the user changes page; the language lives in its own key.
    st.session_state[_LANG_WIDGET] = lang
    with st.sidebar:
        st.radio(t("frame.language", lang), LANGS, key=_LANG_WIDGET, horizontal=True,
                 format_func=_LANG_NAMES.get, on_change=_on_lang_change)
    password_gate(lang)              # stops the page here until the session gave the password
    widgets.autoload_demo(lang)      # AUDIT_DEMO=1 (scripts/start.sh): every new session starts with the demo
    with st.sidebar:
        st.divider()
        for path in pages():
            label = t("nav.home", lang) if path == "app.py" else nav_label(Path(path).stem, lang)
            st.page_link(path, label=label)
        st.divider()
        st.subheader(t("status.title", lang))
        widgets.guarded(widgets.data_status, lang)
    return lang


_AUTH_KEY = "_authenticated"


def _password() -> str | None:
    """st.secrets["password"], else AUDIT_PASSWORD; None = open access."""
    try:
        secret = st.secrets.get("password")
    except Exception:        # no secrets file: reading st.secrets raises
        secret = None
    return str(secret) if secret else hosted.env_password()


def password_gate(lang: str) -> None:
    """With a password set (st.secrets["password"] or AUDIT_PASSWORD), ask for it and stop the page
    until this session has given it. Every page draws its frame first, so none shows data before."""
    expected = _password()
    if not expected or st.session_state.get(_AUTH_KEY):
        return
    st.title(t("hosted.password_title", lang))
    st.markdown(t("hosted.password_text", lang))
    with st.form("password_form"):
        given = st.text_input(t("hosted.password_label", lang), type="password", key="_password")
        sent = st.form_submit_button(t("hosted.password_button", lang), type="primary")
    if sent:
        if hosted.password_matches(given, expected):
            st.session_state[_AUTH_KEY] = True
            st.rerun()
        st.error(t("hosted.password_wrong", lang))
    st.stop()


def no_data_guard(lang: str) -> bool:
    """True (after telling the user where to start) when this session holds no data yet."""
    if state.tables() or (state.has_store() and state.store().files):
        return False
    st.info(t("guard.no_data", lang))
    st.page_link("app.py", label=t("guard.go_home", lang), icon=":material/home:")
    return True


def audit_page(title_key: str, heading_key: str | None = None, before_audit=None):
    """The frame of a page that shows the audit: title, "no data" guard, filters, then this session's
    AuditResult. Stops the page (after saying why) when there is no data or no result.
    `before_audit` runs after the filters, before the audit (a page's own style, say)."""
    from audits.ui import checklist, filters
    lang = page(title_key)
    if heading_key:
        st.title(t(heading_key, lang))
    if no_data_guard(lang):
        st.stop()
    filters.sidebar(lang)
    if before_audit:
        before_audit()
    result = checklist.audit_result(lang)
    if result is None:
        st.stop()
    return lang, result
