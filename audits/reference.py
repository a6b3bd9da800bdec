"""The check reference, generated from the declarations: `python -m audits checks [N]`.

Everything printed here is read from what the code declares (a check's `needs`, `metrics`,
`norms`, `thresholds`, `questions`, `lists`, the SQL headers of queries/metrics and the canonical model), so
it cannot drift from what the audit does. `problems()` is the other half: every declaration checked
against the model and the query files, run by the tests.
"""
from __future__ import annotations

from pathlib import Path

from audits import metrics as M
from audits import model
from audits.checks import COMMON, REGISTRY, norms, thresholds
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
    return out + norm_problems()


def norm_problems() -> list[str]:
    """A norm declared twice, or whose setting names clash with another setting or an alias; a check
    naming a norm that does not exist, reading a norm it does not name, or declaring a norm's setting
    as a Threshold of its own; a norm no check uses."""
    from audits.checks import norms as N
    out: list[str] = []
    names = [n.name for n in N.NORMS]
    out += [f"norm {name!r} is declared {names.count(name)} times" for name in sorted(set(names))
            if names.count(name) > 1]
    settings = [s for n in N.NORMS for s in n.setting_names]
    out += [f"setting {s!r} belongs to two norms" for s in sorted(set(settings)) if settings.count(s) > 1]
    singles = {th.name for th in COMMON} | {th.name for c in REGISTRY for th in N.singles(c)}
    out += [f"norm {n.name!r}: setting {s!r} is also a shared setting" for n in N.NORMS for s in n.setting_names
            if s in {th.name for th in COMMON}]
    out += [f"norm {n.name!r}: unknown source {n.source!r}" for n in N.NORMS if n.source not in N.SOURCES]
    current = set(settings) | singles
    out += [f"alias {old!r} is the name of a setting in use" for old in N.ALIASES if old in current]
    for check in REGISTRY:
        where = f"check {check.id} ({check.slug})"
        out += [f"{where}: norm {name!r} is declared nowhere (audits/checks/norms.py)"
                for name in check.norms if name not in N.BY_NAME]
        named = {s for name in check.norms if name in N.BY_NAME for s in N.BY_NAME[name].setting_names}
        out += [f"{where}: reads the setting {s!r} of norm {N.BY_SETTING[s].name!r} without naming the norm"
                for s in sorted(N.read_settings(check)) if s in N.BY_SETTING and s not in named]
        out += [f"{where}: setting {th.name!r} is a norm's: name the norm in norms=" for th in check.thresholds
                if th.name in N.BY_SETTING]
    out += [f"norm {n.name!r} is used by no check" for n in N.NORMS if not N.users(n.name)]
    return out


def _fmt(value: float) -> str:
    return f"{value:g}"


def norm_line(norm, check: Check, lang: str) -> str:
    """One norm of a check: its defaults (as this check's settings hold them), unit, settings, source,
    and the other checks that use it."""
    default = {th.name: th.default for th in thresholds()}
    others = [f"{c.id}" for c in norms.users(norm.name) if c is not check]
    line = (f"   {norm.name}: {t('reference.good', lang)} {_fmt(default[norm.good_setting])}, "
            f"{t('reference.bad', lang)} {_fmt(default[norm.bad_setting])} ({norm.unit}) · "
            f"{norm.good_setting} / {norm.bad_setting} · {t('reference.source', lang)}: "
            f"{t('norm.source.' + norm.source, lang)}")
    if others:
        line += f" · {t('reference.shared_with', lang)}: {', '.join(others)}"
    if norm.old_names():
        line += f" · {t('reference.aliases', lang)}: {', '.join(norm.old_names())}"
    return line


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
    lines.append(t("reference.norms", lang) + ":")
    lines += [norm_line(n, check, lang) for n in norms.uses(check)] or ["   " + t("reference.none", lang)]
    lines.append(t("reference.settings", lang) + ":")
    lines += [f"   {th.name} = {_fmt(th.default)} ({th.unit}): {t('setting.' + th.name, lang)}"
              for th in norms.singles(check)] or ["   " + t("reference.none", lang)]
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
