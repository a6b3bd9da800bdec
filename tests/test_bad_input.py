"""Bad uploads get a clear message naming the file, and never remove what was loaded before."""
import io
import struct
import zipfile

import pytest

from audits.store import Input
from tests.conftest import FIXTURES, load

CALLS_MAP = {"calls_utf8.csv": {"__table__": "calls", "Дата звонка": "started_at", "Менеджер": "manager",
                                "Номер": "phone", "Длительность": "duration_s", "Направление": "direction"}}


@pytest.fixture
def loaded(store):
    load(store, "csv/calls_utf8.csv", mapping=CALLS_MAP)
    assert store.tables() == {"calls": 3}
    return store


def add_bytes(store, name, data, mapping=None):
    return store.add([Input(name=name, data=data)], mapping=mapping or {})


def assert_refused(report, name, key):
    assert [(n, m.key) for n, m in report.errors] == [(name, key)]
    msg = report.errors[0][1]
    assert name in msg.text("en") and name in msg.text("ru")
    assert "Traceback" not in msg.text("en")


def two_gb_claim() -> bytes:
    """A tiny zip whose central directory claims the entry unpacks to 2 GB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("calls.csv", "a,b\n1,2\n")
    data = bytearray(buf.getvalue())
    cd = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 2 * 1024 ** 3)
    return bytes(data)


@pytest.mark.parametrize("name, data, key", [
    ("empty.csv", b"", "source.empty"),
    ("garbage.csv", bytes(range(256)) * 40, "source.binary"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x01" * 500, "source.not_a_table"),
    ("report.xlsx", b"%PDF-1.7\n" + b"x" * 100, "source.not_a_table"),
    ("broken.zip", b"PK\x03\x04" + b"\x00" * 60, "source.bad_zip"),
    ("huge.zip", two_gb_claim(), "source.zip_too_big"),
])
def test_a_bad_file_is_refused_with_a_message_and_earlier_data_survives(loaded, name, data, key):
    report = add_bytes(loaded, name, data)
    assert_refused(report, name, key)
    assert loaded.tables() == {"calls": 3}
    assert [f.file for f in loaded.files] == ["calls_utf8.csv"]


def test_missing_required_column_names_the_columns_and_keeps_earlier_data(loaded):
    data = "Менеджер,Номер\nИван Петров,79161234567\n".encode()
    add_bytes(loaded, "calls2.csv", data, {"calls2.csv": {"__table__": "calls", "Менеджер": "manager"}})
    info = loaded.files[-1]
    assert info.table == "calls" and info.rows == 0
    [msg] = [m for m in info.messages if m.level == "error"]
    assert msg.key == "detect.missing_required"
    assert "started_at" in msg.text("en") and "duration_s" in msg.text("en") and "calls2.csv" in msg.text("ru")
    assert loaded.tables() == {"calls": 3}


def test_bad_dates_are_set_aside_with_their_row_numbers(loaded):
    data = ("Дата звонка,Менеджер,Длительность\n2024-03-05 10:00:00,Анна,60\n32.13.2024,Анна,60\n"
            "вчера,Анна,30\n2024-03-06 10:00:00,Анна,10\n").encode()
    add_bytes(loaded, "calls3.csv", data, {"calls3.csv": {"__table__": "calls", "Дата звонка": "started_at",
                                                          "Менеджер": "manager", "Длительность": "duration_s"}})
    info = loaded.files[-1]
    assert (info.rows, info.set_aside) == (2, 2)
    [msg] = info.messages
    assert msg.key == "reason_msg.unreadable" and msg.params["rows"] == "3, 4"
    assert "32.13.2024" in msg.text("en") and "«Дата звонка»" in msg.text("ru")
    assert loaded.set_aside_rows(info.id)["row"].to_list() == [3, 4]
    assert loaded.tables() == {"calls": 5}


def test_negative_durations_are_set_aside(loaded):
    data = "Дата звонка,Менеджер,Длительность\n2024-03-05 10:00:00,Анна,-60\n2024-03-05 11:00:00,Анна,60\n".encode()
    add_bytes(loaded, "calls4.csv", data, {"calls4.csv": {"__table__": "calls", "Дата звонка": "started_at",
                                                          "Менеджер": "manager", "Длительность": "duration_s"}})
    info = loaded.files[-1]
    assert (info.rows, info.set_aside) == (1, 1)
    assert [m.key for m in info.messages] == ["reason_msg.negative"]
    assert info.messages[0].params["rows"] == "2"


def test_duplicate_ids_keep_the_first_row_and_set_aside_the_rest(store):
    data = "ID,Stage\n1,Новая\n2,Новая\n1,Думает\n".encode()
    m = {"deals.csv": {"__table__": "deals", "ID": "deal_id", "Stage": "stage"}}
    add_bytes(store, "deals.csv", data, m)
    info = store.files[0]
    assert (info.rows, info.set_aside) == (2, 1)
    assert store.con.execute("SELECT deal_id, stage FROM deals ORDER BY deal_id").fetchall() == [
        ("1", "Новая"), ("2", "Новая")]
    assert [msg.key for msg in info.messages] == ["reason_msg.duplicate"]
    assert info.messages[0].params["rows"] == "4"


def test_koi8_file_is_detected_without_asking(store):
    text = "Дата звонка;Менеджер;Длительность\n2024-03-05 10:00:00;Анна Смирнова;60\n"
    add_bytes(store, "k.csv", text.encode("koi8_r"), {"k.csv": {"__table__": "calls", "Дата звонка": "started_at",
                                                                 "Менеджер": "manager", "Длительность": "duration_s"}})
    assert store.con.execute("SELECT manager FROM calls").fetchall() == [("Анна Смирнова",)]


def test_a_file_mixing_encodings_loads_and_says_how_many_characters_were_lost(store):
    data = ("Дата звонка;Менеджер;Длительность\n2024-03-05 10:00:00;Анна Смирнова;60\n".encode()
            + "2024-03-05 11:00:00;Иван Петров;30\n".encode("cp1251")
            + "".join(f"2024-03-06 10:00:{i:02d};Анна Смирнова;60\n" for i in range(40)).encode())
    add_bytes(store, "mix.csv", data, {"mix.csv": {"__table__": "calls", "Дата звонка": "started_at",
                                                    "Менеджер": "manager", "Длительность": "duration_s"}})
    info = store.files[0]
    assert info.rows == 42
    assert [m.key for m in info.messages] == ["csv.bad_bytes"]


def test_unknown_table_is_reported_not_guessed(store):
    add_bytes(store, "misc.csv", b"a,b,c\nfoo,bar,baz\n")
    info = store.files[0]
    assert info.table is None and info.rows == 0
    assert [m.key for m in info.messages] == ["detect.unknown_table"]


def test_a_folder_and_a_zip_load_every_table_inside(store, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(FIXTURES / "csv" / "calls_utf8.csv", "export/calls_utf8.csv")
        zf.writestr("export/readme.pdf", b"%PDF-1.4")
        zf.writestr("__MACOSX/._calls_utf8.csv", b"\x00\x05\x16\x07")
    report = store.add([Input(name="export.zip", data=buf.getvalue())], mapping=CALLS_MAP)
    assert report.errors == []
    assert [f.file for f in store.files] == ["export.zip/export/calls_utf8.csv"]
    assert store.tables() == {"calls": 3}


def test_the_log_never_holds_uploaded_data(store, caplog, monkeypatch):
    import logging

    import audits.ingest.load as load_module

    secret = "СЕКРЕТ-42 ООО Тайна"

    def explode(*args, **kwargs):
        raise ValueError(f"could not convert {secret}")

    caplog.set_level(logging.DEBUG)
    data = f"Дата звонка,Менеджер,Длительность\n{secret},{secret},{secret}\n".encode()
    mapping = {"__table__": "calls", "Дата звонка": "started_at", "Менеджер": "manager", "Длительность": "duration_s"}
    add_bytes(store, "secret.csv", data, {"secret.csv": mapping})       # unreadable values: set aside
    monkeypatch.setattr(load_module, "normalize", explode)
    report = add_bytes(store, "secret2.csv", data, {"secret2.csv": mapping})
    assert [m.key for _, m in report.errors] == ["source.internal"]
    assert "ValueError" in caplog.text and "load.py" in caplog.text
    assert "СЕКРЕТ" not in caplog.text and "Тайна" not in caplog.text
