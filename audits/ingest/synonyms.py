"""Russian/English header synonyms for every canonical and pseudo column.

`SYNONYMS[table][target]` lists normalised header forms (see `norm_header`) in priority order: when
two headers of one file match the same target, the one whose synonym comes first wins (so
"Код контрагента" beats "Контрагент" for orders.client_id). A client's several phone columns are
the exception: they all map to clients.phone, and the loader joins them.

`KEYWORDS[table][target]` are regexes tried on the normalised header when no exact synonym
matched ("длительность разговора, сек" -> calls.duration_s). They are weaker evidence.

`WEAK` lists forms that occur in almost any table ("ID", "Дата", "Ответственный", "Статус"...):
they map columns but count little when choosing the table.

Ambiguities, decided here:
- Asterisk "duration" is ring + talk (calls.total_s); "billsec" is talk time (calls.duration_s).
  A bare "Длительность"/"Duration" outside an Asterisk-like file is talk time (most call logs show
  the conversation length); "billsec"/"talk" forms win over it when both are present.
- "Дата" alone: orders.ordered_at, calls.started_at (paired with "Время"), meetings.held_at,
  nps.answered_at, stage_history.entered_at; never a deal's created_at.
- "Статус" in deals is the deal status; when a deals file has no stage column, the detector moves
  it to stage (amoCRM calls its stages "статусы").
- A company/contractor NAME is not an id: "Компания" stays unmapped in deals; only in 1C sales
  (orders), where the name is often the only key, "Контрагент" is a fallback for client_id.
"""
from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_PUNCT = re.compile(r"[^\w%]+|_", re.UNICODE)


_ODOO_ID = re.compile(r"/\.?id$", re.I)     # Odoo export-compatible names: `user_id/id`, `partner_id/.id`
_SF_CUSTOM = re.compile(r"__c$", re.I)       # Salesforce custom fields: `Product__c`, `Home_Phone__c`


def norm_header(header: str) -> str:
    """Lower-case, ё->е, camelCase split, punctuation/underscores -> single spaces, a trailing
    Odoo `/id` dropped (`user_id/id` -> "user id")."""
    h = str(header or "").replace("\ufeff", "").strip()
    h = _SF_CUSTOM.sub("", _ODOO_ID.sub("", h))
    h = _CAMEL.sub(" ", h)
    h = h.lower().replace("ё", "е")
    h = _PUNCT.sub(" ", h)
    return " ".join(h.split())


def _n(*forms: str) -> list[str]:
    out: list[str] = []
    for f in forms:
        nf = norm_header(f)
        if nf and nf not in out:
            out.append(nf)
    return out


