"""Delimited text files as SQL sources, read by DuckDB's CSV reader.

DuckDB's sniffer decides the dialect (delimiter, quote, escape); the header row is found by
`find_header_row` over the first rows, so title lines above a header (1C reports) and headerless
PBX logs both work. The file is not copied into a table: `CsvSource.sql` is a subquery that reads
it with every value as text plus `_row`, the row number a spreadsheet would show, and the
normaliser converts it in the same pass. A file a strict reader refuses (ragged rows, broken
quoting) is read again more leniently (`advance`); lines that still cannot be read are skipped
and reported by number.

Two faults of real exporters are put right before DuckDB reads the file, each only when it is seen:
lines that end in CR alone (old Mac, Excel for Mac) are rewritten with LF endings; and a file whose
quoting breaks the CSV rules (FreePBX "CDR Reports": `"User 10" <114>` at a field's start; MySQL GUI
dumps: `""Ramana Ulsa" <1115>"`), which the sniffer then takes for one column, or which a strict
reading refuses, is copied field by field by `repair_csv` into a clean file that DuckDB reads.
"""
from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from audits.ingest.errors import IngestError, Message
from audits.ingest.header import MAX_COLUMNS, find_header_row, header_names
from audits.ingest.normalize import read_types
from audits.ingest.text import ensure_utf8
from audits.sql import filled, lit, q

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


