"""Turn one raw upload into rows of a canonical table, in SQL.

For every mapped source column an expression converts what exporters write (decimal commas,
thousands separators, `DD.MM.YYYY`, Excel serials, `1 мин 23 сек`, `ANSWERED`, ...) into the
canonical type. Derived columns follow (deal status from stage words, call direction from which
party is an internal extension, amount = quantity x price). Rows that miss a required value, or
hold one that cannot be read, are set aside with their row number and the reason; the rest land
in `norm.<file id>`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from audits import model, phones
from audits.sql import lit, q
from audits.ingest import vocab
from audits.ingest.errors import Message

# --- decisions taken from sample values ------------------------------------------------------

_COMMA_DECIMAL = re.compile(r"^-?[\d\s\u00a0\u202f.']*,\d{1,2}(\D*)$")
_DOT_DECIMAL = re.compile(r"^-?[\d\s\u00a0\u202f,']*\.\d{1,2}(\D*)$|^-?\d*\.\d{3,}$")
_COMMA_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{2,4}")
_TIME_ONLY = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*$|^\s*\d{4}-\d{2}-\d{2}[ T]00:00:00\s*$")


def decimal_comma(values: list[str]) -> bool:
    """Does this column write money with a decimal comma ("12 345,50")?"""
    comma = sum(bool(_COMMA_DECIMAL.match(v.strip())) for v in values)
    dot = sum(bool(_DOT_DECIMAL.match(v.strip())) for v in values)
    thousands = sum(bool(_COMMA_THOUSANDS.match(v.strip())) for v in values)
    return comma > 0 and comma >= dot + thousands


def month_first(values: list[str]) -> bool:
    """For `a/b/yyyy` dates: True when the month comes first (US style)."""
    firsts, seconds = [], []
    for v in values:
        m = _SLASH_DATE.match(v)
        if m:
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    if any(f > 12 for f in firsts):
        return False
    return True if firsts else False


def looks_like_time(values: list[str]) -> bool:
    vals = [v for v in values if v.strip()]
    return bool(vals) and sum(bool(_TIME_ONLY.match(v)) for v in vals) >= 0.9 * len(vals)


# --- the order of day and month in `a/b/y` dates, decided over the whole column --------------------
#
# `25/03/2024` can only be day-first and `03/25/2024` only month-first. One aggregate over the whole
# column counts the values that settle each order: one order settled -> the column is read that way;
# both -> the column mixes the two (each such value is read in its only possible order, the values
# that fit both are set aside unless the user chose an order); neither -> truly ambiguous: read in the
# order the user chose, else in the one the file's conventions suggest, with a warning that says so.
#
# Dates written only with dots (`05.03.2024`) are day-first without a question: no country writes
# month.day.year. The default for an ambiguous `/` or `-` column: day-first when the file looks
# Russian/European (Cyrillic headers or values, decimal commas); otherwise month-first, since `/`
# and `-` dates without other clues come from US-locale tools (Excel, Salesforce, HubSpot reports).

_ABY_SQL = r"^\s*(\d{1,2})([./-])(\d{1,2})[./-]\d{2,4}(\D|$)"
_ABY = re.compile(r"^\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(\D|$)")
_ABY_SHAPE = re.compile(r"^\s*\d{1,2}([./-])\d{1,2}\1(\d{2,4})(?:\s+\d{1,2}:\d{2}(:\d{2})?(\s?)([AaPp][Mm])?)?\s*$")
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")
_TIMES = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p")
_FORMATS_YEAR_FIRST = ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M",
                       "%Y.%m.%d"]


@dataclass
class DateOrder:
    """How the `a/b/y` dates of one text column are read."""
    kind: str                    # "settled" | "ambiguous" | "mixed"
    dayfirst: bool | None        # settled/ambiguous: the order read; mixed: the user's choice for values
                                 # that fit both orders (None: they are set aside)
    chosen: bool = False         # the order of the values that fit both was given by the user
    why: str = ""                # an assumed order: "dot" | "european" | "us"
    seps: str = "/.-"            # the separators the column uses
    dayfirst_only: int = 0       # values only day-first can read (first part 13-31)
    monthfirst_only: int = 0     # values only month-first can read (second part 13-31)
    both: int = 0                # values that fit both orders and differ between them (03/04/2024)
    example: str = ""            # one of those
    fast: list[str] = field(default_factory=list)   # formats of the sample values, most frequent first


def _aby_formats(dayfirst: bool, seps: str = "/.-", years: tuple[str, ...] = ("%y", "%Y")) -> list[str]:
    """Every `a/b/y` format of one order. Two-digit years come first where both are in one list:
    "%Y" reads "24" as the year 24, while "%y" refuses "2024"."""
    out = []
    for sep in seps or "/.-":
        dm = f"%d{sep}%m" if dayfirst else f"%m{sep}%d"
        for year in years:
            out += [f"{dm}{sep}{year} {tm}" for tm in _TIMES] + [f"{dm}{sep}{year}"]
    return out


def _shape_format(value: str, dayfirst: bool) -> str | None:
    """The strptime format of one `a/b/y[ time]` value in the given order, or None."""
    m = _ABY_SHAPE.match(value)
    if not m:
        return None
    sep, year, seconds, space, ampm = m.groups()
    date = (f"%d{sep}%m" if dayfirst else f"%m{sep}%d") + sep + ("%y" if len(year) == 2 else "%Y")
    if ":" not in value:
        return date
    hour = "%I" if ampm else "%H"
    return f"{date} {hour}:%M" + (":%S" if seconds else "") + (f"{space}%p" if ampm else "")


def _fast_formats(values: list[str], dayfirst: bool) -> list[str]:
    """The formats the sample values are written in, most frequent first, two-digit years first. Only
    an optimisation: a format that fails costs DuckDB far more than one that matches, so the column's
    own formats are tried before the full list."""
    counts: dict[str, int] = {}
    for v in values:
        f = _shape_format(v, dayfirst)
        if f:
            counts[f] = counts.get(f, 0) + 1
    return sorted(counts, key=lambda f: ("%Y" in f, -counts[f]))[:4]


def looks_european(headers: list[str], samples: dict[str, list[str]]) -> bool:
    """Cyrillic headers or values, or numbers with a decimal comma: a file that writes day first."""
    if any(_CYRILLIC.search(h) for h in headers):
        return True
    for vals in samples.values():
        head = [v.strip() for v in vals[:50]]
        if any(_CYRILLIC.search(v) for v in head):
            return True
        if head and all(len(v) <= 30 and _PLAIN_AMOUNT.fullmatch(v) for v in head) and decimal_comma(head):
            return True
    return False


_PLAIN_AMOUNT = re.compile(r"-?[\d \u00a0.']+(,\d+)?")


def date_candidates(headers: list[str], samples: dict[str, list[str]]) -> list[str]:
    """Text columns to decide an order for: those whose sample values include an `a/b/y` date (or that
    had no sample value at all)."""
    return [h for h in headers if not samples.get(h) or any(_ABY.match(v) for v in samples[h])]


def date_orders(con, source: str, headers: list[str], samples: dict[str, list[str]],
                dayfirst: bool | None, european: bool) -> dict[str, DateOrder]:
    """header -> DateOrder for the text date columns `headers` of `source` that hold `a/b/y` values,
    decided in one aggregate over the whole source (two small integers per value)."""
    if not headers:
        return {}
    inner, mid, aggs = [], [], []
    for i, h in enumerate(headers):
        v = f"CAST({q(h)} AS VARCHAR)"
        inner.append(f"{_aby_parts(v)} AS p{i}, {v} AS v{i}")
        mid.append(f"TRY_CAST(nullif(p{i}.a, '') AS INTEGER) AS a{i}, TRY_CAST(nullif(p{i}.b, '') AS INTEGER) AS b{i}, "
                   f"p{i}.s AS s{i}, v{i}")
        both = f"a{i} <> b{i} AND a{i} BETWEEN 1 AND 12 AND b{i} BETWEEN 1 AND 12"
        aggs += [f"count(a{i})",
                 f"count(*) FILTER (a{i} BETWEEN 13 AND 31 AND b{i} BETWEEN 1 AND 12)",
                 f"count(*) FILTER (b{i} BETWEEN 13 AND 31 AND a{i} BETWEEN 1 AND 12)",
                 f"count(*) FILTER ({both})",
                 f"min(trim(v{i})) FILTER ({both})",
                 f"bool_or(s{i} = '/')", f"bool_or(s{i} = '.')", f"bool_or(s{i} = '-')"]
    row = con.execute(f"SELECT {', '.join(aggs)} FROM (SELECT {', '.join(mid)} FROM "
                      f"(SELECT {', '.join(inner)} FROM {source}))").fetchone()
    return _decide_orders(headers, row, samples, dayfirst, european)


def _aby_parts(v: str) -> str:
    """SQL: the parts of an `a/b/y` value as a struct of text (a, s, b), all '' when it is none."""
    return f"regexp_extract({v}, {lit(_ABY_SQL)}, ['a', 's', 'b'])"


def order_code(parts: str) -> str:
    """SQL: what one value (its `_aby_parts`) tells of its column's order, as 4 x kind + separator: kind
    1 only day-first reads it, 2 only month-first, 3 both (and they differ), 0 neither matters;
    separator 1 "/", 2 ".", 3 "-". NULL for a value that is no `a/b/y` date. `order_stats` sums them
    up as `date_orders` does, so that the stats come from the pass that reads the file."""
    a, b = f"TRY_CAST(nullif({parts}.a, '') AS INTEGER)", f"TRY_CAST(nullif({parts}.b, '') AS INTEGER)"
    sep = f"(CASE {parts}.s WHEN '/' THEN 1 WHEN '.' THEN 2 WHEN '-' THEN 3 ELSE 0 END)"
    return f"CAST(CASE WHEN {a} IS NOT NULL THEN {_kind(a, b)} * 4 + {sep} END AS UTINYINT)"


def _kind(a: str, b: str) -> str:
    return (f"(CASE WHEN {a} BETWEEN 13 AND 31 AND {b} BETWEEN 1 AND 12 THEN 1 "
            f"WHEN {b} BETWEEN 13 AND 31 AND {a} BETWEEN 1 AND 12 THEN 2 "
            f"WHEN {a} <> {b} AND {a} BETWEEN 1 AND 12 AND {b} BETWEEN 1 AND 12 THEN 3 ELSE 0 END)")


_SEP_CODE = {"/": 1, ".": 2, "-": 3}


def parsed_form(order: DateOrder | None) -> tuple[bool, str] | None:
    """(day first, separator) when every format the column is first read with (`order.fast`) writes
    a four-digit year, in one order, with one separator: then a value those formats read tells its
    `order_code` from the parsed date itself, with no regular expression. None otherwise (two-digit
    years: "%y" also reads a one-digit year, which `_aby_parts` refuses)."""
    if order is None or not order.fast:
        return None
    heads = {(f[:2], f[2]) for f in order.fast}
    if len(heads) != 1 or not all("%Y" in f and "%y" not in f for f in order.fast):
        return None
    (head, sep), = heads
    return (head == "%d", sep) if head in ("%d", "%m") and sep in _SEP_CODE else None


def parsed_order_code(ts: str, dayfirst: bool, sep: str) -> str:
    """SQL: `order_code` of a value that the formats of `parsed_form` read into the timestamp `ts`
    (a and b are its day and month in the column's order). The caller keeps the regular expression
    for a year below 10, which may have been written with one digit."""
    a, b = (f"day({ts})", f"month({ts})") if dayfirst else (f"month({ts})", f"day({ts})")
    return f"CAST({_kind(a, b)} * 4 + {_SEP_CODE[sep]} AS UTINYINT)"


def order_stats(con, relation: str, codes: dict[str, str], samples: dict[str, list[str]],
                dayfirst: bool | None, european: bool) -> dict[str, DateOrder]:
    """`date_orders` from the `order_code` columns of `relation` (header -> column), without the
    example of a value that fits both orders (left empty)."""
    aggs = []
    for c in codes.values():
        aggs += [f"count({c})", f"count(*) FILTER ({c} // 4 = 1)", f"count(*) FILTER ({c} // 4 = 2)",
                 f"count(*) FILTER ({c} // 4 = 3)", "NULL",
                 f"bool_or({c} % 4 = 1)", f"bool_or({c} % 4 = 2)", f"bool_or({c} % 4 = 3)"]
    row = con.execute(f"SELECT {', '.join(aggs)} FROM {relation}").fetchone()
    return _decide_orders(list(codes), row, samples, dayfirst, european)


def _decide_orders(headers: list[str], row: tuple, samples: dict[str, list[str]], dayfirst: bool | None,
                   european: bool) -> dict[str, DateOrder]:
    """The orders from the eight aggregates per header of `date_orders`."""
    out = {}
    for i, h in enumerate(headers):
        n, dmy, mdy, both, example, slash, dot, dash = row[8 * i: 8 * i + 8]
        if not n:
            continue
        seps = "".join(c for c, used in (("/", slash), (".", dot), ("-", dash)) if used)
        order = DateOrder("settled", None, seps=seps, dayfirst_only=dmy, monthfirst_only=mdy, both=both,
                          example=example or "")
        if dmy and mdy:
            order.kind, order.dayfirst, order.chosen = "mixed", dayfirst, dayfirst is not None
        elif dmy or mdy:
            order.dayfirst = bool(dmy)
        elif seps == ".":
            order.dayfirst = True       # nobody writes month.day.year: no question to ask, no choice applies
        elif dayfirst is not None:
            order.kind, order.dayfirst, order.chosen = ("ambiguous" if both else "settled"), dayfirst, True
        else:
            order.why = "dot" if "." in seps else "european" if european else "us"
            order.dayfirst = order.why != "us"
            order.kind = "ambiguous" if both else "settled"     # 01/01/2024 and 05/05/2024 read alike
        vals = samples.get(h, [])
        if order.kind == "mixed":
            order.fast = []
        else:
            order.fast = _fast_formats(vals, order.dayfirst)
        out[h] = order
    return out


def sample_relation(headers: list[str], samples: dict[str, list[str]]) -> str:
    """SQL: a relation whose columns `headers` hold the sample values."""
    return "(SELECT " + ", ".join(f"unnest(CAST([{', '.join(lit(v) for v in samples.get(h, []))}] AS VARCHAR[])) "
                                  f"AS {q(h)}" for h in headers) + ")"


def same_reading(a: dict[str, DateOrder], b: dict[str, DateOrder]) -> bool:
    """Do two decisions convert the values alike (the order, the separators, the formats tried first)?"""
    key = lambda o: o and (o.kind == "mixed", o.dayfirst, o.seps, tuple(o.fast))   # noqa: E731
    return a.keys() == b.keys() and all(key(a[h]) == key(b[h]) for h in a)


def _part(v: str, group: int) -> str:
    return f"TRY_CAST(nullif(regexp_extract({v}, {lit(_ABY_SQL)}, {group}), '') AS INTEGER)"


def _both_orders(v: str) -> str:
    """An `a/b/y` value that fits both orders and means two different dates."""
    a, b = _part(v, 1), _part(v, 3)
    return f"({a} <> {b} AND {a} BETWEEN 1 AND 12 AND {b} BETWEEN 1 AND 12)"


def _mixed_order_parse(v: str, order: DateOrder) -> str:
    """A column that mixes both orders: each value in the only order that reads it; a value that fits
    both in the user's choice, else NULL (the row is set aside with the reason `date_order`)."""
    a, b = _part(v, 1), _part(v, 3)
    day = f"try_strptime({v}, {_fmt_list(_aby_formats(True, order.seps))})"
    month = f"try_strptime({v}, {_fmt_list(_aby_formats(False, order.seps))})"
    chosen = "NULL" if order.dayfirst is None else (day if order.dayfirst else month)
    return (f"(CASE WHEN {a} IS NULL THEN try_strptime({v}, {_fmt_list(_FORMATS_YEAR_FIRST)}) "
            f"WHEN {a} > 12 THEN {day} WHEN {b} > 12 THEN {month} WHEN {a} = {b} THEN {day} ELSE {chosen} END)")


# --- SQL expressions per canonical type -------------------------------------------------------


def word_lookup(col: str, words: dict[str, list[str]], seen: list[str] = ()) -> str:
    """The canonical word for a column of exported words ("Входящий" -> "in"), or NULL.

    The spellings seen in the file's first rows are compared directly (cheapest); then a MAP
    lookup of the value as written, with its usual capitalisations; only what is left pays for
    lower(trim()), several times slower on Cyrillic text."""
    known = {}
    for v in dict.fromkeys(seen):
        canon = next((c for c, ws in words.items() if v.strip().lower() in ws), None)
        if canon:
            known[v] = canon
    exact: dict[str, str] = {}
    lower: dict[str, str] = {}
    for canon, ws in words.items():
        for w in ws:
            lower.setdefault(w, canon)
            for v in (w, w.capitalize(), w.upper(), w.title()):
                exact.setdefault(v, canon)
    as_map = lambda d: "MAP {" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in d.items()) + "}"   # noqa: E731
    general = _first(f"{as_map(exact)}[{col}]", f"{as_map(lower)}[lower(trim({col}))]")
    if not known:
        return general
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in known.items())
    return f"(CASE {col} {whens} ELSE {general} END)"


