"""The session store: mapping changes, removal, manager merges, linking calls to clients."""
import json

from audits.store import Input, Store
from tests.conftest import FIXTURES, load

CLIENTS = ("ID;Название компании;Рабочий телефон;Ответственный\n"
           "C1;ООО Ромашка;+7 (916) 123-45-67;Иван Петров\n"
           "C2;АО Вектор;8 495 765-43-21, 8 (903) 000-11-22;Анна Смирнова\n").encode()
CALLS = ("Дата;Время;Сотрудник;Кто звонил;Кому звонил;Тип звонка;Длительность разговора\n"
         "05.01.2025;10:12:01;иван  петров;79161234567;101;Входящий;00:03:25\n"
         "05.01.2025;19:40:00;Анна Смирнова;74957654321;102;Входящий;0\n"
         "06.01.2025;09:00:00;Анна Смирнова;102;79030001122;Исходящий;65\n"
         "06.01.2025;09:30:00;Иван Петров;101;79990000000;Исходящий;30\n").encode()
CALLS_MAP = {"calls.csv": {"__table__": "calls", "Дата": "started_at", "Время": "started_at",
                           "Сотрудник": "manager", "Кто звонил": "from", "Кому звонил": "to",
                           "Тип звонка": "direction", "Длительность разговора": "duration_s"}}
CLIENTS_MAP = {"clients.csv": {"__table__": "clients", "ID": "client_id", "Название компании": "name",
                               "Рабочий телефон": "phone", "Ответственный": "manager"}}


def add(store, name, data, mapping):
    return store.add([Input(name=name, data=data)], mapping=mapping)


def test_calls_link_to_clients_through_any_of_their_numbers(store):
    add(store, "clients.csv", CLIENTS, CLIENTS_MAP)
    add(store, "calls.csv", CALLS, CALLS_MAP)
    rows = store.con.execute("SELECT started_at::VARCHAR, manager, direction, phone, client_id, duration_s "
                             "FROM calls ORDER BY started_at").fetchall()
    assert rows == [
        ("2025-01-05 10:12:01", "Иван Петров", "in", "79161234567", "C1", 205),
        ("2025-01-05 19:40:00", "Анна Смирнова", "in", "74957654321", "C2", 0),
        ("2025-01-06 09:00:00", "Анна Смирнова", "out", "79030001122", "C2", 65),
        ("2025-01-06 09:30:00", "Иван Петров", "out", "79990000000", None, 30),
    ]


def test_a_file_loaded_later_links_calls_loaded_earlier(store):
    add(store, "calls.csv", CALLS, CALLS_MAP)
    assert store.con.execute("SELECT count(client_id) FROM calls").fetchone()[0] == 0
    add(store, "clients.csv", CLIENTS, CLIENTS_MAP)
    assert store.con.execute("SELECT count(client_id) FROM calls").fetchone()[0] == 3


def test_remap_changes_the_loaded_rows_and_keeps_other_files(store):
    add(store, "clients.csv", CLIENTS, CLIENTS_MAP)
    add(store, "calls.csv", CALLS, CALLS_MAP)
    calls = next(f for f in store.files if f.table == "calls")
    mapping = dict(calls.mapping)
    del mapping["Сотрудник"]                      # the manager now comes from the extension
    info = store.remap(calls.id, "calls", mapping)
    assert "Сотрудник" not in info.mapping
    managers = [r[0] for r in store.con.execute("SELECT manager FROM calls ORDER BY started_at").fetchall()]
    assert managers == ["101", "102", "102", "101"]
    assert store.tables() == {"clients": 2, "calls": 4}


def test_removing_a_file_removes_only_its_rows(store):
    add(store, "clients.csv", CLIENTS, CLIENTS_MAP)
    add(store, "calls.csv", CALLS, CALLS_MAP)
    store.remove(store.files[0].id)
    assert store.tables() == {"calls": 4}
    assert [f.file for f in store.files] == ["calls.csv"]


def test_duplicates_come_back_when_the_earlier_file_is_removed(store):
    first = "ID,Stage\n1,Новая\n".encode()
    second = "ID,Stage\n1,Думает\n2,Новая\n".encode()
    m = {"__table__": "deals", "ID": "deal_id", "Stage": "stage"}
    add(store, "a.csv", first, {"a.csv": m})
    add(store, "b.csv", second, {"b.csv": m})
    assert [(f.rows, f.set_aside) for f in store.files] == [(1, 0), (1, 1)]
    store.remove(store.files[0].id)
    assert store.con.execute("SELECT deal_id, stage FROM deals ORDER BY deal_id").fetchall() == [
        ("1", "Думает"), ("2", "Новая")]
    assert [(f.rows, f.set_aside) for f in store.files] == [(2, 0)]


