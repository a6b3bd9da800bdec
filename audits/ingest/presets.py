"""Named export presets, recognised by their header sets.

A preset lists characteristic headers (`mapping`, keyed by normalised header form; several forms
may point to the same target: UI labels in Russian and English and API field names). It matches a
file when at least `min_hits` of its headers are present, one of them `distinctive` for the tool,
and the hits cover a good share of the file or of the preset. Its mapping then takes precedence
over the generic synonyms (which still map the file's other headers).

Where the layouts come from (see also the test file, which cites them per preset):
- amoCRM / Kommo: the lead list export ("ID", "Название сделки", "Бюджет", "Ответственный",
  "Этап сделки", "Воронка", "Дата создания", "Дата закрытия", "Теги"...), EN UI ("Lead title",
  "Budget", "Responsible user", "Lead status", "Pipeline", "Closing date"); API names (`price`,
  `status_id`, `pipeline_id`, `responsible_user_id`, `created_at`, `closed_at`).
- Bitrix24: crm.deal / crm.company REST fields (ID, TITLE, STAGE_ID, CATEGORY_ID, OPPORTUNITY,
  CURRENCY_ID, COMPANY_ID, ASSIGNED_BY_ID, BEGINDATE, CLOSEDATE, DATE_CREATE, SOURCE_ID;
  COMPANY_TYPE, INDUSTRY, REVENUE, PHONE) as in the official REST docs (bitrix24/b24restdocs,
  crm.deal.list examples), and the Russian export labels of the same fields.
- HubSpot: export labels ("Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner",
  "Amount", "Create Date", "Pipeline"; activity exports "Activity date", "Activity assigned to",
  "Associated Company IDs", "Meeting outcome", "Call direction", "Call duration") and internal names
  (dealstage, closedate, createdate, hubspot_owner_id, hs_object_id).
- Pipedrive: "<Entity> - <Field>" export headers ("Deal - ID", "Deal - Title", "Deal - Value",
  "Deal - Stage", "Deal - Status", "Deal - Owner", "Deal - Deal created", "Deal - Won time",
  "Deal - Lost reason", ...; "Organization - ...", "Person - ...").
- Salesforce: Opportunity API fields (Id, AccountId, OwnerId, StageName, Amount, CreatedDate,
  CloseDate, IsWon, IsClosed, LeadSource, Type) and report labels ("Opportunity Name",
  "Opportunity Owner", "Stage", "Close Date", "Created Date", "Lead Source", "Account Name").
- 1C: "Продажи" / "Реализация товаров и услуг" reports (Дата, Документ/Регистратор, Контрагент,
  Код контрагента, Номенклатура, Количество, Цена, Сумма, Менеджер, Себестоимость, Валовая прибыль).
- Asterisk cdr_csv Master.csv (headerless, positional; see `ASTERISK_MASTER_COLUMNS`) and the
  cdr database table (calldate, clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata,
  duration, billsec, disposition, amaflags, accountcode, uniqueid, userfield); FreePBX adds did,
  recordingfile, cnum, cnam, outbound_cnum, outbound_cnam, dst_cnam, linkedid, peeraccount, sequence.
- PBXware: CDR report/API columns (From, To, Date/Time, Total Duration, Rating Duration,
  Rating Cost, Status, Unique ID, Recording Path).
- MANGO OFFICE: stats API fields (records, start, finish, answer, from_extension, from_number,
  to_extension, to_number, disconnect_reason, line_number, location, entry_id) and the Russian
  call list export (Дата, Время, Тип звонка, Кто звонил, Кому звонил, Сотрудник,
  Длительность разговора, Ожидание, Статус, Запись).
- UIS / CoMagic: Data API get.calls_report fields (id, start_time, finish_time, direction,
  contact_phone_number, virtual_phone_number, talk_duration, wait_duration, total_duration,
  clean_talk_duration, call_records, finish_reason, employee_full_name).
- Zadarma: statistics API (id, sip, callstart, from, to, description, disposition, billseconds,
  cost, billcost, currency) and PBX statistics (call_id, sip, callstart, clid, destination,
  disposition, seconds, is_recorded, pbx_call_id).
- Twilio: Call resource fields (sid, parent_call_sid, date_created, from, to, status, start_time,
  end_time, duration, price, price_unit, direction, answered_by, caller_name, forwarded_from) and
  the console CSV labels ("Call Sid", "Start Time", "End Time", "Price Unit").
- Google Forms: the response sheet starts with "Отметка времени" / "Timestamp".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from audits.ingest.synonyms import norm_header


@dataclass(frozen=True)
class Preset:
    name: str
    table: str
    mapping: dict[str, str]              # normalised header -> target
    distinctive: frozenset[str]          # at least one must be present
    min_hits: int = 3
    extra: frozenset[str] = field(default_factory=frozenset)   # recognised but deliberately unmapped


def _p(name: str, table: str, mapping: dict[str, str], distinctive: list[str], min_hits: int = 3,
       extra: list[str] = ()) -> Preset:
    m = {norm_header(k): v for k, v in mapping.items()}
    return Preset(name, table, m, frozenset(norm_header(d) for d in distinctive), min_hits,
                  frozenset(norm_header(e) for e in extra))


PRESETS: list[Preset] = [
    # --- CRMs: deals ----------------------------------------------------------------------
    _p("amoCRM", "deals", {
        "ID": "deal_id", "Бюджет": "amount", "Ответственный": "manager", "Этап": "stage",
        "Этап сделки": "stage", "Статус": "stage", "Воронка": "pipeline", "Дата создания": "created_at",
        "Дата закрытия": "closed_at", "ID компании": "client_id", "Источник": "channel", "Продукт": "product",
        "Город": "region", "Причина отказа": "lost_reason", "Скидка": "discount",
        # Kommo / amoCRM English UI
        "Budget": "amount", "Responsible user": "manager", "Lead status": "stage", "Stage": "stage",
        "Pipeline": "pipeline", "Date created": "created_at", "Created at": "created_at",
        "Closing date": "closed_at", "Closed at": "closed_at", "Company ID": "client_id",
        "Loss reason": "lost_reason", "Lost reason": "lost_reason",
        # API field names
        "price": "amount", "status_id": "stage", "pipeline_id": "pipeline", "responsible_user_id": "manager",
        "closed_at": "closed_at", "created_at": "created_at", "loss_reason_id": "lost_reason",
    }, distinctive=["Бюджет", "Воронка", "Budget", "Responsible user", "Lead status", "Lead title",
                    "Название сделки", "status_id", "responsible_user_id", "Кем создана", "Теги"],
        extra=["Название", "Название сделки", "Компания", "Теги", "Кем создана", "Lead title", "Lead name",
               "Tags", "Created by", "Полное имя контакта", "Компания контакта", "Ближайшая задача",
               "Дата редактирования", "Кем изменена", "Modified", "name"]),
    _p("Bitrix24", "deals", {
        "ID": "deal_id", "Стадия сделки": "stage", "Стадия": "stage", "Сумма": "amount",
        "Ответственный": "manager", "Дата создания": "created_at", "Предполагаемая дата закрытия": "closed_at",
        "Дата закрытия": "closed_at", "Источник": "channel", "Направление": "pipeline", "Воронка": "pipeline",
        "Компания ID": "client_id", "ID компании": "client_id",
        # REST field names
        "STAGE_ID": "stage", "OPPORTUNITY": "amount", "ASSIGNED_BY_ID": "manager", "DATE_CREATE": "created_at",
        "CLOSEDATE": "closed_at", "COMPANY_ID": "client_id", "SOURCE_ID": "channel", "CATEGORY_ID": "pipeline",
        "BEGINDATE": "created_at", "CLOSED": "closed", "Сделка закрыта": "closed",
    }, distinctive=["Стадия сделки", "Предполагаемая дата закрытия", "STAGE_ID", "OPPORTUNITY",
                    "ASSIGNED_BY_ID", "CATEGORY_ID", "Направление"],
        extra=["Название сделки", "TITLE", "CURRENCY_ID", "Валюта", "Компания", "Контакт", "CONTACT_ID",
               "TYPE_ID", "Тип", "PROBABILITY", "Вероятность", "STAGE_SEMANTIC_ID"]),
    _p("HubSpot", "deals", {
        "Record ID": "deal_id", "Deal ID": "deal_id", "Deal Stage": "stage", "Amount": "amount",
        "Deal owner": "manager", "Create Date": "created_at", "Close Date": "closed_at", "Pipeline": "pipeline",
        "Associated Company IDs": "client_id", "Associated Company IDs (Primary)": "client_id",
        "Closed Lost Reason": "lost_reason", "Original Source Type": "channel", "Original Source": "channel",
        # internal names
        "hs_object_id": "deal_id", "dealstage": "stage", "closedate": "closed_at", "createdate": "created_at",
        "hubspot_owner_id": "manager", "closed_lost_reason": "lost_reason",
        "Is Deal Closed?": "closed", "Is Closed Won": "won", "hs_is_closed": "closed", "hs_is_closed_won": "won",
    }, distinctive=["Deal Stage", "Deal owner", "Associated Company IDs", "dealstage", "hubspot_owner_id",
                    "Deal Name"],
        extra=["Deal Name", "Deal Type", "dealname", "Associated Company", "Last Activity Date",
               "Deal probability"]),
    _p("Pipedrive", "deals", {
        "Deal - ID": "deal_id", "Deal - Value": "amount", "Deal - Stage": "stage", "Deal - Status": "status",
        "Deal - Owner": "manager", "Deal - Deal created": "created_at", "Deal - Add time": "created_at",
        "Deal - Deal closed on": "closed_at", "Deal - Close time": "closed_at", "Deal - Won time": "closed_at",
        "Deal - Lost reason": "lost_reason", "Deal - Pipeline": "pipeline", "Deal - Organization ID": "client_id",
        "Deal - Source": "channel", "Deal - Source origin": "channel",
    }, distinctive=["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Owner"],
        extra=["Deal - Title", "Deal - Currency", "Deal - Organization", "Deal - Contact person",
               "Deal - Lost time", "Deal - Expected close date", "Deal - Update time", "Deal - Probability"]),
    _p("Pipedrive", "deals", {
        "ID": "deal_id", "Value": "amount", "Stage": "stage", "Status": "status", "Owner": "manager",
        "Deal created": "created_at", "Deal closed on": "closed_at", "Won time": "closed_at",
        "Lost reason": "lost_reason", "Pipeline": "pipeline", "Organization ID": "client_id",
    }, distinctive=["Deal created", "Deal closed on", "Currency of Value", "Won time", "Lost time"],
        extra=["Title", "Currency of Value", "Organization", "Contact person", "Contact person ID", "Lost time",
               "Expected close date", "Update time", "Probability", "Visible to", "Creator",
               "Weighted value", "Currency of Weighted value", "Last stage change", "Next activity date",
               "Last activity date", "Archive status", "Archive time", "Label", "MRR", "ARR", "ACV",
               "Currency of MRR", "Currency of ARR", "Currency of ACV", "Total activities", "Done activities",
               "Activities to do", "Email messages count", "Last email received", "Last email sent"]),
    _p("Salesforce", "deals", {
        "Id": "deal_id", "Opportunity ID": "deal_id", "AccountId": "client_id", "Account ID": "client_id",
        "OwnerId": "manager", "Opportunity Owner": "manager", "StageName": "stage", "Stage": "stage",
        "Amount": "amount", "CreatedDate": "created_at", "Created Date": "created_at", "CloseDate": "closed_at",
        "Close Date": "closed_at", "LeadSource": "channel", "Lead Source": "channel",
        "Loss Reason": "lost_reason", "IsClosed": "closed", "IsWon": "won", "Closed": "closed", "Won": "won",
    }, distinctive=["StageName", "IsWon", "Opportunity Owner", "Opportunity Name", "Opportunity ID",
                    "ForecastCategoryName"],
        extra=["Name", "Opportunity Name", "Account Name", "Type", "Probability",
               "Probability (%)", "Fiscal Period", "Age", "ForecastCategoryName", "Next Step", "NextStep"]),
    # --- CRMs: clients --------------------------------------------------------------------
    _p("Bitrix24", "clients", {
        "ID": "client_id", "Название компании": "name", "Сфера деятельности": "segment",
        "Рабочий телефон": "phone", "Мобильный телефон": "phone", "Город": "region", "Дата создания": "created_at",
        "Ответственный": "manager",
        "TITLE": "name", "INDUSTRY": "segment", "PHONE": "phone", "DATE_CREATE": "created_at",
        "ASSIGNED_BY_ID": "manager", "ADDRESS_CITY": "region",
    }, distinctive=["Тип компании", "Сфера деятельности", "Годовой оборот", "COMPANY_TYPE", "REVENUE",
                    "ASSIGNED_BY_ID"],
        # the company's own turnover (Годовой оборот, REVENUE) says how big it is, not what it buys
        extra=["Тип компании", "Кол-во сотрудников", "Валюта", "E-mail рабочий", "Сайт", "Годовой оборот",
               "COMPANY_TYPE", "EMPLOYEES", "CURRENCY_ID", "EMAIL", "REVENUE"]),
    _p("amoCRM", "clients", {
        "ID": "client_id", "Полное имя контакта": "name", "Название компании": "name", "Ответственный": "manager",
        "Дата создания контакта": "created_at", "Дата создания компании": "created_at", "Дата создания": "created_at",
        "Рабочий телефон": "phone", "Рабочий прямой телефон": "phone", "Мобильный телефон": "phone",
        "Домашний телефон": "phone", "Другой телефон": "phone", "Город": "region",
    }, distinctive=["Полное имя контакта", "Кем создан контакт", "Дата создания контакта", "Кем создана компания",
                    "Дата создания компании", "Рабочий прямой телефон"], min_hits=4,
        extra=["Тип", "Имя", "Фамилия", "Кем создан контакт", "Кем создана компания", "Сделки", "Дата редактирования",
               "Кем редактирован", "Теги", "Факс", "Рабочий email", "Личный email", "Другой email", "Web", "Адрес",
               "Должность", "Skype", "ICQ", "Jabber", "Google Talk", "MSN", "Другой IM",
               "Пользовательское соглашение"]),
    _p("Bitrix24", "clients", {
        "ID": "client_id", "Имя": "name", "Рабочий телефон": "phone", "Мобильный телефон": "phone",
        "Ответственный": "manager", "Дата создания": "created_at", "Город": "region",
    }, distinctive=["Отчество", "Обращение"], min_hits=4,
        extra=["Фамилия", "Отчество", "Обращение", "Должность", "Компания", "E-mail рабочий"]),
    _p("HubSpot", "clients", {
        "Record ID": "client_id", "Company name": "name", "Company owner": "manager", "Create Date": "created_at",
        "Phone Number": "phone", "City": "region", "Industry": "segment",
        "hs_object_id": "client_id", "name": "name", "hubspot_owner_id": "manager", "createdate": "created_at",
        "phone": "phone", "city": "region", "industry": "segment",
    }, distinctive=["Company owner", "Company Domain Name", "Lifecycle Stage", "hubspot_owner_id", "lifecyclestage"],
        extra=["Company Domain Name", "Lifecycle Stage", "Number of Employees", "Last Activity Date",
               "domain", "lifecyclestage", "Annual Revenue", "annualrevenue"]),
    _p("Pipedrive", "clients", {
        "Organization - ID": "client_id", "Organization - Name": "name", "Organization - Owner": "manager",
        "Organization - Organization created": "created_at", "Organization - Add time": "created_at",
        "Organization - Industry": "segment", "Organization - Address - City/town/village/locality": "region",
        "Organization - City": "region",
        "Person - ID": "client_id", "Person - Name": "name", "Person - Phone": "phone",
        "Person - Owner": "manager", "Person - Person created": "created_at", "Person - Add time": "created_at",
    }, distinctive=["Organization - ID", "Organization - Name", "Person - ID", "Person - Name"], min_hits=2,
        extra=["Organization - Address", "Person - Email", "Person - Organization", "Organization - Label",
               "Organization - Annual revenue"]),
    # Pipedrive entity exports without the "Organization - " prefix (the newer export default)
    _p("Pipedrive", "clients", {
        "ID": "client_id", "Name": "name", "Owner": "manager", "Organization created": "created_at",
        "Industry": "segment",
    }, distinctive=["Organization created", "Open deals", "Closed deals", "Won deals", "Lost deals"],
        extra=["People", "Open deals", "Closed deals", "Won deals", "Lost deals", "Visible to", "Update time",
               "Next activity date", "Last activity date", "Annual revenue", "Number of employees", "Label",
               "Labels", "Address", "Website", "Total activities", "Done activities", "Activities to do",
               "Email messages count", "Profile picture", "LinkedIn profile"]),
    _p("Salesforce", "clients", {
        "Id": "client_id", "Account ID": "client_id", "Name": "name", "Account Name": "name", "Phone": "phone",
        "Industry": "segment", "BillingCity": "region", "Billing City": "region", "OwnerId": "manager",
        "Account Owner": "manager", "CreatedDate": "created_at", "Created Date": "created_at",
    }, distinctive=["BillingCity", "Account Owner", "Billing City", "BillingState", "BillingPostalCode",
                    "SystemModstamp", "JigsawCompanyId"],
        extra=["Type", "Website", "NumberOfEmployees", "BillingCountry", "Rating", "AnnualRevenue",
               "Annual Revenue", "Fax"]),
    # --- Salesforce activities ------------------------------------------------------------------
    # Task API fields. WhatId may point at an account or a deal: left for the user to map.
    _p("Salesforce", "tasks", {
        "Id": "task_id", "OwnerId": "manager", "ActivityDate": "due_at", "CompletedDateTime": "completed_at",
    }, distinctive=["IsHighPriority", "TaskSubtype", "CompletedDateTime", "IsReminderSet", "ReminderDateTime",
                    "RecurrenceActivityId"], min_hits=2,
        extra=["WhoId", "WhatId", "Subject", "Status", "Priority", "IsHighPriority", "Description", "IsDeleted",
               "AccountId", "IsClosed", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
               "SystemModstamp", "IsArchived", "CallDurationInSeconds", "CallType", "CallDisposition", "CallObject",
               "ReminderDateTime", "IsReminderSet", "TaskSubtype"]),
    # --- 1C -------------------------------------------------------------------------------
    _p("1C", "orders", {
        "Дата": "ordered_at", "Документ": "order_id", "Регистратор": "order_id", "Номер": "order_id",
        "Код контрагента": "client_id", "Номенклатура": "product", "Количество": "quantity", "Цена": "price",
        "Сумма": "amount", "Менеджер": "manager", "Ответственный": "manager", "Валовая прибыль": "margin",
        "Дата оплаты": "paid_at",
    }, distinctive=["Номенклатура", "Контрагент", "Код контрагента", "Регистратор", "Валовая прибыль",
                    "Себестоимость"],
        extra=["Контрагент", "Организация", "Склад", "Себестоимость", "Валюта", "Характеристика",
               "Единица измерения", "Ед. изм.", "Ставка НДС", "Сумма НДС"]),
    # --- telephony --------------------------------------------------------------------------
    _p("FreePBX CDR", "calls", {
        "calldate": "started_at", "src": "from", "dst": "to", "channel": "from_channel",
        "dstchannel": "to_channel", "duration": "total_s", "billsec": "duration_s", "disposition": "status",
        "uniqueid": "call_id", "recordingfile": "recording_url", "answer": "answered_at", "end": "ended_at",
    }, distinctive=["recordingfile", "cnum", "outbound_cnum", "cnam"], min_hits=4,
        extra=["clid", "dcontext", "lastapp", "lastdata", "amaflags", "accountcode", "userfield", "cnum", "cnam",
               "outbound_cnum", "outbound_cnam", "dst_cnam", "linkedid", "peeraccount", "sequence", "did"]),
    _p("Asterisk CDR", "calls", {
        "calldate": "started_at", "start": "started_at", "src": "from", "dst": "to", "channel": "from_channel",
        "dstchannel": "to_channel", "duration": "total_s", "billsec": "duration_s", "disposition": "status",
        "uniqueid": "call_id", "answer": "answered_at", "end": "ended_at",
    }, distinctive=["billsec", "dcontext", "dstchannel", "lastapp", "disposition"], min_hits=4,
        extra=["clid", "dcontext", "lastapp", "lastdata", "amaflags", "accountcode", "userfield", "linkedid",
               "sequence", "peeraccount"]),
    _p("PBXware CDR", "calls", {
        "From": "from", "To": "to", "Date/Time": "started_at", "Total Duration": "total_s",
        "Rating Duration": "duration_s", "Status": "status", "Unique ID": "call_id",
        "Recording Path": "recording_url",
    }, distinctive=["Rating Duration", "Rating Cost", "Total Duration"], min_hits=4,
        extra=["Rating Cost", "Recording Available", "Location Type", "MOS", "Trunk"]),
    _p("MANGO OFFICE", "calls", {
        "Дата": "started_at", "Время": "started_at", "Тип звонка": "direction", "Кто звонил": "from",
        "Кому звонил": "to", "Кому звонили": "to", "Сотрудник": "manager",
        "Длительность разговора": "duration_s", "Ожидание": "wait_s", "Статус": "status", "Запись": "recording_url",
        # stats API fields
        "records": "recording_url", "start": "started_at", "finish": "ended_at", "answer": "answered_at",
        "from_number": "from", "to_number": "to", "entry_id": "call_id",
    }, distinctive=["Кто звонил", "Кому звонил", "Кому звонили", "from_extension", "to_extension",
                    "disconnect_reason", "entry_id", "line_number"],
        extra=["from_extension", "to_extension", "disconnect_reason", "line_number", "location", "create",
               "Номер линии", "Линия"]),
    _p("UIS/CoMagic", "calls", {
        "id": "call_id", "start_time": "started_at", "finish_time": "ended_at", "direction": "direction",
        "contact_phone_number": "phone", "talk_duration": "duration_s", "wait_duration": "wait_s",
        "total_duration": "total_s", "call_records": "recording_url", "employee_full_name": "manager",
        # Russian UI column names of the same report
        "Дата и время": "started_at", "Направление": "direction", "Номер абонента": "phone",
        "Сотрудник": "manager", "Длительность разговора": "duration_s", "Длительность ожидания": "wait_s",
        "Общая длительность": "total_s", "Запись разговора": "recording_url", "ID сессии": "call_id",
    }, distinctive=["contact_phone_number", "virtual_phone_number", "talk_duration", "clean_talk_duration",
                    "finish_reason", "is_lost", "Виртуальный номер", "Номер абонента"],
        extra=["virtual_phone_number", "clean_talk_duration", "finish_reason", "is_lost", "cdr_type",
               "communication_id", "Виртуальный номер", "Причина завершения", "Потерянный"]),
    _p("Zadarma", "calls", {
        "id": "call_id", "call_id": "call_id", "pbx_call_id": "call_id", "sip": "manager", "callstart": "started_at",
        "from": "from", "to": "to", "clid": "from", "destination": "to", "disposition": "status",
        "billseconds": "duration_s", "seconds": "duration_s",
    }, distinctive=["callstart", "billseconds", "billcost", "pbx_call_id", "is_recorded"],
        extra=["description", "cost", "billcost", "currency", "is_recorded"]),
    _p("Twilio", "calls", {
        "Sid": "call_id", "Call Sid": "call_id", "From": "from", "To": "to", "Direction": "direction",
        "Status": "status", "StartTime": "started_at", "Start Time": "started_at", "EndTime": "ended_at",
        "End Time": "ended_at", "Duration": "duration_s",
        "start_time": "started_at", "end_time": "ended_at",
    }, distinctive=["Sid", "Call Sid", "PriceUnit", "Price Unit", "ParentCallSid", "Parent Call Sid",
                    "AnsweredBy", "Answered By", "price_unit", "parent_call_sid", "account_sid", "AccountSid"],
        min_hits=4,
        extra=["DateCreated", "Date Created", "ParentCallSid", "Parent Call Sid", "Price", "PriceUnit",
               "Price Unit", "AnsweredBy", "Answered By", "CallerName", "Caller Name", "ForwardedFrom",
               "Forwarded From", "AccountSid", "account_sid", "date_created", "price", "price_unit",
               "answered_by", "caller_name", "forwarded_from", "parent_call_sid", "queue_time", "QueueTime"]),
    # --- HubSpot activities ------------------------------------------------------------------
    _p("HubSpot", "meetings", {
        "Activity ID": "meeting_id", "Activity date": "held_at", "Activity assigned to": "manager",
        "Associated Company IDs": "client_id", "Meeting location": "place", "Meeting outcome": "result",
        "Meeting start time": "held_at",
        "hs_object_id": "meeting_id", "hs_timestamp": "held_at", "hubspot_owner_id": "manager",
        "hs_meeting_location": "place", "hs_meeting_outcome": "result", "hs_meeting_start_time": "held_at",
    }, distinctive=["Meeting outcome", "Meeting location", "Meeting name", "hs_meeting_outcome",
                    "hs_meeting_location", "Meeting start time"],
        extra=["Meeting name", "Meeting description", "Meeting end time", "Associated Contact IDs",
               "Associated Deal IDs", "Activity type", "hs_meeting_title"]),
    _p("HubSpot", "calls", {
        "Activity ID": "call_id", "Activity date": "started_at", "Activity assigned to": "manager",
        "Associated Company IDs": "client_id", "Call direction": "direction", "Call duration": "duration_s",
        "Call outcome": "status", "Call status": "status", "Recording URL": "recording_url",
        "Call recording URL": "recording_url", "Phone number": "phone", "To number": "to", "From number": "from",
        "hs_object_id": "call_id", "hs_timestamp": "started_at", "hs_call_direction": "direction",
        "hs_call_duration": "duration_s", "hs_call_disposition": "status", "hs_call_recording_url": "recording_url",
        "hs_call_to_number": "to", "hs_call_from_number": "from",
    }, distinctive=["Call direction", "Call outcome", "Call duration", "hs_call_direction", "hs_call_duration",
                    "hs_call_disposition"],
        extra=["Call title", "Call notes", "Associated Contact IDs", "Associated Deal IDs", "Activity type",
               "hs_call_title", "hs_call_body"]),
    # --- surveys ------------------------------------------------------------------------------
    _p("Google Forms", "nps", {
        "Отметка времени": "answered_at", "Timestamp": "answered_at",
    }, distinctive=["Отметка времени", "Timestamp"], min_hits=1),
]

# Asterisk cdr_csv Master.csv: no header row. Standard order of the cdr_csv module (the same
# fields as the cdr table, `start`/`answer`/`end` instead of `calldate`); newer Asterisk writes
# uniqueid and userfield after amaflags (17/18 columns), some builds add a sequence/linkedid.
ASTERISK_MASTER_COLUMNS: list[str] = [
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield",
]
# Other headerless CDR layouts: Asterisk cdr_custom's stock sample mapping (configs/samples/
# cdr_custom.conf.sample) and the FreePBX asteriskcdrdb.cdr table order, dumped without its header.
HEADERLESS_CDR_LAYOUTS: list[tuple[str, list[str]]] = [
    ("Asterisk CDR", ASTERISK_MASTER_COLUMNS),
    ("Asterisk CDR", ["clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata", "start",
                      "answer", "end", "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid",
                      "userfield", "sequence"]),
    ("FreePBX CDR", ["calldate", "clid", "src", "dst", "dcontext", "channel", "dstchannel", "lastapp", "lastdata",
                     "duration", "billsec", "disposition", "amaflags", "accountcode", "uniqueid", "userfield",
                     "did", "recordingfile", "cnum", "cnam", "outbound_cnum", "outbound_cnam", "dst_cnam"]),
]
ASTERISK_MASTER_TARGETS: dict[str, str] = {
    "src": "from", "dst": "to", "channel": "from_channel", "dstchannel": "to_channel", "start": "started_at",
    "answer": "answered_at", "end": "ended_at", "duration": "total_s", "billsec": "duration_s",
    "disposition": "status", "uniqueid": "call_id", "calldate": "started_at",
}
