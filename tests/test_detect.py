"""Table detection and column mapping (audits/ingest/detect.py): pure, no files."""
from __future__ import annotations

import pytest

from audits.ingest.detect import detect, missing_required, profile
from audits.ingest.synonyms import norm_header
from audits.ingest.vocab import call_direction, call_status, is_vague_stage, stage_status


def _keys(mapping: dict[str, str], **expected: str) -> None:
    for header, target in expected.items():
        assert mapping.get(header) == target, (header, mapping)


# --- the demo company's exports (exact mappings) ---------------------------------------------

def test_demo_amocrm_deals():
    headers = ["ID", "Название", "Бюджет", "Ответственный", "Этап", "Воронка", "Дата создания", "Дата закрытия",
               "Компания", "ID компании", "Источник", "Продукт", "Город", "Причина отказа", "Скидка"]
    d = detect(headers, {}, "amocrm_deals.xlsx")
    assert (d.table, d.preset) == ("deals", "amoCRM")
    assert d.mapping == {
        "ID": "deal_id", "Бюджет": "amount", "Ответственный": "manager", "Этап": "stage", "Воронка": "pipeline",
        "Дата создания": "created_at", "Дата закрытия": "closed_at", "ID компании": "client_id",
        "Источник": "channel", "Продукт": "product", "Город": "region", "Причина отказа": "lost_reason",
        "Скидка": "discount",
    }
    assert d.confidence > 0.8


def test_demo_amocrm_stage_history_sheet_is_not_deals():
    d = detect(["ID сделки", "Этап", "Дата перехода"],
               {"ID сделки": ["101", "101", "102"], "Этап": ["Новая", "КП отправлено", "Новая"],
                "Дата перехода": ["2024-01-05 10:00:00", "2024-01-09 12:30:00", "2024-01-06 09:00:00"]},
               "amocrm_deals.xlsx")
    assert d.table == "stage_history"
    assert d.mapping == {"ID сделки": "deal_id", "Этап": "stage", "Дата перехода": "entered_at"}
    assert d.scores["stage_history"] > d.scores["deals"]


def test_demo_bitrix24_companies():
    headers = ["ID", "Название компании", "Тип компании", "Сфера деятельности", "Рабочий телефон",
               "Мобильный телефон", "Город", "Дата создания", "Ответственный", "Потенциал закупок в год"]
    d = detect(headers, {}, "bitrix24_companies.csv")
    assert (d.table, d.preset) == ("clients", "Bitrix24")
    assert d.mapping == {
        "ID": "client_id", "Название компании": "name", "Сфера деятельности": "segment",
        "Рабочий телефон": "phone", "Мобильный телефон": "phone", "Город": "region", "Дата создания": "created_at",
        "Ответственный": "manager", "Потенциал закупок в год": "potential",
    }


def test_demo_1c_sales():
    headers = ["Дата", "Документ", "Код контрагента", "Контрагент", "Номенклатура", "Количество", "Цена", "Сумма",
               "Менеджер"]
    samples = {"Дата": ["05.02.2024", "11.03.2024"], "Документ": ["Реализация 00000001 от 05.02.2024"],
               "Код контрагента": ["0017"], "Контрагент": ['ООО "Ромашка"'], "Номенклатура": ["Скотч"],
               "Количество": ["10", "-1"], "Цена": ["1 234,50", "85,5"], "Сумма": ["12 345,00", "-85,5"],
               "Менеджер": ["Петров И."]}
    d = detect(headers, samples, "1c_sales.csv")
    assert (d.table, d.preset) == ("orders", "1C")
    assert d.mapping == {
        "Дата": "ordered_at", "Документ": "order_id", "Код контрагента": "client_id", "Номенклатура": "product",
        "Количество": "quantity", "Цена": "price", "Сумма": "amount", "Менеджер": "manager",
    }


