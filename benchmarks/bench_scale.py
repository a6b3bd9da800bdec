"""The scale benchmark: a large company through the headless audit and the app.

    python benchmarks/bench_scale.py [--calls 1000000] [--deals 100000] [--order-lines 500000]
                                     [--clients 20000] [--managers 40] [--repeat 2] [--keep DIR]
                                     [--skip-pages] [--growth 3000000,10000000] [--workdir DIR]

A seeded numpy generator writes real-format exports into a temporary folder: a MANGO OFFICE call log,
an amoCRM deal list and its stage history, a 1C "Продажи" report (Windows-1251, title lines, numbers
like `12 345,50`), Bitrix24 companies and a staff list. The ids and phones link the files the way a
real company's exports do (deals and order lines name Bitrix company ids, most call numbers are client
phones, managers have extensions). Then, in the same run, it measures:

(a) wall time of the headless audit, `python -m audits run FILES --out DIR --formats json`, as a
    subprocess, against DuckDB's bare load of the same files (a subprocess that runs `duckdb.connect()`
    and `CREATE TABLE t AS SELECT * FROM read_csv(file)` for each file). Target: ratio <= 3x.
(b) the audit process's peak resident memory (GNU time's maximum resident set size of that
    process, DuckDB's memory included: it runs inside it). Target: at most twice the size of the raw
    input files (the sum of the file sizes).
(c) the server time of a page switch with the audit already cached: in one Streamlit AppTest session
    holding the whole data set, the audit is computed once, then for each page the time of
    `switch_page(page).run()` (the page script's full run on the server, widgets and charts serialised,
    no browser). Target: every page <= 100 ms.
(d) with `--growth N,M,...`: (a) and (b) again with N, M, ... calls (deals, order lines, clients and
    managers as given; only the call log grows), one run each, each data set written into `--workdir`
    and deleted before the next. Prints each time's ratio to the base run's (target: no faster than the
    data: 10M calls at most 11x the 1M time) and each peak memory (target: bounded by DuckDB's memory
    limit, the rest spilled to disk).

Each timing of (a)-(c) is the best of `--repeat` runs (the machine may be shared). Prints absolute numbers
and ratios; `benchmarks/run_all.py --write` puts them into BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_load import compile_app  # noqa: E402
from sample_data.generate import (CHANNELS, CITIES, FIRST_M, INDUSTRIES, LAST_M,  # noqa: E402
                                  LOST_REASONS_LATE, NAME_ROOTS, NAME_TAILS, STAGES)

SEED = 20260101
T0 = np.datetime64("2024-01-01T00:00:00", "s")
DAYS = 730
TARGET_RATIO, TARGET_MEM_X, TARGET_PAGE_MS, TARGET_GROWTH_10X = 3.0, 2.0, 100, 11.0
FIRST_F = ["Анна", "Ольга", "Елена", "Наталья", "Татьяна", "Мария", "Ирина", "Светлана"]
PAGES = ["app.py", "pages/1_Data.py", "pages/2_Checklist.py", "pages/3_Calls.py", "pages/4_Segments.py",
         "pages/5_Summary.py", "pages/6_Settings.py", "pages/7_Workshop.py", "pages/8_Audits.py",
         "pages/9_Report.py"]


# --- the generated company -----------------------------------------------------------------------
@dataclass
class Company:
    managers: np.ndarray        # full names
    extensions: np.ndarray      # "101".. as text
    client_phone: np.ndarray    # 7XXXXXXXXXX per client (index = client id - 1)
    client_owner: np.ndarray    # manager index per client


def _plain(df: pl.DataFrame) -> pl.DataFrame:
    """Empty text as empty fields (polars would quote empty strings as "")."""
    return df.with_columns(pl.col(pl.Utf8).replace("", None))


def _stamp(seconds: np.ndarray) -> pl.Series:
    return pl.Series((T0 + seconds.astype("timedelta64[s]")).astype("datetime64[us]"))


def _ru_money(col: pl.Expr) -> pl.Expr:
    """12345.5 -> "12 345,50" with a non-breaking space, as 1C writes numbers."""
    whole = col.abs().floor().cast(pl.Int64)
    cents = ((col.abs() - col.abs().floor()) * 100).round(0).cast(pl.Int64).cast(pl.Utf8).str.zfill(2)
    digits = whole.cast(pl.Utf8)
    grouped = (digits.str.reverse().str.replace_all(r"(\d{3})", "${1}\u00a0").str.reverse()
               .str.strip_chars_start("\u00a0"))
    return pl.when(col < 0).then(pl.lit("-")).otherwise(pl.lit("")) + grouped + pl.lit(",") + cents


def write_managers(folder: Path, rng: np.random.Generator, n: int) -> Company:
    names = []
    for i in range(n):
        first = FIRST_F if i % 2 else FIRST_M
        last = LAST_M[(i * 7) % len(LAST_M)] + ("а" if i % 2 else "")
        names.append(f"{first[i % len(first)]} {last}" + (f" {i // 60 + 2}" if i >= 60 else ""))
    names = np.array(names)
    ext = np.array([str(101 + i) for i in range(n)])
    hired = T0 - rng.integers(30, 6 * 365, n).astype("timedelta64[D]")
    left = np.where(rng.random(n) < 0.1, (T0 + rng.integers(200, DAYS, n).astype("timedelta64[D]")).astype(str), "")
    pl.DataFrame({
        "ФИО": names, "Отдел": [f"Отдел продаж {1 + i % 4}" for i in range(n)],
        "Роль": np.where(np.arange(n) % 3 == 0, "Текущие клиенты", "Новые клиенты"),
        "Дата приёма": pl.Series(hired.astype("datetime64[D]")).dt.strftime("%d.%m.%Y"),
        "Дата увольнения": pl.Series(left).str.replace(r"^(\d{4})-(\d{2})-(\d{2})$", "$3.$2.$1"),
        "Внутренний номер": ext,
    }).pipe(_plain).write_csv(folder / "managers.csv", separator=";")
    return Company(names, ext, np.array([]), np.array([]))


def write_clients(folder: Path, rng: np.random.Generator, co: Company, n: int) -> None:
    """Bitrix24 companies: quoted fields, human phone formats, UTF-8 with BOM."""
    cities = np.array([c[0] for c in CITIES])
    codes = np.array([c[1] for c in CITIES])
    w = np.array([c[2] for c in CITIES])
    city = rng.choice(len(CITIES), n, p=w / w.sum())
    number = rng.integers(2_000_000, 9_999_999, n)
    phone = np.char.add(np.char.add("7", codes[city]), number.astype(str))
    co.client_phone = phone
    co.client_owner = rng.integers(0, len(co.managers), n)
    roots, tails = np.array(NAME_ROOTS), np.array(NAME_TAILS)
    name = np.char.add(np.char.add(np.char.add("ООО «", roots[rng.integers(0, len(roots), n)]),
                                   tails[rng.integers(0, len(tails), n)]), np.char.add("-", np.arange(1, n + 1).astype(str)))
    created = rng.integers(-5 * 365 * 86400, (DAYS - 10) * 86400, n)
    df = pl.DataFrame({
        "ID": np.arange(1, n + 1).astype(str), "Название компании": np.char.add(name, "»"),
        "Тип компании": "Клиент", "Сфера деятельности": np.array(INDUSTRIES)[rng.integers(0, len(INDUSTRIES), n)],
        "Рабочий телефон": phone, "Город": cities[city], "Дата создания": _stamp(created),
        "Ответственный": co.managers[co.client_owner],
        "Годовой оборот": np.where(rng.random(n) < 0.4, "", np.round(rng.lognormal(17, 1, n), -3).astype(np.int64).astype(str)),
    }).with_columns(
        pl.col("Рабочий телефон").str.replace(r"^7(\d{3})(\d{3})(\d{2})(\d{2})$", "8 ($1) $2-$3-$4"),
        pl.col("Дата создания").dt.strftime("%d.%m.%Y %H:%M:%S"))
    with open(folder / "bitrix24_companies.csv", "wb") as f:
        f.write("\ufeff".encode())
        df.write_csv(f, separator=";", quote_style="always")


def write_calls(folder: Path, rng: np.random.Generator, co: Company, n: int) -> None:
    """MANGO OFFICE call list: separate date and time, talk time hh:mm:ss, wait in seconds."""
    day = rng.integers(0, DAYS, n)
    sec = day * 86400 + rng.integers(8 * 3600, 19 * 3600, n)
    sec.sort()
    who = rng.integers(0, len(co.managers), n)
    incoming = rng.random(n) < 0.45
    known = rng.random(n) < 0.85
    client = rng.integers(0, len(co.client_phone), n)
    stranger = np.char.add("79", rng.integers(100_000_000, 999_999_999, n).astype(str))
    other = np.where(known, co.client_phone[client], stranger)
    answered = rng.random(n) < np.where(incoming, 0.88, 0.62)
    talk = np.where(answered, rng.gamma(1.4, 110, n).astype(np.int64) + 3, 0)
    ext = co.extensions[who]
    df = pl.DataFrame({
        "ts": _stamp(sec), "Тип звонка": np.where(incoming, "Входящий", "Исходящий"),
        "Кто звонил": np.where(incoming, other, ext), "Кому звонил": np.where(incoming, ext, other),
        "Сотрудник": co.managers[who], "talk": talk, "Ожидание": rng.integers(0, 45, n),
        "Статус": np.where(answered, "Успешный", np.where(incoming, "Пропущенный", "Не дозвонился")),
        "rec": np.where(answered, np.arange(n), -1),
    })
    df = df.select(
        pl.col("ts").dt.strftime("%d.%m.%Y").alias("Дата"), pl.col("ts").dt.strftime("%H:%M:%S").alias("Время"),
        "Тип звонка", "Кто звонил", "Кому звонил", "Сотрудник",
        (pl.col("talk") // 3600).cast(pl.Utf8).str.zfill(2).add(":")
        .add((pl.col("talk") % 3600 // 60).cast(pl.Utf8).str.zfill(2)).add(":")
        .add((pl.col("talk") % 60).cast(pl.Utf8).str.zfill(2)).alias("Длительность разговора"),
        "Ожидание", "Статус",
        pl.when(pl.col("rec") >= 0).then(pl.col("ts").dt.strftime("%Y%m%d_%H%M%S_") + pl.col("Кому звонил")
                                          + pl.lit("_") + pl.col("rec").cast(pl.Utf8).str.zfill(7) + pl.lit(".mp3"))
        .otherwise(pl.lit("")).alias("Запись"))
    df.pipe(_plain).write_csv(folder / "mango_calls.csv", separator=";")


def write_deals(folder: Path, rng: np.random.Generator, co: Company, n: int) -> None:
    """amoCRM deal list (CSV) and its stage history: each deal walks the funnel until it is won,
    lost, or still open at the export date."""
    won_i, lost_i = len(STAGES) - 2, len(STAGES) - 1
    created = np.sort(rng.integers(0, (DAYS - 1) * 86400, n))
    client = rng.integers(0, len(co.client_phone), n)
    reach = np.minimum(rng.geometric(0.28, n), won_i)             # furthest funnel stage reached
    outcome = np.where(reach == won_i, won_i, np.where(rng.random(n) < 0.8, lost_i, reach))
    steps = np.where(outcome == reach, reach + 1, reach + 2)      # history rows of each deal
    ids = np.arange(20_000_001, 20_000_001 + n)
    deal_of = np.repeat(np.arange(n), steps)
    pos = np.arange(len(deal_of)) - np.repeat(np.cumsum(steps) - steps, steps)
    stage = np.where(pos <= np.repeat(reach, steps), pos, lost_i)
    gap = np.where(pos == 0, 0, rng.exponential(3 * 86400, len(pos)).astype(np.int64) + 600)
    entered = np.repeat(created, steps) + np.cumsum(gap) - np.repeat(np.cumsum(gap)[np.cumsum(steps) - steps], steps)
    entered = np.minimum(entered, DAYS * 86400 - 1)
    closed = np.where(outcome >= won_i, entered[np.cumsum(steps) - 1], -1)
    hist = pl.DataFrame({"ID сделки": ids[deal_of].astype(str), "Этап": np.array(STAGES)[stage],
                         "t": _stamp(entered)})
    hist.select("ID сделки", "Этап", pl.col("t").dt.strftime("%d.%m.%Y %H:%M:%S").alias("Дата перехода")) \
        .write_csv(folder / "amocrm_stage_history.csv", separator=";")
    product = np.array(["Стрейч-плёнка", "Гофрокороб", "Скотч", "Мешки", "Стреппинг", "Перчатки"])[rng.integers(0, 6, n)]
    manager = np.where(rng.random(n) < 0.02, "", co.managers[co.client_owner[client]])
    deals = pl.DataFrame({
        "ID": ids.astype(str), "Название": np.char.add(np.char.add(product, ": сделка "), ids.astype(str)),
        "Бюджет": np.where(rng.random(n) < 0.03, "", (np.round(rng.lognormal(11, 0.9, n), -3)).astype(np.int64).astype(str)),
        "Ответственный": manager, "Этап": np.array(STAGES)[outcome], "Воронка": "Продажи",
        "c": _stamp(created), "z": _stamp(np.maximum(closed, 0)), "closed": closed >= 0,
        "Компания": np.char.add("Клиент ", (client + 1).astype(str)), "ID компании": (client + 1).astype(str),
        "Источник": np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)], "Продукт": product,
        "Город": np.array([c[0] for c in CITIES])[rng.integers(0, len(CITIES), n)],
        "Причина отказа": np.where(outcome == lost_i, np.array(LOST_REASONS_LATE)[rng.integers(0, 5, n)], ""),
        "Скидка": np.where(rng.random(n) < 0.2, rng.integers(1, 50, n) * 500, 0),
    })
    deals.select(
        "ID", "Название", "Бюджет", "Ответственный", "Этап", "Воронка",
        pl.col("c").dt.strftime("%d.%m.%Y %H:%M:%S").alias("Дата создания"),
        pl.when("closed").then(pl.col("z").dt.strftime("%d.%m.%Y %H:%M:%S")).otherwise(pl.lit("")).alias("Дата закрытия"),
        "Компания", "ID компании", "Источник", "Продукт", "Город", "Причина отказа",
        pl.when(pl.col("Скидка") > 0).then(pl.col("Скидка").cast(pl.Utf8)).otherwise(pl.lit("")).alias("Скидка"),
    ).pipe(_plain).write_csv(folder / "amocrm_deals.csv", separator=";")


def write_orders(folder: Path, rng: np.random.Generator, co: Company, n: int) -> None:
    """1C "Продажи": title lines, one row per document line, a final Итого row, Windows-1251."""
    per_doc = 3
    docs = (n + per_doc - 1) // per_doc
    weight = rng.pareto(1.2, len(co.client_phone)) + 0.05
    who = rng.choice(len(co.client_phone), docs, p=weight / weight.sum())
    day = np.sort(rng.integers(0, DAYS, docs))
    doc = np.repeat(np.arange(docs), per_doc)[:n]
    qty = rng.integers(1, 400, n)
    price = np.round(rng.lognormal(4, 1, n), 2)
    amount = np.round(qty * price, 2)
    ret = np.repeat(rng.random(docs) < 0.02, per_doc)[:n]
    amount = np.where(ret, -amount, amount)
    goods = np.array(["Стрейч-плёнка 500 мм", "Гофрокороб 600x400x400", "Скотч 48 мм x 66 м", "Мешки 120 л",
                      "Лента ПП 12 мм", "Перчатки нитриловые", "Пузырчатая плёнка", "Уголок картонный"])
    num = (doc + 1).astype(str)
    df = pl.DataFrame({
        "d": pl.Series((T0 + day[doc].astype("timedelta64[D]")).astype("datetime64[D]")),
        "n": num, "ret": ret, "Код контрагента": (who[doc] + 1).astype(str),
        "Контрагент": np.char.add("Клиент ", (who[doc] + 1).astype(str)),
        "Номенклатура": np.char.add(goods[rng.integers(0, len(goods), n)], np.char.add(" арт. ", rng.integers(1, 300, n).astype(str))),
        "Количество": np.where(ret, -qty, qty), "price": price, "amount": amount,
        "Менеджер": np.array([f"{m.split()[1]} {m.split()[0][0]}." for m in co.managers])[co.client_owner[who[doc]]],
    })
    date = pl.col("d").dt.strftime("%d.%m.%Y")
    df = df.select(
        date.alias("Дата"),
        (pl.when("ret").then(pl.lit("Возврат товаров от клиента ")).otherwise(pl.lit("Реализация товаров и услуг "))
         + pl.col("n").str.zfill(8) + pl.lit(" от ") + date).alias("Документ"),
        "Код контрагента", "Контрагент", "Номенклатура", "Количество",
        _ru_money(pl.col("price")).alias("Цена"), _ru_money(pl.col("amount")).alias("Сумма"), "Менеджер")
    total = _ru_money(pl.lit(float(amount.sum())))
    text = df.write_csv(separator=";")
    foot = pl.select(total).item()
    head = "Продажи за период 01.01.2024 - 31.12.2025\nОрганизация: ООО \"ПромУпак Трейд\"\n\n"
    (folder / "1c_sales.csv").write_bytes((head + text + f";Итого;;;;;;{foot};\n").encode("cp1251"))


def generate(folder: Path, calls: int, deals: int, lines: int, clients: int, managers: int) -> list[Path]:
    rng = np.random.default_rng(SEED)
    co = write_managers(folder, rng, managers)
    write_clients(folder, rng, co, clients)
    write_calls(folder, rng, co, calls)
    write_deals(folder, rng, co, deals)
    write_orders(folder, rng, co, lines)
    return sorted(folder.glob("*.csv"))


# --- (a) and (b): the headless audit against DuckDB's bare load ----------------------------------------
# DuckDB decodes UTF-8, UTF-16 and Latin-1 without extensions; the Windows-1251 1C report is read as
# Latin-1 (the same bytes, one character each: the parse costs the same, the text is not decoded right).
BARE = """
import sys, duckdb
con = duckdb.connect()
for path in sys.argv[1:]:
    enc = "latin-1" if path.endswith("1c_sales.csv") else "utf-8"
    con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(?, encoding = ?)", [path, enc])
