"""Pure helpers behind the Data page (no Streamlit here, so they are easy to test):
the mapping editor's rows, saved mapping files, and CSV downloads that are safe to open in Excel."""
from __future__ import annotations

import fnmatch
import hashlib
import json


from audits import model
from audits.i18n import t
from audits.ingest.load import NOT_FILE_KEYS
from audits.safe import defuse, safe_csv  # noqa: F401  (the Data page downloads through them)

# Values starting with these are formulas to Excel/LibreOffice (OWASP "CSV injection").


def not_used(lang: str) -> str:
    return t("data.not_used", lang)


def table_options() -> list[str | None]:
    """Choices of the table selector: not recognised, then every canonical table."""
    return [None, *model.TABLE_NAMES]


def proposed_mapping(info, table: str | None) -> dict[str, str]:
    """The mapping to show for `table`: the file's own when the table is unchanged, otherwise the
    detector's proposal for that table from the file's headers and example values."""
    if table is None:
        return {}
    if table == info.table:
        return dict(info.mapping)
    from audits.ingest.detect import detect
    return detect(list(info.headers), dict(info.examples), info.file, table).mapping


def target_label(target: str, lang: str) -> str:
    """How the editor shows a column: the canonical name and what it means ("duration_s · talk time")."""
    return f"{target} · {t(f'column.{target}', lang)}"


def target_options(table: str, lang: str) -> list[str]:
    return [not_used(lang), *(target_label(c, lang) for c in model.targets(table))]


def target_of(label: str | None) -> str | None:
    """The canonical name in an editor value (a label, or the bare name)."""
    return label.split(" · ", 1)[0] if label else None


def mapping_rows(info, table: str | None, lang: str) -> list[dict[str, str]]:
    """One row per source header: the header, a few example values and the chosen target."""
    mapping = proposed_mapping(info, table)
    valid = set(model.targets(table)) if table else set()
    return [{"header": h,
             "examples": ", ".join(str(v) for v in (info.examples.get(h) or [])[:3]),
             "target": target_label(mapping[h], lang) if mapping.get(h) in valid else not_used(lang)}
            for h in info.headers]


def rows_to_mapping(rows: list[dict], lang: str) -> dict[str, str]:
    """The mapping chosen in the editor (headers left unused are dropped)."""
    skip = {None, "", not_used(lang)}
    return {r["header"]: target_of(r["target"]) for r in rows if r.get("target") not in skip}


def editor_key(info, table: str | None, lang: str) -> str:
    """Widget key of a file's mapping editor: changes when the stored mapping, the table or the
    language changes, so the editor starts fresh from what is actually applied."""
    digest = hashlib.sha1(json.dumps([info.table, info.mapping], sort_keys=True,
                                     ensure_ascii=False).encode()).hexdigest()[:10]
    return f"map_{info.id}_{table}_{lang}_{digest}"


def display_name(info) -> str:
    return info.file + (f" [{info.sheet}]" if info.sheet else "")


# --- saved mapping files ----------------------------------------------------------------------

class BadMappingFile(ValueError):
    pass


def read_mapping_file(data: bytes) -> dict:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise BadMappingFile("not JSON") from None
    if not isinstance(parsed, dict):
        raise BadMappingFile("not an object")
    return parsed


def _matches(key: str, info) -> bool:
    name, _, sheet = key.partition("#")
    if sheet and sheet != info.sheet:
        return False
    base = info.file.rsplit("/", 1)[-1]
    return name in (info.file, base) or fnmatch.fnmatch(base, name) or fnmatch.fnmatch(info.file, name)


def saved_mapping_updates(saved: dict, files: list) -> list[tuple[str, str | None, dict[str, str]]]:
    """(file id, table, mapping) to apply for each loaded file a saved mapping file names.

    Keys are file names (or globs, or `file#sheet`) or canonical table names; values map source
    headers to targets. An entry holding "__table__" (as the Data page saves them) replaces the
    file's mapping; one without it only changes the headers it names (an empty target unmaps).
    """
    out = []
    for info in files:
        entry: dict = {}
        for key, value in saved.items():
            if not isinstance(value, dict) or key in NOT_FILE_KEYS:
                continue
            if (key in model.TABLE_NAMES and key == info.table) or (key not in model.TABLE_NAMES
                                                                     and _matches(key, info)):
                entry.update(value)
        if not entry:
            continue
        table = entry.get("__table__", info.table)
        if table is not None and table not in model.TABLES:
            continue
        if "__table__" in entry:
            mapping = {}
        else:
            mapping = dict(info.mapping) if table == info.table else {}
        for header, target in entry.items():
            if header == "__table__":
                continue
            if target:
                mapping[str(header)] = str(target)
            else:
                mapping.pop(header, None)
        out.append((info.id, table, mapping))
    return out


def saved_aliases(saved: dict) -> dict[str, str]:
    aliases = saved.get("manager_aliases")
    if not isinstance(aliases, dict):
        return {}
    return {str(k): str(v) for k, v in aliases.items() if k and v}


def mapping_json(mapping: dict) -> bytes:
    return json.dumps(mapping, ensure_ascii=False, indent=2).encode("utf-8")


# --- CSV downloads ----------------------------------------------------------------------------

