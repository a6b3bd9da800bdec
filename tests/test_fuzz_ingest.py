"""Fuzzing the importers: mangled input never raises, never shows engine text, and never changes
or loses what was loaded before; the session stays usable.

Every generated input goes through `Store.add` of one long-lived session per test (see
`tests/fuzz/session.py` for what is checked after each batch). Inputs per CI run, counted by the
session and asserted at the end of each test (`PLANNED`):

    mangled real-format CSV exports              150 examples x 10 = 1,500
    typed columns holding values of other kinds   60 examples x 10 =   600
    random and near-format bytes                 170 examples x 10 = 1,700
    .zip uploads with odd names and nesting       80 examples x 10 =   800
    mangled workbooks                             20 examples x  5 =   100
    the named corpus (tests/fuzz/corpus.py)      one input per case =  310
                                                                      5,010

`test_the_run_covers_at_least_5000_inputs` asserts the sum. Hypothesis runs derandomized (the
same examples on every run) without deadlines; an example is a batch of inputs, so that one
rebuild of the canonical tables serves several inputs.

Each example draws a single integer and builds its whole batch from `random.Random(that integer)`.
Hypothesis's own draws of small structures repeat a lot across examples (given lists of
(seed file, mangle seed) pairs, only about 300 of 1,500 inputs were distinct, one fed 59 times);
one wide integer per example makes nearly every input distinct, and each test asserts a minimum
share of distinct contents (`DISTINCT`, counted by the session).
"""
from __future__ import annotations

import random
import struct
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import corpus, mangle
from tests.fuzz.seeds import csv_seeds, xlsx_seeds
from tests.fuzz.session import FuzzSession

BATCH = 10
EXAMPLES = {"csv": 150, "typed": 60, "bytes": 170, "zip": 80, "xlsx": 20}
XLSX_BATCH = 5
INPUTS = {k: n * (XLSX_BATCH if k == "xlsx" else BATCH) for k, n in EXAMPLES.items()}
CORPUS = corpus.cases()
# The least share of an example kind's inputs that must differ in content (an empty or undamaged
# archive of no files comes out the same often, hence the lower share for zips).
DISTINCT = {"csv": 0.95, "typed": 0.95, "bytes": 0.95, "zip": 0.75, "xlsx": 0.9}
EXAMPLE = st.integers(0, 2**64 - 1)     # an example: the seed of its batch


def fuzz(kind: str):
    return settings(max_examples=EXAMPLES[kind], deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def check_distinct(session: FuzzSession, kind: str) -> None:
    assert session.inputs >= INPUTS[kind]
    assert session.distinct >= DISTINCT[kind] * session.inputs, (session.distinct, session.inputs)


@pytest.fixture
def session(tmp_path):
    s = FuzzSession(tmp_path)
    yield s
    s.check_usable()
    s.close()


def test_mangled_real_format_csv_exports(session):
    seeds = csv_seeds()
    names = sorted(seeds)

    @fuzz("csv")
    @given(EXAMPLE)
    def run(example):
        rnd = random.Random(example)
        batch = []
        for i in range(BATCH):
            name, seed = rnd.choice(names), rnd.getrandbits(32)
            batch.append((f"{i}_{name}", mangle.mangle_text(seeds[name], random.Random(seed))))
        session.feed(batch)

    run()
    check_distinct(session, "csv")


# Headers of real exports whose columns are typed (dates, amounts, durations, phones).
TYPED_HEADERS = [
    ("Дата звонка", "Менеджер", "Номер", "Длительность", "Направление"),
    ("Deal ID", "Deal Stage", "Amount", "Create Date", "Close Date"),
    ("Дата", "Документ", "Код контрагента", "Контрагент", "Номенклатура", "Количество", "Цена", "Сумма", "Менеджер"),
    ("Дата", "Время", "Тип звонка", "Кто звонил", "Кому звонил", "Сотрудник", "Длительность разговора", "Ожидание"),
    ("ID задачи", "ID сделки", "Ответственный", "Срок выполнения", "Дата выполнения", "Тип задачи"),
    ("ID", "Название компании", "Рабочий телефон", "Дата создания", "Годовой оборот"),
    ("Отметка времени", "ID клиента", "Насколько вероятно, что вы порекомендуете нас коллегам? (0-10)"),
]
DATE_FORMATS = ["%d.%m.%Y %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %I:%M %p", "%d/%m/%y", "%H:%M:%S"]
# Code points of random text: ASCII, control characters, Cyrillic, typographic signs, anything in
# the BMP but surrogates, emoji and other astral characters.
CHAR_RANGES = [(0x20, 0x7E), (0x20, 0x7E), (0x00, 0x1F), (0x400, 0x4FF), (0x400, 0x4FF), (0x2000, 0x206F),
               (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x1F300, 0x1FAFF), (0x10000, 0x10FFFF)]
SPECIAL_FLOATS = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 5e-324, 1e-300, 1.7976931348623157e308]
SECONDS_OF_DATETIMES = int((datetime.max - datetime.min).total_seconds())


def random_text(rnd: random.Random, size: int) -> str:
    lo, hi = rnd.choice(CHAR_RANGES)
    return "".join(chr(rnd.randint(*rnd.choice([(lo, hi), rnd.choice(CHAR_RANGES)]))) for _ in range(size))