# The tolerant reader of files with broken quoting (`repair_csv`).
DELIMITERS = (",", ";", "\t", "|")
DUCKDB_MAX_LINE = 2_000_000     # bytes of one record DuckDB reads (its max_line_size, in UTF-8 bytes)
MAX_RECORD_BYTES = DUCKDB_MAX_LINE - 4096   # a longer line (UTF-8 bytes) is not repaired
MAX_RECORD_LINES = 100          # lines one quoted value may span
MAX_FIT_WORK = 20_000_000       # steps of the field-fitting search for a whole file (hostile input)
JOIN_WORK = 4                   # characters split again to find quoted line breaks, per byte of the file
ROW = "_row"                    # the column of a repaired copy that holds each record's row number


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
    repaired: "Repaired | None" = None      # set when the file is read from a repaired copy
    messages: list[Message] = field(default_factory=list)   # warnings about how the file was read

    def _read(self, with_names: bool = True) -> str:
        opts = {**self.dialect, "header": False, **LEVELS[self.level]}
        if self.repaired:
            # The copy's records end in LF; a CR inside a quoted value must not make DuckDB's
            # sniffer take CR for the line end (lines ending in CR CR LF, one CR left in a value).
            opts["new_line"] = "\\n"          # DuckDB takes the escape, not the character
        if (with_names or self.repaired) and self.names:
            # Every column named and typed: DuckDB skips its sniffing and reads straight away.
            typed = self.types if self.level == 0 else {}
            opts["columns"] = {n: typed.get(n, "VARCHAR") for n in self.names}
            if self.repaired:
                opts["columns"] = {ROW: "BIGINT", **opts["columns"]}
            opts["auto_detect"] = False
        else:
            opts["all_varchar"] = True
        args = ", ".join(f"{k} = {lit(v)}" for k, v in opts.items())
        return f"read_csv({lit(self.path)}, {args})"

    @property
    def sql(self) -> str:
        """A subquery with one column per name, in file order."""
        return f"(SELECT * FROM {self._read()})"

    @property
    def numbered(self) -> str:
        """The same with `_row`, the row number a spreadsheet would show (slower: one thread)."""
        if self.repaired:
            return self.sql                 # the repaired copy carries each record's number
        return f"(SELECT row_number() OVER () + {self.offset} AS _row, * FROM {self._read()})"

    @property
    def row_expr(self) -> str:
        """A row's number, as SQL over a table created from `sql` (which keeps file order)."""
        if self.repaired:
            return ROW
        return f"(rowid + {self.offset + 1})"

    def prepare(self, table: str, mapping: dict[str, str], samples: dict[str, list[str]]) -> None:
        """Read the mapped columns typed where their values allow (see normalize.read_types)."""
        self.types = read_types(table, mapping, self.names, samples)
        self.level = 0

    def advance(self) -> bool:
        """Switch to the next, more lenient reading; False when there is none. Before the reading
        that skips the lines it cannot split, the file is repaired (`repair_csv`) and read again."""
        if self.level + 1 >= len(LEVELS):
            return False
        if LEVELS[self.level + 1].get("ignore_errors") and not self.repaired and self.repair():
            return True
        self.level += 1
        return True

    def repair(self, delim: str | None = None, fields: int | None = None, skip: int | None = None,
               names: list[str] | None = None, header_row: int | None = None) -> bool:
        """Read the file from a clean copy written by `repair_csv`; False (and nothing changed) when
        the copy would not be better. The delimiter, width and lines above the data are the ones
        known so far unless given; a file whose width is not known yet gets them from its first lines."""
        if self.repaired:
            return False
        delim = delim or self.dialect["delim"]
        quote = self.dialect.get("quote") or '"'
        if quote == delim or len(delim) != 1 or len(quote) != 1:
            return False
        if fields is None:
            if self.names:
                fields, skip, names = len(self.names), self.dialect.get("skip", 0), list(self.names)
            else:
                head = _head(self.path) or ""
                layout = _layout(_head_lines(head), delim, quote)
                if layout is None:
                    return False
                fields, k, cells = layout
                skip, header_row = (k + 1, k + 1) if k is not None else (0, None)
                names = header_names(cells) if cells else []
        names = (list(names or []) + [f"col{i + 1}" for i in range(len(names or []), fields)])[:fields]
        if fields < 1 or fields > MAX_COLUMNS or ROW in names:
            return False
        # An exporter whose first lines already break the rules does not double quotes at all: a
        # `""` inside its quoted values is two quotes of the value (`""" <7009>"` is `"" <7009>`).
        probe = _Splitter(delim, quote)
        unescape = not any(probe.split(line)[1] for line in _head_lines(_head(self.path) or "")[skip or 0:])
        dest = Path(self.path).with_name(Path(self.path).name + ".repaired.csv")
        try:
            try:
                done = repair_csv(self.path, dest, delim, quote, fields, skip or 0, unescape)
            except UnicodeDecodeError:          # bytes of another encoding past the first ones
                self.encoding, self.lines_recoded = ensure_utf8_file(self.path)
                done = repair_csv(self.path, dest, delim, quote, fields, skip or 0, unescape)
        except (OSError, UnicodeError, csv.Error, ValueError):
            done = None
        if done is None:
            dest.unlink(missing_ok=True)
            return False
        self.path, self.repaired, self.names = str(dest), done, names
        self.dialect = {"delim": ",", "quote": '"', "escape": '"', "skip": 0}
        self.level, self.types = 0, {}
        if header_row is not None:
            self.header_row = header_row
        if done.broken:
            rows = ", ".join(map(str, done.lost[:5]))
            key = "csv.quotes_repaired_lost" if done.lost else "csv.quotes_repaired"
            self.messages.append(Message("warning", key, {
                "file": self.display, "count": done.broken, "lost": len(done.lost), "rows": rows,
                "columns": fields}))
        return True

    def rejected(self, con) -> list[int]:
        """Row numbers of lines the lenient reader had to skip."""
        if self.repaired:
            return list(self.repaired.lost)
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
    if _cr_only(head):
        cr_to_lf(path)
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
    top = first[k] if k is not None else next((row for row in first if row), [])
    if len(top) > MAX_COLUMNS:
        # Refused before DuckDB reads it: sniffing a line that wide takes seconds a try.
        raise IngestError("csv.too_many_columns", file=display_name, count=len(top), limit=MAX_COLUMNS)
    skip = line_after[k] if k is not None else 0
    src = CsvSource(path, display_name, {"delim": delim, "quote": quote, "escape": escape, "skip": skip},
                    offset=skip, header_row=(k + 1) if k is not None else None,
                    encoding=encoding, lines_recoded=recoded)
    width = _width(con, src)
    if not src.repaired:
        plain = _misread(head, width, delim, quote)
        if plain is not None:
            plain_delim, fields, at, cells = plain
            if fields > MAX_COLUMNS and width < 2:
                # Read as one column, while its lines (or the header found) plainly split into more
                # columns than any export has: refused, as a reading with that delimiter would be.
                raise IngestError("csv.too_many_columns", file=display_name, count=fields, limit=MAX_COLUMNS)
            src.repair(plain_delim, fields, at + 1 if at is not None else 0,
                       header_names(cells) if cells else [], at + 1 if at is not None else None)
    if not src.repaired:
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
        if src.repaired:
            return len(src.names)
        try:
            return len(con.execute(f"DESCRIBE SELECT * FROM {src._read(with_names=False)}").fetchall())
        except duckdb.Error as e:
            errors.append(str(e))
            if not src.advance():
                raise IngestError("csv.unreadable", detail="\n".join(errors), file=src.display) from None


