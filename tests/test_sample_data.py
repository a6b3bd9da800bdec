"""The committed demo company in sample_data/: formats, headers, sizes, and a deterministic generator.

These tests read the files with plain csv/openpyxl/polars, not with the app's importer.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
DATA_FILES = ["amocrm_deals.xlsx", "bitrix24_companies.csv", "1c_sales.csv", "asterisk_Master.csv",
              "mango_calls.csv", "tasks.csv", "hubspot_meetings.csv", "managers.xlsx", "plans.xlsx",
              "nps_survey.csv"]
STAGES = ["Неразобранное", "Первичный контакт", "Выявление потребности", "КП отправлено",
          "Думает", "На согласовании", "Счёт выставлен", "Успешно реализовано",
          "Закрыто и не реализовано"]


def read_csv_rows(name: str, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    text = (SAMPLE / name).read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def sheet_rows(name: str, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(SAMPLE / name, read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", DATA_FILES + ["generate.py", "README.md"])
def test_file_exists(name):
    assert (SAMPLE / name).is_file()


def test_amocrm_deals_sheet():
    rows = sheet_rows("amocrm_deals.xlsx", "Сделки")
    assert list(rows[0]) == ["ID", "Название", "Бюджет", "Ответственный", "Этап", "Воронка",
                             "Дата создания", "Дата закрытия", "Компания", "ID компании",
                             "Источник", "Продукт", "Город", "Причина отказа", "Скидка"]
    body = rows[1:]
    assert 5000 <= len(body) <= 7000
    assert {r[4] for r in body} <= set(STAGES)
    assert {"Думает", "На согласовании", STAGES[7], STAGES[8]} <= {r[4] for r in body}
    assert all(isinstance(r[6], str) and datetime.strptime(r[6], "%d.%m.%Y %H:%M:%S") for r in body)
    amounts = [r[2] for r in body if r[2] is not None]
    assert all(isinstance(a, (int, float)) for a in amounts)
    assert 0.01 < 1 - len(amounts) / len(body) < 0.06          # a few deals lack an amount
    assert {r[10] for r in body} == {"Сайт", "Входящий звонок", "Рекомендация", "Холодный звонок",
                                     "Выставка"}


def test_amocrm_history_sheet():
    rows = sheet_rows("amocrm_deals.xlsx", "История этапов")
    assert list(rows[0]) == ["ID сделки", "Этап", "Дата перехода"]
    body = rows[1:]
    assert len(body) > 15000
    assert all(isinstance(r[2], datetime) for r in body)
    assert {r[1] for r in body} <= set(STAGES)


def test_bitrix_companies_format():
    raw = (SAMPLE / "bitrix24_companies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + '"ID";"Название компании";'.encode())
    rows = read_csv_rows("bitrix24_companies.csv", "utf-8-sig", ";")
    assert rows[0] == ["ID", "Название компании", "Тип компании", "Сфера деятельности",
                       "Рабочий телефон", "Мобильный телефон", "Город", "Дата создания",
                       "Ответственный", "Потенциал закупок в год"]
    body = rows[1:]
    assert 2800 <= len(body) <= 3200
    assert all(len(r) == 10 for r in body)
    assert sum("\n" in r[1] for r in body) == 1                  # one name with a line break
    assert any('"' in r[1] for r in body)
    assert any(", " in r[4] for r in body)                       # two numbers in one cell
    empty_potential = sum(r[9] == "" for r in body) / len(body)
    assert 0.3 < empty_potential < 0.5


def test_1c_sales_format():
    raw = (SAMPLE / "1c_sales.csv").read_bytes()
    text = raw.decode("cp1251")
    lines = text.splitlines()
    assert lines[0] == "Продажи за период 01.01.2024 - 31.12.2025"
    assert lines[1].startswith("Организация: ООО")
    assert lines[2] == ""
    assert lines[3] == "Дата;Документ;Код контрагента;Контрагент;Номенклатура;Количество;Цена;Сумма;Менеджер"
    rows = list(csv.reader(io.StringIO("\n".join(lines[4:])), delimiter=";"))
    body, total = rows[:-1], rows[-1]
    assert total[0] == "" and total[1] == "Итого"
    assert 30000 <= len(body) <= 40000
    assert all(len(r) == 9 for r in body)
    assert any("\u00a0" in r[7] for r in body)                   # non-breaking thousands separator
    assert any(r[1].startswith("Возврат товаров от покупателя") and r[7].startswith("-") for r in body)
    assert all(r[8].endswith(".") for r in body)                 # "Петров И."
    datetime.strptime(body[0][0], "%d.%m.%Y")


def test_asterisk_master_headerless():
    raw = (SAMPLE / "asterisk_Master.csv").read_text(encoding="utf-8")
    first = raw.split("\n", 1)[0]
    assert first.startswith('"",') and not first.startswith('"accountcode"')
    rows = list(csv.reader(io.StringIO(raw)))
    assert len(rows) > 40000
    assert all(len(r) == 18 for r in rows)
    assert all(r[9].startswith("2024-") for r in rows)
    assert {r[14] for r in rows} <= {"ANSWERED", "NO ANSWER", "BUSY", "FAILED"}
    # every field quoted except duration and billsec (columns 13 and 14)
    pattern = re.compile(r'^("(?:[^"]|"")*",){12}\d+,\d+(,"(?:[^"]|"")*"){4}$')
    assert all(pattern.match(line) for line in raw.splitlines())


def test_mango_calls_format():
    raw = (SAMPLE / "mango_calls.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    df = pl.read_csv(SAMPLE / "mango_calls.csv", separator=";", infer_schema_length=0)
    assert df.columns == ["Дата", "Время", "Тип звонка", "Кто звонил", "Кому звонил", "Сотрудник",
                          "Длительность разговора", "Ожидание", "Статус", "Запись"]
    assert df.height > 40000
    assert df["Дата"].str.ends_with(".2025").all()
    assert set(df["Тип звонка"].unique()) == {"Входящий", "Исходящий"}
    assert set(df["Статус"].unique()) == {"Успешный", "Пропущенный"}
    assert df["Длительность разговора"].str.contains(r"^\d\d:\d\d:\d\d$").all()


def test_calls_total_over_100k():
    n_ast = (SAMPLE / "asterisk_Master.csv").read_bytes().count(b"\n")
    n_mango = (SAMPLE / "mango_calls.csv").read_bytes().count(b"\n") - 1
    assert n_ast + n_mango > 100_000


@pytest.mark.parametrize("name,header,lo,hi", [
    ("tasks.csv", ["ID задачи", "ID сделки", "Ответственный", "Срок выполнения",
                   "Дата выполнения", "Тип задачи", "Результат"], 5000, 30000),
    ("hubspot_meetings.csv", ["Activity ID", "Activity date", "Activity assigned to",
                              "Associated Company IDs", "Meeting location", "Meeting outcome"],
     500, 5000),
    ("nps_survey.csv", ["Отметка времени", "ID клиента",
                        "Насколько вероятно, что вы порекомендуете нас коллегам? (0-10)",
                        "Комментарий"], 350, 450),
])
def test_small_csv_files(name, header, lo, hi):
    rows = read_csv_rows(name)
    assert rows[0] == header
    assert lo <= len(rows) - 1 <= hi
    assert all(len(r) == len(header) for r in rows[1:])


def test_nps_scores():
    rows = read_csv_rows("nps_survey.csv")[1:]
    assert {int(r[2]) for r in rows} <= set(range(11))
    datetime.strptime(rows[0][0], "%d.%m.%Y %H:%M:%S")


def test_managers_and_plans():
    rows = sheet_rows("managers.xlsx", "Сотрудники")
    assert rows[0][0] == "Список сотрудников отдела продаж"
    assert all(v is None for v in rows[1])
    assert list(rows[2]) == ["ФИО", "Отдел", "Роль", "Дата приёма", "Дата увольнения",
                             "Внутренний номер"]
    people = rows[3:]
    assert 12 <= len(people) <= 14
    assert all(isinstance(r[3], datetime) and isinstance(r[5], str) for r in people)
    assert sum(r[4] is not None for r in people) == 2
    names = {r[0] for r in people}

    plans = sheet_rows("plans.xlsx", "План продаж")
    assert list(plans[0]) == ["Менеджер", "Месяц", "План, руб."]
    assert all(isinstance(r[1], datetime) and r[1].day == 1 for r in plans[1:])
    assert {r[0] for r in plans[1:]} <= names
    deals = sheet_rows("amocrm_deals.xlsx", "Сделки")[1:]
    assert {r[3] for r in deals if r[3]} <= names


def test_generator_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(SAMPLE / "generate.py"), str(tmp_path)], check=True,
                   timeout=120)
    for name in DATA_FILES:
        assert sha256(tmp_path / name) == sha256(SAMPLE / name), name
