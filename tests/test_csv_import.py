"""Every CSV quirk of the data-model spec, read from a small committed file into exact rows."""
from datetime import datetime
from decimal import Decimal

import pytest

from tests.conftest import FIXTURES, load

CALLS_MAP = {"__table__": "calls", "Дата звонка": "started_at", "Менеджер": "manager", "Номер": "phone",
             "Длительность": "duration_s", "Направление": "direction"}
EXPECTED_CALLS = [
    (datetime(2024, 3, 1, 9, 15), "Иван Петров", "79161234567", 310, "out", "answered"),
    (datetime(2024, 3, 1, 18, 40), "Иван Петров", "79167654321", 0, "in", "missed"),
    (datetime(2024, 3, 2, 11, 0), "Анна Смирнова", "79161234567", 83, "in", "answered"),
]


@pytest.mark.parametrize("name", ["calls_utf8.csv", "calls_utf8_bom.csv", "calls_cp1251.csv",
                                  "calls_tab.tsv", "calls_pipe.txt"])
def test_calls_read_the_same_whatever_the_encoding_and_delimiter(store, name):
    load(store, f"csv/{name}", mapping={name: CALLS_MAP})
    rows = store.con.execute("SELECT started_at, manager, phone, duration_s, direction, status "
                             "FROM calls ORDER BY _row").fetchall()
    assert rows == EXPECTED_CALLS
    assert store.files[0].rows == 3 and store.files[0].set_aside == 0


def test_1c_report_with_title_rows_cp1251_decimal_comma_and_nbsp_thousands(store):
    mapping = {"orders_1c_cp1251.csv": {"__table__": "orders", "Дата": "ordered_at", "Документ": "order_id",
                                        "Код контрагента": "client_id", "Номенклатура": "product",
                                        "Количество": "quantity", "Цена": "price", "Сумма": "amount",
                                        "Менеджер": "manager"}}
    load(store, "csv/orders_1c_cp1251.csv", mapping=mapping)
    rows = store.con.execute("SELECT _row, client_id, ordered_at, quantity, price, amount, manager "
                             "FROM orders ORDER BY _row").fetchall()
    assert rows == [
        (5, "0017", datetime(2024, 2, 5), 10, Decimal("1234.50"), Decimal("12345.00"), "Петров И."),
        (6, "0017", datetime(2024, 2, 5), 3, Decimal("85.50"), Decimal("256.50"), "Петров И."),
        (7, "0017", datetime(2024, 3, 11), -1, Decimal("85.50"), Decimal("-85.50"), "Петров И."),
    ]
    # The "Итого" line has no client and no date: set aside with its row number, not silently lost.
    aside = store.set_aside_rows()
    assert aside["row"].to_list() == [8] and aside["reason_key"].to_list() == ["total_line"]
    assert store.files[0].set_aside == 1
    assert [(m.level, m.key) for m in store.files[0].messages] == [("info", "reason_msg.total_line")]


def test_quoted_newlines_trailing_empty_columns_leading_zeros_and_two_phones(store):
    mapping = {"clients_quirks.csv": {"__table__": "clients", "ID": "client_id", "Название компании": "name",
                                      "Рабочий телефон": "phone", "Годовой оборот": "potential"}}
    load(store, "csv/clients_quirks.csv", mapping=mapping)
    info = store.files[0]
    assert info.headers == ["ID", "Название компании", "Рабочий телефон", "Годовой оборот"]
    rows = store.con.execute("SELECT client_id, name, potential FROM clients ORDER BY _row").fetchall()
    assert rows == [("17850", 'ООО "Ромашка"', Decimal("1200000.50")),
                    ("00042", 'ИП Сидоров магазин "Угол"', None),
                    ("17851", "АО Вектор", Decimal("3.50"))]
    phones = store.con.execute("SELECT client_id, phone FROM client_phones ORDER BY ALL").fetchall()
    assert phones == [("00042", "78005553535"), ("17850", "74951234567"), ("17850", "79161234567")]