def _cr_only(head: str) -> bool:
    """Do the lines end in CR alone (old Mac, Excel for Mac)? Judged on the first bytes, and for
    nearly every file on the first line end alone (LF, or CR LF: no)."""
    cr = head.find("\r")
    if cr < 0:
        return False
    lf = head.find("\n")
    if lf < 0:
        return True
    if lf < cr or head.startswith("\n", cr + 1):
        return False
    lone = head.count("\r") - head.count("\r\n")       # a CR inside a value of a LF file?
    return lone > 0 and lone > head.count("\n")


def cr_to_lf(path: str, chunk: int = 1 << 20) -> None:
    """Rewrite a file whose lines end in CR alone with LF endings, streaming. A new file is renamed
    over `path`: the original (possibly a hard link to the user's own file) is never written into."""
    src = Path(path)
    tmp = src.with_name(src.name + ".lf")
    with src.open("rb") as f, tmp.open("wb") as out:
        carry = b""
        while data := f.read(chunk):
            data, carry = carry + data, b""
            if data.endswith(b"\r"):           # its LF may start the next chunk
                data, carry = data[:-1], b"\r"
            out.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        out.write(carry.replace(b"\r", b"\n"))
    os.replace(tmp, src)


def _head_lines(head: str) -> list[str]:
    """The first lines of `head`, without their endings (a line cut by the end of `head` left out)."""
    lines = head.split("\n", HEAD_ROWS)
    if len(lines) > HEAD_ROWS:
        lines = lines[:HEAD_ROWS]
    return [line.removesuffix("\r") for line in lines]


def _layout(lines: list[str], delim: str, quote: str) -> tuple[int, int | None, list[str]] | None:
    """(fields per record, index of the header line or None, header cells) of the first lines split
    by the tolerant rule; None when they do not agree on a width (the width most lines have)."""
    splitter = _Splitter(delim, quote)
    rows = [splitter.split(line)[0] if line else [] for line in lines]
    counts = Counter(len(r) for r in rows if r)
    if not counts:
        return None
    fields, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if n * 2 < sum(counts.values()):
        return None
    k = find_header_row(rows)
    cells = rows[k] if k is not None else []
    return max(fields, len(cells)), k, cells


def _misread(head: str, width: int, delim: str, quote: str) -> tuple[str, int, int | None, list[str]] | None:
    """(delimiter, fields, header line index, header cells) of the first lines split by the tolerant
    rule, when the sniffed dialect plainly misreads them: it has no quote character while quoted
    fields hold the delimiter (so the lines split into more columns than they have), or it finds
    far fewer columns than the lines plainly have. None for nearly every file, at little cost."""
    if not quote and '"' in head:
        lines = _head_lines(head)
        layout = _layout(lines, delim, '"')
        plain = _layout(lines, delim, "\0")          # the same lines with no quote character
        if layout is not None and plain is not None and 2 <= layout[0] != width and layout[0] != plain[0]:
            return (delim, *layout)
    return _too_narrow(head, width, quote)