def random_cell(rnd: random.Random) -> str:
    """A value of any kind: a wrong value, random text, a float, a huge integer, a formatted date."""
    kind = rnd.randrange(5)
    if kind == 0:
        return rnd.choice(mangle.WRONG_VALUES)
    if kind == 1:
        return random_text(rnd, rnd.randint(0, 25))
    if kind == 2:
        x = rnd.choice([struct.unpack("<d", rnd.getrandbits(64).to_bytes(8, "little"))[0],
                        rnd.uniform(-1e6, 1e6), round(rnd.uniform(-1e4, 1e4), 2), rnd.choice(SPECIAL_FLOATS)])
        return repr(x)
    if kind == 3:
        return str(rnd.choice([rnd.randint(-10**30, 10**30), rnd.randint(-1000, 1000), rnd.randint(0, 10**12)]))
    moment = datetime.min + timedelta(seconds=rnd.randrange(SECONDS_OF_DATETIMES), microseconds=rnd.randrange(10**6))
    return moment.strftime(rnd.choice(DATE_FORMATS))


def typed_file(rnd: random.Random) -> bytes:
    """A typed export's header over 1-12 rows of values of any kind, some quoted, each line in its
    own encoding, maybe after a BOM."""
    header = rnd.choice(TYPED_HEADERS)
    delim = rnd.choice([",", ";", "\t"])
    rows = [[random_cell(rnd) for _ in header] for _ in range(rnd.randint(1, 12))]
    quote = lambda v: '"' + v.replace('"', '""') + '"'   # noqa: E731
    lines = [delim.join(header)] + [delim.join(quote(v) if rnd.random() < 0.5 else v for v in r) for r in rows]
    encodings = [rnd.choice(["utf-8", "utf-8", "cp1251", "koi8_r", "utf-16-le"]) for _ in lines]
    data = b"\n".join(line.encode(enc, "replace") for line, enc in zip(lines, encodings))
    prefix = rnd.choice([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe"])
    return prefix + data


def test_typed_columns_holding_values_of_other_kinds(session):
    @fuzz("typed")
    @given(EXAMPLE)
    def run(example):
        rnd = random.Random(example)
        session.feed([(f"typed_{i}.csv", typed_file(rnd)) for i in range(BATCH)])

    run()
    check_distinct(session, "typed")


NAMES = ["data.csv", "data.xlsx", "data.xls", "data.ods", "data.zip", "data.txt", "data.parquet", "data",
         "звонки.tsv", "data.xlsm"]
PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PAR1", b"\xef\xbb\xbf",
            b"\xff\xfe", b"\xfe\xff", b"<?xml version=\"1.0\"?>", b"ID;Name\n", b"\x00"]
TEXTISH = b"abcxyzABC0123456789 .,;:\t|\"'\n\r-+/" + "ЖЁжё".encode()


def random_bytes(rnd: random.Random) -> bytes:
    """Up to 2,000 bytes (often few): uniform, from a handful of byte values, or text-like."""
    n = rnd.choice([rnd.randint(0, 16), rnd.randint(0, 200), rnd.randint(0, 2000)])
    kind = rnd.randrange(3)
    if kind == 0:
        return rnd.randbytes(n)
    alphabet = rnd.sample(range(256), rnd.randint(1, 8)) if kind == 1 else TEXTISH
    return bytes(rnd.choice(alphabet) for _ in range(n))


def test_random_and_near_format_bytes(session):
    @fuzz("bytes")
    @given(EXAMPLE)
    def run(example):
        rnd = random.Random(example)
        session.feed([(f"{i}_{rnd.choice(NAMES)}", rnd.choice(PREFIXES) + random_bytes(rnd)) for i in range(BATCH)])

    run()
    check_distinct(session, "bytes")


def test_zip_uploads_with_odd_names_and_nesting(session):
    seeds = csv_seeds()
    workbook = corpus.workbook_bytes("managers.xlsx")

    @fuzz("zip")
    @given(EXAMPLE)
    def run(example):
        batch = []
        for i, seed in enumerate(random.Random(example).getrandbits(64) for _ in range(BATCH)):
            rnd = random.Random(seed)
            inner = {f"f{j}": (mangle.mangle_text(seeds[name], rnd, 1) if rnd.random() < 0.5 else seeds[name])
                     for j, name in enumerate(rnd.sample(sorted(seeds), rnd.randint(0, 3)))}
            if rnd.random() < 0.1:
                inner["book"] = workbook
            batch.append((f"upload_{i}.zip", mangle.odd_zip(inner, rnd)))
        session.feed(batch)

    run()
    check_distinct(session, "zip")


def test_mangled_workbooks(session):
    seeds = xlsx_seeds()
    names = sorted(seeds)

    @fuzz("xlsx")
    @given(EXAMPLE)
    def run(example):
        rnd = random.Random(example)
        picks = [(rnd.choice(names), rnd.getrandbits(32)) for _ in range(XLSX_BATCH)]
        session.feed([(f"{i}_{name}", mangle.mangle_xlsx(seeds[name], random.Random(seed)))
                      for i, (name, seed) in enumerate(picks)])

    run()
    check_distinct(session, "xlsx")


@pytest.fixture(scope="module")
def corpus_session(tmp_path_factory):
    s = FuzzSession(tmp_path_factory.mktemp("corpus"))
    yield s
    s.check_usable()
    s.close()


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_corpus_of_mangled_real_files(corpus_session, case):
    report = corpus_session.feed([(case.name, case.data)])
    if case.expect is not None:
        keys = {m.key for _, m in report.errors} | {m.key for f in report.files for m in f.messages}
        assert case.expect in keys, (case.expect, keys)


def test_the_run_covers_at_least_5000_inputs():
    assert sum(INPUTS.values()) + len(CORPUS) >= 5000