def test_us_dates_thousands_commas_and_status_from_stage_words(store):
    mapping = {"deals_us.csv": {"__table__": "deals", "Deal ID": "deal_id", "Deal Stage": "stage",
                                "Amount": "amount", "Create Date": "created_at", "Close Date": "closed_at"}}
    load(store, "csv/deals_us.csv", mapping=mapping)
    rows = store.con.execute("SELECT deal_id, status, amount, created_at, closed_at FROM deals ORDER BY _row").fetchall()
    assert rows == [
        ("1001", "won", Decimal("12500.00"), datetime(2024, 3, 15, 14, 30), datetime(2024, 4, 1)),
        ("1002", "lost", Decimal("800.50"), datetime(2024, 3, 16, 9, 5), datetime(2024, 4, 20)),
        ("1003", "open", None, datetime(2024, 12, 31, 23, 59), None),
    ]


def test_broken_quoting_is_read_leniently(store):
    mapping = {"broken_quotes.csv": {"__table__": "deals", "deal_id": "deal_id", "stage": "stage",
                                     "amount": "amount"}}
    load(store, "csv/broken_quotes.csv", mapping=mapping)
    rows = store.con.execute("SELECT _row, deal_id, stage, amount FROM deals ORDER BY _row").fetchall()
    # The unclosed quote stays part of the value instead of swallowing the rest of the file.
    assert rows == [(2, "1", "Новая", Decimal("100.00")), (3, "2", '"Думает', Decimal("200.00")),
                    (4, "3", "КП отправлено", Decimal("300.00"))]


def test_headerless_asterisk_master_csv_names_columns_by_position(store):
    load(store, "csv/Master.csv", mapping={"Master.csv": {"__table__": "calls"}})
    info = store.files[0]
    assert info.headers[:3] == ["col1", "col2", "col3"] and len(info.headers) == 18
    rows = store.con.execute("SELECT started_at, manager, direction, phone, duration_s, wait_s, status, call_id "
                             "FROM calls ORDER BY _row").fetchall()
    assert rows == [
        (datetime(2024, 1, 5, 10, 12, 1), "101", "out", "79161234567", 211, 8, "answered", "1704449521.123"),
        (datetime(2024, 1, 5, 18, 30), "105", "in", "74951234567", 0, 25, "missed", "1704469800.124"),
        (datetime(2024, 1, 6, 9, 0), "102", "in", "79161234567", 46, 4, "answered", "1704531600.125"),
    ]


