"""Read a delimited text file into a raw DuckDB table of strings.

DuckDB's sniffer decides the dialect (delimiter, quote, escape); the header row is found by
`find_header_row` over the first rows, so title lines above a header (1C reports) and headerless
PBX logs both work. Values stay text here; `normalize` turns them into typed canonical columns.
A file a strict reader refuses (broken quoting, ragged rows) is read leniently and the lines
that still cannot be read are reported by number.
"""
from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field

import duckdb

from audits.ingest.errors import IngestError
from audits.ingest.header import find_header_row, header_names

HEAD_BYTES = 256 << 10
HEAD_ROWS = 30


@dataclass
class RawTable:
    relation: str                      # "raw.f3"
    headers: list[str]                 # one per column of the relation, in order
    row_expr: str                      # SQL giving a row's number as the user sees it in the file
    rows: int
    header_row: int | None             # 1-based line of the header, None when headerless
    rejected: list[int] = field(default_factory=list)   # record numbers that could not be read
    encoding: str | None = None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sniff(con: duckdb.DuckDBPyConnection, path: str, head: str) -> tuple[str, str, str]:
    """(delimiter, quote, escape) of the file; quote/escape may be '' (none)."""
    try:
        delim, quote, escape = con.execute(
            "SELECT Delimiter, Quote, Escape FROM sniff_csv(?, sample_size = 20480)", [path]).fetchone()
        clean = lambda v: "" if v in (None, "(empty)") else v   # noqa: E731
        delim, quote, escape = clean(delim), clean(quote), clean(escape)
        if delim:
            return delim, quote, escape
    except duckdb.Error:
        pass
    try:
        d = csv.Sniffer().sniff(head[:65536], delimiters=",;\t|")
        return d.delimiter, d.quotechar or '"', d.quotechar or '"'
    except csv.Error:
        return ",", '"', '"'


def read_csv(con: duckdb.DuckDBPyConnection, path: str, relation: str, display_name: str) -> RawTable:
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        head = f.read(HEAD_BYTES)
    if not head.strip():
        raise IngestError("source.empty", file=display_name)
    delim, quote, escape = sniff(con, path, head)

    reader = csv.reader(io.StringIO(head), delimiter=delim, quotechar=quote or '"',
                        quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE)
    first: list[list[str]] = []
    line_after: list[int] = []
    try:
        for row in itertools.islice(reader, HEAD_ROWS):
            first.append(row)
            line_after.append(reader.line_num)
    except csv.Error:
        pass
    k = find_header_row(first)
    skip = line_after[k] if k is not None else 0
    names = header_names(first[k]) if k is not None else []

    options = dict(delim=delim, quote=quote, escape=escape or quote, header=False, skip=skip, all_varchar=True)
    attempts = [options,                                                   # the fast, parallel read
                {**options, "null_padding": True, "parallel": False},      # ragged rows
                {**options, "null_padding": True, "parallel": False,       # broken quoting
                 "strict_mode": False, "ignore_errors": True, "store_rejects": True}]
    rejected: list[int] = []
    errors = []
    for opts in attempts:
        try:
            _create(con, relation, path, opts)
            break
        except duckdb.Error as e:
            errors.append(str(e))
    else:
        raise IngestError("csv.unreadable", detail="\n".join(errors), file=display_name)
    if opts.get("store_rejects"):
        rejected = [int(r[0]) + skip for r in con.execute(
            "SELECT DISTINCT line FROM reject_errors ORDER BY line").fetchall()]

    columns = [r[0] for r in con.execute(f"DESCRIBE {relation}").fetchall()]
    width = len(columns)
    if k is None:
        headers = [f"col{i + 1}" for i in range(width)]
    else:
        headers = (names + [f"col{i + 1}" for i in range(len(names), width)])[:width]
    # Rename through temporary names first so that swaps cannot collide.
    for i, (old, new) in enumerate(zip(columns, headers)):
        if old != new:
            con.execute(f"ALTER TABLE {relation} RENAME COLUMN {_q(old)} TO {_q(f'__tmp{i}')}")
    for i, (old, new) in enumerate(zip(columns, headers)):
        if old != new:
            con.execute(f"ALTER TABLE {relation} RENAME COLUMN {_q(f'__tmp{i}')} TO {_q(new)}")
    headers = _drop_empty_unnamed(con, relation, headers)
    rows = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    # A data row's number as a spreadsheet would show it: title lines + header + position.
    offset = skip + 1
    return RawTable(relation, headers, f"(rowid + {offset})", rows,
                    line_after[k] if k is not None else None, rejected)


def _create(con, relation: str, path: str, options: dict) -> None:
    args = ", ".join(f"{k} = {_literal(v)}" for k, v in options.items())
    con.execute(f"CREATE OR REPLACE TABLE {relation} AS SELECT * FROM read_csv(?, {args})", [path])


def _literal(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return _sql_str(v)


def _drop_empty_unnamed(con, relation: str, headers: list[str]) -> list[str]:
    """Columns without a header that hold nothing (trailing delimiters) are dropped."""
    unnamed = [h for h in headers if h.startswith("col") and h[3:].isdigit()]
    if not unnamed or len(unnamed) == len(headers):
        return headers
    counts = con.execute("SELECT " + ", ".join(
        f"count(nullif(trim({_q(h)}), ''))" for h in unnamed) + f" FROM {relation}").fetchone()
    empty = [h for h, n in zip(unnamed, counts) if n == 0]
    for h in empty:
        con.execute(f"ALTER TABLE {relation} DROP COLUMN {_q(h)}")
    return [h for h in headers if h not in empty]
