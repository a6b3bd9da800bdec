"""The check reference, generated from the declarations: `python -m audits checks [N]`.

Everything printed here is read from what the code declares (a check's `needs`, `metrics`,
`thresholds`, `questions`, `lists`, the SQL headers of queries/metrics and the canonical model), so
it cannot drift from what the audit does. `problems()` is the other half: every declaration checked
against the model and the query files, run by the tests.
"""
from __future__ import annotations

from pathlib import Path

from audits import metrics as M
from audits import model
from audits.checks import COMMON, REGISTRY
from audits.checks.base import Check
from audits.i18n import t

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"


def case_file(check: Check) -> Path:
    return CASES / f"m{check.id:02d}.yml"


def _columns(table: str) -> set[str]:
    return {c.name for c in model.TABLES.get(table, ())}


def problems() -> list[str]:
    """What a declaration names that does not exist: a table or column outside the model, a metric no
    SQL file returns, a list without its SQL file, a setting declared twice."""
    out: list[str] = []
    providers = M.providers()
    seen: dict[str, int] = {th.name: 0 for th in COMMON}
    for check in REGISTRY:
        where = f"check {check.id} ({check.slug})"
        for need in check.needs:
            if need.table not in model.TABLES:
                out.append(f"{where}: needs unknown table {need.table!r}")
            elif unknown := [c for c in need.columns if c not in _columns(need.table)]:
                out.append(f"{where}: needs unknown columns of {need.table}: {unknown}")
        out += [f"{where}: metric {name!r} is returned by no file in queries/metrics"
                for name in check.metrics if name not in providers]
        out += [f"{where}: list {name!r} has no file queries/lists/{name}.sql"
                for name in check.lists if not (M.LISTS_DIR / f"{name}.sql").exists()]
        for th in check.thresholds:
            if th.name in seen:
                out.append(f"{where}: setting {th.name!r} is declared again (first by check {seen[th.name]})")
            seen[th.name] = check.id
    return out


def _fmt(value: float) -> str:
    return f"{value:g}"


def describe(check: Check, lang: str) -> list[str]:
    """One check in full, as lines of text."""
    providers = M.providers()
    lines = [f"{check.id}. {t(check.key + '.title', lang)}",
             f"   {t('reference.category', lang)}: {t('category.' + check.category, lang)} · "
             f"{t('reference.slug', lang)}: {check.slug}", "",
             t(check.key + ".what", lang), "", t(check.key + ".why", lang), ""]
    lines.append(t("reference.needs", lang) + ":")
    lines += [f"   {n.table}" + (f": {', '.join(n.columns)}" if n.columns else "") for n in check.needs] or \
        ["   " + t("reference.none", lang)]
    lines.append(t("reference.metrics", lang) + ":")
    for name in check.metrics:
        q = providers.get(name)
        src = f"queries/metrics/{q.name}.sql" if q else "?"
        lines.append(f"   {name}  ({src}" + (f"; {t('reference.reads', lang)} {', '.join(q.needs)}" if q and q.needs
                                               else "") + ")")
    if not check.metrics:
        lines.append("   " + t("reference.self_only", lang))
    lines.append(t("reference.settings", lang) + ":")
    lines += [f"   {th.name} = {_fmt(th.default)} ({th.unit}): {t('setting.' + th.name, lang)}"
              for th in check.thresholds] or ["   " + t("reference.none", lang)]
    if check.lists:
        lines.append(t("reference.lists", lang) + ":")
        lines += [f"   {name}  (queries/lists/{name}.sql)" for name in check.lists]
    lines.append(t("reference.questions", lang) + ":")
    lines += [f"   {q}. {t(f'{check.key}.{q}', lang)}" for q in check.questions] or ["   " + t("reference.none", lang)]
    case = case_file(check)
    lines.append(t("reference.cases", lang) + ": " + (str(case.relative_to(ROOT)) if case.exists()
                                                       else t("reference.none", lang)))
    return lines


def overview(lang: str) -> list[str]:
    """Every check on one line: number, title, what evidence it can have."""
    out = []
    for check in REGISTRY:
        kind = t("reference.kind.data" if check.metrics else "reference.kind.self", lang)
        out.append(f"{check.id:>2}. {t(check.key + '.title', lang)}  [{kind}]")
    out += ["", t("reference.more", lang)]
    return out


def text(check_id: int | None, lang: str) -> str | None:
    """The reference of one check, or the overview; None for a number that is no check."""
    if check_id is None:
        return "\n".join(overview(lang))
    check = next((c for c in REGISTRY if c.id == check_id), None)
    return None if check is None else "\n".join(describe(check, lang))