def _master_rows() -> list[list[str]]:
    return [
        ["", "101", "79161234567", "from-internal", '"Ivan" <101>', "SIP/101-0000a1b2", "SIP/trunk-0000a1b3",
         "Dial", "SIP/trunk/79161234567,60", "2024-01-05 10:12:01", "2024-01-05 10:12:09",
         "2024-01-05 10:15:40", "219", "211", "ANSWERED", "DOCUMENTATION", "1704449521.123", ""],
        ["", "84951234567", "s", "from-trunk", '"OOO" <84951234567>', "SIP/trunk-0000a1b4", "SIP/105-0000a1b5",
         "Dial", "SIP/105,30", "2024-01-05 18:30:00", "", "2024-01-05 18:30:25", "25", "0", "NO ANSWER",
         "DOCUMENTATION", "1704469800.124", ""],
        ["", "79161234567", "102", "from-trunk", '"x" <79161234567>', "SIP/trunk-0000a1b6", "SIP/102-0000a1b7",
         "Dial", "SIP/102,30", "2024-01-06 09:00:00", "2024-01-06 09:00:04", "2024-01-06 09:00:50", "50", "46",
         "ANSWERED", "DOCUMENTATION", "1704531600.125", ""],
    ]


def _headerless(rows: list[list[str]]) -> tuple[list[str], dict[str, list[str]]]:
    headers = [f"col{i + 1}" for i in range(len(rows[0]))]
    return headers, {h: [r[i] for r in rows if r[i].strip()] for i, h in enumerate(headers)}


@pytest.mark.parametrize("file_name", ["asterisk_Master.csv", "export.txt"])
def test_demo_asterisk_master_headerless_from_values(file_name):
    headers, samples = _headerless(_master_rows())
    d = detect(headers, samples, file_name)
    assert (d.table, d.preset) == ("calls", "Asterisk CDR")
    assert d.mapping == {
        "col2": "from", "col3": "to", "col6": "from_channel", "col7": "to_channel", "col10": "started_at",
        "col11": "answered_at", "col12": "ended_at", "col13": "total_s", "col14": "duration_s", "col15": "status",
        "col17": "call_id",
    }


def test_asterisk_master_17_columns():
    headers, samples = _headerless([r[:17] for r in _master_rows()])
    d = detect(headers, samples, "Master.csv")
    assert d.table == "calls" and d.mapping["col14"] == "duration_s" and d.mapping["col17"] == "call_id"


def test_demo_mango_calls_date_time_pair():
    headers = ["Дата", "Время", "Тип звонка", "Кто звонил", "Кому звонил", "Сотрудник", "Длительность разговора",
               "Ожидание", "Статус", "Запись"]
    samples = {"Дата": ["05.01.2024"], "Время": ["10:12:01"], "Тип звонка": ["Входящий", "Исходящий"],
               "Кто звонил": ["79161234567"], "Кому звонил": ["101"], "Сотрудник": ["Иван Петров"],
               "Длительность разговора": ["00:03:31", "0"], "Ожидание": ["8"], "Статус": ["Успешный", "Пропущенный"],
               "Запись": ["https://example.org/rec/1.mp3"]}
    for s in ({}, samples):
        d = detect(headers, s, "mango_calls.csv")
        assert (d.table, d.preset) == ("calls", "MANGO OFFICE")
        assert d.mapping == {
            "Дата": "started_at", "Время": "started_at", "Тип звонка": "direction", "Кто звонил": "from",
            "Кому звонил": "to", "Сотрудник": "manager", "Длительность разговора": "duration_s",
            "Ожидание": "wait_s", "Статус": "status", "Запись": "recording_url",
        }
        assert list(d.mapping)[:2] == ["Дата", "Время"]


def test_demo_tasks():
    headers = ["ID задачи", "ID сделки", "Ответственный", "Срок выполнения", "Дата выполнения", "Тип задачи",
               "Результат"]
    d = detect(headers, {}, "tasks.csv")
    assert d.table == "tasks"
    assert d.mapping == {"ID задачи": "task_id", "ID сделки": "deal_id", "Ответственный": "manager",
                         "Срок выполнения": "due_at", "Дата выполнения": "completed_at"}


def test_demo_hubspot_meetings():
    headers = ["Activity ID", "Activity date", "Activity assigned to", "Associated Company IDs", "Meeting location",
               "Meeting outcome"]
    d = detect(headers, {}, "hubspot_meetings.csv")
    assert (d.table, d.preset) == ("meetings", "HubSpot")
    assert d.mapping == {"Activity ID": "meeting_id", "Activity date": "held_at", "Activity assigned to": "manager",
                         "Associated Company IDs": "client_id", "Meeting location": "place",
                         "Meeting outcome": "result"}


def test_demo_managers():
    d = detect(["ФИО", "Отдел", "Роль", "Дата приёма", "Дата увольнения", "Внутренний номер"], {}, "managers.xlsx")
    assert d.table == "managers"
    assert d.mapping == {"ФИО": "manager", "Отдел": "team", "Роль": "role", "Дата приёма": "hired_at",
                         "Дата увольнения": "left_at", "Внутренний номер": "extension"}


