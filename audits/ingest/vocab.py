"""Word lists the SQL normaliser (and the UI) use to read what exporters write.

Everything is lower-case. `*_PATTERNS` are regex fragments (RE2 syntax, as DuckDB's
`regexp_matches` runs them on `lower(status || ' ' || stage)`; `\\b` is an ASCII word boundary
there, so it is only used around Latin words). `CALL_STATUS`, `CALL_DIRECTION`, `BOOL_*` hold exact
values compared with `lower(trim(value))`.

Lost words are checked before won words, and closed-without-a-win words after them, so a stage such as "Закрыто и не реализовано" is lost even
though it contains "реализовано".

Decisions:
- "оплачено" / "paid" are NOT won words: in amoCRM and Bitrix24 pipelines a payment stage usually
  precedes the system's final stage ("Успешно реализовано", "Сделка успешна") and "частично
  оплачено" exists; a deal that sits there is still open in the CRM's own terms.
- Bitrix24 semantic ids ("S", "F", "P") are single letters and are not matched; its stage ids
  ("WON", "LOSE", "C3:WON", "C3:LOSE") and "APOLOGY" (analysis of failure) are.
"""
from __future__ import annotations

import re

WON_PATTERNS: list[str] = [
    r"\bwon\b",                    # Salesforce "Closed Won", Pipedrive status "won", Bitrix "WON"/"C1:WON"
    r"closedwon",                  # HubSpot internal stage id
    r"\bclosed[ _-]?win\b",
    "успешно реализовано",         # amoCRM system status 142
    "сделка успешна",              # Bitrix24 final stage
    "успешная сделка",
    "сделка заключена",
    "выигран",                     # выиграна / выигран / выиграно
    "успешно закрыт",              # успешно закрыта / закрыто
    "закрыта успешно",
    "закрыто успешно",
    "продажа состоялась",
    r"\bwon deal\b",
]

LOST_PATTERNS: list[str] = [
    r"\blost\b",                   # Salesforce "Closed Lost", Pipedrive status "lost"
    r"closedlost",                 # HubSpot internal stage id
    r"\blose\b",                   # Bitrix stage id "LOSE" / "C1:LOSE"
    r"\bapology\b",                # Bitrix "APOLOGY" (analysis of failure)
    "закрыто и не реализовано",    # amoCRM system status 143
    "не реализовано",
    "сделка провалена",            # Bitrix24 final stage
    "провал",                      # провалена / анализ причины провала
    "проигран",                    # проиграна / проигран
    "отказ",                       # отказ / отказался / отказано
    "неуспешн",
    "потерян",
    "нецелев",                     # нецелевой лид
    "закрыто без продажи",
    "закрыта без продажи",
    r"\bdisqualified\b",
]

# Closed without a win: checked after the won words, so "Успешно закрыта" stays won, and a stage such as
# HubSpot's "Closed: abandoned", "Closed" or "Закрыто" is lost, not an open middle stage. RE2 has no
# lookbehind: "не закрыт..." (still open) is excluded in the SQL and in `stage_status` by NOT_CLOSED.
CLOSED_PATTERNS: list[str] = [
    r"\bclosed\b",                 # "Closed: abandoned", "Closed (no decision)", "Closed"
    r"\babandoned\b",
    r"\bcancell?ed\b",
    r"\bdead\b",
    r"\bjunk\b",
    "закрыт(ая|ое|а|о|ы)?([^а-яё]|$)",   # закрыто / закрыта / закрытая сделка, not "закрытие сделки"
    "отменен", "отменён", "аннулирован",
]
NOT_CLOSED_PATTERNS: list[str] = ["не закрыт", r"\bnot closed\b", r"\bclosed won\b"]

VAGUE_STAGE_PATTERNS: list[str] = [
    "думает", "подумать", "обдумыва", "размышля",
    "изучает", "изучение кп", "изучают",
    "на согласовании", "согласование", "согласовывает",
    "в работе",
    "на рассмотрении", "рассматривает", "рассмотрение",
    "ждем ответ", "ждём ответ", "ожидание ответа", "ожидаем ответ", "ждет решения", "ждёт решения",
    "принимает решение", "принятие решения",
    "отложен", "на паузе", "заморожен",
    "перезвонить позже", "вернуться позже",
    r"\bthinking\b", r"\breviewing\b", r"\bin progress\b", r"\bunder review\b", r"\bon hold\b",
    r"\bpending\b", r"\bwaiting\b", r"\bconsidering\b", r"\bevaluating\b", r"\bfollow[ -]?up\b",
]