def _regex(patterns: list[str]) -> str:
    return lit("(" + "|".join(patterns) + ")")


NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
           "UBIGINT", "FLOAT", "DOUBLE", "REAL")


def _is_numeric(t: str) -> bool:
    return t.startswith("DECIMAL") or t in NUMERIC



# Two-digit years first: "%Y" would read "24" as the year 24, while "%y" refuses "2024".
_FORMATS_DAY_FIRST = ["%d.%m.%y %H:%M:%S", "%d.%m.%y %H:%M", "%d.%m.%y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                      "%d.%m.%Y", "%d/%m/%y %H:%M", "%d/%m/%y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S",
                      "%d-%m-%Y %H:%M", "%d-%m-%Y", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
                      "%Y.%m.%d %H:%M:%S", "%Y.%m.%d"]
_FORMATS_MONTH_FIRST = ["%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M", "%m/%d/%y", "%m/%d/%Y %I:%M:%S %p",
                        "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"]


def _first(fast: str, slow: str) -> str:
    """`fast` where it gives a value, else `slow`. Unlike coalesce, CASE skips `slow` on those rows:
    DuckDB hoists a subexpression that a coalesce repeats out of it, and computes it on every row."""
    return f"(CASE WHEN {fast} IS NOT NULL THEN {fast} ELSE {slow} END)"


