"""Every user-facing string, in Russian and English.

Catalogues are TOML files beside this module, one per area (`ingest.toml`, `app.toml`, ...), each
a table per key with `en` and `ru` strings using `{name}` placeholders. A test fails when a key
lacks either language or when two files define the same key.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
_DIR = Path(__file__).parent


@cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.toml")):
        for key, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} defined twice ({path.name})")
            merged[key] = texts
    return merged


# `{count|строка|строки|строк}`: the form of the word that goes with the number `count`.
_PLURAL = re.compile(r"\{(\w+)\|([^{}]*)\}")


def plural(lang: str, n: int, forms: list[str]) -> str:
    """Russian: one / few / many (1 строка, 2 строки, 5 строк, 21 строка); English: one / other."""
    if lang == "ru":
        n10, n100 = n % 10, n % 100
        i = 0 if n10 == 1 and n100 != 11 else 1 if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else 2
    else:
        i = 0 if n == 1 else 1
    return forms[min(i, len(forms) - 1)]


def _number(value) -> int:
    """The number in a parameter, also when it was formatted for display ("35 446")."""
    digits = re.sub(r"\D", "", str(value or 0))
    return int(digits) if digits else 0


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text of `key` in `lang`, with `params` filled in."""
    texts = catalogue()[key]
    text = texts.get(lang) or texts["en"]
    if "|" in text:
        text = _PLURAL.sub(lambda m: plural(lang, _number(params.get(m.group(1))), m.group(2).split("|")), text)
    return text.format(**params) if params else text