def _too_narrow(head: str, width: int, quote: str) -> tuple[str, int, int | None, list[str]] | None:
    """(delimiter, fields, header line index, header cells) when the first lines plainly split into at
    least three fields and twice as many as `width`, the columns the reading found; else None.
    A delimiter that makes more than MAX_COLUMNS fields is taken only when no other one will do."""
    lines = _head_lines(head)
    most = max((line.count(d) for line in lines for d in DELIMITERS), default=0) + 1
    if most < 3 or most < 2 * width:           # the usual case: nothing more to look at
        return None
    best = None
    for d in DELIMITERS:
        if d == quote:
            continue
        layout = _layout(lines, d, quote or '"')
        if layout and layout[0] >= 3 and layout[0] >= 2 * width and (
                best is None or (layout[0] <= MAX_COLUMNS, layout[0]) > (best[1] <= MAX_COLUMNS, best[1])):
            best = (d, *layout)
    return best


class _Splitter:
    """Splits a record into fields by the tolerant rule: a quote opens a quoted field only at the
    field's start and closes it only when a delimiter or the end of the record follows. A quoted
    field whose inner quotes are all doubled is read as RFC 4180 says (or, with `unescape` off,
    keeps them doubled); one whose are not keeps them as they are, and a field-start quote that
    never closes is part of the value."""

    def __init__(self, delim: str, quote: str, unescape: bool = True):
        d, q = re.escape(delim), re.escape(quote)
        self.delim, self.quote, self.double, self.unescape = delim, quote, quote * 2, unescape
        self._field = re.compile(f"({q}(?:[^{q}]|{q}{q})*{q}|[^{d}]*){d}", re.DOTALL)
        self._inner = re.compile(f"(?:[^{q}]|{q}{q})*", re.DOTALL)
        self.closing = re.compile(f"{q}(?:{d}|$)")     # where a quoted field may close
        self.work = 0               # fitting steps taken so far (MAX_FIT_WORK)
        self.joined = 0             # characters split again to take in following lines (JOIN_WORK)
        self.last_open = False      # the last split's last field opened a quote it did not close
        self.raw: list[str] = []    # the last split's fields as written, when a field starts with a quote

    def split(self, text: str) -> tuple[list[str], bool]:
        """(fields, whether a field's quoting broke the rules)."""
        q = self.quote
        self.last_open, self.raw = False, []
        if q not in text or (self.delim + q not in text and not text.startswith(q)):
            return text.split(self.delim), False       # no field starts with a quote
        out = self._field.findall(text + self.delim)
        self.raw, last = list(out), out[-1]
        self.last_open = last[:1] == q and (len(last) < 2 or last[-1] != q)
        broken = False
        for i, f in enumerate(out):
            if f[:1] == q:
                out[i], ok = self._value(f)
                broken = broken or not ok
        return out, broken

    def _value(self, f: str) -> tuple[str, bool]:
        """A field starting with a quote: (its value, whether its quoting kept the rules)."""
        q = self.quote
        if len(f) >= 2 and f[-1] == q:
            inner = f[1:-1]
            if self._inner.fullmatch(inner):
                return (inner.replace(self.double, q) if self.unescape else inner), True
            return inner, False
        return f, False

    def fit(self, text: str, fields: int) -> tuple[list[str], bool] | None:
        """The record split into exactly `fields` fields, when quoted fields spanning delimiters can
        make it so: at each field-start quote the nearest closing quote is tried first, a literal
        quote last. None when no choice fits (or the search would be too long)."""
        q, d = self.quote, self.delim
        toks = text.split(d)
        t = len(toks)
        if t < fields:
            return None
        opens = [i for i, x in enumerate(toks) if x[:1] == q]
        closes = [j for j, x in enumerate(toks) if x[-1:] == q]
        self.work += len(opens) * len(closes) + t
        if self.work > MAX_FIT_WORK:
            return None
        mask = (1 << (fields + 1)) - 1
        can = [0] * (t + 1)         # can[i]: bit k set when tokens i.. make exactly k fields
        can[t] = 1
        ends: dict[int, list[int]] = {i: [j for j in closes if j > i] for i in opens}
        for i in range(t - 1, -1, -1):
            bits = can[i + 1]
            for j in ends.get(i, ()):
                bits |= can[j + 1]
            can[i] = (bits << 1) & mask
        if not can[0] >> fields & 1:
            return None
        out, broken, i, need = [], False, 0, fields
        while i < t:
            for j in [*ends.get(i, ()), i]:
                if can[j + 1] >> (need - 1) & 1:
                    break
            span = d.join(toks[i:j + 1])
            if span[:1] == q:
                value, ok = self._value(span)
                out.append(value)
                broken = broken or not ok
            else:
                out.append(span)
            i, need = j + 1, need - 1
        return out, broken


