"""Which kind of lead a deal's channel (source) names: warm or cold, in Russian and English.

Seed 000 gives a norm for each kind: warm leads turn into deals at 20-30 %, cold ones at 1-3 %. A
channel is warm when the client came to us or was sent by someone who knows us (a referral, a repeat
purchase, a request or inquiry from the site, an incoming call or e-mail); cold when we reached a
stranger (a cold call, a bought or scraped contact base, a cold mailing, outbound calling,
outreach). Channels whose words say neither (an exhibition, advertising, "other") are not
classified: a trade show brings both kinds, and an advert's leads are requests or calls only once
they reach us.

Cold words are checked first, so "повторный холодный звонок" (a repeated cold call) stays cold.
Everything is lower-case; patterns are Python regular expressions matched anywhere in the value.
"""
from __future__ import annotations

import re

COLD_PATTERNS: list[str] = [
    "холодн",                          # холодный звонок / холодная база / холодные лиды
    "обзвон", "прозвон",               # обзвон базы
    "купленн", "покупн", "куплена база", "база контактов", "база номеров", "база клиентов",
    "парсинг", "спарсен",              # scraped contacts
    "исходящ",                         # исходящий звонок / исходящий обзвон (outbound prospecting)
    "рассылк",                         # cold e-mail or SMS mailing
    r"\bcold\b",                       # cold call, cold calling, cold email, cold lead
    r"\bcold[- ]?call",
    r"\boutbound\b",
    r"\bpurchased\b", r"\bbought (list|base|data)", r"\b(lead|contact|email|phone) list\b",
    r"\bscraped\b", r"\bprospecting\b", r"\bmass mailing\b", r"\boutreach\b",
]

WARM_PATTERNS: list[str] = [
    "рекоменд",                        # рекомендация / по рекомендации
    "сарафан",                         # сарафанное радио (word of mouth)
    "от партн", "партнер",             # sent by a partner (ё is read as е)
    "повторн",                         # повторная покупка / повторное обращение
    "постоянн", "действующ", "текущ",  # постоянный / действующий / текущий клиент
    "входящ",                          # входящий звонок / входящая заявка
    "заявк",                           # заявка с сайта
    "сайт", "веб-форм", "форма на",    # сайт / форма на сайте
    "обратный звонок", "обращени", "запрос",   # callback order, the client's own request or inquiry
    r"\breferr", r"\brecommend", r"\bword of mouth\b", r"\bpartner\b",
    r"\brepeat\b", r"\breturning\b", r"\bexisting (client|customer)", r"\bupsell\b",
    r"\binbound\b", r"\bincoming\b", r"\bweb\b", r"\bweb ?site\b", r"\bweb ?form\b", r"\bcontact form\b",
    r"\binquir", r"\benquir",
    r"\brequest\b", r"\bcallback\b", r"\bcall[- ]?back\b", r"\blive chat\b",
]

_COLD = re.compile("|".join(COLD_PATTERNS))
_WARM = re.compile("|".join(WARM_PATTERNS))


def lead_kind(channel: str | None) -> str | None:
    """'cold', 'warm', or None when the channel's words do not say."""
    text = (channel or "").strip().lower().replace("ё", "е")
    if not text:
        return None
    if _COLD.search(text):
        return "cold"
    if _WARM.search(text):
        return "warm"
    return None
