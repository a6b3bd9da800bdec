"""Where a table's header is, and clean column names from it.

Exports often put title lines above the header (1C: "Продажи за период ...", "Организация: ...",
a blank line, then the header); PBX call logs often have no header at all. `find_header_row` looks
at the first rows the way a person would: the header is the first row that has several cells,
nearly all of them words rather than numbers or dates, mostly distinct, and at least as wide as
the rows below it (a title line usually has a single filled cell).
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from statistics import median

# Numbers (with spaces / NBSP as thousands separators, a decimal comma, a sign, a % or currency),
# phone numbers, dates and times: values, not column names.
# After the last digit only separators may follow, taken possessively: a class that also held digits
# made a long run of digits ending in a stray character backtrack for minutes (a 500k-digit cell).
_NUMBER = re.compile(r"^[-+−(]?[\d\s\u00a0\u202f.,()\-]*\d[\s\u00a0\u202f.,)]*+\s*(%|₽|руб\.?|р\.|\$|€)?$",
                     re.IGNORECASE)
_DATE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?)?")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(\s*[AaPp][Mm])?$")
_SPACES = re.compile(r"\s+")

HEADER_TEXT_SHARE = 0.8     # share of a header's filled cells that must be words
HEADER_UNIQUE_SHARE = 0.8   # share of a header's filled cells that must be distinct
HEADER_WIDTH_SHARE = 0.8    # a header has at least this share of the filled cells of the rows below
ROWS_BELOW = 10             # how many filled rows below a candidate are compared with it
MAX_COLUMNS = 1000          # wider tables are not exports we audit; mapping them would take minutes


def _filled(v: object) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    return not (isinstance(v, str) and not v.strip())


def _is_word(v: object) -> bool:
    """A cell that reads like a column name: text that is not a number, date or time."""
    if not isinstance(v, str):
        return False            # numbers, dates, times, booleans from a typed reader
    s = v.strip()
    return not (_NUMBER.match(s) or _DATE.match(s) or _TIME.match(s))


def find_header_row(rows: list[list[object]], max_scan: int = 30) -> int | None:
    """Index (0-based, within `rows`) of the header row among the first rows of a table that may
    start with title lines (1C reports: 'Продажи за период ...', 'Организация: ...', blank line,
    then the header), or None when the data has no header (e.g. a headerless PBX CDR where every row
    has timestamps/numbers). A header row: the first row with >= 2 non-empty cells, mostly text
    that doesn't look like numbers/dates, unique-ish, and at least as wide as the rows below it
    (title rows usually have one non-empty cell)."""
    scan = [[c for c in row if _filled(c)] for row in rows[:max_scan]]
    counts = [len(cells) for cells in scan]
    for i, cells in enumerate(scan):
        n = len(cells)
        if n < 2:
            continue
        if sum(_is_word(c) for c in cells) < HEADER_TEXT_SHARE * n and not _months_header(rows, i):
            continue
        if len({_SPACES.sub(" ", str(c).strip().lower()) for c in cells}) < HEADER_UNIQUE_SHARE * n:
            continue
        below = [c for c in counts[i + 1:] if c][:ROWS_BELOW]
        if below and n < HEADER_WIDTH_SHARE * median(below):
            continue
        return i
    return None


def _is_date(v: object) -> bool:
    return isinstance(v, (date, datetime)) or (isinstance(v, str) and bool(_DATE.match(v.strip())))


def _months_header(rows: list[list[object]], i: int) -> bool:
    """A plan laid out by month: words first, then a date in every other header cell, while the
    row below holds numbers where the header holds dates ("Менеджер | 01.2024 | 02.2024 ...")."""
    row = rows[i]
    below = next((r for r in rows[i + 1:] if any(_filled(c) for c in r)), None)
    dated = [j for j, c in enumerate(row) if _filled(c) and _is_date(c)]
    words = [j for j, c in enumerate(row) if _filled(c) and _is_word(c)]
    if below is None or len(dated) < 2 or not words or min(words) > min(dated):
        return False
    if len(dated) + len(words) < sum(_filled(c) for c in row):
        return False
    under = [below[j] for j in dated if j < len(below) and _filled(below[j])]
    return bool(under) and not any(_is_date(c) for c in under)


def _as_text(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(sep=" ") if (v.hour, v.minute, v.second, v.microsecond) != (0, 0, 0, 0) \
            else v.date().isoformat()
    if isinstance(v, (date, time, timedelta)):
        return str(v)
    return str(v)


def header_names(cells: list[object]) -> list[str]:
    """Clean header names: str, stripped, internal whitespace collapsed; blank -> 'col{n}' (1-based
    position); duplicates get ' (2)', ' (3)' suffixes."""
    base = [_SPACES.sub(" ", _as_text(c)).strip() or f"col{i + 1}" for i, c in enumerate(cells)]
    taken = set(base)
    seen: dict[str, int] = {}
    out = []
    for name in base:
        if name not in seen:
            seen[name] = 1
            out.append(name)
            continue
        k = seen[name]
        while True:
            k += 1
            candidate = f"{name} ({k})"
            if candidate not in taken:
                break
        seen[name] = k
        taken.add(candidate)
        out.append(candidate)
    return out
