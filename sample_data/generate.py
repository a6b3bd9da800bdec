"""Generate the demo company: a fictional Russian B2B seller of packaging and consumables.

The company ("ПромУпак Трейд") has a head of sales and two sales teams, and exports its data
from ten different tools over two years (2024-01-01 .. 2025-12-31): amoCRM deals and stage
history, Bitrix24 companies, a 1C sales report, Asterisk CDR (2024), MANGO OFFICE calls (2025),
amoCRM tasks, HubSpot meetings, a staff list, monthly plans and an NPS survey.

The data has deliberately planted problems for the audit to find; `README.md` beside this file
lists them with their measured values.

Usage: python sample_data/generate.py [OUTDIR]     (default: the folder of this script)

The output is byte-identical on every run: one seeded random generator is consumed in a fixed
order, nothing depends on the current date, and workbook metadata is fixed.
"""
from __future__ import annotations

import csv
import io
import math
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import xlsxwriter

SEED = 20240101
T0 = datetime(2024, 1, 1)                      # start of the data
END = datetime(2025, 12, 31, 23, 59, 59)       # last moment of the data (export day)
END_S = int((END - T0).total_seconds())
WORKBOOK_TIME = datetime(2026, 1, 1)
MSK_EPOCH_OFFSET = 3 * 3600                    # Moscow time = UTC+3 (for Asterisk uniqueid)
COMPANY = 'ООО "ПромУпак Трейд"'

N_EXISTING = 1200          # clients created before 2024
N_NEW = 1800               # clients created during 2024-2025
EXISTING_ORDERING = 0.85   # share of existing clients still buying at the start of 2024

STAGES = ["Неразобранное", "Первичный контакт", "Выявление потребности", "КП отправлено",
          "Думает", "На согласовании", "Счёт выставлен", "Успешно реализовано",
          "Закрыто и не реализовано"]
WON, LOST = 7, 8
PIPELINE = "Продажи"
# Probability of moving from stage k to k+1 (k = 0..6); stage 3 -> 4 (КП -> Думает) is the weak one.
STAGE_P = [0.90, 0.82, 0.80, None, 0.78, 0.85, 0.88]
KP_P_NEW, KP_P_EXISTING = 0.22, 0.36
STAGE_MEDIAN_DAYS = [0.15, 2.0, 4.0, 6.0, 8.0, 6.0, 4.0]

CHANNELS = ["Сайт", "Входящий звонок", "Рекомендация", "Холодный звонок", "Выставка"]
CHANNEL_W_NEW = [0.35, 0.20, 0.10, 0.25, 0.10]
CHANNEL_W_EXISTING = [0.25, 0.45, 0.10, 0.15, 0.05]
LOST_REASONS_EARLY = ["Не дозвонились", "Нет потребности", "Дубль заявки", "Спам / ошибочная заявка"]
LOST_REASONS_LATE = ["Дорого", "Выбрали конкурента", "Не устроили сроки поставки",
                     "Нет бюджета", "Проект отложен"]
LOST_REASON_EMPTY_P = 0.25
MISSING_AMOUNT_P = 0.03
MISSING_MANAGER_P = 0.02

CITIES = [("Москва", "495", 0.30), ("Москва", "499", 0.06), ("Санкт-Петербург", "812", 0.12),
          ("Екатеринбург", "343", 0.06), ("Новосибирск", "383", 0.05), ("Казань", "843", 0.05),
          ("Нижний Новгород", "831", 0.05), ("Самара", "846", 0.04), ("Ростов-на-Дону", "863", 0.05),
          ("Краснодар", "861", 0.05), ("Воронеж", "473", 0.04), ("Челябинск", "351", 0.04),
          ("Пермь", "342", 0.03), ("Уфа", "347", 0.03), ("Ярославль", "485", 0.03)]
MOBILE_CODES = ["903", "905", "906", "909", "910", "912", "915", "916", "917", "919", "920",
                "921", "925", "926", "929", "951", "960", "977", "985", "999"]
INDUSTRIES = ["Пищевое производство", "Оптовая торговля", "Розничная торговля", "Логистика",
              "Электронная коммерция", "Фармацевтика", "Строительство", "Машиностроение",
              "Сельское хозяйство", "Косметика и бытовая химия", "Мебельное производство"]
NAME_ROOTS = ["Агро", "Пром", "Техно", "Север", "Волга", "Урал", "Сиб", "Спектр", "Альфа",
              "Вектор", "Гранит", "Мега", "Нева", "Стандарт", "Профи", "Эко", "Кедр", "Восток",
              "Заря", "Орион", "Полюс", "Меридиан", "Феникс", "Атлант", "Старт", "Дельта"]
NAME_TAILS = ["Торг", "Снаб", "Трейд", "Пак", "Фуд", "Маркет", "Логистик", "Комплект", "Сервис",
              "Продукт", "Склад", "Опт", "Групп", "Холод", "Строй", "Мебель", "Фарм", "Хим"]
FIRST_M = ["Сергей", "Андрей", "Алексей", "Дмитрий", "Игорь", "Николай", "Владимир", "Олег"]
LAST_M = ["Иванов", "Смирнов", "Кузьмин", "Орлов", "Белов", "Гусев", "Зайцев", "Титов",
          "Комаров", "Макаров", "Никитин", "Захаров", "Борисов", "Яковлев", "Григорьев"]
PATRONYMICS = ["Сергеевич", "Андреевич", "Петрович", "Викторович", "Игоревич", "Олегович"]

# Product lines (amoCRM "Продукт") and the 1C nomenclature with base prices in roubles.
CATALOGUE = {
    "Стрейч-плёнка": [("Стрейч-плёнка ручная 500 мм 20 мкм 2 кг", 420.0),
                      ("Стрейч-плёнка ручная 500 мм 23 мкм 2,5 кг", 520.0),
                      ("Стрейч-плёнка машинная 500 мм 17 мкм 16 кг", 3150.0),
                      ("Стрейч-плёнка машинная 500 мм 20 мкм 17 кг", 3480.0)],
    "Гофрокоробы": [("Гофрокороб 300x200x200 Т-23", 38.0), ("Гофрокороб 400x300x300 Т-24", 62.0),
                    ("Гофрокороб 600x400x400 П-32", 118.0),
                    ("Короб самосборный 250x150x100", 27.0),
                    ("Лист гофрокартона 1000x1200 П-32", 85.0)],
    "Клейкая лента": [("Скотч упаковочный 48 мм x 66 м прозрачный", 48.0),
                      ("Скотч упаковочный 48 мм x 150 м", 98.0),
                      ("Лента клейкая с логотипом 50 мм x 66 м", 89.0),
                      ("Малярная лента 48 мм x 50 м", 72.0)],
    "Пакеты и мешки": [("Пакет ПВД 300x400 60 мкм", 6.2), ("Мешок полипропиленовый 55x105 см", 14.5),
                       ("Мешки для мусора 120 л (10 шт.)", 95.0), ("Пакет zip-lock 100x150", 2.1),
                       ("Пакет курьерский 240x320", 7.8)],
    "Защитная упаковка": [("Плёнка воздушно-пузырчатая 1,2 м x 100 м", 1650.0),
                          ("Уголок защитный картонный 35x35x1200", 19.0),
                          ("Бумага упаковочная крафт 840 мм 78 г/м2", 2350.0),
                          ("Наполнитель бумажный, мешок 5 кг", 690.0)],
    "Стреппинг": [("Лента ПП 12 мм x 2000 м", 1280.0), ("Лента ПЭТ 16 мм x 1000 м", 2890.0),
                  ("Пряжка металлическая 16 мм (1000 шт.)", 1950.0),
                  ("Скрепа для стреппинга 16 мм (2000 шт.)", 2400.0)],
    "Расходные материалы": [("Перчатки нитриловые (100 шт.)", 590.0),
                            ("Перчатки х/б с ПВХ, пара", 32.0), ("Нож канцелярский 18 мм", 85.0),
                            ("Маркер перманентный чёрный", 64.0),
                            ("Термоэтикетка 58x40, рулон 1000 шт.", 165.0)],
}
PRODUCT_LINES = list(CATALOGUE)
LINE_W = [0.24, 0.22, 0.14, 0.14, 0.10, 0.08, 0.08]
PRICE_RISE_2025 = 1.07
RETURN_P = 0.02

