"""Phone numbers: one canonical digit string per number, so that calls link to clients.

Russian numbers, the bulk of any upload here, are normalised in SQL (8XXXXXXXXXX and
+7 XXX XXX-XX-XX -> 7XXXXXXXXXX; 10 digits with a Russian area or mobile code get the 7). Anything
else (other countries, odd lengths) goes through Google's libphonenumber, once per distinct value.
"""
from __future__ import annotations

DEFAULT_REGION = "RU"
LEFT = "__phone"      # the column of `canonical_select` that holds the values left for libphonenumber


def _from_digits(v: str, d: str) -> str:
    """SQL: the canonical digits of the number `v` whose digits are `d`, or NULL when the Russian rules
    cannot tell (left for libphonenumber)."""
    return (f"(CASE WHEN {d} = '' THEN NULL "
            f"WHEN length({d}) <= 5 THEN NULL "
            f"WHEN length({d}) = 11 AND {d}[1] IN ('7', '8') "
            f"AND NOT regexp_matches(trim({v}), '^(\\+|00)8') THEN '7' || {d}[2:] "
            f"WHEN length({d}) = 10 AND {d}[1] IN ('3', '4', '8', '9') "
            f"AND NOT regexp_matches(trim({v}), '^(\\+|00)') THEN '7' || {d} END)")


def canonical(number: str, region: str = DEFAULT_REGION) -> str | None:
    """Digits of the number in international form, or None when it is not a phone number."""
    import phonenumbers     # here, not at the top: most uploads need no number read by it (30 ms to import)
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


def canonical_select(query: str, column: str) -> str:
    """`query` with `column` (text of one number) in canonical form, in the same pass: numbers already
    canonical (7 and ten digits, most of them) as they are, the common Russian forms by the SQL rules,
    and the rest left NULL and copied into `LEFT` for `fill_in`, which reads them with libphonenumber."""
    c = f'"{column}"'
    # Eleven digits from a 7. A cast reads "7916123456." and "7.916123e10" too, but any character other
    # than a digit leaves fewer than 11 digits, below 7 x 10^10, except an exponent's "e".
    done = (f"(length({c}) = 11 AND starts_with({c}, '7') AND TRY_CAST({c} AS BIGINT) >= 70000000000 "
            f"AND NOT contains({c}, 'e') AND NOT contains({c}, 'E'))")
    digits = f"CASE WHEN {c} IS NOT NULL AND NOT {done} THEN regexp_replace({c}, '[^0-9]', '', 'g') END AS __digits"
    fast = _from_digits(c, "__digits")
    return (f"SELECT * EXCLUDE (__digits) REPLACE (CASE WHEN __digits IS NULL THEN {c} ELSE {fast} END AS {c}), "
            f"CASE WHEN __digits IS NOT NULL AND {fast} IS NULL THEN {c} END AS {LEFT} "
            f"FROM (SELECT *, {digits} FROM ({query}))")


def fill_in(con, table: str, column: str) -> None:
    """Numbers of `table` (made by `canonical_select`) that the SQL rules left: read by libphonenumber,
    once per distinct value; a value that is no phone number (five digits or fewer) stays NULL."""
    values = [r[0] for r in con.execute(f"SELECT DISTINCT {LEFT} FROM {table} WHERE {LEFT} IS NOT NULL").fetchall()]
    mapping = [(v, p) for v in values if sum(ch.isdigit() for ch in v) > 5 and (p := canonical(v)) is not None]
    if not mapping:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE _phone_map (raw VARCHAR, phone VARCHAR)")
    con.executemany("INSERT INTO _phone_map VALUES (?, ?)", mapping)
    con.execute(f'UPDATE {table} AS t SET "{column}" = m.phone FROM _phone_map m WHERE t.{LEFT} = m.raw')
    con.execute("DROP TABLE _phone_map")
