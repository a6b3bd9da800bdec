"""Plans kept the way people keep them: one row per manager, one column per month.

"Менеджер | Январь 2024 | Февраль 2024 | ... | Итого" is turned into the canonical long form
(manager, month, plan_amount) in SQL: one SELECT per month column, so every value keeps the row
number it had in the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from audits.sql import q

MIN_MONTHS = 3
MONTH_HEADER = "(месяц · month)"
AMOUNT_HEADER = "(план · plan)"

_MONTHS = {
    "январь": 1, "января": 1, "янв": 1, "jan": 1, "january": 1,
    "февраль": 2, "февраля": 2, "фев": 2, "feb": 2, "february": 2,
    "март": 3, "марта": 3, "мар": 3, "mar": 3, "march": 3,
    "апрель": 4, "апреля": 4, "апр": 4, "apr": 4, "april": 4,
    "май": 5, "мая": 5, "may": 5,
    "июнь": 6, "июня": 6, "июн": 6, "jun": 6, "june": 6,
    "июль": 7, "июля": 7, "июл": 7, "jul": 7, "july": 7,
    "август": 8, "августа": 8, "авг": 8, "aug": 8, "august": 8,
    "сентябрь": 9, "сентября": 9, "сен": 9, "сент": 9, "sep": 9, "sept": 9, "september": 9,
    "октябрь": 10, "октября": 10, "окт": 10, "oct": 10, "october": 10,
    "ноябрь": 11, "ноября": 11, "ноя": 11, "нояб": 11, "nov": 11, "november": 11,
    "декабрь": 12, "декабря": 12, "дек": 12, "dec": 12, "december": 12,
}
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})(?:[-./]\d{1,2})?(?:[ T]00:00(?::00)?)?$")
_DMY = re.compile(r"^(?:\d{1,2}[./])?(\d{1,2})[./](\d{4})$")
_WORDS = re.compile(r"^([a-zа-яё]+)\.?[\s\-']*(\d{2}|\d{4})$")


def month_of(header: str) -> date | None:
    """The month a column header names ("2024-01", "01.2024", "Январь 2024", "янв.24", "Jan-24")."""
    h = header.strip().lower().replace("ё", "е")
    if m := _ISO.match(h):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _DMY.match(h):
        month, year = int(m.group(1)), int(m.group(2))
    elif (m := _WORDS.match(h)) and m.group(1) in _MONTHS:
        month, year = _MONTHS[m.group(1)], int(m.group(2))
        year += 2000 if year < 100 else 0
    else:
        return None
    return date(year, month, 1) if 1 <= month <= 12 and 1990 <= year <= 2100 else None


@dataclass
class WidePlan:
    manager: str                   # the header of the managers' column
    months: dict[str, date]        # month column header -> first day of that month


def wide_plan(headers: list[str], samples: dict[str, list[str]]) -> WidePlan | None:
    """A plan laid out by month columns, or None. Needs at least three month columns and one
    column of names (a "Total" column and other extras are left out)."""
    months = {h: m for h in headers if (m := month_of(h))}
    if len(months) < MIN_MONTHS:
        return None
    names = [h for h in headers if h not in months and samples.get(h)
             and sum(any(ch.isalpha() for ch in v) for v in samples[h]) >= 0.8 * len(samples[h])]
    if not names:
        return None
    return WidePlan(names[0], months)


def long_sql(numbered_source: str, plan: WidePlan) -> str:
    """The long form: `_row`, manager, month, amount, as one relation."""
    parts = [f"SELECT _row, {q(plan.manager)}, DATE '{m.isoformat()}' AS {q(MONTH_HEADER)}, "
             f"CAST({q(h)} AS VARCHAR) AS {q(AMOUNT_HEADER)} FROM {numbered_source} "
             f"WHERE {q(h)} IS NOT NULL" for h, m in plan.months.items()]
    return "(" + " UNION ALL ".join(parts) + ")"
