"""Every user-facing text exists in Russian and English, with the same placeholders."""
import re
import string
import tomllib

import pytest

from audits.i18n import LANGS, catalogue


def placeholders(text: str) -> set[str]:
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_and_no_empty_text():
    for key, texts in catalogue().items():
        for lang in LANGS:
            assert texts.get(lang, "").strip(), f"{key} has no {lang} text"


def test_both_languages_use_the_same_placeholders():
    for key, texts in catalogue().items():
        assert placeholders(texts["ru"]) == placeholders(texts["en"]), key


def test_russian_texts_are_russian():
    cyrillic = re.compile("[а-яА-ЯёЁ]")
    for key, texts in catalogue().items():
        if texts["ru"] != texts["en"]:
            assert cyrillic.search(texts["ru"]), key


def test_every_message_key_raised_in_the_code_is_in_the_catalogue():
    import pathlib
    root = pathlib.Path(__file__).resolve().parent.parent / "audits"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r'IngestError\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'Message\(\s*"[a-z]+",\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue())
    assert not missing, missing
    reasons = {"missing", "unreadable", "negative", "out_of_range", "duplicate", "total_line"}
    for r in reasons:
        assert f"reason.{r}" in catalogue() and f"reason_msg.{r}" in catalogue()


def test_plural_forms_follow_the_number():
    from audits.i18n import plural
    forms = ["строка", "строки", "строк"]
    assert [plural("ru", n, forms) for n in (1, 2, 5, 11, 12, 21, 22, 25, 101, 111)] == [
        "строка", "строки", "строк", "строк", "строк", "строка", "строки", "строк", "строка", "строк"]
    assert [plural("en", n, ["row", "rows"]) for n in (0, 1, 2)] == ["rows", "row", "rows"]


def test_every_canonical_column_has_a_label():
    from audits import model
    for table in model.TABLE_NAMES:
        for target in model.targets(table):
            assert f"column.{target}" in catalogue(), target


# --- the parsed catalogue kept in __pycache__ ----------------------------------------------------

def _catalogue_in(tmp_path, monkeypatch, files: dict[str, str]):
    import audits.i18n as i18n
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "_DIR", tmp_path)
    return i18n.catalogue.__wrapped__       # without the per-process cache


def test_the_parsed_catalogue_is_kept_and_follows_the_files(tmp_path, monkeypatch):
    read = _catalogue_in(tmp_path, monkeypatch, {"a.toml": '["k.one"]\nen = "One"\nru = "Один"\n',
                                                 "b.toml": '["k.two"]\nen = "Two"\nru = "Два"\n'})
    first = read()
    assert first == {"k.one": {"en": "One", "ru": "Один"}, "k.two": {"en": "Two", "ru": "Два"}}
    kept = list((tmp_path / "__pycache__").glob("catalogue-*.marshal"))
    assert len(kept) == 1
    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed")))
    assert read() == first                                   # from the kept copy, not parsed again
    monkeypatch.undo()
    read = _catalogue_in(tmp_path, monkeypatch, {"b.toml": '["k.two"]\nen = "Two!"\nru = "Два!"\n'})
    assert read()["k.two"] == {"en": "Two!", "ru": "Два!"}   # an edited file is read again
    assert [p.name for p in (tmp_path / "__pycache__").glob("catalogue-*.marshal")] != [kept[0].name]
    assert len(list((tmp_path / "__pycache__").glob("catalogue-*"))) == 1


def test_a_broken_copy_is_ignored_and_duplicates_still_fail(tmp_path, monkeypatch):
    read = _catalogue_in(tmp_path, monkeypatch, {"a.toml": '["k"]\nen = "K"\nru = "К"\n'})
    read()
    kept = next((tmp_path / "__pycache__").glob("catalogue-*.marshal"))
    kept.write_bytes(b"N")                                   # a valid marshal of None
    assert read() == {"k": {"en": "K", "ru": "К"}}
    read = _catalogue_in(tmp_path, monkeypatch, {"b.toml": '["k"]\nen = "Again"\nru = "Снова"\n'})
    with pytest.raises(ValueError, match="defined twice"):
        read()


def test_a_read_only_install_parses_every_time(tmp_path, monkeypatch):
    read = _catalogue_in(tmp_path, monkeypatch, {"a.toml": '["k"]\nen = "K"\nru = "К"\n'})
    (tmp_path / "__pycache__").write_text("not a folder")    # nowhere to keep the copy
    assert read() == {"k": {"en": "K", "ru": "К"}}