# Orders: month revenue = plan x factor. Team 2 zigzags; revenue is end-loaded in the month.
ZIGZAG = (0.60, 1.30)
REGULAR_FREQ, REGULAR_GAP_DAYS = 0.25, 100
LAST_WEEK_WEIGHT = {"Отдел продаж 1": 1.7, "Отдел продаж 2": 4.8}

# Calls
P_OUT_ANSWER = 0.60
EVENING_IN_SHARE, MORNING_IN_SHARE = 0.11, 0.03
MISSED_DAY, MISSED_EVENING, MISSED_MORNING = 0.08, 0.45, 0.30
CALLBACK_24H_P, CALLBACK_LATE_P = 0.34, 0.14
RECORDING_P = 0.70
ABSENCE_P = 0.05

HOLIDAYS = {date(2024, 1, d) for d in range(1, 9)} | {date(2025, 1, d) for d in range(1, 9)} | {
    date(2024, 2, 23), date(2024, 3, 8), date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1),
    date(2024, 5, 9), date(2024, 5, 10), date(2024, 6, 12), date(2024, 11, 4), date(2024, 12, 30),
    date(2024, 12, 31), date(2025, 5, 1), date(2025, 5, 2), date(2025, 5, 8), date(2025, 5, 9),
    date(2025, 6, 12), date(2025, 6, 13), date(2025, 11, 3), date(2025, 11, 4)}


@dataclass(frozen=True)
class Manager:
    name: str
    team: str
    role: str
    ext: str
    hired: date
    left: date | None
    out_per_day: float      # outgoing calls per working day
    in_per_day: float       # incoming calls routed to him per working day
    short_share: float      # share of answered calls under 2 minutes
    long_median_s: float    # median length of the other answered calls


T1, T2, HEAD_TEAM = "Отдел продаж 1", "Отдел продаж 2", "Руководство"
NEW, CUR, BOTH, HEAD = "Новые клиенты", "Текущие клиенты", "Новые и текущие", "Руководитель"
MANAGERS = [
    Manager("Алексей Смирнов", HEAD_TEAM, HEAD, "101", date(2019, 3, 1), None, 4, 1.5, 0.30, 300),
    Manager("Иван Петров", T1, CUR, "102", date(2018, 6, 4), None, 17, 7, 0.16, 480),
    Manager("Ольга Кузнецова", T1, NEW, "103", date(2021, 2, 15), None, 19, 3, 0.25, 260),
    Manager("Дмитрий Волков", T1, NEW, "104", date(2022, 9, 5), None, 18, 3, 0.27, 250),
    Manager("Сергей Морозов", T1, NEW, "105", date(2023, 4, 10), None, 35, 2.5, 0.80, 190),
    Manager("Анна Соколова", T1, BOTH, "106", date(2020, 11, 2), date(2024, 9, 30), 16, 5, 0.24, 280),
    Manager("Екатерина Новикова", T2, CUR, "107", date(2019, 8, 12), None, 17, 7, 0.20, 420),
    Manager("Андрей Попов", T2, BOTH, "108", date(2021, 5, 17), None, 17, 5, 0.25, 280),
    Manager("Наталья Васильева", T2, NEW, "109", date(2022, 1, 24), date(2025, 3, 31), 19, 3, 0.26, 260),
    Manager("Максим Федоров", T2, CUR, "110", date(2020, 3, 2), None, 15, 6, 0.22, 300),
    Manager("Татьяна Михайлова", T2, NEW, "111", date(2023, 9, 18), None, 19, 3, 0.25, 250),
    Manager("Павел Лебедев", T1, BOTH, "112", date(2024, 10, 7), None, 17, 5, 0.28, 250),
    Manager("Михаил Козлов", T2, NEW, "113", date(2025, 4, 14), None, 19, 3, 0.27, 250),
]
M_IDX = {m.name: i for i, m in enumerate(MANAGERS)}
REPLACED_BY = {M_IDX["Анна Соколова"]: M_IDX["Павел Лебедев"],
               M_IDX["Наталья Васильева"]: M_IDX["Михаил Козлов"]}
TOP_MANAGER = M_IDX["Иван Петров"]
HEAD_IDX = 0


# --------------------------------------------------------------------------- helpers

def short_name(full: str) -> str:
    """1C style: 'Иван Петров' -> 'Петров И.'."""
    first, last = full.split()
    return f"{last} {first[0]}."


def fmt_dt(t: datetime) -> str:
    return t.strftime("%d.%m.%Y %H:%M:%S")


def fmt_num_ru(x: float, decimals: int = 2) -> str:
    """'12 345,50' with a non-breaking space as thousands separator and a decimal comma."""
    s = f"{abs(x):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return ("-" if x < 0 else "") + s