def _plausible(ts_sql: str) -> str:
    return (f"(CASE WHEN {ts_sql} BETWEEN TIMESTAMP '1970-01-02' AND TIMESTAMP '2100-01-01' "
            f"THEN {ts_sql} END)")


def _number_to_ts(x: str) -> str:
    """Excel serial days, Unix seconds or milliseconds."""
    return (f"(CASE WHEN {x} BETWEEN 20000 AND 80000 THEN TIMESTAMP '1899-12-30' + "
            f"to_microseconds(CAST(round({x} * 86400000000) AS BIGINT)) "
            f"WHEN {x} BETWEEN 100000000 AND 4200000000 THEN make_timestamp(CAST({x} * 1000000 AS BIGINT)) "
            f"WHEN {x} BETWEEN 100000000000 AND 4200000000000 THEN make_timestamp(CAST({x} * 1000 AS BIGINT)) END)")


def _fmt_list(formats: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in formats) + "]"


def _chain(exprs: list[str]) -> str:
    """The first of `exprs` that is not NULL. Unlike coalesce, each is computed only on the rows the
    ones before left NULL (DuckDB evaluates CASE branches lazily, and does not hoist out of them).
    A CASE computes the value it tests twice: a cheap expression belongs first, and a chain never
    inside another's test (flatten it into one list instead)."""
    out = exprs[-1]
    for e in reversed(exprs[:-1]):
        out = _first(e, out)
    return out


def ts_expr(col: str, src_type: str, us_dates: bool = False, order: DateOrder | None = None,
            fast: str | None = None) -> str:
    """A timestamp from a typed column, an Excel serial, a Unix epoch or text. For a text column of
    `a/b/y` dates, `order` (decided over the whole column by `date_orders`) says which part is the day,
    and only that order's formats are tried; without it, day-first formats come first (month-first
    first with `us_dates`). `fast`: a column already holding `fast_parse` of `col` (NULL where it
    fails), read instead of parsing again."""
    if src_type.startswith("TIMESTAMP") or src_type == "DATE":
        return _plausible(f"CAST({col} AS TIMESTAMP)")
    if _is_numeric(src_type):
        return _plausible(_number_to_ts(f"CAST({col} AS DOUBLE)"))
    text = f"trim(CAST({col} AS VARCHAR))"
    v = f"regexp_replace({text}, '(\\s*(Z|UTC|GMT)?[+-]\\d{{2}}:?\\d{{2}}|Z)$', '')"
    if order is None:
        formats = (_FORMATS_MONTH_FIRST + _FORMATS_DAY_FIRST) if us_dates else (_FORMATS_DAY_FIRST + _FORMATS_MONTH_FIRST)
        parsed = [f"try_strptime({v}, {_fmt_list(formats)})"]
    elif order.kind == "mixed":
        parsed = [_mixed_order_parse(v, order)]
    else:
        # Four-digit years first (the usual case); a two-digit year read as the year 24 is refused by
        # _plausible, and the next list reads it as 2024.
        parsed = [f"try_strptime({v}, {_fmt_list(_aby_formats(order.dayfirst, order.seps, ('%Y',)))})",
                  f"try_strptime({v}, {_fmt_list(_aby_formats(order.dayfirst, order.seps, ('%y',)))})",
                  f"try_strptime({v}, {_fmt_list(_FORMATS_YEAR_FIRST)})"]
    number = f"TRY_CAST(replace({v}, ',', '.') AS DOUBLE)"
    # Each way of reading is tried only on the values the ones before left unread, likeliest first:
    # a cast or a format that fails costs DuckDB several times more than one that reads.
    # - the column's own `a/b/y` formats, as its first values write them;
    # - a plain cast: most exports write ISO timestamps (it reads `04/01/19` as the year 4: refused);
    # - the cast without a time-zone suffix, the formats, Excel serials and Unix epochs.
    # No format is tried on a value that does not start with a digit ("не закрыта", "n/a").
    digit = f"ascii({v}) BETWEEN 48 AND 57"
    ways = []
    if order is not None and order.fast:
        ways.append(_plausible(fast or fast_parse(col, order)))
    rest = [_plausible(f"TRY_CAST({v} AS TIMESTAMP)")] + [_plausible(p) for p in parsed] + [_plausible(_number_to_ts(number))]
    ways += [_plausible(f"TRY_CAST({col} AS TIMESTAMP)"), f"(CASE WHEN {digit} THEN {_chain(rest)} END)"]
    return _chain(ways)


