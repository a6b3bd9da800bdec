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
"""
from __future__ import annotations

import random

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


def fuzz(kind: str):
    return settings(max_examples=EXAMPLES[kind], deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def session(tmp_path):
    s = FuzzSession(tmp_path)
    yield s
    s.check_usable()
    s.close()


def test_mangled_real_format_csv_exports(session):
    seeds = csv_seeds()

    @fuzz("csv")
    @given(st.lists(st.tuples(st.sampled_from(sorted(seeds)), st.integers(0, 2**32 - 1)),
                    min_size=BATCH, max_size=BATCH))
    def run(picks):
        batch = []
        for i, (name, seed) in enumerate(picks):
            batch.append((f"{i}_{name}", mangle.mangle_text(seeds[name], random.Random(seed))))
        session.feed(batch)

    run()
    assert session.inputs >= INPUTS["csv"]


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
cell = st.one_of(st.sampled_from(mangle.WRONG_VALUES), st.text(max_size=25),
                 st.floats(allow_nan=True).map(repr), st.integers(-10**30, 10**30).map(str),
                 st.datetimes().map(lambda d: d.strftime(random.Random(d.toordinal()).choice(
                     ["%d.%m.%Y %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %I:%M %p", "%d/%m/%y", "%H:%M:%S"]))))


@st.composite
def typed_file(draw):
    header = draw(st.sampled_from(TYPED_HEADERS))
    delim = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), min_size=1, max_size=12))
    quote = lambda v: '"' + v.replace('"', '""') + '"'   # noqa: E731
    lines = [delim.join(header)] + [delim.join(quote(v) if draw(st.booleans()) else v for v in r) for r in rows]
    encodings = draw(st.lists(st.sampled_from(["utf-8", "utf-8", "cp1251", "koi8_r", "utf-16-le"]),
                              min_size=len(lines), max_size=len(lines)))
    data = b"\n".join(line.encode(enc, "replace") for line, enc in zip(lines, encodings))
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe"]))
    return prefix + data


def test_typed_columns_holding_values_of_other_kinds(session):
    @fuzz("typed")
    @given(st.lists(typed_file(), min_size=BATCH, max_size=BATCH))
    def run(files):
        session.feed([(f"typed_{i}.csv", data) for i, data in enumerate(files)])

    run()
    assert session.inputs >= INPUTS["typed"]


NAMES = ["data.csv", "data.xlsx", "data.xls", "data.ods", "data.zip", "data.txt", "data.parquet", "data",
         "звонки.tsv", "data.xlsm"]
PREFIXES = [b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PAR1", b"\xef\xbb\xbf",
            b"\xff\xfe", b"\xfe\xff", b"<?xml version=\"1.0\"?>", b"ID;Name\n", b"\x00"]


def test_random_and_near_format_bytes(session):
    @fuzz("bytes")
    @given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(PREFIXES), st.binary(max_size=2000)),
                    min_size=BATCH, max_size=BATCH))
    def run(files):
        session.feed([(f"{i}_{name}", prefix + data) for i, (name, prefix, data) in enumerate(files)])

    run()
    assert session.inputs >= INPUTS["bytes"]


def test_zip_uploads_with_odd_names_and_nesting(session):
    seeds = csv_seeds()
    workbook = corpus.workbook_bytes("managers.xlsx")

    @fuzz("zip")
    @given(st.lists(st.integers(0, 2**32 - 1), min_size=BATCH, max_size=BATCH))
    def run(seeds_):
        batch = []
        for i, seed in enumerate(seeds_):
            rnd = random.Random(seed)
            inner = {f"f{j}": (mangle.mangle_text(seeds[name], rnd, 1) if rnd.random() < 0.5 else seeds[name])
                     for j, name in enumerate(rnd.sample(sorted(seeds), rnd.randint(0, 3)))}
            if rnd.random() < 0.1:
                inner["book"] = workbook
            batch.append((f"upload_{i}.zip", mangle.odd_zip(inner, rnd)))
        session.feed(batch)

    run()
    assert session.inputs >= INPUTS["zip"]


def test_mangled_workbooks(session):
    seeds = xlsx_seeds()

    @fuzz("xlsx")
    @given(st.lists(st.tuples(st.sampled_from(sorted(seeds)), st.integers(0, 2**32 - 1)),
                    min_size=XLSX_BATCH, max_size=XLSX_BATCH))
    def run(picks):
        session.feed([(f"{i}_{name}", mangle.mangle_xlsx(seeds[name], random.Random(seed)))
                      for i, (name, seed) in enumerate(picks)])

    run()
    assert session.inputs >= INPUTS["xlsx"]


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
