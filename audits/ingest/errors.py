"""Messages about uploads that a business owner can act on.

A message names the file, and where it applies the sheet, column and row, says what was found and
what was expected, and what to do. Its text lives in the i18n catalogue under `key`; `params`
fill the placeholders. The engine's own error text (which may quote raw input) goes to `detail`,
for the log only, and is never shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from audits.i18n import t


@dataclass
class Message:
    level: str                      # "error" | "warning" | "info"
    key: str                        # i18n key
    params: dict = field(default_factory=dict)
    detail: str = ""                # engine text for the log, never shown to users

    def text(self, lang: str = "en") -> str:
        """The message in `lang`. A parameter named `x_key` holds an i18n key and fills `{x}`; one
        named `x_columns` holds canonical column names and fills `{x}` with their labels; one named
        `x_pairs` holds [header, column] pairs and fills `{x}` with “header” → label."""
        params = {}
        for k, v in self.params.items():
            if k.endswith("_key"):
                params[k[:-4]] = t(v, lang)
            elif k.endswith("_columns"):
                params[k[:-8]] = ", ".join(f"{t('column.' + c, lang)} ({c})" for c in v)
            elif k.endswith("_pairs"):            # [[source header, canonical column], ...]
                quote = "«{}»" if lang == "ru" else "“{}”"
                params[k[:-6]] = ", ".join(f"{quote.format(h)} → {t('column.' + c, lang)}" for h, c in v) or "—"
            else:
                params[k] = v
        return t(self.key, lang, **params)


class IngestError(Exception):
    """A file (or part of it) cannot be loaded. Carries the message to show."""

    def __init__(self, key: str, detail: str = "", **params):
        self.message = Message("error", key, params, detail)
        super().__init__(f"{key} {params}")