_MANAGER = ("ответственный", "менеджер", "ответственный менеджер", "ответственный сотрудник", "сотрудник",
            "продавец", "торговый представитель", "owner", "manager", "sales rep", "salesperson",
            "responsible", "responsible user", "assigned to", "assigned user", "user", "agent", "employee",
            "ответственный пользователь", "пользователь", "assigned by id", "assigned by", "owner id",
            "owner name", "оператор", "менеджер фио", "фио менеджера", "фио ответственного")

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "deals": {
        "deal_id": _n("id сделки", "номер сделки", "№ сделки", "сделка id", "deal id", "deal record id",
                      "opportunity id", "lead id", "record id", "id", "deal", "id лида", "номер", "№",
                      "hs object id", "deal deal id", "mql id", "lead number"),
        "client_id": _n("partner id", "id компании", "код клиента", "id клиента", "клиент id", "компания id", "код компании",
                        "id контрагента", "код контрагента", "company id", "account id", "client id",
                        "customer id", "organization id", "org id", "associated company ids",
                        "associated company id", "deal organization id", "id контакта", "contact id",
                        "associated contact ids", "account", "seller id"),
        "manager": _n(*_MANAGER, "deal owner", "opportunity owner", "responsible user id", "owner id",
                      "hubspot owner id", "deal owner id", "deal deal owner", "sales agent", "sales representative",
                      "sales rep id", "sr id", "user id", "salesperson id", "agent id"),
        "stage": _n("этап", "этап сделки", "стадия", "стадия сделки", "этап воронки", "stage", "deal stage",
                    "stage name", "lead status", "pipeline stage", "stage id", "dealstage", "статус сделки"),
        "status": _n("статус", "status", "deal status", "состояние", "результат сделки", "итог", "outcome",
                     "deal deal status"),
        "amount": _n("бюджет", "сумма", "сумма сделки", "сумма руб", "сумма сделки руб", "стоимость",
                     "amount", "deal value", "value", "deal amount", "opportunity amount", "budget",
                     "opportunity", "price", "выручка", "доход", "revenue", "потенциальная сумма", "close value",
                     "planned revenue", "won amount", "deal size amount", "сумма сделки руб"),
        "created_at": _n("дата создания", "создана", "создано", "дата создания сделки", "создан",
                         "created", "created at", "create date", "created date", "date created",
                         "createdate", "date create", "add time", "deal created", "дата начала", "begindate",
                         "дата открытия", "open date", "deal add time", "deal deal created", "engage date",
                         "engaged at", "engaged date", "date open", "first contact date", "lead created"),
        "closed_at": _n("дата закрытия", "закрыта", "дата закрытия сделки", "фактическая дата закрытия",
                        "close date", "closed date", "closedate", "closed at", "close time", "closed on",
                        "deal closed on", "closing date", "won time", "date closed", "дата завершения",
                        "deal close time", "deal deal closed on", "deal won time", "won date", "date won",
                        "win date", "дата выигрыша", "дата успеха"),
        "product": _n("продукт", "товар", "услуга", "продукты", "товары", "product", "products", "product name",
                      "направление продаж", "линейка", "product line", "номенклатура"),
        "channel": _n("источник", "канал", "источник сделки", "источник лида", "канал продаж", "рекламный канал",
                      "utm source", "source", "lead source", "channel", "source id", "deal source",
                      "original source", "канал привлечения"),
        "region": _n("город", "регион", "region", "city", "область", "территория", "territory", "country",
                     "страна", "филиал", "location"),
        "lost_reason": _n("причина отказа", "причина проигрыша", "причина потери", "причина провала",
                          "причина закрытия", "lost reason", "loss reason", "reason lost", "closed lost reason",
                          "reason for loss", "deal lost reason"),
        "discount": _n("скидка", "скидка руб", "размер скидки", "discount", "discount amount", "скидка %"),
        "pipeline": _n("воронка", "pipeline", "направление", "воронка продаж", "category id", "category",
                       "deal pipeline", "sales pipeline"),
        "closed": _n("is deal closed", "is deal closed?", "is closed", "isclosed", "deal is closed", "closed flag",
                     "сделка закрыта", "закрыта ли сделка", "сделка закрыта да нет", "hs is closed"),
        "won": _n("is closed won", "is won", "iswon", "deal is won", "сделка выиграна", "сделка успешна да нет",
                  "hs is closed won"),
    },
    "stage_history": {
        "deal_id": _n("id сделки", "сделка", "номер сделки", "deal id", "deal", "lead id", "opportunity id",
                      "record id", "сделка id"),
        "stage": _n("этап", "новый этап", "стадия", "этап сделки", "stage", "new stage", "to stage",
                    "stage entered", "статус", "status", "новый статус", "new value", "новое значение",
                    "stage name", "to stage name"),
        "entered_at": _n("дата перехода", "дата смены этапа", "дата изменения этапа", "дата", "время перехода",
                         "дата события", "entered at", "date entered", "entered", "changed at", "change date",
                         "date", "timestamp", "stage date", "moved at", "event date", "дата и время",
                         "created date", "created at", "date created", "дата изменения", "changed date"),
    },
    "stages": {
        "stage": _n("этап", "стадия", "название этапа", "stage", "stage name", "name"),
        "position": _n("позиция", "порядок", "номер", "№", "sort", "position", "order", "sort order", "index",
                       "номер этапа"),
    },
    "clients": {
        "client_id": _n("id", "id компании", "id клиента", "код клиента", "код", "код контрагента", "company id",
                        "account id", "client id", "customer id", "record id", "organization id", "person id",
                        "id контрагента", "инн", "номер клиента", "клиент id", "org id", "account", "partner id"),
        "name": _n("название компании", "полное имя контакта", "partner name", "contact name", "contact full name",
                   "full name", "наименование", "название", "компания", "клиент", "контрагент",
                   "наименование клиента", "наименование контрагента", "организация", "имя", "фио",
                   "company name", "company", "name", "account name", "client", "customer",
                   "organization name", "organization", "title", "полное имя"),
        "phone": _n("рабочий телефон", "телефон", "телефоны", "номер телефона", "контактный телефон",
                    "основной телефон", "мобильный телефон", "phone", "phone number", "telephone",
                    "work phone", "business phone", "mobile phone", "mobile", "тел"),
        "segment": _n("сфера деятельности", "отрасль", "сегмент", "индустрия", "вид деятельности",
                      "тип клиента", "industry", "segment", "sector", "category", "категория", "account type",
                      "тип компании", "company type", "type", "тип"),
        "region": _n("город", "регион", "region", "city", "область", "страна", "country", "state",
                     "territory", "billing city", "фактический адрес город", "office location",
                     "mailing city", "shipping city"),
        "created_at": _n("дата создания", "создан", "создана", "дата регистрации", "дата добавления",
                         "created", "create date", "created date", "created at", "date created",
                         "createdate", "date create", "add time", "первая покупка", "первый контакт"),
        "manager": _n(*_MANAGER, "company owner", "account owner", "contact owner", "ответственный за клиента", "user id",
                      "куратор", "аккаунт менеджер", "account manager", "hubspot owner id"),
        # The client's purchases of our kind of product from all suppliers, NOT its own turnover:
        # "Annual revenue" / "Годовой оборот" of a company record is how big the company is.
        "potential": _n("потенциал", "потенциал клиента", "годовая потребность", "объем закупок в год",
                        "годовой объем закупок", "потребность", "potential", "wallet", "annual spend",
                        "share of wallet potential", "потенциал закупок"),
    },
    "orders": {
        "order_id": _n("номер заказа", "номер документа", "документ", "регистратор", "id заказа", "заказ",
                       "номер счета", "счет", "номер", "№", "№ документа", "реализация", "накладная",
                       "order id", "order number", "order", "invoice", "invoice number", "invoice id",
                       "document", "document number", "id", "invoice no", "order no", "invoice num"),
        "client_id": _n("код контрагента", "id контрагента", "код клиента", "id клиента", "клиент id",
                        "инн контрагента", "инн", "customer id", "client id", "account id", "company id",
                        "customer number", "контрагент", "клиент", "покупатель", "customer", "client",
                        "company", "компания", "customer name", "client name", "company name", "наименование клиента",
                        "наименование контрагента", "email", "e mail", "email адрес", "e mail адрес",
                        "customer email", "электронная почта"),
        "ordered_at": _n("дата", "дата заказа", "дата документа", "дата продажи", "дата реализации",
                         "дата отгрузки", "период", "order date", "date", "invoice date", "sale date",
                         "created at", "ordered at"),
        "amount": _n("сумма", "сумма продажи", "сумма с ндс", "сумма руб", "выручка", "стоимость",
                     "сумма документа", "amount", "total", "line total", "revenue", "sales", "net amount",
                     "order total", "сумма продаж"),
        "price": _n("цена", "цена за единицу", "цена руб", "price", "unit price"),
        "product": _n("номенклатура", "товар", "продукт", "наименование товара", "услуга", "товары",
                      "product", "item", "sku", "product name", "item name", "артикул", "stock code",
                      "product code", "item code", "product id", "код товара", "код номенклатуры"),
        "quantity": _n("количество", "кол во", "колво", "qty", "quantity", "units", "шт"),
        "margin": _n("валовая прибыль", "маржа", "прибыль", "наценка руб", "margin", "gross margin",
                     "gross profit", "profit"),
        "manager": _n(*_MANAGER, "ответственный за документ", "автор"),
        "paid_at": _n("дата оплаты", "оплачен", "оплачено", "paid at", "payment date", "paid date", "date paid"),
    },
    "calls": {
        "call_id": _n("id звонка", "id", "идентификатор звонка", "ид звонка", "uniqueid", "unique id", "call id",
                      "sid", "call sid", "uuid", "id сессии", "entry id", "pbx call id", "linkedid"),
        "started_at": _n("дата звонка", "дата и время", "дата и время звонка", "время звонка", "начало звонка",
                         "начало", "дата", "время", "calldate", "call date", "start", "start time", "started at",
                         "date time", "datetime", "date", "time", "callstart", "call start", "date time start",
                         "дата время", "дата начала", "время начала", "activity date", "timestamp"),
        "manager": _n("сотрудник", "менеджер", "оператор", "ответственный", "агент", "employee", "manager",
                      "agent", "user", "operator", "extension", "внутренний номер", "абонент сотрудник",
                      "кто ответил", "ответивший сотрудник", "сотрудник фио", "activity assigned to",
                      "employee full name", "sip", "owner", "agent id", "operator id", "employee id",
                      "agent name", "operator name"),
        "direction": _n("тип звонка", "направление", "тип", "направление звонка", "тип вызова", "direction",
                        "call direction", "call type", "type", "in out", "вх исх"),
        "phone": _n("номер клиента", "телефон клиента", "номер абонента", "клиент", "телефон", "номер",
                    "номер телефона", "phone", "phone number", "customer number", "client number",
                    "contact phone number", "external number", "внешний номер", "contact phone"),
        "duration_s": _n("длительность разговора", "продолжительность разговора", "время разговора",
                         "разговор", "разговор сек", "длительность разговора сек", "billsec", "billseconds",
                         "talk time", "talk duration", "talk", "conversation duration", "billable seconds",
                         "rating duration", "call duration", "duration", "длительность", "продолжительность",
                         "длительность сек", "seconds", "сек", "время разговора сек", "длит", "длит сек",
                         "время разг", "разг"),
        "wait_s": _n("ожидание", "время ожидания", "ожидание ответа", "длительность ожидания",
                     "время ожидания сек", "ожидание сек", "wait", "wait time", "wait duration", "ring time",
                     "ringing", "hold time", "queue time", "время дозвона", "время до ответа",
                     "speed of answer", "speed of answer in seconds", "time to answer", "скорость ответа"),
        "status": _n("статус", "статус звонка", "результат", "результат звонка", "исход", "disposition",
                     "status", "call status", "call result", "result", "outcome", "call outcome", "состояние"),
        "recording_url": _n("запись", "запись разговора", "ссылка на запись", "файл записи", "запись звонка",
                            "recording", "recording url", "recordingfile", "recording file", "record",
                            "recording path", "records", "call records", "аудиозапись", "recording link"),
        "client_id": _n("id клиента", "код клиента", "client id", "customer id", "associated company ids",
                        "company id", "id компании", "contact id"),
        "from": _n("кто звонил", "от кого", "откуда", "звонящий", "номер звонящего", "вызывающий номер",
                   "исходящий номер", "номер а", "src", "from", "caller", "caller number", "calling number",
                   "source", "from number", "clid", "caller id", "ani", "с номера", "абонент а", "callerid",
                   "кто", "инициатор"),
        "to": _n("кому звонил", "кому звонили", "кому", "куда", "вызываемый номер", "номер б", "dst",
                 "to", "called", "called number", "destination", "to number", "dnis", "на номер", "абонент б",
                 "callee", "destination number"),
        "from_channel": _n("channel", "src channel", "source channel", "канал звонящего"),
        "to_channel": _n("dstchannel", "dst channel", "destination channel", "канал вызываемого"),
        "answered": _n("отвечен", "принят", "ответ", "answered", "is answered", "отвечен да нет", "дозвон"),
        "total_s": _n("общая длительность", "длительность вызова", "полная длительность", "total duration",
                      "total time", "total s", "total seconds", "duration total", "общее время",
                      "total call duration", "общая длительность звонка"),
        "answered_at": _n("answer", "время ответа", "дата ответа", "answered at", "answer time", "answerdate",
                          "date time connect", "connect time", "time answered", "answer date"),
        "missed": _n("is missed call", "missed", "missed call", "пропущенный", "пропущен", "пропущенный звонок",
                     "is missed", "не отвечен"),
        "count": _n("calls count", "call count", "number of calls", "count of calls", "calls", "количество звонков",
                    "кол во звонков", "число звонков", "звонков", "incoming calls", "answered calls",
                    "abandoned calls", "total calls", "всего звонков"),
        "ended_at": _n("end", "окончание", "время окончания", "конец", "конец звонка", "end time", "ended at",
                       "hangup time", "finish", "finish time", "date time end", "hangupdate", "завершение"),
    },
    "tasks": {
        "task_id": _n("id задачи", "номер задачи", "задача id", "task id", "id", "activity id", "record id"),
        "deal_id": _n("id сделки", "сделка id", "номер сделки", "deal id", "связанная сделка id",
                      "associated deal ids", "associated deal id", "opportunity id", "lead id",
                      "сделка"),
        "manager": _n(*_MANAGER, "исполнитель", "task owner", "activity assigned to", "assignee"),
        "due_at": _n("срок выполнения", "срок", "крайний срок", "дедлайн", "запланировано на", "дата выполнения план",
                     "due date", "due", "due at", "deadline", "activity date", "task due date", "планируемая дата",
                     "дата исполнения"),
        "completed_at": _n("дата выполнения", "выполнена", "дата завершения", "завершена", "фактическая дата",
                           "completed at", "completed", "completion date", "date completed", "closed at",
                           "done at", "closed date", "дата закрытия"),
    },
    "meetings": {
        "meeting_id": _n("id встречи", "номер встречи", "meeting id", "activity id", "id", "event id", "record id"),
        "manager": _n(*_MANAGER, "activity assigned to", "organizer", "организатор", "meeting owner",
                      "кто проводил"),
        "client_id": _n("id клиента", "код клиента", "id компании", "associated company ids", "associated company id",
                        "company id", "account id", "client id", "customer id", "клиент id", "контрагент код"),
        "held_at": _n("дата встречи", "дата и время встречи", "время встречи", "дата проведения", "дата",
                      "activity date", "meeting date", "meeting start time", "start time", "start", "date",
                      "held at", "начало встречи", "начало"),
        "place": _n("место", "место встречи", "место проведения", "формат", "формат встречи", "meeting location",
                    "location", "place", "venue", "where", "адрес встречи"),
        "result": _n("результат", "результат встречи", "итог", "итог встречи", "meeting outcome", "outcome",
                     "result", "status", "статус встречи"),
    },
    "managers": {
        "manager": _n("sales agent", "sales rep", "salesperson", "regional manager", "фио", "менеджер", "сотрудник",
                      "имя", "фио сотрудника", "фио менеджера", "manager", "name",
                      "full name", "employee", "user", "пользователь", "owner", "sales rep"),
        "team": _n("отдел", "подразделение", "команда", "группа", "team", "department", "group", "division",
                   "филиал", "regional office", "office", "офис", "sales team", "region", "регион"),
        "role": _n("роль", "должность", "специализация", "role", "position", "title", "job title",
                   "тип менеджера"),
        "hired_at": _n("дата приема", "дата найма", "принят", "дата трудоустройства", "начало работы",
                       "hired at", "hire date", "hired", "start date", "date hired"),
        "left_at": _n("дата увольнения", "уволен", "окончание работы", "left at", "termination date",
                      "end date", "left", "date left", "fired"),
        "extension": _n("внутренний номер", "добавочный", "добавочный номер", "внутр номер", "extension",
                        "ext", "sip", "sip номер", "вн номер", "внутренний"),
    },
    "plans": {
        "manager": _n("менеджер", "сотрудник", "фио", "ответственный", "manager", "name", "employee", "owner",
                      "sales rep"),
        "month": _n("месяц", "период", "month", "period", "дата", "date"),
        "plan_amount": _n("план", "план руб", "план продаж", "план выручки", "план по выручке", "сумма плана",
                          "план сумма", "plan", "plan amount", "target", "quota", "revenue plan", "sales target",
                          "план, руб"),
    },
    "nps": {
        "client_id": _n("id клиента", "код клиента", "клиент id", "client id", "customer id", "account id",
                        "company id", "id компании", "id"),
        "answered_at": _n("отметка времени", "дата ответа", "дата", "дата опроса", "время ответа", "timestamp",
                          "date", "submitted at", "response date", "answered at", "submitted", "created at"),
        "score": _n("оценка", "nps", "балл", "оценка nps", "nps оценка", "score", "nps score", "rating",
                    "likelihood to recommend", "recommend"),
    },
}