CALL_STATUS: dict[str, list[str]] = {
    "answered": [
        "answered", "answer", "completed", "connected", "success", "successful",  # Asterisk, Twilio, Zadarma
        "отвечен", "отвечено", "отвеченный", "отвечённый", "ответили",
        "принят", "принятый", "принято",
        "успешный", "успешно", "успешный вызов", "состоялся", "состоявшийся", "разговор",
        "дозвонились", "дозвон", "соединение", "обработан",
    ],
    "missed": [
        "no answer", "noanswer", "no-answer", "not answered", "unanswered", "missed", "no_answer",
        "cancel", "canceled", "cancelled", "abandoned", "voicemail", "timeout",
        "пропущен", "пропущенный", "пропущено", "не отвечен", "неотвечен", "неотвеченный",
        "не принят", "непринятый", "не принято", "без ответа", "нет ответа", "не ответили",
        "неуспешный", "неуспешно", "недозвон", "не дозвонились", "не состоялся", "отменен", "отменён",
        "потерянный", "потерян", "сброшен",
    ],
    "busy": ["busy", "user busy", "занято", "занят", "абонент занят", "линия занята"],
    "failed": [
        "failed", "fail", "congestion", "error", "chanunavail", "unavailable", "no money",
        "unallocated number", "line limit", "no limit", "no day limit",
        "ошибка", "сбой", "не удалось", "недоступен", "абонент недоступен", "неверный номер",
    ],
}

CALL_DIRECTION: dict[str, list[str]] = {
    "in": [
        "in", "incoming", "inbound", "inbound call", "incoming call", "inc",
        "входящий", "входящая", "входящие", "входящий звонок", "входящий вызов", "вход", "вх", "вх.",
        "входящий (пропущенный)",
    ],
    "out": [
        "out", "outgoing", "outbound", "outbound-api", "outbound-dial", "outbound call", "outgoing call",
        "исходящий", "исходящая", "исходящие", "исходящий звонок", "исходящий вызов", "исх", "исх.",
        "обратный звонок", "callback",
    ],
    "internal": ["internal", "local", "intercom", "внутренний", "внутренняя", "внутренние", "внутр", "внутр."],
}

BOOL_TRUE: list[str] = ["y", "yes", "да", "д", "1", "true", "t", "+", "истина", "есть", "on"]
BOOL_FALSE: list[str] = ["n", "no", "нет", "н", "0", "false", "f", "-", "ложь", "off"]

_WON = re.compile("|".join(WON_PATTERNS))
_LOST = re.compile("|".join(LOST_PATTERNS))
_VAGUE = re.compile("|".join(VAGUE_STAGE_PATTERNS))
_CLOSED = re.compile("|".join(CLOSED_PATTERNS))
_NOT_CLOSED = re.compile("|".join(NOT_CLOSED_PATTERNS))


def _norm(value: str | None) -> str:
    return (value or "").strip().lower().replace("ё", "е")


def stage_status(stage: str) -> str | None:
    """'won' | 'lost' | None for a stage (or status) name, the same rule as the SQL normaliser."""
    v = _norm(stage)
    if not v:
        return None
    if _LOST.search(v):
        return "lost"
    if _WON.search(v):
        return "won"
    if _CLOSED.search(v) and not _NOT_CLOSED.search(v):
        return "lost"
    return None


def is_vague_stage(stage: str) -> bool:
    return bool(_VAGUE.search(_norm(stage)))


def _canonical_word(value: str, words: dict[str, list[str]]) -> str | None:
    v = _norm(value)
    return next((canon for canon, forms in words.items() if v in forms), None)


def call_status(value: str) -> str | None:
    return _canonical_word(value, CALL_STATUS)


def call_direction(value: str) -> str | None:
    return _canonical_word(value, CALL_DIRECTION)


# Text that exporters write in a date, number or duration cell to say "nothing here" (amoCRM writes
# "не закрыта" in the close date of an open deal; R writes NA; MySQL dumps write NULL). Compared with
# lower(trim(value)); read as empty, never as a bad value, and ignored when judging a column's kind.
PLACEHOLDERS: frozenset[str] = frozenset({
    "", "-", "--", "—", "–", ".", "?", "n/a", "na", "n.a.", "nan", "nat", "none", "null", "nil", "#n/a",
    "не закрыта", "не закрыт", "не закрыто", "нет", "нет даты", "не указано", "не указана", "не указан",
    "не задано", "не задана", "отсутствует", "без даты", "not set", "not closed", "open", "unknown", "(blank)",
    "(empty)", "empty", "tbd", "н/д", "нд",
})


def is_placeholder(value: object) -> bool:
    return value is None or str(value).strip().lower().replace("ё", "е") in PLACEHOLDERS