def test_demo_plans():
    d = detect(["Менеджер", "Месяц", "План, руб."], {}, "plans.xlsx")
    assert d.table == "plans"
    assert d.mapping == {"Менеджер": "manager", "Месяц": "month", "План, руб.": "plan_amount"}


def test_demo_nps_google_forms():
    q = "Насколько вероятно, что вы порекомендуете нас коллегам? (0-10)"
    headers = ["Отметка времени", "ID клиента", q, "Комментарий"]
    samples = {"Отметка времени": ["2024-03-01 10:00:00"], "ID клиента": ["17850", "42"], q: ["9", "10", "6", "0"],
               "Комментарий": ["Всё хорошо"]}
    d = detect(headers, samples, "nps_survey.csv")
    assert (d.table, d.preset) == ("nps", "Google Forms")
    assert d.mapping == {"Отметка времени": "answered_at", "ID клиента": "client_id", q: "score"}


# --- named presets with their real header sets ----------------------------------------------

def test_preset_amocrm_russian_list_export():
    # amoCRM lead list export (Сделки -> Экспорт); field names as in amoCRM's own widget mock
    # (github.com/masya-nya/postman frontend/widget/src/mock/base_cf.js: "Бюджет", "Имя сделки").
    headers = ["ID", "Название сделки", "Бюджет", "Ответственный", "Дата создания", "Кем создана", "Теги",
               "Этап сделки", "Воронка", "Дата закрытия"]
    d = detect(headers, {}, "amocrm_export.xlsx")
    assert (d.table, d.preset) == ("deals", "amoCRM")
    _keys(d.mapping, ID="deal_id", Бюджет="amount", Ответственный="manager", **{"Этап сделки": "stage"},
          Воронка="pipeline")
    assert "Название сделки" not in d.mapping


def test_preset_kommo_english_ui():
    headers = ["ID", "Lead title", "Budget", "Responsible user", "Date created", "Created by", "Lead status",
               "Pipeline", "Closing date", "Tags"]
    d = detect(headers, {}, "kommo_leads.csv")
    assert (d.table, d.preset) == ("deals", "amoCRM")
    _keys(d.mapping, ID="deal_id", Budget="amount", **{"Responsible user": "manager", "Lead status": "stage",
                                                        "Closing date": "closed_at", "Date created": "created_at"})


def test_preset_bitrix24_deals_rest_fields():
    # crm.deal.list select list in the Bitrix24 REST docs
    # (github.com/bitrix24/b24restdocs api-reference/crm/deals/crm-deal-list.md).
    headers = ["ID", "TITLE", "TYPE_ID", "CATEGORY_ID", "STAGE_ID", "OPPORTUNITY", "IS_MANUAL_OPPORTUNITY",
               "ASSIGNED_BY_ID", "DATE_CREATE", "CLOSEDATE", "COMPANY_ID", "CURRENCY_ID"]
    d = detect(headers, {}, "deals.csv")
    assert (d.table, d.preset) == ("deals", "Bitrix24")
    _keys(d.mapping, ID="deal_id", STAGE_ID="stage", OPPORTUNITY="amount", ASSIGNED_BY_ID="manager",
          DATE_CREATE="created_at", CLOSEDATE="closed_at", COMPANY_ID="client_id", CATEGORY_ID="pipeline")


def test_preset_bitrix24_deals_russian():
    headers = ["ID", "Название сделки", "Стадия сделки", "Сумма", "Валюта", "Ответственный", "Компания",
               "Дата создания", "Предполагаемая дата закрытия", "Источник"]
    d = detect(headers, {}, "DEAL_20240301.csv")
    assert (d.table, d.preset) == ("deals", "Bitrix24")
    _keys(d.mapping, **{"Стадия сделки": "stage", "Сумма": "amount", "Предполагаемая дата закрытия": "closed_at"})


def test_preset_hubspot_deals():
    # HubSpot deals export: github.com search hit "Record ID,Deal Name,Amount,Deal Stage,Close Date,
    # Deal Owner,Company Name,Pipeline,Create Date" (a HubSpot CSV import test fixture).
    headers = ["Record ID", "Deal Name", "Amount", "Deal Stage", "Close Date", "Deal Owner", "Company Name",
               "Pipeline", "Create Date"]
    d = detect(headers, {}, "hubspot-crm-exports-all-deals.csv")
    assert (d.table, d.preset) == ("deals", "HubSpot")
    _keys(d.mapping, **{"Record ID": "deal_id", "Deal Stage": "stage", "Amount": "amount",
                        "Deal Owner": "manager", "Close Date": "closed_at", "Create Date": "created_at"})


