"""What limits a number: the caveats the audit states beside a check or a table.

A limit is a kind (an i18n key under `limit.`) with its parameters. A *blocking* limit means the
data cannot support the check at all (history shorter than its window, tables whose periods do not
overlap): the check's data evidence is dropped and only the self-assessment may score it. A
non-blocking one is a caveat shown with the number (a stage order inferred from stage names, rows
dated in the future that were left out).

results.json carries each as {"kind": ..., "blocking": ..., "text": ..., **params}. Texts live in
the i18n catalogue under `limit.<kind>`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from audits.ingest.errors import Message


@dataclass(frozen=True)
class Limit:
    kind: str                          # short_history | periods_disjoint | periods_partial | periods_mixed | stage_order | ...
    params: dict = field(default_factory=dict)
    blocking: bool = False

    def text(self, lang: str) -> str:
        """The caveat in `lang`; parameters follow Message's conventions (`x_key`, `x_columns`)."""
        return Message("info", f"limit.{self.kind}", self.params).text(lang)

    def to_json(self, lang: str) -> dict:
        return {"kind": self.kind, "blocking": self.blocking, "text": self.text(lang), **self.params}
