"""Every user-facing string, in Russian and English.

Catalogues are TOML files beside this module, one per area (`ingest.toml`, `app.toml`, ...), each
a table per key with `en` and `ru` strings using `{name}` placeholders. A test fails when a key
lacks either language or when two files define the same key.
"""
from __future__ import annotations

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


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The text of `key` in `lang`, with `params` filled in."""
    texts = catalogue()[key]
    text = texts.get(lang) or texts["en"]
    return text.format(**params) if params else text