def test_preset_hubspot_companies():
    headers = ["Record ID", "Company name", "Company owner", "Create Date", "Phone Number", "City", "Industry",
               "Annual Revenue", "Lifecycle Stage", "Company Domain Name"]
    d = detect(headers, {}, "hubspot-companies.csv")
    assert (d.table, d.preset) == ("clients", "HubSpot")
    _keys(d.mapping, **{"Record ID": "client_id", "Company name": "name", "Phone Number": "phone",
                        "Industry": "segment"})
    # A company's annual revenue is how big it is, not what it could buy from us (the potential)
    assert "Annual Revenue" not in d.mapping


def test_preset_hubspot_calls():
    headers = ["Activity ID", "Activity date", "Activity assigned to", "Call direction", "Call duration",
               "Call outcome", "Associated Company IDs", "Call notes"]
    d = detect(headers, {}, "hubspot_calls.csv")
    assert (d.table, d.preset) == ("calls", "HubSpot")
    _keys(d.mapping, **{"Activity date": "started_at", "Call duration": "duration_s", "Call outcome": "status",
                        "Call direction": "direction"})


def test_preset_pipedrive_deals():
    # Pipedrive "Deal - <field>" export headers as used by public Pipedrive export parsers
    # (e.g. "Deal - ID","Deal - Title","Deal - Stage","Deal - Status","Deal - Owner","Deal - Value",
    # "Deal - Currency","Deal - Won time","Deal - Add time"; "Deal - Lost reason", "Deal - Lost time").
    headers = ["Deal - ID", "Deal - Title", "Deal - Stage", "Deal - Status", "Deal - Owner", "Deal - Value",
               "Deal - Currency", "Deal - Won time", "Deal - Lost time", "Deal - Add time", "Deal - Lost reason",
               "Deal - Organization"]
    d = detect(headers, {}, "deals-export.csv")
    assert (d.table, d.preset) == ("deals", "Pipedrive")
    _keys(d.mapping, **{"Deal - ID": "deal_id", "Deal - Stage": "stage", "Deal - Status": "status",
                        "Deal - Value": "amount", "Deal - Owner": "manager", "Deal - Add time": "created_at",
                        "Deal - Won time": "closed_at", "Deal - Lost reason": "lost_reason"})


def test_preset_pipedrive_organizations():
    headers = ["Organization - ID", "Organization - Name", "Organization - Owner", "Organization - Add time",
               "Organization - Address"]
    d = detect(headers, {}, "organizations.csv")
    assert (d.table, d.preset) == ("clients", "Pipedrive")
    _keys(d.mapping, **{"Organization - ID": "client_id", "Organization - Name": "name",
                        "Organization - Owner": "manager"})


def test_preset_salesforce_opportunity_api():
    # Salesforce Opportunity object fields (developer.salesforce.com, Object Reference: Opportunity).
    headers = ["Id", "AccountId", "Name", "StageName", "Amount", "CloseDate", "CreatedDate", "IsWon", "IsClosed",
               "OwnerId", "LeadSource", "Type"]
    d = detect(headers, {}, "Opportunity.csv")
    assert (d.table, d.preset) == ("deals", "Salesforce")
    _keys(d.mapping, Id="deal_id", AccountId="client_id", StageName="stage", Amount="amount",
          CloseDate="closed_at", CreatedDate="created_at", OwnerId="manager", LeadSource="channel")
    # The flags say how a deal ended: closed without a win is lost (audits/ingest/normalize.py).
    assert (d.mapping.get("IsWon"), d.mapping.get("IsClosed")) == ("won", "closed")


def test_preset_salesforce_report_labels():
    headers = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Fiscal Period", "Amount",
               "Probability (%)", "Age", "Close Date", "Created Date", "Lead Source", "Opportunity ID"]
    d = detect(headers, {}, "report1700000000000.csv")
    assert (d.table, d.preset) == ("deals", "Salesforce")
    _keys(d.mapping, **{"Opportunity ID": "deal_id", "Stage": "stage", "Opportunity Owner": "manager",
                        "Close Date": "closed_at"})


