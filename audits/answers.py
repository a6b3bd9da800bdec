"""The answers file: self-assessment answers, notes and verdict overrides, keyed by check number.

    {"3": {"q1": true, "q2": false, "note": "...", "override": {"verdict": "warning", "reason": "..."}}}

`read` validates a file someone uploads (or passes to the CLI) and never raises: every problem comes
back as a message in the user's language naming what was wrong, and a file with any problem is not
taken at all (half an answers file would silently mix two audits). `dump` writes what the app holds,
leaving out what would not be read back: unanswered questions, empty notes and overrides that have
no reason (those are not applied either).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from audits.checks import REGISTRY
from audits.i18n import t

OVERRIDE_VERDICTS = ("ok", "warning", "critical")
MAX_BYTES = 2_000_000
MAX_MESSAGES = 12


@dataclass
class Parsed:
    answers: dict | None                 # the clean answers, or None when the file was refused
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.answers is not None


def _checks() -> dict[str, object]:
    return {str(c.id): c for c in REGISTRY}


def _valid_override(value) -> bool:
    return (isinstance(value, dict) and value.get("verdict") in OVERRIDE_VERDICTS
            and isinstance(value.get("reason"), str) and bool(value["reason"].strip()))


def clean(answers: dict | None) -> dict:
    """What is worth keeping of the app's answers, in check order: given answers, non-empty notes,
    overrides with a verdict and a reason. Checks left with nothing are dropped."""
    checks = _checks()
    out: dict = {}
    order = lambda k: (0, int(k), "") if str(k).isdigit() else (1, 0, str(k))   # noqa: E731
    for cid in sorted(answers or {}, key=order):
        entry = answers[cid] if isinstance(answers[cid], dict) else {}
        check = checks.get(str(cid))
        questions = check.questions if check else tuple(k for k in entry if k not in ("note", "override"))
        kept: dict = {q: entry[q] for q in questions if isinstance(entry.get(q), bool)}
        note = entry.get("note")
        if isinstance(note, str) and note.strip():
            kept["note"] = note
        if _valid_override(entry.get("override")):
            kept["override"] = {"verdict": entry["override"]["verdict"], "reason": entry["override"]["reason"].strip()}
        if kept:
            out[str(cid)] = kept
    return out


def dump(answers: dict | None) -> bytes:
    """The answers file (UTF-8 JSON, readable, Cyrillic as is)."""
    return json.dumps(clean(answers), ensure_ascii=False, indent=2).encode("utf-8")


def validate(data, lang: str) -> list[str]:
    """Every problem of a parsed answers file, as messages in `lang` (empty when it is fine)."""
    if not isinstance(data, dict):
        return [t("answers.err.not_object", lang)]
    checks = _checks()
    errors: list[str] = []
    for cid, entry in data.items():
        check = checks.get(str(cid))
        if check is None:
            errors.append(t("answers.err.unknown_check", lang, check=str(cid)[:40]))
            continue
        if not isinstance(entry, dict):
            errors.append(t("answers.err.entry_not_object", lang, check=cid))
            continue
        for key, value in entry.items():
            if key == "note":
                if value is not None and not isinstance(value, str):
                    errors.append(t("answers.err.note", lang, check=cid))
            elif key == "override":
                errors += _override_errors(value, cid, lang)
            elif key in check.questions:
                if value is not None and not isinstance(value, bool):
                    errors.append(t("answers.err.not_bool", lang, check=cid, question=key,
                                    value=json.dumps(value, ensure_ascii=False)[:40]))
            else:
                errors.append(t("answers.err.unknown_question", lang, check=cid, question=str(key)[:40],
                                questions=", ".join(check.questions) or "—"))
    return errors


def _override_errors(value, cid: str, lang: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [t("answers.err.override_not_object", lang, check=cid)]
    out = []
    if value.get("verdict") not in OVERRIDE_VERDICTS:
        out.append(t("answers.err.override_verdict", lang, check=cid,
                     verdict=json.dumps(value.get("verdict"), ensure_ascii=False)[:40],
                     verdicts=", ".join(OVERRIDE_VERDICTS)))
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        out.append(t("answers.err.override_reason", lang, check=cid))
    return out


def read(data: bytes | str, lang: str) -> Parsed:
    """Parse and validate an answers file; never raises."""
    try:
        if isinstance(data, bytes):
            if len(data) > MAX_BYTES:
                return Parsed(None, [t("answers.err.too_big", lang)])
            data = data.decode("utf-8-sig")
        parsed = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Parsed(None, [t("answers.err.not_json", lang)])
    errors = validate(parsed, lang)
    if errors:
        more = len(errors) - MAX_MESSAGES
        errors = errors[:MAX_MESSAGES] + ([t("answers.err.more", lang, count=more)] if more > 0 else [])
        return Parsed(None, errors)
    return Parsed(clean(parsed))