# Partial matches (regex on the normalised header), tried only when no exact synonym matched.
KEYWORDS: dict[str, dict[str, list[str]]] = {
    "deals": {
        "deal_id": [r"^(id|номер|№) (сделк|лид)", r"^(deal|opportunity|lead) (id|number)"],
        "amount": [r"^(бюджет|сумма сделки)", r"^(amount|deal value)"],
        "stage": [r"^(этап|стадия)", r"\bstage\b"],
        "created_at": [r"^дата создания", r"^(created|create date)"],
        "closed_at": [r"^дата закрытия", r"^(close date|closed)"],
        "lost_reason": [r"причин\w* (отказ|проигр|потер|провал)", r"lost reason"],
        "manager": [r"^ответственн", r"\bowner\b"],
        "channel": [r"^источник", r"\bsource\b"],
        "discount": [r"^скидк", r"\bdiscount\b"],
    },
    "stage_history": {
        "entered_at": [r"дата (перехода|смены|изменения)", r"\b(entered|changed|moved)\b"],
        "stage": [r"^(новый )?(этап|стадия)", r"\bstage\b"],
    },
    "clients": {
        "phone": [r"телефон", r"\bphone\b", r"мобильн"],
        "potential": [r"потенциал", r"потребност", r"объ[её]м закуп"],
        "segment": [r"сфера", r"отрасл", r"industry", r"сегмент"],
        "name": [r"^(название|наименование)"],
        "created_at": [r"^дата (создания|регистрации|добавления)", r"^creat"],
    },
    "orders": {
        "amount": [r"^сумма", r"^(amount|total)"],
        "price": [r"^цена", r"\bprice\b"],
        "quantity": [r"^кол", r"\b(qty|quantity)\b"],
        "margin": [r"прибыл", r"марж", r"\bmargin\b"],
        "ordered_at": [r"^дата (заказа|документа|продажи|реализации|отгрузки)", r"order date"],
        "client_id": [r"^(код|id|инн) (контрагента|клиента|покупателя)"],
        "order_id": [r"^(номер|№) (заказа|документа|счета)"],
    },
    "calls": {
        "duration_s": [r"^длит", r"длительность разговора", r"продолжительность разговора", r"время разговора",
                       r"\btalk\b", r"billsec", r"^длительность", r"^продолжительность", r"\bduration\b"],
        "wait_s": [r"ожидани", r"\bwait", r"\bring(ing)? time\b", r"дозвон"],
        "started_at": [r"^(дата|время) (звонка|вызова|начала)", r"^(call )?(start|date)"],
        "recording_url": [r"запис", r"\brecord"],
        "from": [r"^(кто звонил|звонящ)", r"\bcaller\b"],
        "to": [r"^кому", r"\bcalled\b|\bcallee\b"],
        "status": [r"^статус", r"^результат", r"\bstatus\b|\bdisposition\b"],
        "direction": [r"направлени", r"^тип (звонка|вызова)", r"\bdirection\b"],
        "manager": [r"^сотрудник", r"^менеджер", r"^оператор"],
        "phone": [r"номер (клиента|абонента)", r"телефон клиента"],
        "answered": [r"^answered\b", r"^(отвечен|принят)\b"],
        "missed": [r"^(is )?missed\b", r"^пропущен"],
    },
    "tasks": {
        "due_at": [r"^срок", r"\bdue\b", r"дедлайн|deadline"],
        "completed_at": [r"^дата (выполнения|завершения)", r"\bcomplet"],
        "task_id": [r"^(id|номер) задачи", r"^task id"],
    },
    "meetings": {
        "held_at": [r"^дата (встречи|проведения)", r"meeting (date|start)"],
        "place": [r"^мест", r"location"],
        "result": [r"^(результат|итог)", r"outcome"],
        "meeting_id": [r"^(id|номер) встречи", r"meeting id"],
    },
    "managers": {
        "hired_at": [r"^дата (приема|найма|трудоустройства)", r"\bhire"],
        "left_at": [r"увольнени", r"\btermination\b"],
        "extension": [r"внутренн\w* номер", r"добавочн", r"\bext(ension)?\b"],
        "team": [r"^(отдел|подразделени)", r"department"],
    },
    "plans": {
        "plan_amount": [r"^план", r"\b(plan|target|quota)\b"],
        "month": [r"^месяц", r"\bmonth\b"],
    },
    "nps": {
        "score": [r"порекоменд", r"рекомендовал", r"\brecommend", r"\bnps\b", r"оцен(ка|ите)",
                  r"\b0 10\b", r"likely"],
        "answered_at": [r"отметка времени", r"timestamp"],
    },
}