"""


def timed_child(cmd: list[str], log: Path) -> tuple[float, int, int]:
    """Run a child; its wall time (s), peak RSS (MB) and exit code.

    The peak comes from GNU time (`%M`), not from this process's wait4: Linux carries the parent's
    own high-water mark into a child started by vfork + exec, so a parent that just generated the
    data would report its own peak as the child's."""
    peak = log.with_suffix(".rss")
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        code = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", str(peak), *cmd], stdout=out,
                               stderr=subprocess.STDOUT, cwd=ROOT)
        elapsed = time.perf_counter() - t0
    return elapsed, int(peak.read_text().split()[-1]) // 1024, code


def headless(files: list[Path], work: Path, repeat: int) -> dict:
    if not Path("/usr/bin/time").exists():
        raise SystemExit("bench_scale needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    compile_app()
    bare = [timed_child([sys.executable, "-c", BARE, *map(str, files)], work / "bare.log") for _ in range(repeat)]
    if any(code for _, _, code in bare):
        raise SystemExit("DuckDB's bare load failed:\n" + (work / "bare.log").read_text(errors="replace"))
    runs = [timed_child([sys.executable, "-m", "audits", "run", *map(str, files), "--out", str(work / "out"),
                         "--formats", "json"], work / "audit.log") for _ in range(repeat)]
    log = (work / "audit.log").read_text(errors="replace")
    if any(code for _, _, code in runs) or not (work / "out" / "results.json").exists():
        raise SystemExit("the headless audit failed:\n" + log)
    return {"bare_s": min(t for t, _, _ in bare), "bare_mb": min(m for _, m, _ in bare),
            "audit_s": min(t for t, _, _ in runs), "audit_mb": max(m for _, m, _ in runs), "log": log}


# --- (c): page switches with the audit cached ------------------------------------------------------
def page_switches(files: list[Path], repeat: int) -> dict:
    """One AppTest session holding the data; the audit computed once; each page's run timed."""
    from streamlit.logger import get_logger
    from streamlit.testing.v1 import AppTest
    # Setting session state from outside a script run is what this benchmark means to do: not a warning.
    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    from audits.store import Input, Store
    from audits.ui import state
    store = Store()                                  # the app's own store: memory limit, hardening
    t0 = time.perf_counter()
    store.add([Input(name=p.name, path=p) for p in files])
    load = time.perf_counter() - t0
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state[state.STORE_KEY] = store
    at.session_state[state.LANG_KEY] = "en"
    at.run()
    t0 = time.perf_counter()
    at.switch_page("pages/5_Summary.py").run()       # computes and caches this session's audit
    first = time.perf_counter() - t0
    if at.exception:
        raise SystemExit(f"Summary page failed: {at.exception[0].value}")
    for page in PAGES:                               # warm: each page's imports and first-run caches
        at.switch_page(page).run()
    times = {}
    for page in PAGES:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            at.switch_page(page).run()
            best = min(best, time.perf_counter() - t0)
        if at.exception:
            raise SystemExit(f"{page} failed: {at.exception[0].value}")
        times[page] = best
    store.close()
    return {"load_s": load, "first_audit_s": first, "pages_ms": {p: s * 1000 for p, s in times.items()}}


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def input_mb(files: list[Path]) -> float:
    return sum(p.stat().st_size for p in files) / 1e6


def cli_memory_limit() -> str:
    """The DuckDB memory limit the headless CLI runs with (past it DuckDB spills to disk)."""
    from audits.cli import MEMORY_LIMIT
    return MEMORY_LIMIT


def print_headless(h: dict, files: list[Path]) -> None:
    ratio = h["audit_s"] / h["bare_s"]
    mem_target = TARGET_MEM_X * input_mb(files)
    print(f"(a) duckdb bare load of the files:  {h['bare_s']:7.2f} s   (peak {h['bare_mb']:,} MB)")
    print(f"    headless audit (run, json):     {h['audit_s']:7.2f} s")
    print(f"    ratio audit / bare load:        {ratio:7.2f}x  (target <= {TARGET_RATIO:.0f}x: "
          f"{verdict(ratio <= TARGET_RATIO)})")
    print(f"(b) audit peak memory (maxrss):     {h['audit_mb']:7,} MB  (target <= {TARGET_MEM_X:.0f} x "
          f"{input_mb(files):,.0f} MB of input = {mem_target:,.0f} MB: {verdict(h['audit_mb'] <= mem_target)})")


def growth(sizes: list[int], base: dict, base_mb: float, args, workdir: Path) -> None:
    """(d): the headless audit once at each number of calls, against the base run."""
    print(f"(d) growth: only the call log grows (deals {args.deals:,}, order lines {args.order_lines:,}, "
          f"clients {args.clients:,} as above); one run each; the CLI's DuckDB memory limit: "
          f"{cli_memory_limit()}, past which it spills to disk")
    print(f"    {'calls':>11} {'input':>9} {'x data':>7} {'bare':>8} {'audit':>8} {'x time':>7} {'peak':>9}")
    print(f"    {args.calls:>11,} {base_mb:>6,.0f} MB {1:>6.1f}x {base['bare_s']:>6.1f} s {base['audit_s']:>6.1f} s "
          f"{1:>6.1f}x {base['audit_mb']:>6,} MB")
    for calls in sizes:
        folder = workdir / f"growth-{calls}"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            files = generate(folder, calls, args.deals, args.order_lines, args.clients, args.managers)
            h = headless(files, folder, 1)
            mb = input_mb(files)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        x = h["audit_s"] / base["audit_s"]
        print(f"    {calls:>11,} {mb:>6,.0f} MB {mb / base_mb:>6.1f}x {h['bare_s']:>6.1f} s {h['audit_s']:>6.1f} s "
              f"{x:>6.1f}x {h['audit_mb']:>6,} MB")
        if calls == 10 * args.calls:
            print(f"    {calls // args.calls}x the calls: {x:.1f}x the time (target <= {TARGET_GROWTH_10X:.0f}x: "
                  f"{verdict(x <= TARGET_GROWTH_10X)})")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--deals", type=int, default=100_000)
    ap.add_argument("--order-lines", type=int, default=500_000)
    ap.add_argument("--clients", type=int, default=20_000)
    ap.add_argument("--managers", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="write the files into DIR and keep them")
    ap.add_argument("--skip-pages", action="store_true", help="skip (c), the AppTest page switches")
    ap.add_argument("--growth", metavar="N,M", help="(d): the headless audit again with N, M, ... calls")
    ap.add_argument("--workdir", metavar="DIR", help="where the data and the audits' temporary files go "
                                                     "(default: the system's temporary folder)")
    args = ap.parse_args(argv)
    sizes = [int(n) for n in args.growth.split(",")] if args.growth else []
    if args.workdir:                            # the audits' own temporary folders (DuckDB spills there) too
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
        os.environ["TMPDIR"] = str(Path(args.workdir).resolve())
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp) / "data"
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        files = generate(folder, args.calls, args.deals, args.order_lines, args.clients, args.managers)
        print(f"generated in {time.perf_counter() - t0:.1f} s:")
        for p in files:
            print(f"  {p.name:<26} {p.stat().st_size / 1e6:7.1f} MB")
        print(f"  {'all files':<26} {input_mb(files):7.1f} MB")
        h = headless(files, Path(tmp), args.repeat)
        print_headless(h, files)
        if not args.skip_pages:
            p = page_switches(files, args.repeat)
            worst = max(p["pages_ms"].values())
            print(f"(c) app session: load {p['load_s']:.1f} s, first audit (Summary page) {p['first_audit_s']:.1f} s")
            for page, ms in p["pages_ms"].items():
                print(f"    switch to {page:<22} {ms:8.0f} ms")
            print(f"    slowest page switch:            {worst:7.0f} ms  (target <= {TARGET_PAGE_MS} ms: "
                  f"{verdict(worst <= TARGET_PAGE_MS)})")
        if sizes:
            base_mb = input_mb(files)
            if not args.keep:
                shutil.rmtree(folder)           # room for the larger data sets
            growth(sizes, h, base_mb, args, Path(tmp))


if __name__ == "__main__":
    main()