def is_workday(d: date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def workdays(start: date, end: date) -> list[date]:
    days, d = [], start
    while d <= end:
        if is_workday(d):
            days.append(d)
        d += timedelta(days=1)
    return days


def month_starts() -> list[date]:
    return [date(2024 + i // 12, i % 12 + 1, 1) for i in range(24)]


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def employed(m: Manager, d: date) -> bool:
    return m.hired <= d and (m.left is None or d <= m.left)


def next_work_moment(t: datetime, rng: np.random.Generator) -> datetime:
    """Move a moment outside 9:00-18:30 on a workday to the next workday morning."""
    t = t.replace(microsecond=0)
    if is_workday(t.date()) and 9 <= t.hour < 18:
        return t
    d = t.date() + timedelta(days=1) if t.hour >= 9 else t.date()
    while not is_workday(d):
        d += timedelta(days=1)
    return datetime(d.year, d.month, d.day, 9) + timedelta(seconds=int(rng.integers(0, 7200)))


def weighted_choice(rng, items, weights):
    w = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


# --------------------------------------------------------------------------- clients

@dataclass
class Client:
    cid: str
    name: str
    kind: str                 # "ООО", "АО", "ИП"
    city: str
    industry: str
    created: datetime
    existing: bool
    team: str
    base_owner: int
    size: float               # monthly spend when buying from us, roubles
    freq: float               # orders per month
    lines: list               # preferred product lines
    phones: list              # canonical 7XXXXXXXXXX numbers
    phone_fields: tuple       # (work, mobile) as written in Bitrix
    potential: float | None
    active_from: datetime | None = None   # first moment the client buys (None: never)
    churn: datetime | None = None         # stops buying at this moment
    disc: float = 0.0


def owner_at(c: Client, d: date) -> int:
    o = c.base_owner
    left = MANAGERS[o].left
    if left is not None and d > left and o in REPLACED_BY:
        return REPLACED_BY[o]
    return o


def company_names(rng, n: int) -> list[tuple[str, str]]:
    names, seen = [], set()
    while len(names) < n:
        u = rng.random()
        if u < 0.20:
            kind = "ИП"
            name = (f"ИП {LAST_M[rng.integers(len(LAST_M))]} {FIRST_M[rng.integers(len(FIRST_M))]} "
                    f"{PATRONYMICS[rng.integers(len(PATRONYMICS))]}")
        else:
            kind = "АО" if u < 0.30 else "ООО"
            root = NAME_ROOTS[rng.integers(len(NAME_ROOTS))]
            tail = NAME_TAILS[rng.integers(len(NAME_TAILS))]
            core = root + tail if rng.random() < 0.6 else f"{root}-{tail}"
            if rng.random() < 0.15:
                core = "ТД " + core
            style = rng.random()
            name = (f'{kind} "{core}"' if style < 0.65 else
                    f"{kind} «{core}»" if style < 0.85 else f"{kind} {core}")
        if name in seen:
            continue
        seen.add(name)
        names.append((name, kind))
    return names


def phone_number(rng, city_code: str, mobile: bool) -> str:
    code = MOBILE_CODES[rng.integers(len(MOBILE_CODES))] if mobile else city_code
    return "7" + code + f"{int(rng.integers(0, 10_000_000)):07d}"


def write_phone(rng, num: str) -> str:
    """A canonical number in one of the human formats people type into a CRM."""
    c, a, b, x, y = num[1:4], num[4:7], num[7:9], num[9:11], num
    style = rng.random()
    if style < 0.35:
        return f"+7 ({c}) {a}-{b}-{x}"
    if style < 0.55:
        return f"8 {c} {a} {b} {x}"
    if style < 0.75:
        return "8" + y[1:]
    if style < 0.88:
        return "+" + y
    return f"8 ({c}) {a}-{b}-{x}"


def unique_phone(rng, used: set, city_code: str, mobile: bool) -> str:
    while True:
        p = phone_number(rng, city_code, mobile)
        if p not in used:
            used.add(p)
            return p


def client_phones(rng, used: set, city_code: str):
    """Canonical numbers and the two Bitrix phone fields of one client."""
    u = rng.random()
    if u < 0.04:
        return [], ("", "")
    work = [unique_phone(rng, used, city_code, rng.random() < 0.25)]
    if rng.random() < 0.08:
        work.append(unique_phone(rng, used, city_code, False))
    mobile = [unique_phone(rng, used, city_code, True)] if rng.random() < 0.5 else []
    work_s = ", ".join(write_phone(rng, p) for p in work)
    mob_s = ", ".join(write_phone(rng, p) for p in mobile)
    return work + mobile, (work_s, mob_s)


def pick_owner(rng, team: str, created: date, existing: bool, size_rank_top: bool) -> int:
    """Account owner: hunters get new clients, farmers existing ones, Петров the biggest."""
    if existing and size_rank_top and team == T1:
        return TOP_MANAGER
    wants_new = not existing or (created >= date(2022, 1, 1) and rng.random() < 0.6)
    on_date = max(created, date(2024, 1, 1)) if existing else created
    roles = (NEW, BOTH) if wants_new else (CUR, BOTH)
    cands = [i for i, m in enumerate(MANAGERS)
             if m.team == team and m.role in roles and employed(m, on_date)]
    if not cands:
        cands = [i for i, m in enumerate(MANAGERS) if m.team == team and employed(m, on_date)]
    if existing and team == T1:
        w = [1.2 if i == TOP_MANAGER else 1.0 for i in cands]
    elif existing and team == T2 and not wants_new:
        w = [{"Екатерина Новикова": 0.40, "Максим Федоров": 0.35}.get(MANAGERS[i].name, 0.25)
             for i in cands]
    else:
        w = [1.0] * len(cands)
    return weighted_choice(rng, cands, w)


def make_clients(rng) -> list[Client]:
    n = N_EXISTING + N_NEW
    names = company_names(rng, n)
    ex_days = np.sort(rng.integers(0, (date(2023, 12, 31) - date(2015, 3, 1)).days, N_EXISTING))
    created = [datetime(2015, 3, 1) + timedelta(days=int(d)) for d in ex_days]
    new_days = workdays(date(2024, 1, 9), date(2025, 12, 30))
    ramp = np.linspace(0.8, 1.2, len(new_days))
    picks = np.sort(rng.choice(len(new_days), N_NEW, p=ramp / ramp.sum()))
    created += [datetime.combine(new_days[int(k)], datetime.min.time()) for k in picks]
    ids = np.cumsum(1 + rng.geometric(0.55, n)) + 10
    sizes = np.concatenate([rng.lognormal(math.log(15000), 1.25, N_EXISTING),
                            rng.lognormal(math.log(9000), 1.0, N_NEW)])
    teams = [T1 if rng.random() < 0.5 else T2 for _ in range(n)]
    top_t1 = [i for i in np.argsort(-sizes[:N_EXISTING], kind="stable") if teams[i] == T1][:50]
    top_t1 = set(int(i) for i in top_t1)
    city_w = np.array([c[2] for c in CITIES])
    used_phones: set = set()
    clients = []
    for i in range(n):
        existing = i < N_EXISTING
        t = created[i] + timedelta(seconds=int(rng.integers(9 * 3600, 18 * 3600)))
        city, code, _ = CITIES[int(rng.choice(len(CITIES), p=city_w / city_w.sum()))]
        phones, fields = client_phones(rng, used_phones, code)
        n_lines = 1 + min(int(rng.poisson(1.0)), 3)
        lines = [PRODUCT_LINES[k] for k in
                 sorted(rng.choice(len(PRODUCT_LINES), n_lines, replace=False, p=LINE_W))]
        size = float(sizes[i])
        freq = float(np.clip(0.15 * (size / 5000) ** 0.6 * rng.lognormal(0, 0.25), 0.08, 6.0))
        yearly = size * 12
        potential = None if rng.random() < 0.40 else round(
            yearly / rng.uniform(0.15, 0.9) * rng.lognormal(0, 0.1), -4)
        owner = pick_owner(rng, teams[i], t.date(), existing, i in top_t1)
        cl = Client(str(int(ids[i])), names[i][0], names[i][1], city,
                    INDUSTRIES[rng.integers(len(INDUSTRIES))], t, existing, teams[i], owner,
                    size, freq, lines, phones, fields, potential)
        cl.disc = float(rng.choice([0.0, 0.02, 0.03, 0.05, 0.07]))
        if existing and rng.random() < EXISTING_ORDERING:
            cl.active_from = datetime(2023, 1, 1)
            if rng.random() < 0.06:
                cl.churn = T0 + timedelta(days=float(rng.uniform(30, 700)))
        clients.append(cl)
    # One company name with a line break inside (a real Bitrix export quirk).
    nl = next(c for c in clients if c.kind == "ООО" and c.name.endswith('"'))
    nl.name = nl.name + '\n(бывш. ' + nl.name.replace("ООО", "ЗАО") + ")"
    return clients


def plant_lost_a_clients(rng, clients: list[Client]) -> list[Client]:
    """Several large clients stop buying in late 2024 / spring 2025 (lost A-clients)."""
    ordering = [c for c in clients if c.existing and c.active_from is not None]
    ordering.sort(key=lambda c: -c.size)
    picks = [ordering[i] for i in (4, 9, 13, 18, 22, 27, 33, 41)]
    for c in picks:
        c.churn = datetime(2024, 10, 1) + timedelta(days=float(rng.uniform(0, 210)))
    for c in ordering[:450]:
        if c not in picks and c.churn is not None:
            c.churn = None        # keep other large clients loyal so the planted ones stand out
    return picks


# --------------------------------------------------------------------------- deals

@dataclass
class Deal:
    did: str
    client: Client
    manager: int | None
    created: datetime
    channel: str
    product: str
    amount: float | None
    discount: float | None
    history: list            # [(stage index, datetime)]
    lost_reason: str = ""

    @property
    def last_stage(self) -> int:
        return self.history[-1][0]

    @property
    def status(self) -> str:
        return {WON: "won", LOST: "lost"}.get(self.last_stage, "open")

    @property
    def closed(self) -> datetime | None:
        return self.history[-1][1] if self.status != "open" else None


def deal_times(rng, c: Client) -> list[datetime]:
    if not c.existing:
        first = c.created + timedelta(minutes=int(rng.integers(5, 240)))
        times = [first]
        for _ in range(int(rng.poisson(0.9))):
            t = first + timedelta(days=float(rng.uniform(20, 330)))
            if t < END - timedelta(days=1):
                times.append(t)
        return times
    times = []
    for _ in range(int(rng.poisson(2.7))):
        d = T0 + timedelta(days=float(rng.uniform(0, 729)))
        times.append(next_work_moment(d, rng))
    return sorted(times)


def simulate_path(rng, existing: bool, channel: str, manager: int | None, created: datetime):
    """Stage history of one deal; returns (history, abandoned)."""
    hist = [(0, created)]
    t, k = created, 0
    while k < WON:
        dwell = STAGE_MEDIAN_DAYS[k] * rng.lognormal(0, 0.7)
        t_next = next_work_moment(t + timedelta(days=float(dwell)), rng)
        p = STAGE_P[k] if k != 3 else (KP_P_EXISTING if existing else KP_P_NEW)
        if k == 1 and channel == "Рекомендация":
            p = min(0.97, p * 1.12)
        if k == 1 and channel == "Холодный звонок":
            p *= 0.85
        if manager == TOP_MANAGER and k >= 5:
            p = 0.95
        advance = rng.random() < p
        if t_next > END:
            return hist, False
        if not advance:
            abandon_p = 0.20 if created.year == 2025 else 0.06
            if k > 0 and created < datetime(2025, 11, 15) and rng.random() < abandon_p:
                return hist, True
            hist.append((LOST, t_next))
            return hist, False
        t = t_next
        k += 1
        hist.append((k, t))
    return hist, False


def deal_amount(rng, c: Client, manager: int | None) -> float:
    if c.existing:
        base = max(c.size * 3.0, 40_000) * rng.lognormal(0, 0.5)
    else:
        base = rng.lognormal(math.log(85_000), 0.75)
    if manager == TOP_MANAGER:
        base *= 2.5     # key-account supply contracts
    return float(min(round(base, -3), 9_000_000) or 1000)


def lost_reason(rng, stage_before: int) -> str:
    if rng.random() < LOST_REASON_EMPTY_P:
        return ""
    pool = LOST_REASONS_EARLY if stage_before <= 2 else LOST_REASONS_LATE
    return pool[int(rng.integers(len(pool)))]


def make_deals(rng, clients: list[Client]) -> list[Deal]:
    raw = []
    for c in clients:
        for t in deal_times(rng, c):
            raw.append((t, c))
    raw.sort(key=lambda x: (x[0], x[1].cid))
    deals, did = [], 18_104_000
    for t, c in raw:
        did += int(1 + rng.geometric(0.3))
        mgr = owner_at(c, t.date())
        if c.existing and rng.random() < 0.015:
            mgr = HEAD_IDX
        channel = weighted_choice(rng, CHANNELS, CHANNEL_W_EXISTING if c.existing else CHANNEL_W_NEW)
        product = c.lines[int(rng.integers(len(c.lines)))]
        amount = deal_amount(rng, c, mgr)
        hist, abandoned = simulate_path(rng, c.existing, channel, mgr, t)
        d = Deal(str(did), c, mgr, t, channel, product, amount, None, hist)
        if d.last_stage >= 3 or (d.status == "lost" and len(hist) >= 5):
            bias = 0.20 if MANAGERS[mgr].name == "Андрей Попов" else 0.10
            if rng.random() < 0.55:
                d.discount = float(round(amount * rng.uniform(0.02, bias), -2))
        if d.status == "lost":
            d.lost_reason = lost_reason(rng, hist[-2][0])
        if d.status != "open" and MANAGERS[mgr].left and d.closed.date() > MANAGERS[mgr].left:
            d.manager = REPLACED_BY.get(mgr, mgr)
        elif d.status == "open" and MANAGERS[mgr].left:
            d.manager = REPLACED_BY.get(mgr, mgr)
        if d.status == "won":
            start = next_work_moment(d.closed, rng)
            if c.active_from is None or c.active_from > start:
                c.active_from = start
            if c.churn is not None and c.churn < d.closed:
                c.churn = None
            if not c.existing and c.churn is None and rng.random() < 0.2:
                c.churn = d.closed + timedelta(days=float(rng.uniform(60, 500)))
        deals.append(d)
    for d in deals:   # planted hygiene gaps (after the simulation, so they do not alter it)
        if rng.random() < MISSING_AMOUNT_P:
            d.amount = None
            d.discount = None
        if rng.random() < MISSING_MANAGER_P:
            d.manager = None
    return deals


# --------------------------------------------------------------------------- orders (1C)

@dataclass
class Doc:
    day: date
    client: Client
    manager: int
    value: float
    is_return: bool = False
    lines: list | None = None      # [(sku, qty, price)]
    number: str = ""


def client_active(c: Client, d: date) -> bool:
    if c.active_from is None or c.active_from.date() > d:
        return False
    return c.churn is None or d < c.churn.date()


def sales_days(m: Manager, c: Client, m0: date) -> list[date]:
    return [d for d in workdays(m0, month_end(m0)) if employed(m, d) and client_active(c, d)]


def won_deal_docs(rng, deals: list[Deal]) -> list[Doc]:
    docs = []
    for d in deals:
        if d.status != "won":
            continue
        day = d.closed.date() + timedelta(days=int(rng.integers(0, 4)))
        while not is_workday(day):
            day += timedelta(days=1)
        if day > END.date():
            day = d.closed.date()
        value = (d.amount if d.amount is not None else deal_amount(rng, d.client, None))
        value -= d.discount or 0.0
        docs.append(Doc(day, d.client, owner_at(d.client, day), value))
    return docs


def month_index(d: date) -> int:
    return (d.year - 2024) * 12 + d.month - 1


def employed_fraction(m: Manager, m0: date) -> float:
    days = workdays(m0, month_end(m0))
    return sum(employed(m, d) for d in days) / len(days)


def natural_revenue(clients, fixed_docs) -> np.ndarray:
    """Expected monthly revenue per manager from his buying clients and won deals."""
    nat = np.zeros((len(MANAGERS), 24))
    for mi, m0 in enumerate(month_starts()):
        mid = m0 + timedelta(days=14)
        for c in clients:
            if client_active(c, mid):
                nat[owner_at(c, mid), mi] += c.size
    fixed = np.zeros_like(nat)
    for doc in fixed_docs:
        fixed[doc.manager, month_index(doc.day)] += doc.value
    for y in (0, 12):     # won-deal business is lumpy: spread each manager's yearly mean
        fixed[:, y:y + 12] = fixed[:, y:y + 12].mean(axis=1, keepdims=True)
    return nat + fixed


def make_plans(rng, natural: np.ndarray) -> list[tuple[int, date, float]]:
    plans = []
    for i, m in enumerate(MANAGERS):
        if m.role == HEAD:
            continue
        for mi, m0 in enumerate(month_starts()):
            frac = employed_fraction(m, m0)
            if frac == 0:
                continue
            lo, hi = max(0, mi - 1), min(24, mi + 2)
            base = natural[i, lo:hi].mean() * 1.05
            base = max(base, 300_000 * frac)
            plans.append((i, m0, float(round(base, -4))))
    return plans


def month_factor(rng, team: str, mi: int) -> float:
    if team == T2:
        return ZIGZAG[mi % 2] * rng.normal(1.0, 0.04)
    return rng.normal(0.97, 0.09)


def day_weights(team: str, days: list[date]) -> np.ndarray:
    last = month_end(days[0]).day - 6
    return np.array([LAST_WEEK_WEIGHT[team] if d.day >= last else 1.0 for d in days])


def month_doc(rng, m_i: int, m0: date, c: Client) -> Doc | None:
    """One repeat order of client `c` in the month, on an end-loaded workday."""
    m = MANAGERS[m_i]
    days = sales_days(m, c, m0)
    if not days:
        return None
    w = day_weights(m.team, days)
    day = days[int(rng.choice(len(days), p=w / w.sum()))]
    return Doc(day, c, m_i, max(c.size / c.freq * rng.lognormal(0, 0.35), 1500.0))


def fill_month(rng, m_i: int, m0: date, target: float, pool: list[Client], last: dict) -> list[Doc]:
    """Repeat orders of a manager's buying clients until the month's revenue target is met.

    Regular buyers silent for more than REGULAR_GAP_DAYS order first, so that only the
    planted lost clients (and small occasional buyers) fall silent for half a year.
    """
    docs = []
    for c in pool:
        if c.freq >= REGULAR_FREQ and (m0 - last[c.cid]).days > REGULAR_GAP_DAYS:
            doc = month_doc(rng, m_i, m0, c)
            if doc is not None:
                docs.append(doc)
    total = sum(d.value for d in docs)
    f = np.array([c.freq for c in pool])
    p = f / f.sum()
    guard = 0
    while total < target and guard < 2000:
        guard += 1
        doc = month_doc(rng, m_i, m0, pool[int(rng.choice(len(pool), p=p))])
        if doc is None:
            continue
        if total > 0:
            doc.value = max(min(doc.value, target - total + 5000), 1500.0)
        docs.append(doc)
        total += doc.value
    for doc in docs:
        last[doc.client.cid] = max(last[doc.client.cid], doc.day)
    return docs


def repeat_docs(rng, clients, plans, fixed_docs) -> list[Doc]:
    fixed = {}
    for doc in fixed_docs:
        key = (doc.manager, month_index(doc.day))
        fixed[key] = fixed.get(key, 0.0) + doc.value
    last = {c.cid: (c.active_from.date() if c.active_from and c.active_from > T0 else
                    date(2023, 12, 31) - timedelta(days=int(rng.integers(0, 60))))
            for c in clients}
    docs = []
    for m_i, m0, plan in plans:        # per manager in month order; successors come later
        mi = month_index(m0)
        target = plan * month_factor(rng, MANAGERS[m_i].team, mi) - fixed.get((m_i, mi), 0.0)
        mid = m0 + timedelta(days=14)
        pool = [c for c in clients if owner_at(c, mid) == m_i and
                any(client_active(c, d) for d in (m0, mid, month_end(m0)))]
        if target > 0 and pool:
            docs += fill_month(rng, m_i, m0, target, pool, last)
    return docs


def sku_price(sku_price_base: float, c: Client, d: date) -> float:
    rise = PRICE_RISE_2025 if d.year == 2025 else 1.0
    return round(sku_price_base * rise * (1 - c.disc), 2)


def fill_lines(rng, doc: Doc) -> None:
    """Split a document's value into product lines (quantity x price)."""
    n = 1 + min(int(rng.poisson(3.0)), 9)
    shares = rng.dirichlet(np.ones(n) * 1.5)
    qty_by_sku: dict[str, list] = {}
    for s in shares:
        line = (doc.client.lines[int(rng.integers(len(doc.client.lines)))]
                if rng.random() < 0.9 else PRODUCT_LINES[int(rng.integers(len(PRODUCT_LINES)))])
        sku, base = CATALOGUE[line][int(rng.integers(len(CATALOGUE[line])))]
        price = sku_price(base, doc.client, doc.day)
        entry = qty_by_sku.setdefault(sku, [0.0, price])
        entry[0] += doc.value * s / price
    doc.lines = [(sku, max(1, int(round(q))), price) for sku, (q, price) in qty_by_sku.items()]


def make_returns(rng, sales: list[Doc]) -> list[Doc]:
    rets = []
    for doc in sales:
        if rng.random() >= RETURN_P:
            continue
        day = doc.day + timedelta(days=int(rng.integers(3, 40)))
        while not is_workday(day):
            day += timedelta(days=1)
        if day > END.date():
            continue
        k = min(len(doc.lines), 1 + int(rng.integers(0, 2)))
        lines = [(sku, -max(1, int(qty * rng.uniform(0.1, 0.6))), price)
                 for sku, qty, price in doc.lines[:k]]
        mgr = owner_at(doc.client, day)
        rets.append(Doc(day, doc.client, mgr, 0.0, True, lines))
    return rets


def make_orders(rng, clients, deals):
    fixed = won_deal_docs(rng, deals)
    natural = natural_revenue(clients, fixed)
    plans = make_plans(rng, natural)
    sales = fixed + repeat_docs(rng, clients, plans, fixed)
    sales.sort(key=lambda d: (d.day, d.client.cid, d.value))
    for doc in sales:
        fill_lines(rng, doc)
    returns = make_returns(rng, sales)
    docs = sorted(sales + returns, key=lambda d: (d.day, d.is_return, d.client.cid))
    counters = {False: 0, True: 0}
    for doc in docs:
        counters[doc.is_return] += 1
        doc.number = f"{counters[doc.is_return]:08d}"
    return docs, plans


# --------------------------------------------------------------------------- calls

@dataclass
class Call:
    start: int                # seconds since T0
    manager: int
    outgoing: bool
    phone: str                # canonical 7XXXXXXXXXX
    billsec: int
    wait: int
    disposition: str          # ANSWERED / NO ANSWER / BUSY / FAILED


def manager_days(rng, m: Manager) -> list[date]:
    days = [d for d in workdays(date(2024, 1, 1), date(2025, 12, 31)) if employed(m, d)]
    return [d for d in days if rng.random() >= ABSENCE_P]


def call_pools(clients: list[Client]) -> dict:
    """(manager, month) -> (phones, weights): whom a manager calls in that month."""
    pools = {}
    for mi, m0 in enumerate(month_starts()):
        end = datetime.combine(month_end(m0), datetime.max.time())
        for c in clients:
            if not c.phones or c.created > end:
                continue
            o = owner_at(c, m0 + timedelta(days=14))
            buying = client_active(c, m0 + timedelta(days=14))
            w = 1.0 + math.sqrt(c.size / 5000) if buying else 0.5
            pools.setdefault((o, mi), ([], []))
            pools[(o, mi)][0].append(c.phones[0] if len(c.phones) == 1 or w < 2 else
                                     c.phones[int(c.size) % len(c.phones)])
            pools[(o, mi)][1].append(w)
    return pools


def talk_seconds(rng, m: Manager, n: int) -> np.ndarray:
    short = rng.random(n) < m.short_share
    s = rng.integers(12, 120, n)
    long_ = np.clip(m.long_median_s * rng.lognormal(0, 0.6, n), 120, 3600).astype(int)
    return np.where(short, s, long_)


def out_times(rng, n: int) -> np.ndarray:
    """Seconds from midnight for outgoing calls: 9:00-18:30 with a lunch dip."""
    part = rng.random(n)
    morning = rng.uniform(9 * 3600, 13 * 3600, n)
    afternoon = rng.uniform(14 * 3600, 18.5 * 3600, n)
    lunch = rng.uniform(13 * 3600, 14 * 3600, n)
    return np.where(part < 0.45, morning, np.where(part < 0.93, afternoon, lunch)).astype(int)


def in_times(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Seconds from midnight for incoming calls and their missed probability."""
    u = rng.random(n)
    day = rng.uniform(9 * 3600, 18 * 3600, n)
    evening = rng.uniform(18 * 3600, 21 * 3600, n)
    morning = rng.uniform(8 * 3600, 9 * 3600, n)
    t = np.where(u < MORNING_IN_SHARE, morning,
                 np.where(u < MORNING_IN_SHARE + EVENING_IN_SHARE, evening, day)).astype(int)
    p_miss = np.where(t < 9 * 3600, MISSED_MORNING,
                      np.where(t >= 18 * 3600, MISSED_EVENING, MISSED_DAY))
    return t, p_miss


def unknown_phone(rng, known: set) -> str:
    while True:
        p = phone_number(rng, "", True)
        if p not in known:
            return p


def manager_calls(rng, m_i: int, pools: dict, known: set) -> list[Call]:
    m = MANAGERS[m_i]
    days = manager_days(rng, m)
    p_unknown = 0.15 if m.role == NEW else 0.05
    calls = []
    for outgoing in (True, False):
        rate = m.out_per_day if outgoing else m.in_per_day
        counts = rng.poisson(rate, len(days))
        day_of = np.repeat(np.arange(len(days)), counts)
        n = len(day_of)
        if outgoing:
            tod = out_times(rng, n)
            answered = rng.random(n) < (0.5 if m.name == "Сергей Морозов" else P_OUT_ANSWER)
        else:
            tod, p_miss = in_times(rng, n)
            answered = rng.random(n) >= p_miss
        talk = talk_seconds(rng, m, n)
        wait = rng.integers(3, 25, n)
        fail = rng.random(n)
        unknown = rng.random(n) < p_unknown
        pick = rng.random(n)
        for j in range(n):
            d = days[day_of[j]]
            pool = pools.get((m_i, month_index(d)))
            if unknown[j] or pool is None:
                phone = unknown_phone(rng, known)
            else:
                phones, w = pool
                cum = np.cumsum(w)
                phone = phones[int(np.searchsorted(cum, pick[j] * cum[-1], side="right"))]
            start = int((datetime.combine(d, datetime.min.time()) - T0).total_seconds()) + int(tod[j])
            if answered[j]:
                calls.append(Call(start, m_i, outgoing, phone, int(talk[j]), int(wait[j]), "ANSWERED"))
            else:
                disp = "NO ANSWER" if fail[j] < 0.72 else "BUSY" if fail[j] < 0.94 else "FAILED"
                if not outgoing and disp == "FAILED":
                    disp = "NO ANSWER"
                calls.append(Call(start, m_i, outgoing, phone, 0, int(15 + wait[j] * 1.3), disp))
    return calls


def callbacks(rng, calls: list[Call]) -> list[Call]:
    """Some missed incoming calls are called back: within a day, later, or never."""
    extra = []
    for c in calls:
        if c.outgoing or c.disposition == "ANSWERED":
            continue
        u = rng.random()
        if u < CALLBACK_24H_P:
            delay = rng.uniform(0.1, 16) * 3600
        elif u < CALLBACK_24H_P + CALLBACK_LATE_P:
            delay = rng.uniform(30, 90) * 3600
        else:
            continue
        t = next_work_moment(T0 + timedelta(seconds=c.start + delay), rng)
        if (t - T0).total_seconds() - c.start < 24 * 3600 and u >= CALLBACK_24H_P:
            t += timedelta(days=1)
        s = int((t - T0).total_seconds())
        if s > END_S:
            continue
        ok = rng.random() < 0.75
        talk = int(talk_seconds(rng, MANAGERS[c.manager], 1)[0]) if ok else 0
        extra.append(Call(s, c.manager, True, c.phone, talk, int(rng.integers(5, 25)),
                          "ANSWERED" if ok else "NO ANSWER"))
    return extra


def make_calls(rng, clients: list[Client]) -> list[Call]:
    pools = call_pools(clients)
    known = {p for c in clients for p in c.phones}
    calls = []
    for m_i in range(len(MANAGERS)):
        calls += manager_calls(rng, m_i, pools, known)
    calls += callbacks(rng, calls)
    calls = [c for c in calls if c.start <= END_S]
    calls.sort(key=lambda c: (c.start, c.manager, c.phone))
    return calls


# --------------------------------------------------------------------------- tasks, meetings, NPS

TASK_TYPES = {1: "Звонок", 2: "Встреча", 3: "Отправить КП", 4: "Звонок", 5: "Написать письмо",
              6: "Контроль оплаты", 0: "Звонок"}
TASK_RESULTS = {"Звонок": ["Дозвонился, договорились о следующем шаге", "Не дозвонился, перезвонить",
                           "Клиент просил перезвонить позже"],
                "Встреча": ["Встреча проведена", "Встреча перенесена"],
                "Отправить КП": ["КП отправлено на почту"],
                "Написать письмо": ["Письмо отправлено"],
                "Контроль оплаты": ["Оплата получена", "Оплата задерживается"]}


def task_rows(rng, deals: list[Deal]) -> list[tuple]:
    rows, tid = [], 40_215_000
    for d in deals:
        mgr = d.manager if d.manager is not None else owner_at(d.client, d.created.date())
        items = []
        nexts = d.history[1:] + [(None, None)]
        for (k, t), (_, t_next) in zip(d.history, nexts):
            if k in (WON, LOST) or rng.random() > 0.7:
                continue
            due = next_work_moment(t + timedelta(days=float(rng.uniform(0.5, 3))), rng)
            due = due.replace(minute=int(rng.choice([0, 30])), second=0)
            if due > END:
                due = END - timedelta(hours=float(rng.uniform(1, 6)))
            done = None
            if t_next is not None:
                done = min(due + timedelta(hours=float(rng.normal(0, 20))), t_next)
                if done < t:
                    done = t + timedelta(minutes=30)
                if rng.random() < 0.05:
                    done = None                      # forgotten task on a closed step
            items.append([TASK_TYPES[k], due, done])
        if d.status == "open":
            stale = (END - d.history[-1][1]).days > 30
            if rng.random() < (0.75 if stale else 0.35):
                items = []                           # open deal with no task at all
            elif items:
                last = items[-1]
                last[2] = None
                if rng.random() < 0.5:
                    last[1] = datetime(2025, 12, 31, int(rng.integers(10, 18)))
        for typ, due, done in items:
            tid += int(1 + rng.geometric(0.5))
            res = ""
            if done is not None:
                opts = TASK_RESULTS[typ]
                res = opts[int(rng.integers(len(opts)))]
            rows.append((str(tid), d.did, MANAGERS[mgr].name,
                         due.strftime("%d.%m.%Y %H:%M"),
                         done.strftime("%d.%m.%Y %H:%M") if done else "", typ, res))
    return rows


def meeting_rows(rng, deals: list[Deal], clients: list[Client]) -> list[tuple]:
    items = []
    for d in deals:
        reached = {k: t for k, t in d.history}
        if 2 in reached and rng.random() < 0.32 and d.manager is not None:
            t = reached[2] + timedelta(days=float(rng.uniform(1, 6)))
            items.append((t, d.manager, d.client.cid))
    weekly = {"Иван Петров": 1.5, "Екатерина Новикова": 1.0, "Максим Федоров": 0.8}
    for m_i, m in enumerate(MANAGERS):
        rate = weekly.get(m.name, 0.25 if m.role != HEAD else 0.4)
        own = [c for c in clients if c.active_from is not None and
               (c.base_owner == m_i or REPLACED_BY.get(c.base_owner) == m_i)]
        if not own:
            continue
        w = np.array([c.size for c in own])
        for wk in range(104):
            for _ in range(int(rng.poisson(rate))):
                t = T0 + timedelta(days=wk * 7 + float(rng.uniform(0, 5)))
                if employed(m, t.date()):
                    items.append((t, m_i, own[int(rng.choice(len(own), p=w / w.sum()))].cid))
    rows, aid = [], 31_204_577_000
    clean = []
    for t, m_i, cid in items:
        t = next_work_moment(t, rng)
        t = t.replace(hour=int(rng.integers(10, 18)), minute=int(rng.choice([0, 30])), second=0)
        if t <= END:
            clean.append((t, m_i, cid))
    clean.sort()
    for t, m_i, cid in clean:
        aid += int(rng.integers(1, 4000))
        place = weighted_choice(rng, ["Client office", "Our office", "Online"], [0.5, 0.15, 0.35])
        outcome = weighted_choice(rng, ["Completed", "Rescheduled", "No show"], [0.80, 0.12, 0.08])
        rows.append((str(aid), t.strftime("%Y-%m-%d %H:%M"), MANAGERS[m_i].name, cid, place, outcome))
    return rows


NPS_COMMENTS = {
    "promoter": ["Всё привозят вовремя", "Хороший менеджер, всегда на связи", "Удобно заказывать",
                 "Цены адекватные, качество стабильное", "Спасибо за оперативность"],
    "passive": ["В целом нормально", "Иногда задерживают доставку", "Хотелось бы скидку за объём",
                "Нормально, но есть и дешевле"],
    "detractor": ["Долго отвечают на звонки", "Привезли не тот товар", "Цены выросли без предупреждения",
                  "Не перезвонили, когда обещали", "Менеджер сменился, никто не в курсе наших заказов"],
}
NPS_SCORE_P = [0.02, 0.01, 0.02, 0.03, 0.04, 0.07, 0.12, 0.15, 0.18, 0.20, 0.16]


def nps_rows(rng, clients: list[Client]) -> list[tuple]:
    waves = [datetime(2025, 3, 10), datetime(2025, 6, 9), datetime(2025, 9, 8), datetime(2025, 12, 1)]
    rows = []
    for w in waves:
        pool = [c for c in clients if client_active(c, w.date())]
        picks = rng.choice(len(pool), 100, replace=False)
        for k in sorted(int(x) for x in picks):
            t = w + timedelta(days=int(rng.exponential(3)), seconds=int(rng.integers(8 * 3600, 22 * 3600)))
            t = min(t, datetime(2025, 12, 31, 20))
            score = int(rng.choice(11, p=NPS_SCORE_P))
            group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
            opts = NPS_COMMENTS[group]
            comment = opts[int(rng.integers(len(opts)))] if rng.random() < 0.5 else ""
            rows.append((t, pool[k].cid, score, comment))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(fmt_dt(t), cid, str(s), cm) for t, cid, s, cm in rows]


# --------------------------------------------------------------------------- writers

def new_workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": WORKBOOK_TIME, "author": "ПромУпак Трейд",
                       "company": COMPANY, "title": path.stem})
    return wb


def write_amocrm(path: Path, deals: list[Deal]) -> None:
    wb = new_workbook(path)
    bold = wb.add_format({"bold": True})
    dt_fmt = wb.add_format({"num_format": "dd.mm.yyyy hh:mm:ss"})
    ws = wb.add_worksheet("Сделки")
    head = ["ID", "Название", "Бюджет", "Ответственный", "Этап", "Воронка", "Дата создания",
            "Дата закрытия", "Компания", "ID компании", "Источник", "Продукт", "Город",
            "Причина отказа", "Скидка"]
    ws.write_row(0, 0, head, bold)
    for r, d in enumerate(deals, start=1):
        plain_name = d.client.name.split("\n")[0]
        ws.write_string(r, 0, d.did)
        ws.write_string(r, 1, f"{d.product}: {plain_name}")
        if d.amount is not None:
            ws.write_number(r, 2, d.amount)
        if d.manager is not None:
            ws.write_string(r, 3, MANAGERS[d.manager].name)
        ws.write_string(r, 4, STAGES[d.last_stage])
        ws.write_string(r, 5, PIPELINE)
        ws.write_string(r, 6, fmt_dt(d.created))
        if d.closed:
            ws.write_string(r, 7, fmt_dt(d.closed))
        ws.write_string(r, 8, plain_name)
        ws.write_string(r, 9, d.client.cid)
        ws.write_string(r, 10, d.channel)
        ws.write_string(r, 11, d.product)
        ws.write_string(r, 12, d.client.city)
        if d.lost_reason:
            ws.write_string(r, 13, d.lost_reason)
        if d.discount:
            ws.write_number(r, 14, d.discount)
    hs = wb.add_worksheet("История этапов")
    hs.write_row(0, 0, ["ID сделки", "Этап", "Дата перехода"], bold)
    r = 1
    for d in deals:
        for k, t in d.history:
            hs.write_string(r, 0, d.did)
            hs.write_string(r, 1, STAGES[k])
            hs.write_datetime(r, 2, t, dt_fmt)
            r += 1
    hs.set_column(2, 2, 20)
    wb.close()


def write_csv(path: Path, header, rows, *, delimiter=",", encoding="utf-8",
              quoting=csv.QUOTE_MINIMAL, pre_lines=()) -> None:
    """Write a CSV; `pre_lines` are raw title lines above the header (as 1C puts them)."""
    buf = io.StringIO(newline="")
    for line in pre_lines:
        buf.write(line + "\r\n")
    w = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    if header:
        w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_bitrix(path: Path, clients: list[Client], buying_ids: set) -> None:
    head = ["ID", "Название компании", "Тип компании", "Сфера деятельности", "Рабочий телефон",
            "Мобильный телефон", "Город", "Дата создания", "Ответственный", "Потенциал закупок в год"]
    rows = []
    for c in clients:
        owner = owner_at(c, END.date())
        rows.append([c.cid, c.name, "Клиент" if c.cid in buying_ids else "Потенциальный клиент",
                     c.industry, c.phone_fields[0], c.phone_fields[1], c.city, fmt_dt(c.created),
                     MANAGERS[owner].name, "" if c.potential is None else f"{c.potential:.0f}"])
    write_csv(path, head, rows, delimiter=";", encoding="utf-8-sig", quoting=csv.QUOTE_ALL)


def write_1c(path: Path, docs: list[Doc]) -> None:
    head = ["Дата", "Документ", "Код контрагента", "Контрагент", "Номенклатура", "Количество",
            "Цена", "Сумма", "Менеджер"]
    rows, total_qty, total_sum = [], 0, 0.0
    for doc in docs:
        kind = "Возврат товаров от покупателя" if doc.is_return else "Реализация товаров и услуг"
        day = doc.day.strftime("%d.%m.%Y")
        title = f"{kind} {doc.number} от {day}"
        for sku, qty, price in doc.lines:
            amount = round(qty * price, 2)
            total_qty += qty
            total_sum += amount
            rows.append([day, title, doc.client.cid, doc.client.name.split("\n")[0], sku,
                         fmt_num_ru(qty, 0), fmt_num_ru(price), fmt_num_ru(amount),
                         short_name(MANAGERS[doc.manager].name)])
    rows.append(["", "Итого", "", "", "", fmt_num_ru(total_qty, 0), "", fmt_num_ru(total_sum), ""])
    pre = ["Продажи за период 01.01.2024 - 31.12.2025", f"Организация: {COMPANY}", ""]
    write_csv(path, head, rows, delimiter=";", encoding="cp1251", pre_lines=pre)


def ts(s: int) -> datetime:
    return T0 + timedelta(seconds=s)


def asterisk_line(c: Call, seq: int) -> str:
    m = MANAGERS[c.manager]
    start = ts(c.start)
    answered = c.disposition == "ANSWERED"
    ring = c.wait
    answer = ts(c.start + ring) if answered else None
    end = ts(c.start + ring + c.billsec)
    ext_dial = "8" + c.phone[1:] if seq % 10 < 7 else c.phone
    if c.outgoing:
        src, dst, ctx = m.ext, ext_dial, "from-internal"
        clid = f'"{m.ext}" <{m.ext}>'
        chan = f"SIP/{m.ext}-{seq:08x}"
        dchan = "" if c.disposition == "FAILED" else f"SIP/trunk-{seq + 1:08x}"
        lastdata = f"SIP/trunk/{dst},60,tT"
    else:
        src = c.phone if seq % 10 < 8 else "8" + c.phone[1:]
        dst, ctx = ("s" if seq % 10 >= 7 else m.ext), "from-trunk"
        clid = f'"{src}" <{src}>'
        chan = f"SIP/trunk-{seq:08x}"
        dchan = f"SIP/{m.ext}-{seq + 1:08x}"
        lastdata = f"SIP/{m.ext},30,tT"
    epoch = int((start - datetime(1970, 1, 1)).total_seconds()) - MSK_EPOCH_OFFSET
    fmt = "%Y-%m-%d %H:%M:%S"
    quoted = ["", src, dst, ctx, clid, chan, dchan, "Dial", lastdata, start.strftime(fmt),
              answer.strftime(fmt) if answer else "", end.strftime(fmt)]
    tail = [c.disposition, "DOCUMENTATION", f"{epoch}.{seq}", ""]
    q = lambda v: '"' + v.replace('"', '""') + '"'  # noqa: E731
    return ",".join([*map(q, quoted), str(ring + c.billsec), str(c.billsec), *map(q, tail)])


def write_asterisk(path: Path, calls: list[Call]) -> None:
    lines = [asterisk_line(c, 2 * i + 1) for i, c in enumerate(calls)]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_mango(path: Path, rng, calls: list[Call]) -> None:
    head = ["Дата", "Время", "Тип звонка", "Кто звонил", "Кому звонил", "Сотрудник",
            "Длительность разговора", "Ожидание", "Статус", "Запись"]
    rows = []
    for i, c in enumerate(calls):
        m = MANAGERS[c.manager]
        t = ts(c.start)
        ok = c.disposition == "ANSWERED"
        who, to = (m.ext, c.phone) if c.outgoing else (c.phone, m.ext)
        dur = f"{c.billsec // 3600:02d}:{c.billsec % 3600 // 60:02d}:{c.billsec % 60:02d}"
        rec = ""
        if ok and rng.random() < RECORDING_P:
            rec = f"{t:%Y%m%d_%H%M%S}_{m.ext}_{c.phone}_{i:06d}.mp3"
        rows.append([t.strftime("%d.%m.%Y"), t.strftime("%H:%M:%S"),
                     "Исходящий" if c.outgoing else "Входящий", who, to, m.name, dur,
                     str(c.wait), "Успешный" if ok else "Пропущенный", rec])
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(head)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def write_managers(path: Path) -> None:
    wb = new_workbook(path)
    ws = wb.add_worksheet("Сотрудники")
    bold = wb.add_format({"bold": True})
    dfmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws.write_string(0, 0, "Список сотрудников отдела продаж", bold)
    ws.write_row(2, 0, ["ФИО", "Отдел", "Роль", "Дата приёма", "Дата увольнения",
                        "Внутренний номер"], bold)
    for r, m in enumerate(MANAGERS, start=3):
        ws.write_string(r, 0, m.name)
        ws.write_string(r, 1, m.team)
        ws.write_string(r, 2, m.role)
        ws.write_datetime(r, 3, datetime.combine(m.hired, datetime.min.time()), dfmt)
        if m.left:
            ws.write_datetime(r, 4, datetime.combine(m.left, datetime.min.time()), dfmt)
        ws.write_string(r, 5, m.ext)
    ws.set_column(0, 2, 22)
    ws.set_column(3, 5, 16)
    wb.close()


def write_plans(path: Path, plans) -> None:
    wb = new_workbook(path)
    ws = wb.add_worksheet("План продаж")
    bold = wb.add_format({"bold": True})
    dfmt = wb.add_format({"num_format": "mmmm yyyy"})
    money = wb.add_format({"num_format": "# ##0"})
    ws.write_row(0, 0, ["Менеджер", "Месяц", "План, руб."], bold)
    for r, (m_i, m0, amount) in enumerate(sorted(plans, key=lambda p: (p[0], p[1])), start=1):
        ws.write_string(r, 0, MANAGERS[m_i].name)
        ws.write_datetime(r, 1, datetime.combine(m0, datetime.min.time()), dfmt)
        ws.write_number(r, 2, amount, money)
    ws.set_column(0, 2, 20)
    wb.close()


# --------------------------------------------------------------------------- main

def generate(outdir: Path) -> None:
    rng = np.random.default_rng(SEED)
    outdir.mkdir(parents=True, exist_ok=True)
    clients = make_clients(rng)
    plant_lost_a_clients(rng, clients)
    deals = make_deals(rng, clients)
    docs, plans = make_orders(rng, clients, deals)
    calls = make_calls(rng, clients)
    tasks = task_rows(rng, deals)
    meetings = meeting_rows(rng, deals, clients)
    nps = nps_rows(rng, clients)

    buying = {d.client.cid for d in docs}
    write_amocrm(outdir / "amocrm_deals.xlsx", deals)
    write_bitrix(outdir / "bitrix24_companies.csv", clients, buying)
    write_1c(outdir / "1c_sales.csv", docs)
    cut = int((datetime(2025, 1, 1) - T0).total_seconds())
    write_asterisk(outdir / "asterisk_Master.csv", [c for c in calls if c.start < cut])
    write_mango(outdir / "mango_calls.csv", rng, [c for c in calls if c.start >= cut])
    write_csv(outdir / "tasks.csv", ["ID задачи", "ID сделки", "Ответственный", "Срок выполнения",
                                     "Дата выполнения", "Тип задачи", "Результат"], tasks)
    write_csv(outdir / "hubspot_meetings.csv",
              ["Activity ID", "Activity date", "Activity assigned to", "Associated Company IDs",
               "Meeting location", "Meeting outcome"], meetings)
    write_managers(outdir / "managers.xlsx")
    write_plans(outdir / "plans.xlsx", plans)
    write_csv(outdir / "nps_survey.csv",
              ["Отметка времени", "ID клиента",
               "Насколько вероятно, что вы порекомендуете нас коллегам? (0-10)", "Комментарий"], nps)


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