def fast_parse(col: str, order: DateOrder) -> str:
    """SQL: the text column read with the formats of its first values (`order.fast`); NULL where they
    fail. No format is tried on a value that does not start with a digit."""
    v = f"CAST({col} AS VARCHAR)"
    return f"(CASE WHEN ascii({v}) BETWEEN 48 AND 57 THEN try_strptime({v}, {_fmt_list(order.fast)}) END)"


def time_of_day_expr(col: str, src_type: str) -> str:
    """An INTERVAL since midnight, from a time column (text, TIME, Excel fraction or datetime)."""
    if src_type.startswith("TIME") and not src_type.startswith("TIMESTAMP"):
        return f"to_microseconds(CAST(epoch_us({col}) AS BIGINT))"
    if src_type.startswith("TIMESTAMP"):
        return f"to_microseconds(CAST(epoch_us(CAST({col} AS TIME)) AS BIGINT))"
    if _is_numeric(src_type):
        return f"to_microseconds(CAST(round((CAST({col} AS DOUBLE) % 1) * 86400) * 1000000 AS BIGINT))"
    v = f"trim(CAST({col} AS VARCHAR))"
    return (f"to_microseconds(CAST(epoch_us(coalesce(TRY_CAST({v} AS TIME), "
            f"CAST(TRY_CAST({v} AS TIMESTAMP) AS TIME))) AS BIGINT))")


def money_expr(col: str, src_type: str, comma: bool) -> str:
    if _is_numeric(src_type):
        return f"TRY_CAST({col} AS DECIMAL(18,2))"
    v = f"replace(replace(CAST({col} AS VARCHAR), '−', '-'), '–', '-')"
    kept = f"regexp_replace(regexp_replace({v}, '[^0-9,.\\-]', '', 'g'), '^[.,]+|[.,]+$', '', 'g')"
    if comma:
        number = f"replace(replace({kept}, '.', ''), ',', '.')"
        # A plain amount (digits, spaces between thousands, a decimal comma) is the same number
        # without the regular expressions.
        raw = f"CAST({col} AS VARCHAR)"
        plain = f"replace(replace(replace(replace({raw}, ' ', ''), chr(160), ''), chr(8239), ''), ',', '.')"
        return (f"(CASE WHEN regexp_full_match({raw}, '-?\\d[\\d \\x{{00A0}}\\x{{202F}}]*(,\\d+)?') "
                f"THEN TRY_CAST({plain} AS DECIMAL(18,2)) ELSE TRY_CAST(nullif({number}, '') AS DECIMAL(18,2)) END)")
    number = f"replace({kept}, ',', '')"
    return _first(f"TRY_CAST({col} AS DECIMAL(18,2))", f"TRY_CAST(nullif({number}, '') AS DECIMAL(18,2))")


_INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT")


def int_expr(col: str, src_type: str, comma: bool) -> str:
    if src_type in _INTEGER_TYPES:
        return f"CAST({col} AS BIGINT)"
    if _is_numeric(src_type):
        return f"CAST(round(TRY_CAST({col} AS DOUBLE)) AS BIGINT)"
    return _first(f"TRY_CAST({col} AS BIGINT)", f"CAST(round({money_expr(col, src_type, comma)}) AS BIGINT)")


_HMS = re.compile(r"\d\d:\d\d:\d\d")


def hms_form(values: list[str]) -> bool:
    """Are most of a text duration column's values written `HH:MM:SS`?"""
    return bool(values) and 2 * sum(bool(_HMS.fullmatch(v)) for v in values) > len(values)


def duration_expr(col: str, src_type: str, day_fraction: bool, hms: bool = False) -> str:
    """Seconds, from seconds, HH:MM:SS, MM:SS, words ("1 мин 23 сек", "1m 23s"), TIME, Excel cells."""
    return _chain(duration_ways(col, src_type, day_fraction, hms))


def duration_ways(col: str, src_type: str, day_fraction: bool, hms: bool = False) -> list[str]:
    """`duration_expr` as the ways of reading to try in turn. `hms`: the column is written `HH:MM:SS`
    (`hms_form`), read first as a TIME where a value has that shape (the same seconds as the general
    rule; 24:00:00 included, a value past it such as 25:00:00 is left to the general rule)."""
    if src_type.startswith("TIMESTAMP"):
        # Excel duration cells arrive as datetimes on 1899-12-30/31.
        return [f"CAST(round(epoch({col}) - epoch(TIMESTAMP '1899-12-30')) AS BIGINT)"]
    if src_type.startswith("TIME") or src_type == "INTERVAL":
        return [f"CAST(round(epoch({col})) AS BIGINT)"]
    if src_type in _INTEGER_TYPES:
        return [f"CAST({col} AS BIGINT)"]
    if _is_numeric(src_type):
        factor = " * 86400" if day_fraction else ""
        return [f"CAST(round(CAST({col} AS DOUBLE){factor}) AS BIGINT)"]
    v = f"lower(trim(CAST({col} AS VARCHAR)))"
    part = lambda i: f"CAST(split_part({v}, ':', {i}) AS DOUBLE)"  # noqa: E731
    unit = lambda pattern: (f"coalesce(TRY_CAST(regexp_extract({v}, '(\\d+)\\s*(?:{pattern})', 1) "  # noqa: E731
                            f"AS BIGINT), 0)")
    fast = ([f"(CASE WHEN regexp_full_match({col}, '\\d\\d:\\d\\d:\\d\\d') "
              f"THEN CAST(epoch(TRY_CAST({col} AS TIME)) AS BIGINT) END)"] if hms else [])
    return [*fast, f"TRY_CAST({col} AS BIGINT)", (
            f"(CASE WHEN regexp_full_match({v}, '-?\\d+([.,]\\d+)?') "
            f"THEN CAST(round(CAST(replace({v}, ',', '.') AS DOUBLE)) AS BIGINT) "
            f"WHEN regexp_full_match({v}, '\\d+:\\d{{1,2}}:\\d{{1,2}}([.]\\d+)?') "
            f"THEN CAST(round({part(1)} * 3600 + {part(2)} * 60 + {part(3)}) AS BIGINT) "
            f"WHEN regexp_full_match({v}, '\\d+:\\d{{1,2}}([.]\\d+)?') "
            f"THEN CAST(round({part(1)} * 60 + {part(2)}) AS BIGINT) "
            f"WHEN regexp_matches({v}, '\\d\\s*(ч|час|h|мин|min|m|сек|с|sec|s)') "
            f"THEN {unit('час|ч|h')} * 3600 + {unit('мин|min|m')} * 60 + {unit('сек|с|sec|s')} END)")]


# Text targets normalised again after loading (phones, status and direction words): trimming is
# enough here, and it keeps the biggest tables (calls) fast to load. Not the manager: a name is matched
# by its spelling (audits/managers), and "Петров И.\r" or "Петров  И." must be "Петров И.".
_TRIM_ONLY = {"phone", "status", "direction", "recording_url", "from", "to", "from_channel", "to_channel"}


_ODD_SPACE = ("  ", "\t", "\n", "\r", "\u00a0", "\u202f")   # whitespace that `collapse` rewrites
SPELLINGS = 32     # a column whose first values hold at most this many spellings is a column of words


