"""Every user-facing string, in Russian and English.

Catalogues are TOML files beside this module, one per area (`ingest.toml`, `app.toml`, ...), each
a table per key with `en` and `ru` strings using `{name}` placeholders. A test fails when a key
lacks either language or when two files define the same key.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
from functools import cache
from pathlib import Path

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
_DIR = Path(__file__).parent


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every key's texts. Parsing the TOML takes a tenth of a second, paid by every run of the command
    line: the merged catalogue is kept in `__pycache__` (marshal, as Python keeps its bytecode), under
    a digest of the TOML files' bytes, and read from there while they are unchanged."""
    sources = [(path.name, path.read_bytes()) for path in sorted(_DIR.glob("*.toml"))]
    digest = hashlib.blake2b(b"".join(name.encode() + b"\0" + data + b"\0" for name, data in sources),
                             digest_size=12).hexdigest()
    cached = _DIR / "__pycache__" / f"catalogue-{digest}.marshal"
    try:
        kept = marshal.loads(cached.read_bytes())
        if isinstance(kept, dict):
            return kept
    except (OSError, EOFError, ValueError, TypeError):
        pass
    merged = _parse(sources)
    _keep(cached, marshal.dumps(merged))
    return merged


def _parse(sources: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    import tomllib     # here: only when the parsed copy is missing or stale (7 ms to import)
    merged: dict[str, dict[str, str]] = {}
    for name, data in sources:
        for key, texts in tomllib.loads(data.decode("utf-8")).items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} defined twice ({name})")
            merged[key] = texts
    return merged


def _keep(path: Path, data: bytes) -> None:
    """Write the cache whole or not at all; a read-only install simply parses every time."""
    try:
        path.parent.mkdir(exist_ok=True)
        for old in path.parent.glob("catalogue-*.marshal"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


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