@dataclass
class Repaired:
    """What `repair_csv` did: records written, records whose quoting broke the rules (read by the
    tolerant rule), row numbers of records that could not be made to fit and were left out."""
    records: int = 0
    broken: int = 0
    lost: list[int] = field(default_factory=list)


def repair_csv(path: str | Path, dest: str | Path, delim: str, quote: str, fields: int, skip: int,
               unescape: bool = True) -> Repaired | None:
    """Copy a delimited UTF-8 file into `dest` as clean CSV (comma, RFC 4180 quoting) whose every
    record has exactly `fields` fields, after a first column with its row number: `skip` plus its
    place among the records below the first `skip` lines (which are left out), as a spreadsheet
    would number it. Records are split by `_Splitter`; a record with fewer fields than that whose
    open quote is closed on a later line takes those lines in (a quoted line break), else it is
    padded with empty fields; one with more that cannot be fitted is left out and its number kept.
    `unescape` off: doubled quotes inside a quoted value are two quotes (an exporter that never
    doubles them).

    Streams the file (one record in memory at a time). None when a line is longer than
    MAX_RECORD_BYTES (in UTF-8 bytes, as DuckDB counts: 2 MB of Cyrillic is 1 M characters), or a
    record as written (quotes doubled) would be longer than DuckDB reads, or when more records were
    left out than kept: the file is not one the rule can read, and the caller keeps its own reading."""
    splitter = _Splitter(delim, quote, unescape)
    budget = JOIN_WORK * os.path.getsize(path) + MAX_RECORD_BYTES
    done = Repaired()
    with open(path, encoding="utf-8-sig", newline="\n") as f, \
            open(dest, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        # Python's writer quotes only the line terminator's characters: a value holding a CR (lines
        # ending in CR CR LF) is written by one that quotes every value, or DuckDB ends the record there.
        quoting = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        batch: list[list] = []
        pending: deque[str] = deque()

        def line() -> str | None:
            if pending:
                return pending.popleft()
            text = f.readline(MAX_RECORD_BYTES + 1)     # characters: never fewer bytes than these
            if not text:
                return None
            if len(text) > MAX_RECORD_BYTES or _utf8_size(text) > MAX_RECORD_BYTES:
                raise _TooLong
            return text.removesuffix("\n").removesuffix("\r")

        try:
            for _ in range(skip):
                if line() is None:
                    break
            row = skip
            while (text := line()) is not None:
                row += 1
                if not text:
                    continue                        # a blank line: no record, but a row
                values, broken = splitter.split(text)
                if len(values) > fields:
                    fitted = splitter.fit(text, fields)
                    if fitted is None:
                        done.lost.append(row)
                        continue
                    values, broken = fitted
                elif len(values) < fields and splitter.last_open and splitter.joined < budget:
                    values, broken = _join_lines(splitter, text, values, broken, fields, line, pending, budget)
                if len(values) < fields:
                    values += [""] * (fields - len(values))
                if _written_size(row, values) > MAX_RECORD_BYTES:
                    raise _TooLong
                if any("\r" in v for v in values):
                    writer.writerows(batch)
                    batch.clear()
                    quoting.writerow([row, *values])
                else:
                    batch.append([row, *values])
                if len(batch) >= 4096:
                    writer.writerows(batch)
                    batch.clear()
                done.records += 1
                done.broken += broken
            writer.writerows(batch)
        except _TooLong:
            return None
    if len(done.lost) > done.records:
        return None
    return done


class _TooLong(Exception):
    pass


def _utf8_size(text: str) -> int:
    """Bytes of `text` in UTF-8 when they could exceed MAX_RECORD_BYTES (at most 4 bytes a
    character); else its length, which is then known to be small enough."""
    return len(text) if len(text) * 4 <= MAX_RECORD_BYTES else len(text.encode("utf-8", "surrogatepass"))


def _written_size(row: int, values: list[str]) -> int:
    """The bytes of the record `repair_csv` writes for `values` (quotes doubled), counted only when
    it could come near DuckDB's limit (at most 4 bytes a character, 3 more a field); else 0."""
    if 4 * sum(map(len, values)) + 3 * len(values) + 24 <= MAX_RECORD_BYTES:
        return 0
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row, *values])
    return len(buf.getvalue().encode("utf-8", "surrogatepass"))