def text_expr(col: str, collapse: bool = True, values: list[str] = ()) -> str:
    """Trimmed; with `collapse`, whitespace (tabs, carriage returns, newlines, no-break spaces) at
    either end is dropped and each inner run of it becomes one space. `values`: the column's first
    values; in a column of a few words (a manager, a status) a value spelt exactly as one of them that
    needs no trimming is taken as it is, which spares DuckDB's Unicode-aware trim on most rows."""
    v = f"CAST({col} AS VARCHAR)"
    if not collapse:
        out = f"nullif(trim({v}), '')"
    else:
        odd = " OR ".join(f"contains({v}, {lit(x)})" for x in _ODD_SPACE)
        out = (f"nullif(CASE WHEN {odd} THEN trim(regexp_replace({v}, '[\\s\\x{{00A0}}\\x{{202F}}]+', ' ', 'g')) "
               f"ELSE trim({v}) END, '')")
    # Python's strip() removes every character DuckDB's trim() does (the Unicode space separators) and more.
    plain = sorted({x for x in values if x and x == x.strip() and not any(c in x for c in _ODD_SPACE)})
    if not plain or len(set(values)) > SPELLINGS:
        return out
    return f"(CASE WHEN {v} IN ({', '.join(lit(x) for x in plain)}) THEN {v} ELSE {out} END)"


def id_expr(col: str, src_type: str) -> str:
    if src_type in ("FLOAT", "DOUBLE", "REAL") or src_type.startswith("DECIMAL"):
        return (f"(CASE WHEN {col} = floor({col}) THEN CAST(CAST({col} AS HUGEINT) AS VARCHAR) "
                f"ELSE CAST({col} AS VARCHAR) END)")
    raw = f"CAST({col} AS VARCHAR)"
    v = f"trim({raw})"
    # Does the trimmed value end in ".0"? Trimmed only when the value ends in a space trim() removes
    # (trim is slow on long Cyrillic text): 32, 160 and the Unicode spaces from 5760 on.
    last = f"ascii(right({raw}, 1))"
    dot0 = f"(suffix({raw}, '.0') OR ({last} IN (32, 160) OR {last} BETWEEN 5760 AND 12288) AND suffix({v}, '.0'))"
    # A placeholder ("NA", "NULL", "-") is no id: kept, it would make one client of every row without one.
    return (f"(CASE WHEN {not_placeholder(col)} THEN "
            f"nullif(CASE WHEN {dot0} THEN regexp_replace({v}, '^(\\d+)\\.0+$', '\\1') ELSE {v} END, '') END)")


def bool_expr(col: str, src_type: str) -> str:
    if src_type == "BOOLEAN":
        return col
    if _is_numeric(src_type):
        return f"({col} <> 0)"
    word = word_lookup(f"CAST({col} AS VARCHAR)", {"true": vocab.BOOL_TRUE, "false": vocab.BOOL_FALSE})
    return f"CAST({word} AS BOOLEAN)"


# --- one file --------------------------------------------------------------------------------

@dataclass
class Problem:
    column: str             # canonical column
    header: str | None      # source header, when one maps to it
    reason: str             # i18n key suffix: missing | unreadable | negative | out_of_range | total_line
    rows: int
    first_rows: list[int]
    examples: list[str] = field(default_factory=list)
    set_aside: bool = True


@dataclass
class Normalized:
    relation: str
    rows: int
    set_aside: int
    problems: list[Problem]
    notes: list[Message] = field(default_factory=list)   # about how values were read (no "file" param yet)


def _source_sql(con, source: str) -> dict[str, str]:
    return {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}


def _converters(table: str, mapping: dict[str, str], types: dict[str, str],
                samples: dict[str, list[str]], orders: dict[str, DateOrder] | None = None,
                parsed: dict[str, str] | None = None) -> dict[str, tuple[str, str, list[str]]]:
    """target -> (typed expression, "has a value" expression, source headers) per mapped target.
    `orders`: the day/month order of text date columns (`date_orders`); `parsed`: header -> a column
    holding its `fast_parse`."""
    orders, parsed = orders or {}, parsed or {}
    by_target: dict[str, list[str]] = {}
    for header, target in mapping.items():
        if header in types and target in model.targets(table):
            by_target.setdefault(target, []).append(header)
    out: dict[str, tuple[str, str, list[str]]] = {}
    for target, headers in by_target.items():
        ttype = model.target_type(table, target)
        exprs = []
        duration: list[str] = []        # the ways of reading a single duration column, to extend
        for h in headers:
            col, st, vals = q(h), types[h], samples.get(h, [])
            if ttype in ("ts", "date"):
                exprs.append(ts_expr(col, st, month_first(vals), orders.get(h), parsed.get(h)))
            elif ttype == "money":
                exprs.append(money_expr(col, st, decimal_comma(vals)))
            elif ttype == "int" and target.endswith("_s"):
                fraction = _is_numeric(st) and bool(vals) and all(_float(v) < 1 for v in vals)
                duration = duration_ways(col, st, fraction, st == "VARCHAR" and hms_form(vals))
                exprs.append(_chain(duration))
            elif ttype == "int":
                exprs.append(int_expr(col, st, decimal_comma(vals)))
            elif ttype == "id":
                exprs.append(id_expr(col, st))
            elif ttype == "bool":
                exprs.append(bool_expr(col, st))
            elif table == "calls" and target == "phone" and len(headers) == 1:
                # phones.canonical_select keeps only the digits, so trimming first changes nothing
                exprs.append(f"nullif(CAST({col} AS VARCHAR), '')")
            else:
                exprs.append(text_expr(col, collapse=target not in _TRIM_ONLY, values=vals))
        # Whether the file had a value: needed only where a value can fail to convert. In a date, number,
        # money or duration column a placeholder ("не закрыта", "n/a", "NULL") is no value.
        has = None if ttype in ("text", "id") else " OR ".join(_has_value(q(h), types[h], ttype) for h in headers)
        if len(headers) == 1:
            expr = exprs[0]
        elif ttype == "ts":
            expr = _date_and_time(headers, types, samples, orders, parsed) or f"coalesce({', '.join(exprs)})"
        elif target == "phone":
            expr = "nullif(concat_ws(', ', " + ", ".join(exprs) + "), '')"
        else:
            expr = f"coalesce({', '.join(exprs)})"
        if ttype == "date":
            expr = f"CAST({expr} AS DATE)"
        if table == "calls" and target == "duration_s" and has:
            # A call with no talk time is a call of 0 s (unanswered, unless the file says otherwise);
            # a value that is there but cannot be read stays NULL and is reported.
            zero = f"(CASE WHEN NOT coalesce({has}, false) THEN 0 END)"
            expr = _chain([*duration, zero]) if len(headers) == 1 and duration else _first(expr, zero)
        out[target] = (expr, has and f"coalesce({has}, false)", headers)
    return out


_PLACEHOLDER_TYPES = ("ts", "date", "money", "int")


def not_placeholder(col: str) -> str:
    """SQL: the text value is neither empty nor a placeholder of vocab.PLACEHOLDERS (NULL for NULL). No
    placeholder starts with a digit, so most values (dates, amounts) are decided by their first
    character, and a long one whose ends trim() keeps by its length; the rest are looked up in a MAP
    (lowercasing is slow on Cyrillic text, and a long IN list costs on every row, even unused)."""
    words = "MAP {" + ", ".join(f"{lit(w)}: true" for w in sorted(vocab.PLACEHOLDERS)) + "}"
    longest = max(len(w) for w in vocab.PLACEHOLDERS)
    v = f"CAST({col} AS VARCHAR)"
    return (f"(CASE WHEN ascii({v}) BETWEEN 48 AND 57 THEN true WHEN {v} IS NULL THEN NULL "
            f"WHEN length({v}) > {longest} AND trim(left({v}, 1)) <> '' AND trim(right({v}, 1)) <> '' THEN true "
            f"ELSE {words}[replace(lower(trim({v})), 'ё', 'е')] IS NULL END)")


