"""The demo company: every committed export is recognised as the table and preset it imitates."""
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE

EXPECTED = {
    # file: [(sheet, table, preset, {header: column} that must be in the mapping)]
    "amocrm_deals.xlsx": [
        ("Сделки", "deals", "amoCRM", {"ID": "deal_id", "Бюджет": "amount", "Этап": "stage",
                                       "Ответственный": "manager", "ID компании": "client_id"}),
        ("История этапов", "stage_history", None, {"ID сделки": "deal_id", "Этап": "stage",
                                                       "Дата перехода": "entered_at"}),
    ],
    "bitrix24_companies.csv": [(None, "clients", "Bitrix24", {"ID": "client_id", "Рабочий телефон": "phone",
                                                              "Мобильный телефон": "phone",
                                                              "Потенциал закупок в год": "potential"})],
    "1c_sales.csv": [(None, "orders", "1C", {"Дата": "ordered_at", "Код контрагента": "client_id",
                                             "Сумма": "amount", "Номенклатура": "product"})],
    "asterisk_Master.csv": [(None, "calls", "Asterisk CDR", {"col10": "started_at", "col14": "duration_s",
                                                             "col15": "status"})],
    "mango_calls.csv": [(None, "calls", "MANGO OFFICE", {"Дата": "started_at", "Время": "started_at",
                                                         "Длительность разговора": "duration_s"})],
    "tasks.csv": [(None, "tasks", None, {"ID сделки": "deal_id", "Срок выполнения": "due_at",
                                         "Дата выполнения": "completed_at"})],
    "hubspot_meetings.csv": [(None, "meetings", "HubSpot", {"Activity date": "held_at",
                                                            "Activity assigned to": "manager"})],
    "managers.xlsx": [("Сотрудники", "managers", None, {"ФИО": "manager", "Внутренний номер": "extension"})],
    "plans.xlsx": [("План продаж", "plans", None, {"Менеджер": "manager", "Месяц": "month",
                                                   "План, руб.": "plan_amount"})],
    "nps_survey.csv": [(None, "nps", None, {"ID клиента": "client_id"})],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_demo_file_is_recognised_by_the_cli(name):
    p = subprocess.run([sys.executable, "-m", "audits", "load", str(SAMPLE / name), "--json"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    files = json.loads(p.stdout)["files"]
    got = [(f["sheet"], f["table"]) for f in files]
    assert got == [(sheet, table) for sheet, table, _, _ in EXPECTED[name]]
    for f, (_, _, preset, must) in zip(files, EXPECTED[name]):
        if preset:
            assert f["preset"] == preset
        assert f["rows"] > 0
        assert must.items() <= f["mapping"].items(), f["mapping"]
