"""The Data page: the guard, mapping, coverage, applying a changed mapping, set-aside rows, merges."""
from audits.i18n import t
from audits.ui import mapping as mp
from tests.app.helpers import DATA_PAGE, new_app, store, upload

DEALS = ("deal_id,stage,manager,amount,created_at\n"
         "1,Новая,Иван Петров,100,2025-01-10\n"
         "2,Успешно реализовано,Петров И.,200,2025-02-11\n"
         "3,,Анна Смирнова,300,2025-03-12\n"
         "4,Переговоры,Анна Смирнова,400,2025-03-13\n").encode()
CALLS = ("Дата,Менеджер,Телефон,Длительность\n"
         "2025-01-10 10:00,Иван Петров,+7 912 000-00-01,65\n"
         "2025-01-10 11:00,Анна Смирнова,+7 912 000-00-02,=1+2\n").encode()


def loaded_data_page():
    at = new_app().run()
    upload(at, [("deals.csv", DEALS), ("calls.csv", CALLS)])
    assert not at.exception
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    return at


def test_without_data_the_page_says_so_and_links_home():
    at = new_app().run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    assert any(t("guard.no_data", "ru") in i.value for i in at.info)
    assert [link.proto.label for link in at.main.get("page_link")] == [t("guard.go_home", "ru")]
    assert not at.data_editor


def test_the_page_shows_each_files_mapping_and_the_coverage():
    at = loaded_data_page()
    s = store(at)
    info = s.files[0]
    editor = at.data_editor[0].value
    assert list(editor["header"]) == info.headers
    assert dict(zip(editor["header"], editor["target"]))["deal_id"] == "deal_id · ID сделки"
    coverage = at.dataframe[0].value
    tables = list(coverage[t("data.col.table", "ru")])
    assert "Сделки" in tables and "Звонки" in tables


def test_unmapping_a_column_and_applying_changes_the_loaded_table():
    at = loaded_data_page()
    s = store(at)
    info = s.files[0]
    assert info.table == "deals" and info.mapping.get("manager") == "manager"
    assert s.sql("SELECT count(manager) AS n FROM deals")["n"][0] > 0
    row = info.headers.index("manager")
    at.session_state[mp.editor_key(info, info.table, "ru")] = {
        "edited_rows": {row: {"target": t("data.not_used", "ru")}}, "added_rows": [], "deleted_rows": []}
    at.button(key=f"apply_{info.id}").click().run()
    assert not at.exception
    assert "manager" not in s.files[0].mapping
    assert s.sql("SELECT count(manager) AS n FROM deals")["n"][0] == 0
    assert at.success                                   # "loaded again with the new mapping"
    assert "manager" not in [mp.target_of(v) for v in at.data_editor[0].value["target"]]


def test_a_file_that_was_not_recognised_gets_a_table_and_columns_by_hand():
    at = new_app().run()
    upload(at, [("export (1).csv", "a,b\nНовая,1\nПереговоры,2\nУспех,3\n".encode())])
    at.switch_page(DATA_PAGE).run()
    s = store(at)
    info = s.files[0]
    assert info.table is None and not at.data_editor
    at.selectbox[1].set_value("stages").run()             # the table selector
    assert not at.exception
    at.session_state[mp.editor_key(info, "stages", "ru")] = {
        "edited_rows": {0: {"target": mp.target_label("stage", "ru")}, 1: {"target": mp.target_label("position", "ru")}},
        "added_rows": [], "deleted_rows": []}
    at.button(key=f"apply_{info.id}").click().run()
    assert not at.exception
    assert s.files[0].table == "stages" and s.files[0].mapping == {"a": "stage", "b": "position"}
    assert s.tables() == {"stages": 3}


def test_rows_set_aside_are_counted_listed_and_downloadable():
    at = loaded_data_page()
    aside = store(at).set_aside_rows()
    assert aside.height >= 1
    assert any(str(aside.height) in m.value for m in at.markdown)
    assert any(d.value.shape[0] == aside.height for d in at.dataframe[1:])
    assert at.download_button(key="aside_download")
    assert at.download_button(key="mapping_download")


def test_suggested_spellings_of_a_manager_are_ticked_and_merged():
    at = loaded_data_page()
    s = store(at)
    assert s.manager_suggestions()
    before = s.sql("SELECT count(DISTINCT manager) AS n FROM deals")["n"][0]
    assert at.checkbox[0].value                          # proposed ticked; untick to keep apart
    at.button(key="merge_button").click().run()
    assert not at.exception
    assert s.sql("SELECT count(DISTINCT manager) AS n FROM deals")["n"][0] == before - 1
    assert not s.manager_suggestions()
    assert at.success


def test_an_unticked_suggestion_is_not_merged():
    at = loaded_data_page()
    s = store(at)
    at.checkbox[0].uncheck().run()
    assert at.button(key="merge_button").disabled
    assert s.manager_suggestions()


def test_a_saved_mapping_is_applied_again_and_a_broken_one_is_refused():
    import json
    at = loaded_data_page()
    s = store(at)
    saved = s.mapping_file()
    assert saved["deals.csv"]["manager"] == "manager"
    del saved["deals.csv"]["manager"]
    at.file_uploader(key="mapping_upload_0").set_value(
        ("mapping.json", json.dumps(saved, ensure_ascii=False).encode(), "application/json")).run()
    assert not at.exception
    assert "manager" not in s.files[0].mapping
    assert any(t("data.mapping_applied", "ru", count=2) == m.value for m in at.success)

    at.file_uploader(key="mapping_upload_1").set_value(("mapping.json", b"{not json", "application/json")).run()
    assert not at.exception
    assert any("mapping.json" in e.value for e in at.error)


def test_removing_a_file_rebuilds_the_tables_without_it():
    at = loaded_data_page()
    s = store(at)
    calls = next(f for f in s.files if f.table == "calls")
    at.selectbox(key="data_file").set_value(calls.id).run()
    at.button(key=f"remove_{calls.id}").click().run()
    assert not at.exception
    assert "calls" not in s.tables() and s.tables().get("deals") == 3
    assert [f.id for f in s.files] != [] and calls.id not in [f.id for f in s.files]