def test_preset_freepbx_cdr():
    # Asterisk cdr table (github.com/pkokovin/cdrcsvtopostgres src/main/resources/db/initDB.sql) plus
    # the FreePBX asteriskcdrdb additions (did, recordingfile, cnum, cnam, outbound_cnum, linkedid...).
    headers = ["calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata",
               "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield", "did",
               "recordingfile", "cnum", "cnam", "outbound_cnum", "outbound_cnam", "dst_cnam", "linkedid",
               "peeraccount", "sequence"]
    d = detect(headers, {}, "cdr.csv")
    assert (d.table, d.preset) == ("calls", "FreePBX CDR")
    assert d.mapping == {"calldate": "started_at", "src": "from", "dst": "to", "channel": "from_channel",
                         "dstchannel": "to_channel", "duration": "total_s", "billsec": "duration_s",
                         "disposition": "status", "uniqueid": "call_id", "recordingfile": "recording_url"}


def test_preset_asterisk_cdr_table():
    headers = ["calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata",
               "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield"]
    d = detect(headers, {}, "cdr_export.csv")
    assert (d.table, d.preset) == ("calls", "Asterisk CDR")
    _keys(d.mapping, billsec="duration_s", duration="total_s", disposition="status")


def test_preset_pbxware_cdr():
    headers = ["From", "To", "Date/Time", "Total Duration", "Rating Duration", "Rating Cost", "Status",
               "Unique ID", "Recording Path"]
    d = detect(headers, {}, "cdr.csv")
    assert (d.table, d.preset) == ("calls", "PBXware CDR")
    _keys(d.mapping, From="from", To="to", **{"Date/Time": "started_at", "Rating Duration": "duration_s",
                                              "Total Duration": "total_s", "Unique ID": "call_id"})


def test_preset_mango_stats_api():
    # MANGO OFFICE stats request fields (github.com/dasshit/Python-Mango-Office-API example/example.py).
    headers = ["records", "start", "finish", "answer", "from_extension", "from_number", "to_extension",
               "to_number", "disconnect_reason", "line_number", "location", "entry_id"]
    d = detect(headers, {}, "stats.csv")
    assert (d.table, d.preset) == ("calls", "MANGO OFFICE")
    _keys(d.mapping, start="started_at", finish="ended_at", answer="answered_at", from_number="from",
          to_number="to", records="recording_url", entry_id="call_id")
    assert missing_required("calls", d.mapping) == []


def test_preset_uis_comagic():
    # CoMagic/UIS Data API get.calls_report fields (rdrr.io/github/grkhr/rcomagic getCallsCoMagic;
    # comagic.ru/support/api/data-api/Reports/).
    headers = ["id", "start_time", "finish_time", "finish_reason", "direction", "is_lost", "contact_phone_number",
               "virtual_phone_number", "total_duration", "talk_duration", "wait_duration", "call_records"]
    d = detect(headers, {}, "calls_report.csv")
    assert (d.table, d.preset) == ("calls", "UIS/CoMagic")
    _keys(d.mapping, id="call_id", start_time="started_at", direction="direction",
          contact_phone_number="phone", talk_duration="duration_s", wait_duration="wait_s")
    assert "is_lost" not in d.mapping


def test_preset_zadarma():
    # Zadarma API /v1/statistics/pbx/ (zadarma.com/en/support/api/): call_id, sip, callstart, clid,
    # destination, disposition, seconds, is_recorded, pbx_call_id.
    headers = ["call_id", "sip", "callstart", "clid", "destination", "disposition", "seconds", "is_recorded",
               "pbx_call_id"]
    d = detect(headers, {}, "zadarma.csv")
    assert (d.table, d.preset) == ("calls", "Zadarma")
    _keys(d.mapping, callstart="started_at", clid="from", destination="to", disposition="status",
          seconds="duration_s", sip="manager")


def test_preset_twilio():
    # Twilio Call resource (twilio.com/docs/voice/api/call-resource; api-evangelist twilio-call-schema.json):
    # sid, date_created, to, from, status, start_time, end_time, duration, price, price_unit, direction...
    headers = ["Sid", "DateCreated", "ParentCallSid", "From", "To", "Direction", "Status", "StartTime", "EndTime",
               "Duration", "Price", "PriceUnit", "AnsweredBy", "CallerName"]
    d = detect(headers, {}, "calls.csv")
    assert (d.table, d.preset) == ("calls", "Twilio")
    _keys(d.mapping, Sid="call_id", From="from", To="to", Direction="direction", Status="status",
          StartTime="started_at", EndTime="ended_at", Duration="duration_s")
    snake = ["sid", "date_created", "parent_call_sid", "to", "from", "status", "start_time", "end_time",
             "duration", "price", "price_unit", "direction", "answered_by", "caller_name"]
    d2 = detect(snake, {}, "calls.csv")
    assert (d2.table, d2.preset) == ("calls", "Twilio")