# Header forms that appear in nearly every table: they map columns but weigh little in table choice.
WEAK: set[str] = set(_n(
    "id", "№", "номер", "код", "дата", "date", "время", "time", "ответственный", "менеджер", "сотрудник",
    "manager", "owner", "user", "пользователь", "статус", "status", "сумма", "amount", "название", "name",
    "наименование", "город", "city", "регион", "region", "результат", "result", "тип", "type", "комментарий",
    "comment", "record id", "фио", "имя", "value", "total", "created", "дата создания", "create date",
    "created date", "created at", "date created", "период", "period", "клиент", "client", "company", "компания",
    "source", "источник", "description", "описание", "start", "end", "timestamp", "телефон", "phone",
    "номер телефона", "phone number", "id клиента", "client id", "id компании", "company id",
))

# Words in a header or file name that say "this is a survey".
SURVEY_WORDS = re.compile(r"порекоменд|рекомендац|опрос|анкет|оцен|nps|survey|recommend|feedback|отзыв|"
                          r"удовлетвор|csat|форм[аы]|forms|отметка времени|timestamp|likely", re.I)

# File names that say the file holds records we do not model (support cases, marketing campaigns,
# catalogues, data dictionaries): every table scores lower, so only overwhelming evidence wins.
FOREIGN_FILE = re.compile(r"\b(case|cases|ticket|tickets|campaign\w*|product|products|catalog\w*|dictionary|"
                          r"inventory|stock|branch\w*|relation\w*|обращени\w*|тикет\w*|кампани\w*|каталог\w*|"
                          r"справочник\w*)\b|_c\b")

