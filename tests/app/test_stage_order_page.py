"""The order of the funnel stages on the Data page: numbered by the user, kept in the Store, used by
the audit (basis "user"), written in the mapping file."""
from audits import audit
from audits.i18n import t
from audits.ui import stage_order
from tests.app.helpers import DATA_PAGE, new_app, store, upload

# Three open stages with no history: their names suggest Новая (new) -> Встреча (meeting) -> КП
# (proposal); the user knows better: in this company the proposal comes before the meeting.
DEALS = ("deal_id,stage,manager,amount,created_at\n"
         "1,Новая,Иван Петров,100,2025-01-10\n"
         "2,Встреча,Иван Петров,200,2025-02-11\n"
         "3,КП,Анна Смирнова,300,2025-03-12\n"
         "4,Успешно реализовано,Анна Смирнова,400,2025-03-13\n").encode()


def test_the_user_numbers_the_stages_and_the_audit_follows():
    at = new_app().run()
    upload(at, [("deals.csv", DEALS)])
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    s = store(at)
    key = stage_order.editor_key(None, s.version)
    editor = next(e for e in at.data_editor if e.key == key)
    stages_col = t("stages.col_stage", "ru")
    assert list(editor.value[stages_col]) == ["Новая", "Встреча", "КП"]          # guessed from the words
    at.session_state[key] = {"edited_rows": {1: {t("stages.col_position", "ru"): 3},
                                             2: {t("stages.col_position", "ru"): 2}},
                             "added_rows": [], "deleted_rows": []}
    at.button(key=stage_order.save_key(None)).click().run()
    assert not at.exception
    assert s.stage_order == {"": ["Новая", "КП", "Встреча", "Успешно реализовано"]}
    assert s.mapping_file()["stage_order"] == {"": ["Новая", "КП", "Встреча", "Успешно реализовано"]}
    assert at.success
    res = audit.run_store(s, lang="en")
    assert res.metrics["funnel_order"]["basis"] == "user"
    # Reached: Новая 4 (every deal is there or further), КП 3 (deals 2, 3, 4), Встреча 2 (2 and 4), won 1.
    assert [(f["stage"], f["reached"]) for f in res.metrics["funnel"]] == [
        ("Новая", 4), ("КП", 3), ("Встреча", 2), ("Успешно реализовано", 1)]
    assert not [lim for lim in res.check(1).limits if lim.kind == "stage_order"]