# --- other files and value-based cases -------------------------------------------------------

def test_russian_call_log_without_preset():
    headers = ["Дата звонка", "Менеджер", "Номер", "Длительность", "Направление"]
    d = detect(headers, {"Дата звонка": ["2024-03-01 09:15:00"], "Номер": ["+7 (916) 123-45-67"],
                         "Длительность": ["00:05:10", "0", "1 мин 23 сек"], "Направление": ["Исходящий"]},
               "calls_cp1251.csv")
    assert d.table == "calls"
    assert d.mapping == {"Дата звонка": "started_at", "Менеджер": "manager", "Номер": "phone",
                         "Длительность": "duration_s", "Направление": "direction"}


def test_nps_score_from_values_with_unknown_header():
    d = detect(["Timestamp", "Q1", "Client ID"],
               {"Timestamp": ["2024-01-01 10:00:00"], "Q1": ["9", "10", "3", "7", "8"], "Client ID": ["a1", "b2"]},
               "responses.csv")
    assert d.table == "nps"
    assert d.mapping["Q1"] == "score"


def test_phone_column_with_unknown_header():
    d = detect(["ID", "Название компании", "Контакт"],
               {"ID": ["1", "2"], "Название компании": ["ООО А", "ООО Б"],
                "Контакт": ["+7 (495) 123-45-67, 8 916 123 45 67", "8-800-555-35-35"]}, "companies.csv")
    assert d.table == "clients"
    assert d.mapping == {"ID": "client_id", "Название компании": "name", "Контакт": "phone"}


def test_call_columns_from_values():
    headers = ["Начало", "Кто", "Кому", "Итог", "Сек", "Взял трубку"]
    samples = {"Начало": ["2024-01-05 10:12:01"], "Кто": ["101", "79161234567"], "Кому": ["79161234567", "102"],
               "Итог": ["ANSWERED", "NO ANSWER", "BUSY"], "Сек": ["211", "0"], "Взял трубку": ["Y", "N"]}
    d = detect(headers, samples, "export.csv")
    assert d.table == "calls"
    _keys(d.mapping, Начало="started_at", Кто="from", Кому="to", Итог="status", Сек="duration_s")
    assert d.mapping["Взял трубку"] == "answered"


def test_date_and_time_pair_date_first():
    headers = ["Время", "Дата", "Номер", "Сотрудник", "Результат", "Длит."]
    samples = {"Время": ["10:12:01", "11:00:00"], "Дата": ["05.01.2024", "06.01.2024"],
               "Номер": ["79161234567", "84951234567"], "Сотрудник": ["Иван"], "Результат": ["Отвечен", "Пропущен"],
               "Длит.": ["00:03:31", "00:00:00"]}
    d = detect(headers, samples, "report.csv")
    assert d.table == "calls"
    assert [h for h, t in d.mapping.items() if t == "started_at"] == ["Дата", "Время"]
    _keys(d.mapping, Номер="phone", Сотрудник="manager", Результат="status", **{"Длит.": "duration_s"})


def test_quantity_and_price_without_amount():
    d = detect(["Дата", "Код клиента", "Товар", "Кол-во", "Цена"],
               {"Дата": ["01.02.2024"], "Код клиента": ["17"], "Товар": ["Скотч"], "Кол-во": ["3"], "Цена": ["85,5"]},
               "sales.csv")
    assert d.table == "orders"
    _keys(d.mapping, **{"Кол-во": "quantity", "Цена": "price", "Код клиента": "client_id"})
    assert missing_required("orders", d.mapping) == []


def test_deals_us_fixture():
    d = detect(["Deal ID", "Deal Stage", "Amount", "Create Date", "Close Date"], {}, "deals_us.csv")
    assert d.table == "deals"
    assert d.mapping == {"Deal ID": "deal_id", "Deal Stage": "stage", "Amount": "amount",
                         "Create Date": "created_at", "Close Date": "closed_at"}


