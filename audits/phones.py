"""Phone numbers: one canonical digit string per number, so that calls link to clients.

Russian numbers, the bulk of any upload here, are normalised in SQL (8XXXXXXXXXX and
+7 XXX XXX-XX-XX -> 7XXXXXXXXXX; 10 digits with a Russian area or mobile code get the 7). Anything
else (other countries, odd lengths) goes through Google's libphonenumber, once per distinct value.
"""
from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "RU"

# digits -> canonical digits, or NULL when the SQL rules cannot tell (left for libphonenumber).
FAST_SQL = """
CREATE OR REPLACE MACRO phone_digits(v) AS regexp_replace(coalesce(v, ''), '[^0-9]', '', 'g');
CREATE OR REPLACE MACRO phone_fast(v) AS (
    CASE
        WHEN phone_digits(v) = '' THEN NULL
        WHEN length(phone_digits(v)) <= 5 THEN NULL
        WHEN length(phone_digits(v)) = 11 AND phone_digits(v)[1] IN ('7', '8')
             AND NOT regexp_matches(trim(v), '^(\\+|00)8') THEN '7' || phone_digits(v)[2:]
        WHEN length(phone_digits(v)) = 10 AND phone_digits(v)[1] IN ('3', '4', '8', '9')
             AND NOT regexp_matches(trim(v), '^(\\+|00)') THEN '7' || phone_digits(v)
    END
);
"""


def canonical(number: str, region: str = DEFAULT_REGION) -> str | None:
    """Digits of the number in international form, or None when it is not a phone number."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) <= 5:
        return None
    text = number.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(parsed):
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def install(con) -> None:
    con.execute(FAST_SQL)


def normalize_column(con, table: str, column: str) -> None:
    """Rewrite `table.column` (text of one number) as canonical digits, in place."""
    col = f'"{column}"'
    # Numbers already in canonical Russian form (most of them) are left alone; one scan finds the
    # rest, and the update runs only when something is to change.
    todo = (f"{col} IS NOT NULL AND NOT (length({col}) = 11 AND starts_with({col}, '7') "
            f"AND TRY_CAST({col} AS BIGINT) IS NOT NULL)")
    values = con.execute(f"SELECT DISTINCT {col}, phone_fast({col}) FROM {table} WHERE {todo}").fetchall()
    if not values:
        return
    mapping = [(v, canonical(v)) for v, fast in values if fast is None and sum(ch.isdigit() for ch in v) > 5]
    con.execute("CREATE OR REPLACE TEMP TABLE _phone_map (raw VARCHAR, phone VARCHAR)")
    if mapping:
        con.executemany("INSERT INTO _phone_map VALUES (?, ?)", mapping)
    con.execute(
        f"UPDATE {table} SET {col} = coalesce(phone_fast({col}), "
        f"(SELECT phone FROM _phone_map m WHERE m.raw = {table}.{col})) WHERE {todo}")
    con.execute("DROP TABLE _phone_map")