def _has_value(col: str, src_type: str, ttype: str) -> str:
    if src_type != "VARCHAR":
        return f"{col} IS NOT NULL"
    return not_placeholder(col) if ttype in _PLACEHOLDER_TYPES else f"trim({col}) <> ''"


_ISO_TS = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$")
_INT = re.compile(r"^-?\d{1,15}$")
_PLAIN_NUMBER = re.compile(r"^-?\d{1,13}(\.\d{1,2})?$")


def read_types(table: str, mapping: dict[str, str], headers: list[str],
               samples: dict[str, list[str]]) -> dict[str, str]:
    """Types for DuckDB's CSV reader: a mapped column whose sample values are all in the plain form
    the reader parses natively (ISO timestamps, integers, dot decimals) is read typed, for speed;
    everything else is read as text and converted by our expressions. A later row that breaks the
    pattern makes the read fail, and the caller reads the file again as text."""
    out = {h: "VARCHAR" for h in headers}
    targets = model.targets(table)
    counts: dict[str, int] = {}
    for h, target in mapping.items():
        counts[target] = counts.get(target, 0) + 1
    for h, target in mapping.items():
        vals = [v.strip() for v in samples.get(h, []) if v.strip()]
        if h not in out or target not in targets or not vals or counts[target] > 1:
            continue
        ttype = model.target_type(table, target)
        if ttype in ("ts", "date") and all(_ISO_TS.match(v) for v in vals):
            out[h] = "TIMESTAMP"
        elif ttype == "int" and all(_INT.match(v) for v in vals):
            out[h] = "BIGINT"
        elif ttype == "money" and all(_PLAIN_NUMBER.match(v) for v in vals):
            out[h] = "DECIMAL(18,2)"
    return out


def _float(v: str) -> float:
    try:
        return abs(float(v.replace(",", ".")))
    except ValueError:
        return 1e9


def _date_and_time(headers: list[str], types: dict[str, str], samples: dict[str, list[str]],
                   orders: dict[str, DateOrder] | None = None, parsed: dict[str, str] | None = None) -> str | None:
    """A date column plus a time column -> one timestamp."""
    times = [h for h in headers if types[h].startswith("TIME") and not types[h].startswith("TIMESTAMP")
             or looks_like_time(samples.get(h, []))]
    dates = [h for h in headers if h not in times]
    if len(times) != 1 or len(dates) != 1:
        return None
    d, tm = dates[0], times[0]
    date_ts = ts_expr(q(d), types[d], month_first(samples.get(d, [])), (orders or {}).get(d), (parsed or {}).get(d))
    return f"(CAST(CAST({date_ts} AS DATE) AS TIMESTAMP) + coalesce({time_of_day_expr(q(tm), types[tm])}, INTERVAL 0 second))"


def _derived(table: str, present: set[str], seen: dict[str, list[str]]) -> dict[str, str]:
    """Canonical columns computed from others (and from pseudo columns), as SQL over `conv`."""
    d: dict[str, str] = {}
    if table == "deals":
        stage = ("lower(coalesce(status, '') || ' ' || coalesce(stage, ''))" if "status" in present
                 else "lower(coalesce(stage, ''))")
        # Lost words, then won words, then a "won" flag (Salesforce IsWon, HubSpot "Is Closed Won"), then
        # a closed flag (HubSpot "Is Deal Closed?", Salesforce IsClosed, Bitrix CLOSED) or closed words
        # ("Closed: abandoned", "Закрыто"): a deal closed without a win is lost, never an open stage.
        won_flag = "WHEN won THEN 'won' " if "won" in present else ""
        closed_flag = "WHEN closed THEN 'lost' " if "closed" in present else ""
        d["status"] = (f"(CASE WHEN regexp_matches({stage}, {_regex(vocab.LOST_PATTERNS)}) THEN 'lost' "
                       f"WHEN regexp_matches({stage}, {_regex(vocab.WON_PATTERNS)}) THEN 'won' "
                       f"{won_flag}{closed_flag}"
                       f"WHEN regexp_matches({stage}, {_regex(vocab.CLOSED_PATTERNS)}) "
                       f"AND NOT regexp_matches({stage}, {_regex(vocab.NOT_CLOSED_PATTERNS)}) THEN 'lost' "
                       f"ELSE 'open' END)")
    elif table == "orders":
        if "amount" not in present and {"quantity", "price"} <= present:
            d["amount"] = "CAST(quantity * price AS DECIMAL(18,2))"
    elif table == "plans":
        d["month"] = "CAST(date_trunc('month', month) AS DATE)"
    elif table == "calls":
        d.update(_call_derivations(present, seen))
    return d


def _ext(value: str) -> str:
    """An internal extension (2-5 digits) or NULL."""
    return f"(CASE WHEN regexp_full_match(trim({value}), '\\d{{2,5}}') THEN trim({value}) END)"


def _chan_ext(channel: str) -> str:
    return f"nullif(regexp_extract({channel}, '^[A-Za-z0-9]+/(\\d{{2,5}})[-@]', 1), '')"


def _call_derivations(present: set[str], seen: dict[str, list[str]]) -> dict[str, str]:
    d: dict[str, str] = {}
    has = lambda c: c in present   # noqa: E731
    from_ext = _ext('"from"') if has("from") else "NULL"
    to_ext = _ext('"to"') if has("to") else "NULL"
    from_chan = _chan_ext("from_channel") if has("from_channel") else "NULL"
    to_chan = _chan_ext("to_channel") if has("to_channel") else "NULL"
    frm = f"coalesce({from_ext}, {from_chan})"
    to = f"coalesce({to_ext}, {to_chan})"
    word_dir = word_lookup("direction", vocab.CALL_DIRECTION, seen.get("direction", [])) if has("direction") else "NULL"
    party_dir = (f"(CASE WHEN {frm} IS NOT NULL AND {to} IS NULL THEN 'out' "
                 f"WHEN {to} IS NOT NULL AND {frm} IS NULL THEN 'in' "
                 f"WHEN {to} IS NOT NULL AND {frm} IS NOT NULL THEN 'internal' END)")
    d["direction"] = f"coalesce({word_dir}, {party_dir})"
    dir_sql = d["direction"]
    if not has("manager"):
        d["manager"] = f"(CASE WHEN {dir_sql} = 'in' THEN {to} ELSE {frm} END)"
    if not has("phone") and (has("from") or has("to")):
        f_ = '"from"' if has("from") else "NULL"
        t_ = '"to"' if has("to") else "NULL"
        d["phone"] = f"(CASE WHEN {dir_sql} = 'in' THEN {f_} WHEN {dir_sql} = 'out' THEN {t_} END)"
    if not has("duration_s") and has("ended_at"):
        start = "coalesce(answered_at, started_at)" if has("answered_at") else "started_at"
        d["duration_s"] = f"CAST(round(epoch(ended_at - {start})) AS BIGINT)"
    dur = d.get("duration_s", "duration_s")
    if not has("wait_s"):
        if has("total_s"):
            d["wait_s"] = f"(total_s - {dur})"
        elif has("answered_at"):
            d["wait_s"] = "CAST(round(epoch(answered_at - started_at)) AS BIGINT)"
    parts = []
    if has("status"):
        parts.append(word_lookup("status", vocab.CALL_STATUS, seen.get("status", [])))
    if has("answered"):
        parts.append("(CASE WHEN answered THEN 'answered' WHEN NOT answered THEN 'missed' END)")
    if has("missed"):
        parts.append("(CASE WHEN missed THEN 'missed' END)")
    parts.append(f"(CASE WHEN {dur} > 0 THEN 'answered' WHEN {dur} = 0 THEN 'missed' END)")
    d["status"] = f"coalesce({', '.join(parts)})"
    return d


