"""Delimited text files as SQL sources, read by DuckDB's CSV reader.

DuckDB's sniffer decides the dialect (delimiter, quote, escape); the header row is found by
`find_header_row` over the first rows, so title lines above a header (1C reports) and headerless
PBX logs both work. The file is not copied into a table: `CsvSource.sql` is a subquery that reads
it with every value as text plus `_row`, the row number a spreadsheet would show, and the
normaliser converts it in the same pass. A file a strict reader refuses (ragged rows, broken
quoting) is read again more leniently (`advance`); lines that still cannot be read are skipped
and reported by number.
"""
from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from audits.ingest.errors import IngestError
from audits.ingest.header import MAX_COLUMNS, find_header_row, header_names
from audits.ingest.normalize import read_types
from audits.ingest.text import ensure_utf8

HEAD_BYTES = 256 << 10
HEAD_ROWS = 30
SAMPLE_ROWS = 5000

# Each level reads more leniently than the one before; the first that works is used.
LEVELS = (
    {},                                                             # fast, parallel
    {"null_padding": True, "parallel": False},                      # ragged rows, quoted newlines
    {"null_padding": True, "parallel": False, "strict_mode": False,  # broken quoting
     "ignore_errors": True, "store_rejects": True},
)


def _lit(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_lit(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_lit(k)}: {_lit(x)}" for k, x in v.items()) + "}"
    return "'" + str(v).replace("'", "''") + "'"


@dataclass
class CsvSource:
    path: str
    display: str
    dialect: dict                      # delim, quote, escape, skip
    offset: int                        # _row of the first data record minus one
    names: list[str] = field(default_factory=list)     # every column, in file order
    headers: list[str] = field(default_factory=list)   # the columns worth mapping (no empty unnamed)
    header_row: int | None = None
    level: int = 0
    types: dict[str, str] = field(default_factory=dict)   # column -> type for the fast read
    encoding: str = "utf-8"
    lines_recoded: int = 0

    def _read(self, with_names: bool = True) -> str:
        opts = {**self.dialect, "header": False, **LEVELS[self.level]}
        if with_names and self.names:
            # Every column named and typed: DuckDB skips its sniffing and reads straight away.
            typed = self.types if self.level == 0 else {}
            opts["columns"] = {n: typed.get(n, "VARCHAR") for n in self.names}
            opts["auto_detect"] = False
        else:
            opts["all_varchar"] = True
        args = ", ".join(f"{k} = {_lit(v)}" for k, v in opts.items())
        return f"read_csv({_lit(self.path)}, {args})"

    @property
    def sql(self) -> str:
        """A subquery with one column per name, in file order."""
        return f"(SELECT * FROM {self._read()})"

    @property
    def numbered(self) -> str:
        """The same with `_row`, the row number a spreadsheet would show (slower: one thread)."""
        return f"(SELECT row_number() OVER () + {self.offset} AS _row, * FROM {self._read()})"

    @property
    def row_expr(self) -> str:
        """A row's number, as SQL over a table created from `sql` (which keeps file order)."""
        return f"(rowid + {self.offset + 1})"

    def prepare(self, table: str, mapping: dict[str, str], samples: dict[str, list[str]]) -> None:
        """Read the mapped columns typed where their values allow (see normalize.read_types)."""
        self.types = read_types(table, mapping, self.names, samples)
        self.level = 0

    def advance(self) -> bool:
        """Switch to the next, more lenient reading; False when there is none."""
        if self.level + 1 >= len(LEVELS):
            return False
        self.level += 1
        return True

    def rejected(self, con) -> list[int]:
        """Row numbers of lines the lenient reader had to skip."""
        if not LEVELS[self.level].get("store_rejects"):
            return []
        try:
            lines = con.execute("SELECT DISTINCT line FROM reject_errors ORDER BY line").fetchall()
        except duckdb.Error:
            return []
        return [int(r[0]) + self.dialect.get("skip", 0) for r in lines]


def _sniff(con, path: str, head: str) -> tuple[str, str, str]:
    """(delimiter, quote, escape) of the file; quote/escape may be '' (none)."""
    try:
        delim, quote, escape = con.execute(
            "SELECT Delimiter, Quote, Escape FROM sniff_csv(?, sample_size = 4096)", [path]).fetchone()
        clean = lambda v: "" if v in (None, "(empty)") else v   # noqa: E731
        delim, quote, escape = clean(delim), clean(quote), clean(escape)
        if delim:
            return delim, quote, escape or quote
    except duckdb.Error:
        pass
    try:
        d = csv.Sniffer().sniff(head[:65536], delimiters=",;\t|")
        return d.delimiter, d.quotechar or '"', d.quotechar or '"'
    except csv.Error:
        return ",", '"', '"'


def _head(path: str) -> str | None:
    """The first bytes as text, or None when they are not UTF-8."""
    with open(path, "rb") as f:
        data = f.read(HEAD_BYTES)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 4:              # a character cut at the end of the chunk
            return data[:e.start].decode("utf-8", errors="replace")
        return None


def open_csv(con: duckdb.DuckDBPyConnection, path: str, display_name: str) -> CsvSource:
    """Work out the dialect, the header and the columns of a text file."""
    encoding, recoded = "utf-8", 0
    head = _head(path)
    if head is None:
        encoding, recoded = ensure_utf8_file(path)
        head = _head(path) or ""
    if not head.strip():
        raise IngestError("source.empty", file=display_name)
    delim, quote, escape = _sniff(con, path, head)
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
    src = CsvSource(path, display_name, {"delim": delim, "quote": quote, "escape": escape, "skip": skip},
                    offset=skip, header_row=(k + 1) if k is not None else None,
                    encoding=encoding, lines_recoded=recoded)
    width = _width(con, src)
    if width > MAX_COLUMNS:
        raise IngestError("csv.too_many_columns", file=display_name, count=width, limit=MAX_COLUMNS)
    names = header_names(first[k]) if k is not None else []
    src.names = (names + [f"col{i + 1}" for i in range(len(names), width)])[:width]
    src.headers = _worth_mapping(con, src)
    return src


def ensure_utf8_file(path: str) -> tuple[str, int]:
    return ensure_utf8(Path(path))


def _width(con, src: CsvSource) -> int:
    errors = []
    while True:
        try:
            return len(con.execute(f"DESCRIBE SELECT * FROM {src._read(with_names=False)}").fetchall())
        except duckdb.Error as e:
            errors.append(str(e))
            if not src.advance():
                raise IngestError("csv.unreadable", detail="\n".join(errors), file=src.display) from None


def _worth_mapping(con, src: CsvSource) -> list[str]:
    """All columns but unnamed ones that are empty in the first rows (trailing delimiters)."""
    unnamed = [n for n in src.names if n.startswith("col") and n[3:].isdigit()]
    if not unnamed or len(unnamed) == len(src.names):
        return list(src.names)
    q = lambda n: '"' + n.replace('"', '""') + '"'   # noqa: E731
    counts = con.execute("SELECT " + ", ".join(f"count(nullif(trim({q(n)}), ''))" for n in unnamed)
                         + f" FROM (SELECT * FROM {src.sql} LIMIT {SAMPLE_ROWS})").fetchone()
    empty = {n for n, c in zip(unnamed, counts) if c == 0}
    return [n for n in src.names if n not in empty]


def is_encoding_error(error: Exception) -> bool:
    text = str(error).lower()
    return "unicode" in text or "utf-8" in text or "utf8" in text