def _join_lines(splitter: _Splitter, text: str, values: list[str], broken: bool, fields: int,
                line, pending: deque, budget: int) -> tuple[list[str], bool]:
    """A short record whose last field opens a quote: the following lines taken in until that quote
    closes (a quoted line break). When it does not close within MAX_RECORD_LINES lines, or the
    record would not fit then, those lines go back to be read as records of their own."""
    q, at = splitter.quote, len(values) - 1       # the field whose quote is open
    taken: list[str] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    while len(taken) < MAX_RECORD_LINES:
        nxt = line()
        if nxt is None:
            break
        taken.append(nxt)
        size += len(nxt.encode("utf-8", "surrogatepass")) + 1
        splitter.joined += len(nxt) + 1
        if size > MAX_RECORD_BYTES or splitter.joined > budget:
            break
        if not splitter.closing.search(nxt):
            continue                                # the quote cannot close on this line
        joined = "\n".join([text, *taken])
        splitter.joined += size
        got, bad = splitter.split(joined)
        raw = splitter.raw[at] if len(splitter.raw) > at else ""
        if not (len(raw) >= 2 and raw[0] == q and raw[-1] == q and "\n" in raw):
            continue                                # still open (or closed on the first line)
        if len(got) <= fields:
            return got, bad
        fitted = splitter.fit(joined, fields)
        if fitted is not None:
            return fitted
        break
    pending.extendleft(reversed(taken))
    return values, broken


def _worth_mapping(con, src: CsvSource) -> list[str]:
    """All columns but unnamed ones that are empty in the first rows (trailing delimiters)."""
    unnamed = [n for n in src.names if n.startswith("col") and n[3:].isdigit()]
    if not unnamed or len(unnamed) == len(src.names):
        return list(src.names)
    rows = con.execute("SELECT " + ", ".join(f"CAST({q(n)} AS VARCHAR)" for n in unnamed)
                       + f" FROM (SELECT * FROM {src.sql} LIMIT {SAMPLE_ROWS})").fetchall()
    empty = {n for i, n in enumerate(unnamed) if not any(filled(r[i]) for r in rows)}
    return [n for n in src.names if n not in empty]


def is_encoding_error(error: Exception) -> bool:
    text = str(error).lower()
    return "unicode" in text or "utf-8" in text or "utf8" in text