# File-name hints: regex on the lower-cased file name -> table.
FILE_HINTS: list[tuple[str, str]] = [
    (r"stage[_ -]?history|история[_ ]этап|history|история|переход", "stage_history"),
    (r"\bstages\b|этапы|воронк[аи]", "stages"),
    (r"deal|lead|opportunit|сделк|лид", "deals"),
    (r"client|compan|account|customer|contragent|контрагент|клиент|компани|organi[sz]ation|person", "clients"),
    (r"order|sale|invoice|realiz|продаж|заказ|реализац|отгрузк|1c|1с", "orders"),
    (r"call|cdr|master\.csv|звонк|вызов|телефон|mango|zadarma|twilio|asterisk|freepbx|pbx|uis|comagic", "calls"),
    (r"task|задач", "tasks"),
    (r"meeting|встреч", "meetings"),
    (r"manager|staff|employee|user|менеджер|сотрудник|персонал", "managers"),
    (r"plan|quota|target|план", "plans"),
    (r"nps|survey|опрос|анкет|feedback|forms", "nps"),
]


# --- run-together headers -----------------------------------------------------------------------
# Some exporters glue words together in upper case (QUANTITYORDERED, CUSTOMERNAME, PRICEEACH): camel
# case cannot split them, the vocabulary can. The words are those of every synonym form, plus common
# header words that no synonym holds alone. A token is split only when it is not a word itself and it
# splits wholly into known words (two-letter pieces only from a short list), fewest pieces first.
_EXTRA_WORDS = {
    "each", "line", "code", "contact", "first", "last", "full", "address", "postal", "state", "size", "year",
    "month", "quarter", "unit", "units", "net", "gross", "paid", "won", "lost", "open", "closed", "close",
    "engage", "engaged", "expected", "deal", "deals", "account", "customer", "client", "company", "mobile",
    "email", "type", "name", "date", "time", "number", "order", "ordered", "stock", "invoice", "agent", "sales",
    "value", "total", "list", "item", "items", "sale", "reason", "owner", "stage", "source", "phone", "created",
    "modified", "updated", "start", "end", "call", "calls", "count", "missed", "internal", "user", "operator",
}
_SHORT = {"id", "no", "of", "to", "at", "by", "on"}
_TOKEN = re.compile(r"^[a-z]{6,40}$")


def _vocabulary() -> frozenset[str]:
    words = set(_EXTRA_WORDS)
    for table in SYNONYMS.values():
        for forms in table.values():
            for f in forms:
                words.update(w for w in f.split() if w.isascii() and w.isalpha() and len(w) >= 3)
    return frozenset(words)


_VOCAB = _vocabulary()


def _segment(token: str) -> list[str] | None:
    """`token` as the fewest known words, or None."""
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(1, n + 1):
        for j in range(max(0, i - 16), i):
            if best[j] is None:
                continue
            piece = token[j:i]
            if (len(piece) >= 3 and piece in _VOCAB) or piece in _SHORT:
                cand = best[j] + [piece]
                if best[i] is None or len(cand) < len(best[i]):
                    best[i] = cand
    out = best[n]
    return out if out and len(out) > 1 else None


def split_words(norm: str) -> str:
    """A normalised header with its run-together words split ("quantityordered" -> "quantity ordered")."""
    out = []
    for token in norm.split():
        if token not in _VOCAB and _TOKEN.match(token):
            parts = _segment(token)
            out.extend(parts if parts else [token])
        else:
            out.append(token)
    return " ".join(out)
