"""The Data page's pure helpers: editor rows, saved mapping files, formula-safe CSV."""
import json

import polars as pl
import pytest

from audits.store import FileInfo
from audits.ui import mapping as mp


def info(fid="f1", file="deals.csv", table="deals", mapping=None, sheet=None):
    mapping = {"ID": "deal_id", "Этап": "stage", "Ответственный": "manager"} if mapping is None else mapping
    return FileInfo(fid, file, sheet, table, None, 10, 0, mapping, headers=["ID", "Этап", "Ответственный", "Прочее"],
                    examples={"ID": ["1", "2"], "Этап": ["Новая"], "Ответственный": ["Иван"], "Прочее": []})


def test_editor_rows_show_every_header_with_examples_and_its_target():
    rows = mp.mapping_rows(info(), "deals", "en")
    assert [r["header"] for r in rows] == ["ID", "Этап", "Ответственный", "Прочее"]
    assert rows[0] == {"header": "ID", "examples": "1, 2", "target": "deal_id · deal id"}
    assert rows[3]["target"] == mp.not_used("en")


def test_headers_left_unused_are_dropped_from_the_mapping():
    rows = mp.mapping_rows(info(), "deals", "ru")
    rows[2]["target"] = mp.not_used("ru")
    assert mp.rows_to_mapping(rows, "ru") == {"ID": "deal_id", "Этап": "stage"}


def test_the_editor_key_changes_with_the_applied_mapping():
    a, b = info(), info(mapping={"ID": "deal_id", "Этап": "stage"})
    assert mp.editor_key(a, "deals", "ru") != mp.editor_key(b, "deals", "ru")
    assert mp.editor_key(a, "deals", "ru") != mp.editor_key(a, "deals", "en")


def test_a_saved_full_mapping_replaces_and_a_partial_one_amends():
    files = [info(), info("f2", "calls.csv", "calls", {"Дата": "started_at"})]
    full = {"deals.csv": {"__table__": "deals", "ID": "deal_id", "Этап": "stage"}}
    assert mp.saved_mapping_updates(full, files) == [("f1", "deals", {"ID": "deal_id", "Этап": "stage"})]
    partial = {"deals": {"Ответственный": None, "Прочее": "product"}}
    assert mp.saved_mapping_updates(partial, files) == [
        ("f1", "deals", {"ID": "deal_id", "Этап": "stage", "Прочее": "product"})]
    assert mp.saved_mapping_updates({"*.csv": {"X": "y"}, "manager_aliases": {"a": "b"}}, files)[1][0] == "f2"
    assert mp.saved_mapping_updates({"other.xlsx": {"a": "b"}}, files) == []
    assert mp.saved_aliases({"manager_aliases": {"Петров И.": "Иван Петров"}}) == {"Петров И.": "Иван Петров"}


def test_a_sheet_is_matched_by_file_and_sheet_name():
    f = info(file="book.xlsx", sheet="2024")
    assert mp.saved_mapping_updates({"book.xlsx#2025": {"ID": "deal_id"}}, [f]) == []
    assert mp.saved_mapping_updates({"book.xlsx#2024": {"ID": "deal_id"}}, [f])[0][0] == "f1"


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_file_that_is_not_a_mapping_is_refused(data):
    with pytest.raises(mp.BadMappingFile):
        mp.read_mapping_file(data)


def test_the_mapping_download_round_trips():
    m = {"deals.csv": {"__table__": "deals", "Этап": "stage"}}
    assert mp.read_mapping_file(mp.mapping_json(m)) == m
    assert json.loads(mp.mapping_json(m).decode()) == m


def test_csv_downloads_defuse_formulas():
    df = pl.DataFrame({"row": [1, 2, 3, 4, 5], "value": ["=1+2", "+7 912", "@SUM(A1)", "\tx", "plain"]})
    text = mp.safe_csv(df).decode("utf-8-sig")
    assert text.splitlines() == ["row,value", "1,'=1+2", "2,'+7 912", "3,'@SUM(A1)", "4,'\tx", "5,plain"]
    assert mp.defuse("-1") == "'-1" and mp.defuse(5) == 5 and mp.defuse(None) is None