def test_status_column_becomes_stage_when_no_stage():
    d = detect(["ID", "Статус", "Бюджет", "Ответственный"], {}, "сделки.csv")
    assert d.table == "deals" and d.mapping["Статус"] == "stage"


@pytest.mark.parametrize("headers", [["a", "b", "c"], ["id", "name", "date"], ["foo", "bar"], []])
def test_unrecognisable_file(headers):
    d = detect(headers, {h: ["1", "x"] for h in headers}, "data.csv")
    assert d.table is None and d.preset is None and d.mapping == {}
    assert d.notes


def test_forced_table_maps_columns_only():
    d = detect(["Дата", "Клиент", "Сумма"], {}, "whatever.csv", table="orders")
    assert d.table == "orders"
    assert d.mapping == {"Дата": "ordered_at", "Клиент": "client_id", "Сумма": "amount"}
    assert set(d.scores) == {"orders"}
    d2 = detect(["ID", "Название", "Бюджет", "Этап"], {}, "x.csv", table="stage_history")
    assert d2.table == "stage_history" and d2.mapping == {"Этап": "stage"}


def test_scores_cover_all_tables():
    d = detect(["ID сделки", "Этап", "Дата перехода"], {}, "history.csv")
    assert set(d.scores) >= {"deals", "stage_history", "calls"} and 0 <= d.confidence <= 1


# --- missing_required ------------------------------------------------------------------------

def test_missing_required():
    assert missing_required("deals", {"ID": "deal_id"}) == ["stage"]
    assert missing_required("deals", {"ID": "deal_id", "Этап": "stage"}) == []
    assert missing_required("calls", {"Дата": "started_at"}) == ["duration_s"]
    assert missing_required("calls", {"start": "started_at", "end": "ended_at"}) == []
    assert missing_required("calls", {"Дата": "started_at", "Время": "started_at", "billsec": "duration_s"}) == []
    assert missing_required("orders", {"d": "ordered_at", "c": "client_id", "q": "quantity"}) == ["amount"]
    assert missing_required("orders", {"d": "ordered_at", "c": "client_id", "q": "quantity", "p": "price"}) == []
    assert missing_required("plans", {}) == ["manager", "month", "plan_amount"]
    assert missing_required("nps", {"x": "score"}) == []


# --- vocab -----------------------------------------------------------------------------------

@pytest.mark.parametrize("stage,status", [
    ("Closed Won", "won"), ("Closed Lost", "lost"), ("closedwon", "won"), ("closedlost", "lost"),
    ("WON", "won"), ("LOSE", "lost"), ("C3:WON", "won"), ("C3:LOSE", "lost"), ("won", "won"), ("lost", "lost"),
    ("Успешно реализовано", "won"), ("Закрыто и не реализовано", "lost"), ("Сделка успешна", "won"),
    ("Сделка провалена", "lost"), ("Отказ", "lost"), ("Выиграна", "won"), ("Проиграна", "lost"),
    ("Сделка заключена", "won"), ("Думает", None), ("Презентация", None), ("Оплачено", None), ("", None),
    ("Wonderful lead", None),
])
def test_stage_status(stage, status):
    assert stage_status(stage) == status


def test_call_vocab():
    assert call_status("ANSWERED") == "answered" and call_status("NO ANSWER") == "missed"
    assert call_status("completed") == "answered" and call_status("no-answer") == "missed"
    assert call_status("Пропущенный") == "missed" and call_status("BUSY") == "busy"
    assert call_status("CONGESTION") == "failed" and call_status("canceled") == "missed"
    assert call_direction("Входящий") == "in" and call_direction("outbound-api") == "out"
    assert call_direction("Внутренний") == "internal"
    assert is_vague_stage("Думает") and is_vague_stage("Изучает КП") and not is_vague_stage("Счёт выставлен")


def test_norm_header_and_profile():
    assert norm_header("  План, руб. ") == "план руб"
    assert norm_header("StageName") == "stage name" and norm_header("ASSIGNED_BY_ID") == "assigned by id"
    assert norm_header("Дата приёма") == "дата приема"
    assert profile(["+7 (916) 123-45-67", "89161234567"]).is_("phone")
    assert not profile(["1704449521", "1704449522"]).is_("phone")
    assert profile(["00:03:31", "00:00:05"]).is_("duration_hms")
    assert not profile(["10:12:01", "18:30:00"]).is_("duration_hms")