def normalize(con: duckdb.DuckDBPyConnection, *, source: str, row_expr: str, out_relation: str,
              table: str, mapping: dict[str, str], samples: dict[str, list[str]],
              dayfirst: bool | None = None) -> Normalized:
    """Convert `source` (a relation with the file's columns) into `out_relation`, in one pass.

    `row_expr` gives a row's number in the file as SQL over `out_relation`: `_row` when the source
    carries it (sheets), `(rowid + k)` for CSV, whose rows keep file order in the new table.
    Set-aside rows stay in the table flagged `_aside`, so that row ids never move. The file's own
    values of a row that a rule of `_rules` may set aside (or that may be a totals line) are kept
    in `__raw`, one text per source column, to quote in the report without reading the file again.
    A call's phone is put in canonical form in the same pass (audits.phones).

    The day/month order of `a/b/y` text dates is decided over the whole column (`date_orders`): the
    pass reads the columns in the order their sample values suggest and counts what each value tells
    (`order_code`); in the rare file whose whole column decides otherwise, the pass runs again.
    `dayfirst`: the user's order for `a/b/y` dates that fit both orders (None: not given).
    """
    types = _source_sql(con, source)
    columns = [c for c in types if c != "_row"]
    targets = model.targets(table)
    dated = [h for h, t in mapping.items() if h in types and types[h] == "VARCHAR" and t in targets
             and model.target_type(table, t) in ("ts", "date")]
    candidates = date_candidates(dated, samples)
    european = looks_european(columns, samples)
    orders = (date_orders(con, sample_relation(candidates, samples), candidates, samples, dayfirst, european)
              if candidates else {})
    for _ in range(3):   # the codes do not depend on the order read, so a second pass reads as decided
        conv, bits, rules = _convert(con, source, row_expr, out_relation, table, mapping, types, samples,
                                     orders, candidates)
        found = (order_stats(con, out_relation, {h: f"__o{i}" for i, h in enumerate(candidates)},
                             samples, dayfirst, european) if candidates else {})
        if same_reading(orders, found):
            break
        orders = found
    else:
        raise AssertionError(f"the day/month order of {candidates} did not settle")   # a bug, not bad input
    if any(o.kind in ("mixed", "ambiguous") and o.both for o in found.values()):
        # The notes quote a value that fits both orders: read from the file (only such files).
        found = date_orders(con, source, candidates, samples, dayfirst, european)
    if table == "calls":
        phones.fill_in(con, out_relation, "phone")
    problems = _validate(con, out_relation, row_expr, table, conv, rules, columns)
    # Calls whose talk time was empty (read as 0 s), counted in the same pass as the rows.
    silent_talk = (f"(__has & {bits['duration_s']}) = 0" if table == "calls" and "duration_s" in conv
                   and conv["duration_s"][1] else "false")
    rows, silent = con.execute(f"SELECT count(*), count(*) FILTER ({silent_talk}) FROM {out_relation} "
                               f"WHERE NOT _aside").fetchone()
    aside = sum(p.rows for p in problems if p.set_aside)
    notes = _order_notes(table, conv, found)
    if silent:
        notes.append(Message("info", "calls.no_talk_time", {"count": silent, "header": " + ".join(conv["duration_s"][2])}))
    return Normalized(out_relation, rows, aside, problems, notes)


def _convert(con, source: str, row_expr: str, out_relation: str, table: str, mapping: dict[str, str],
             types: dict[str, str], samples: dict[str, list[str]], orders: dict[str, DateOrder],
             candidates: list[str]) -> tuple[dict, dict[str, int], list]:
    """The pass of `normalize`: (converters, bit of each target in `__has`, the rules to apply)."""
    columns = [c for c in types if c != "_row"]
    # A date column read first with four-digit-year formats of one order and separator is parsed once,
    # before the conversions (`__f`), and its values' order codes come from the parsed dates; the
    # regular expression runs only where those formats fail.
    forms = {i: f for i, h in enumerate(candidates) if (f := parsed_form(orders.get(h)))}
    conv = _converters(table, mapping, types, samples, orders, {candidates[i]: f"__f{i}" for i in forms})
    if forms:
        source = ("(SELECT *, " + ", ".join(f"{fast_parse(q(candidates[i]), orders[candidates[i]])} AS __f{i}"
                                            for i in forms) + f" FROM {source})")
    present = set(conv)
    bits = {t: 1 << i for i, t in enumerate(conv)}
    # One integer per row records which mapped targets had a value in the file, so that a value
    # that was there but could not be read is told apart from one that was never there.
    has = " + ".join(f"(CASE WHEN {h} THEN {bits[t]} ELSE 0 END)" for t, (_, h, _) in conv.items() if h) or "0"
    keep_row = "_row, " if row_expr == "_row" else ""
    typed = "".join(f", {expr} AS {q(t)}" for t, (expr, _, _) in conv.items())
    # Values that fit both orders in a column that mixes them, and no order chosen: one bit per target.
    unsure = {t: [h for h in headers if h in orders and orders[h].kind == "mixed" and orders[h].dayfirst is None]
              for t, (_, _, headers) in conv.items()}
    unsure = {t: hs for t, hs in unsure.items() if hs}
    amb = " + ".join(f"(CASE WHEN {' OR '.join(_both_orders(f'trim(CAST({q(h)} AS VARCHAR))') for h in hs)} "
                     f"THEN {bits[t]} ELSE 0 END)" for t, hs in unsure.items())
    typed += f", CAST(coalesce({amb}, 0) AS BIGINT) AS __amb" if unsure else ""
    raw = "".join(f", {q(c)} AS __r{i}" for i, c in enumerate(columns))
    parts = "".join(f", {_aby_parts(f'CAST({q(h)} AS VARCHAR)')} AS __p{i}" if i not in forms else
                    f", CASE WHEN year(__f{i}) >= 10 THEN NULL ELSE {_aby_parts(f'CAST({q(h)} AS VARCHAR)')} END "
                    f"AS __p{i}, __f{i}" for i, h in enumerate(candidates))
    stage1 = f"SELECT {keep_row}CAST({has} AS BIGINT) AS __has{typed}{raw}{parts} FROM {source}"
    # The exact spellings seen in the first rows, for the word columns (after trimming, as stage 1 does).
    seen = {t: [v.strip() for h in headers for v in samples.get(h, [])] for t, (_, _, headers) in conv.items()}
    derived = _derived(table, present, seen)
    select = []
    for c in model.columns(table):
        if c.name in derived:
            expr = derived[c.name]
            if c.name in present and c.name not in ("status", "month", "direction"):
                expr = f"coalesce({q(c.name)}, {expr})"
        elif c.name in present:
            expr = q(c.name)
        else:
            expr = "NULL"
        select.append(f"CAST({expr} AS {model.SQL_TYPES[c.type]}) AS {q(c.name)}")
    amb_col = ", __amb" if unsure else ""
    raw_cols = "".join(f", __r{i}" for i in range(len(columns)))
    codes = "".join(f", {order_code(f'__p{i}')} AS __o{i}" if i not in forms else
                    f", CASE WHEN __p{i} IS NULL AND __f{i} IS NOT NULL THEN {parsed_order_code(f'__f{i}', *forms[i])} "
                    f"ELSE {order_code(f'__p{i}')} END AS __o{i}" for i in range(len(candidates)))
    stage2 = f"SELECT {keep_row}{', '.join(select)}, __has{amb_col}{raw_cols}{codes} FROM conv"
    rules = _rules(table, conv, bits, {t: bits[t] for t in unsure})
    suspects = [cond for _, _, cond, _ in rules] + ([_lacks_required(table)] if _lacks_required(table) else [])
    kept = "[" + ", ".join(f"CAST(__r{i} AS VARCHAR)" for i in range(len(columns))) + "]"
    raw_list = (f"CASE WHEN {' OR '.join(f'coalesce({c}, false)' for c in suspects)} THEN {kept} END"
                if suspects and columns else "NULL")
    code_cols = "".join(f", __o{i}" for i in range(len(candidates)))
    final = (f"SELECT {keep_row}{', '.join(q(c.name) for c in model.columns(table))}, __has{amb_col}{code_cols}, "
             f"CAST({raw_list} AS VARCHAR[]) AS __raw, false AS _dup, false AS _aside FROM fin")
    if table == "calls":
        final = phones.canonical_select(final, "phone")
    con.execute(f"CREATE OR REPLACE TABLE {out_relation} AS WITH conv AS ({stage1}), fin AS ({stage2}) {final}")
    return conv, bits, rules