def test_manager_spellings_are_offered_for_merge_and_merged(store):
    orders = ("Дата;Код;Сумма;Менеджер\n05.02.2024;C1;100;Петров И.\n06.02.2024;C2;50;Смирнова А.\n").encode()
    add(store, "clients.csv", CLIENTS, CLIENTS_MAP)
    add(store, "orders.csv", orders, {"orders.csv": {"__table__": "orders", "Дата": "ordered_at", "Код": "client_id",
                                                     "Сумма": "amount", "Менеджер": "manager"}})
    suggestions = [(s.names, s.canonical) for s in store.manager_suggestions()]
    assert suggestions == [(["Анна Смирнова", "Смирнова А."], "Анна Смирнова"),
                           (["Иван Петров", "Петров И."], "Иван Петров")]
    store.merge_managers({"Петров И.": "Иван Петров"})
    assert store.con.execute("SELECT DISTINCT manager FROM orders ORDER BY 1").fetchall() == [
        ("Иван Петров",), ("Смирнова А.",)]
    assert store.mapping_file()["manager_aliases"] == {"Петров И.": "Иван Петров"}


def test_pbx_extensions_become_names_when_a_managers_file_says_whose_they_are(store):
    managers = "ФИО;Отдел;Внутренний номер\nИван Петров;Отдел 1;101\nАнна Смирнова;Отдел 2;102\n".encode()
    add(store, "managers.csv", managers, {"managers.csv": {"__table__": "managers", "ФИО": "manager",
                                                           "Отдел": "team", "Внутренний номер": "extension"}})
    mapping = {k: v for k, v in CALLS_MAP["calls.csv"].items() if k != "Сотрудник"}
    add(store, "calls.csv", CALLS, {"calls.csv": mapping})
    got = store.con.execute("SELECT manager, count(*) FROM calls GROUP BY 1 ORDER BY 1").fetchall()
    assert got == [("Анна Смирнова", 2), ("Иван Петров", 2)]


def test_the_saved_mapping_file_reproduces_the_load(store, tmp_path):
    load(store, "csv/calls_utf8.csv", mapping={"calls_utf8.csv": {
        "__table__": "calls", "Дата звонка": "started_at", "Менеджер": "manager", "Длительность": "duration_s"}})
    saved = json.loads(json.dumps(store.mapping_file(), ensure_ascii=False))
    other = Store(workdir=tmp_path / "other")
    try:
        other.add([Input(name="calls_utf8.csv", path=FIXTURES / "csv" / "calls_utf8.csv")], mapping=saved)
        assert other.files[0].mapping == store.files[0].mapping
        assert other.sql("SELECT * EXCLUDE (_fid) FROM calls ORDER BY _row").equals(
            store.sql("SELECT * EXCLUDE (_fid) FROM calls ORDER BY _row"))
    finally:
        other.close()


def test_coverage_tells_rows_dates_and_managers_per_table(store):
    add(store, "calls.csv", CALLS, CALLS_MAP)
    [cov] = store.coverage()
    assert (cov.table, cov.rows, cov.date_from, cov.date_to, cov.managers, cov.files) == (
        "calls", 4, "2025-01-05", "2025-01-06", 2, ["calls.csv"])


def test_parquet_files_load(store, tmp_path):
    import polars as pl
    path = tmp_path / "deals.parquet"
    pl.DataFrame({"deal_id": [1, 2], "stage": ["Closed Won", "Новая"], "amount": [10.5, None]}).write_parquet(path)
    store.add([Input(name="deals.parquet", path=path)], mapping={"deals.parquet": {"__table__": "deals"}})
    assert store.con.execute("SELECT deal_id, status, amount::DOUBLE, _row FROM deals ORDER BY 1").fetchall() == [
        ("1", "won", 10.5, 1), ("2", "open", None, 2)]


def test_progress_is_reported_from_zero_to_one(store):
    seen = []
    store.add([Input(name="calls.csv", data=CALLS), Input(name="clients.csv", data=CLIENTS)],
              mapping={**CALLS_MAP, **CLIENTS_MAP}, progress=lambda f, name: seen.append((f, name)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert {"calls.csv", "clients.csv"} <= {n for _, n in seen}


def test_the_session_folder_is_removed_on_close(tmp_path):
    s = Store()
    folder = s.workdir
    s.add([Input(name="calls.csv", data=CALLS)], mapping=CALLS_MAP)
    assert any(folder.rglob("*calls.csv"))
    s.close()
    assert not folder.exists()


def test_the_database_refuses_files_outside_the_session_folder(store):
    import duckdb
    import pytest
    with pytest.raises(duckdb.Error):
        store.con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()


def test_an_empty_store_can_be_audited_and_says_nothing_is_assessed(store):
    from audits import audit
    result = audit.run_store(store, lang="en")
    assert result.as_of is None and result.score is None
    assert {c.verdict for c in result.checks} == {"not_assessed"}