def test_row_numbers_follow_the_file_even_when_the_reader_runs_in_parallel(tmp_path):
    from audits.store import Input, Store
    lines = ["n;Дата звонка;Длительность"] + [f"{i};2024-03-01 10:00:00;{i % 600}" for i in range(2, 300_002)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(workdir=tmp_path / "s", threads=2, memory_limit=None)
    try:
        store.add([Input(name="big.csv", path=path)], mapping={"big.csv": {
            "__table__": "calls", "n": "call_id", "Дата звонка": "started_at", "Длительность": "duration_s"}})
        assert store.con.execute("SELECT count(*), count(*) FILTER (WHERE _row::VARCHAR = call_id) "
                                 "FROM calls").fetchone() == (300_000, 300_000)
    finally:
        store.close()


def test_answered_flags_directions_in_words_and_quantity_times_price(store):
    from audits.store import Input
    calls = ("Call Date;Agent;Client number;Answered;Talk time;Type\n"
             "2024-05-02 09:00:00;Иван Петров;+7 916 000-00-01;Y;1m 5s;Outbound\n"
             "2024-05-02 09:10:00;Иван Петров;+7 916 000-00-02;N;0;inbound\n").encode()
    orders = "Date,Client,Qty,Price\n02.05.2024,C1,3,\"1,5\"\n".encode()
    store.add([Input(name="calls.csv", data=calls), Input(name="orders.csv", data=orders)], mapping={
        "calls.csv": {"__table__": "calls", "Call Date": "started_at", "Agent": "manager", "Client number": "phone",
                      "Answered": "answered", "Talk time": "duration_s", "Type": "direction"},
        "orders.csv": {"__table__": "orders", "Date": "ordered_at", "Client": "client_id", "Qty": "quantity",
                       "Price": "price"}})
    assert store.con.execute("SELECT direction, status, duration_s, phone FROM calls ORDER BY started_at").fetchall() == [
        ("out", "answered", 65, "79160000001"), ("in", "missed", 0, "79160000002")]
    assert store.con.execute("SELECT quantity, price, amount FROM orders").fetchall() == [
        (3, Decimal("1.50"), Decimal("4.50"))]


def test_transcoding_never_touches_the_users_own_file(store, tmp_path):
    from audits.store import Input
    original = tmp_path / "calls.csv"
    data = (FIXTURES / "csv" / "calls_cp1251.csv").read_bytes()
    original.write_bytes(data)
    store.add([Input(name="calls.csv", path=original)])
    assert original.read_bytes() == data
    assert store.tables() == {"calls": 3}


def test_a_plan_with_one_column_per_month_becomes_rows(store):
    from audits.store import Input
    data = ("Менеджер;Январь 2025;Февраль 2025;Март 2025;Итого\n"
            "Иван Петров;1 000 000;1 200 000;;2 200 000\n"
            "Анна Смирнова;500 000;500 000;600 000,50;1 600 000,50\n").encode()
    store.add([Input(name="plan.csv", data=data)])
    [info] = store.files
    assert info.table == "plans" and [m.key for m in info.messages] == ["plans.wide"]
    assert store.con.execute("SELECT manager, month::VARCHAR, plan_amount, _row FROM plans ORDER BY ALL").fetchall() == [
        ("Анна Смирнова", "2025-01-01", Decimal("500000.00"), 3),
        ("Анна Смирнова", "2025-02-01", Decimal("500000.00"), 3),
        ("Анна Смирнова", "2025-03-01", Decimal("600000.50"), 3),
        ("Иван Петров", "2025-01-01", Decimal("1000000.00"), 2),
        ("Иван Петров", "2025-02-01", Decimal("1200000.00"), 2),
    ]


@pytest.mark.parametrize("header, month", [
    ("2024-01", "2024-01-01"), ("2024-01-01 00:00:00", "2024-01-01"), ("01.2024", "2024-01-01"),
    ("янв.24", "2024-01-01"), ("Jan-24", "2024-01-01"), ("Сентябрь 2025", "2025-09-01"), ("Итого", None),
    ("Менеджер", None), ("13.2024", None),
])
def test_month_headers(header, month):
    from audits.ingest.wide import month_of
    got = month_of(header)
    assert (got.isoformat() if got else None) == month


def test_a_workbook_plan_with_month_dates_as_headers(store, tmp_path):
    from datetime import datetime as dt

    import xlsxwriter

    from audits.store import Input
    path = tmp_path / "plan.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("План")
    fmt = wb.add_format({"num_format": "mmm yyyy"})
    ws.write(0, 0, "План продаж на 2024 год")
    ws.write(2, 0, "Сотрудник")
    for i, m in enumerate((1, 2, 3)):
        ws.write_datetime(2, 1 + i, dt(2024, m, 1), fmt)
    ws.write_row(3, 0, ["Иван Петров", 100, 200, 300])
    wb.close()
    store.add([Input(name="plan.xlsx", path=path)])
    assert store.con.execute("SELECT manager, month::VARCHAR, plan_amount::INT, _row FROM plans ORDER BY month").fetchall() == [
        ("Иван Петров", "2024-01-01", 100, 4), ("Иван Петров", "2024-02-01", 200, 4), ("Иван Петров", "2024-03-01", 300, 4)]