def _order_notes(table: str, conv: dict, orders: dict[str, DateOrder]) -> list[Message]:
    """What the user should know about the day/month order of each text date column."""
    notes = []
    for target, (_, _, headers) in conv.items():
        for h in headers:
            o = orders.get(h)
            if o is None:
                continue
            params = {"header": h, "column_key": f"column.{target}", "count": o.both, "example": o.example,
                      "order_key": "dates.dayfirst" if o.dayfirst else "dates.monthfirst"}
            if o.kind == "mixed":
                notes.append(Message("warning", "dates.order_mixed", {
                    **params, "dayfirst": o.dayfirst_only, "monthfirst": o.monthfirst_only}))
                if o.chosen and o.both:
                    notes.append(Message("info", "dates.order_chosen", params))
            elif o.kind == "ambiguous" and o.chosen:
                notes.append(Message("info", "dates.order_chosen", params))
            elif o.kind == "ambiguous":
                notes.append(Message("warning", "dates.order_assumed", {**params, "why_key": f"dates.why.{o.why}"}))
    return notes


_TOTAL_WORDS = r"(^|[\s;,|])(итого|всего|итог|total|grand total|subtotal)([\s:.;,|]|$)"


def _lacks_required(table: str) -> str | None:
    """SQL: the row lacks a value of its table's required columns (None: the table requires none)."""
    required = [q(c) for c in model.required(table)]
    return f"({' OR '.join(f'{c} IS NULL' for c in required)})" if required else None


def _raw_text(columns: list[str], headers: list[str]) -> str:
    """SQL: the file's values of `headers` in a row, from `__raw`, joined by spaces (empty ones left out)."""
    return "concat_ws(' ', " + ", ".join(f"__raw[{columns.index(h) + 1}]" if h in columns else "NULL"
                                         for h in headers) + ")"


def _total_lines(con, rel: str, row_expr: str, table: str, columns: list[str]) -> list[Problem]:
    """Totals rows of a report ("Итого", "Total") that lack a required value: set aside as such,
    with a calmer message than a row of real data would get."""
    lacks = _lacks_required(table)
    if lacks is None or not columns:
        return []
    text = f"lower({_raw_text(columns, columns)})"
    rows = [r[0] for r in con.execute(
        f"SELECT {row_expr} FROM {rel} WHERE NOT _aside AND {lacks} AND regexp_matches({text}, '{_TOTAL_WORDS}') "
        f"ORDER BY 1").fetchall()]
    if not rows:
        return []
    con.executemany("INSERT INTO _rejects VALUES (?, ?, NULL, NULL, 'total_line')", [(rel, r) for r in rows])
    con.execute(f"UPDATE {rel} SET _aside = true WHERE {row_expr} IN (SELECT row FROM _rejects "
                f"WHERE relation = ? AND reason = 'total_line')", [rel])
    return [Problem("", None, "total_line", len(rows), rows[:5], [], True)]


def _rules(table: str, conv: dict, bits: dict[str, int], unsure: dict[str, int]) -> list[tuple[str, str, str, bool]]:
    """(column, reason, condition, set aside?) of each rule that sets rows aside (or clears a value).
    `unsure`: target -> bit of `__amb`, set on dates that fit both orders in a column that mixes them."""
    rules: list[tuple[str, str, str, bool]] = []
    required = set(model.required(table))
    for c in model.columns(table):
        had = f"(__has & {bits[c.name]}) <> 0" if c.name in conv and conv[c.name][1] else "false"
        readable = had
        if c.name in unsure:
            order_unknown = f"(__amb & {unsure[c.name]}) <> 0"
            rules.append((c.name, "date_order", f"{order_unknown} AND {q(c.name)} IS NULL", c.name in required))
            readable = f"{had} AND NOT ({order_unknown})"
        if c.name in conv and conv[c.name][1]:
            rules.append((c.name, "unreadable", f"{readable} AND {q(c.name)} IS NULL", c.name in required))
        if c.name in required:
            rules.append((c.name, "missing", f"{q(c.name)} IS NULL AND NOT ({had})", True))
    if table == "calls":
        rules.append(("duration_s", "negative", "duration_s < 0", True))
        rules.append(("wait_s", "negative", "wait_s < 0", False))
    if table == "nps":
        rules.append(("score", "out_of_range", "score NOT BETWEEN 0 AND 10", True))
    return rules


def _validate(con, rel: str, row_expr: str, table: str, conv: dict, rules: list[tuple[str, str, str, bool]],
              columns: list[str]) -> list[Problem]:
    """Apply `rules` in turn: record the rows to set aside in `_rejects`, flag them, and describe them.
    One aggregate finds the rules that hit at all (a rule that finds nothing at first finds nothing
    later either: rows are only ever set aside, and the one value a rule clears is the last one read)."""
    problems = _total_lines(con, rel, row_expr, table, columns)
    if not rules:
        return problems
    hits = con.execute("SELECT " + ", ".join(f"count(*) FILTER (NOT _aside AND {cond})" for _, _, cond, _ in rules)
                       + f" FROM {rel}").fetchone()
    for (column, reason, cond, aside), hit in zip(rules, hits):
        if not hit:
            continue
        where = f"NOT _aside AND {cond}"
        headers = conv[column][2] if column in conv else []
        raw_value = _raw_text(columns, headers) if headers else "NULL"
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bad AS SELECT {row_expr} AS _row, {raw_value} AS value "
                    f"FROM {rel} WHERE {where}")
        n, first, examples = con.execute(
            "SELECT count(*), list(_row ORDER BY _row)[1:5], list(DISTINCT value) FILTER (WHERE value <> '')[1:3] "
            "FROM _bad").fetchone()
        if not n:               # the rows it found at first were set aside by a rule before it
            con.execute("DROP TABLE _bad")
            continue
        if aside:
            con.execute("INSERT INTO _rejects SELECT ?, _row, ?, value, ? FROM _bad", [rel, column, reason])
            con.execute(f"UPDATE {rel} SET _aside = true WHERE {where}")
        else:
            con.execute(f"UPDATE {rel} SET {q(column)} = NULL WHERE {where}")
        con.execute("DROP TABLE _bad")
        problems.append(Problem(column, " + ".join(headers) or None, reason, n, list(first or []),
                                sorted(str(e) for e in (examples or [])), aside))
    return problems
