"""Every interface text the pages and audits/ui use exists in Russian and English."""
import re
from pathlib import Path

from audits.i18n import LANGS, catalogue
from audits.ui.frame import nav_label, pages

ROOT = Path(__file__).resolve().parent.parent
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def ui_sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "audits" / "ui").glob("*.py"))]


def test_every_key_used_by_the_interface_exists_in_both_languages():
    used = {k for p in ui_sources() for k in KEY_CALL.findall(p.read_text(encoding="utf-8"))}
    assert len(used) > 40
    missing = sorted(f"{k} ({lang})" for k in used for lang in LANGS
                     if not catalogue().get(k, {}).get(lang, "").strip())
    assert not missing, missing


def test_keys_built_at_run_time_exist_too():
    from audits import model
    for table in model.TABLE_NAMES:
        assert f"table.{table}" in catalogue()
    for column in ("file", "row", "column", "value", "reason"):
        assert f"data.aside.{column}" in catalogue()
    for path in pages()[1:]:
        assert f"nav.{Path(path).stem.split('_', 1)[-1].lower()}" in catalogue(), path
        for lang in LANGS:
            assert nav_label(Path(path).stem, lang)
