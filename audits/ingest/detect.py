"""Decide which canonical table an upload is and map its headers onto canonical columns.

Three kinds of evidence, strongest first:
1. a named preset (presets.py) recognised by its header set;
2. the synonym dictionary (synonyms.py): exact normalised header forms, then keywords;
3. the values (samples): phone numbers, ANSWERED/NO ANSWER, Входящий/Исходящий, Y/N, dates,
   time-only columns, HH:MM:SS durations, 0-10 scores, PBX channels, recording links.

Every table is mapped independently; each gets a score from how much of the file it explains and
whether its required columns are there; the best one wins when it is convincing enough.
A headerless file (col1..colN) is read from its values only (Asterisk Master.csv in particular).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from audits import model
from audits.ingest import vocab
from audits.ingest.presets import ASTERISK_MASTER_TARGETS, HEADERLESS_CDR_LAYOUTS, PRESETS, Preset
from audits.ingest.synonyms import FILE_HINTS, FOREIGN_FILE, KEYWORDS, SURVEY_WORDS, SYNONYMS, WEAK, norm_header, split_words


@dataclass
class Detection:
    table: str | None              # canonical table name (audits.model.TABLES) or None if unsure
    preset: str | None             # "amoCRM", "Bitrix24", "Asterisk CDR", ...
    mapping: dict[str, str]        # source header -> canonical or pseudo column of `table`
    confidence: float              # 0..1
    scores: dict[str, float] = field(default_factory=dict)   # table -> score
    notes: list[str] = field(default_factory=list)           # short English notes for the log


# A table is taken only from this score on (see _score).
ACCEPT = 0.58
# Strength of one header->target match (also its weight when scoring a table).
_S_PRESET, _S_EXACT, _S_KEYWORD, _S_VALUE = 3.0, 2.0, 1.0, 0.5
_W_PRESET, _W_EXACT, _W_WEAK, _W_KEYWORD, _W_VALUE = 1.0, 1.0, 0.35, 0.6, 0.3

_HEADERLESS = re.compile(r"^col\d+$")


# --- values ----------------------------------------------------------------------------------

_DT = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
                 r"|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[ap]\.?m\.?)?$", re.I)
_MIDNIGHT = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}[ T]00:00(:00)?$")
_DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?(\s*[ap]\.?m\.?)?$|^1899-12-3[01][ T]\d{1,2}:\d{2}(:\d{2})?$", re.I)
_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")
_DUR_WORDS = re.compile(r"^\s*(\d+\s*(ч|час\w*|h|мин\w*|min|m|сек\w*|с|sec|s)\.?\s*)+$", re.I)
_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?[\d\s\u00a0\u202f]*\d([.,]\d+)?$")
_CHANNEL = re.compile(r"^(sip|pjsip|iax2|dahdi|local|zap|h323|mgcp|sccp|skinny|motif|webrtc|unicastrtp)/", re.I)
_URL = re.compile(r"^(https?://|ftp://)|\.(mp3|wav|ogg|gsm|m4a)$", re.I)
_PHONE_CHARS = re.compile(r"[\s()\-\u00a0]")
_STATUS_WORDS = {w for ws in vocab.CALL_STATUS.values() for w in ws}
_DIRECTION_WORDS = {w for ws in vocab.CALL_DIRECTION.values() for w in ws}
_BOOL_WORDS = set(vocab.BOOL_TRUE) | set(vocab.BOOL_FALSE)


def _is_phone(v: str) -> bool:
    parts = [p for p in re.split(r"[,;/]", v) if p.strip()]
    if not parts:
        return False
    for p in parts:
        s = _PHONE_CHARS.sub("", p.strip())
        plus = s.startswith("+")
        s = s.lstrip("+")
        if not s.isdigit() or not 10 <= len(s) <= 13:
            return False
        if len(s) == 10 and s[0] == "1" and not plus:      # a Unix epoch, not a number
            return False
    return True


@dataclass
class Profile:
    n: int = 0
    kinds: dict[str, float] = field(default_factory=dict)   # kind -> share of values
    distinct: int = 0                                        # distinct values among them

    def share(self, kind: str) -> float:
        return self.kinds.get(kind, 0.0)

    def is_(self, kind: str, at: float = 0.8) -> bool:
        return self.n > 0 and self.share(kind) >= at


def profile(values: list[str]) -> Profile:
    # "не закрыта", "n/a", "NULL": a cell that says it is empty does not tell what the column holds
    vals = [str(v).strip() for v in values if not vocab.is_placeholder(v)]
    p = Profile(len(vals), distinct=len(set(vals)))
    if not vals:
        return p
    count: dict[str, int] = {}

    def add(kind: str) -> None:
        count[kind] = count.get(kind, 0) + 1

    hours: list[int] = []
    for v in vals:
        low = v.lower().replace("ё", "е")
        if _MIDNIGHT.match(v):
            add("date")
            add("ts")
        elif _DT.match(v):
            add("datetime")
            add("ts")
        elif _DATE.match(v):
            add("date")
            add("ts")
        if _TIME.match(v):
            add("time")
        m = _HMS.match(v)
        if m:
            hours.append(int(m.group(1)))
            add("hms")
        if _DUR_WORDS.match(low):
            add("duration_words")
        if _INT.match(v):
            add("int")
            if len(v) <= 20 and 0 <= int(v) <= 10:     # never int() a long digit run (Python caps those)
                add("score010")
        if _NUM.match(v):
            add("number")
        if _is_phone(v):
            add("phone")
        if re.fullmatch(r"\d{2,5}", v):
            add("ext")
        if _CHANNEL.match(v):
            add("channel")
        if _URL.search(v):
            add("url")
        if low in _STATUS_WORDS:
            add("call_status")
        if low in _DIRECTION_WORDS:
            add("direction")
        if low in _BOOL_WORDS:
            add("bool")
    p.kinds = {k: c / len(vals) for k, c in count.items()}
    # HH:MM:SS that reads as a duration (small hour parts) rather than a time of day.
    if hours and p.share("hms") >= 0.8 and median(hours) == 0 and max(hours) <= 3:
        p.kinds["duration_hms"] = p.share("hms")
    if p.share("bool") >= 0.8 and all(v.lower() in ("0", "1") for v in vals):
        p.kinds.pop("bool")                     # a 0/1 column is a number unless the header says more
    if p.share("int") >= 0.8 and len(set(vals)) == 1:
        p.kinds.pop("score010", None)           # one constant value is not a score column
    return p


# --- headers ---------------------------------------------------------------------------------

def _known_forms() -> frozenset[str]:
    forms = {f for table in SYNONYMS.values() for fs in table.values() for f in fs}
    for p in PRESETS:
        forms |= set(p.mapping) | set(p.extra) | set(p.distinctive)
    return frozenset(forms)


_KNOWN = _known_forms()


def header_form(header: str) -> str:
    """The form a header is matched by: normalised, and its run-together words split unless the
    normalised form is itself a known header ("billsec", "accountcode" stay whole)."""
    n = norm_header(header)
    return n if n in _KNOWN else split_words(n)


# --- presets ---------------------------------------------------------------------------------

def _preset_hits(preset: Preset, norms: list[str]) -> int:
    return sum(1 for n in norms if n and (n in preset.mapping or n in preset.extra))


def match_presets(norms: list[str]) -> dict[str, tuple[Preset, int]]:
    """table -> (best matching preset, hits)."""
    present = set(norms)
    n = max(1, sum(1 for x in norms if x))
    best: dict[str, tuple[Preset, int]] = {}
    for preset in PRESETS:
        if not preset.distinctive & present:
            continue
        hits = _preset_hits(preset, norms)
        if hits < preset.min_hits:
            continue
        if preset.name != "Google Forms" and hits / n < 0.5 and hits < 6:
            continue                    # a few shared words in a wide file of something else
        cur = best.get(preset.table)
        if cur is None or hits > cur[1]:
            best[preset.table] = (preset, hits)
    return best


# --- mapping one table -----------------------------------------------------------------------

@dataclass
class _Cand:
    strength: float
    header: int
    target: str
    weight: float
    how: str


def _ts_targets(table: str) -> set[str]:
    return {t for t in model.targets(table) if model.target_type(table, t) in ("ts", "date")}


def _time_like(header_norm: str, prof: Profile) -> bool:
    if prof.n:
        return prof.is_("time", 0.9) and not prof.is_("duration_hms", 0.9)
    return header_norm in ("время", "time", "время звонка", "time of call")


def _date_like(header_norm: str, prof: Profile) -> bool:
    if prof.n:
        return prof.is_("date", 0.9)
    return header_norm in ("дата", "date", "дата звонка", "call date")


def _value_ok(table: str, target: str, prof: Profile) -> bool:
    """Veto a name-based match that the values plainly contradict."""
    if not prof.n:
        return True
    ttype = model.target_type(table, target)
    if ttype in ("ts", "date"):
        return prof.share("ts") + prof.share("time") + prof.share("number") >= 0.5
    if target == "score":
        return prof.share("number") >= 0.8
    if ttype in ("money", "int") and target not in ("duration_s", "wait_s", "total_s"):
        return prof.share("number") >= 0.5
    if target in ("duration_s", "wait_s", "total_s"):
        return (prof.share("number") + prof.share("hms") + prof.share("duration_words")) >= 0.5
    return True


# Headers that never hold a canonical column, whatever their values look like.
_NEVER = re.compile(r"\b(fax|факс|telefax|телефакс)\b")
# HubSpot's "Associated <object>" columns list linked records: they can only be ids of them.
_ASSOCIATED = re.compile(r"^associated\b")
# Text columns that say nothing when every row holds the same word ("Тип: контакт", "type: lead").
_DESCRIPTIVE = {"segment", "region", "channel", "product", "place", "team", "role", "lost_reason"}
# A yes/no column is the answered flag only when its header says so (not "internal", "IsDeleted").
_ANSWER_WORDS = re.compile(r"answer|ответ|принят|дозвон|трубк|connected|соединен|picked|pick up|success|успеш")


# Dates whose header names another moment than the one a value match would give them.
_OTHER_MOMENT = re.compile(r"\b(last|modif\w*|updat\w*|edit\w*|next|birth\w*|bounc\w*|deadline|due|expected|"
                           r"reminder|recurrence|sla|viewed|referenced|stop|converted|bounced)\b|редакт|измен|след|"
                           r"рожд|срок|ожида|"
                           r"напомин")


def _vetoed(table: str, target: str, cand_how: str, header_norm: str, prof: Profile) -> bool:
    """A match that the header's own meaning or the column's values rule out."""
    if _NEVER.search(header_norm):
        return True
    if cand_how == "values" and _OTHER_MOMENT.search(header_norm):
        return True
    if _ASSOCIATED.search(header_norm) and model.target_type(table, target) != "id":
        return True
    if (target in _DESCRIPTIVE and cand_how != "preset" and header_norm in WEAK and prof.n >= 10
            and prof.distinct == 1):
        return True
    return False


def _name_candidates(table: str, norms: list[str], preset: Preset | None, blocked: set[int]) -> list[_Cand]:
    cands: list[_Cand] = []
    syn = SYNONYMS[table]
    kw = KEYWORDS.get(table, {})
    preset_order = list(preset.mapping) if preset else []
    for i, hn in enumerate(norms):
        if not hn or i in blocked:
            continue
        if preset and hn in preset.mapping:
            tgt = preset.mapping[hn]
            cands.append(_Cand(_S_PRESET - preset_order.index(hn) * 1e-4, i, tgt, _W_PRESET, "preset"))
        if preset and hn in preset.extra:
            continue
        for tgt, forms in syn.items():
            if hn in forms:
                w = _W_WEAK if hn in WEAK else _W_EXACT
                cands.append(_Cand(_S_EXACT - forms.index(hn) * 1e-3, i, tgt, w, "synonym"))
        for tgt, pats in kw.items():
            if any(re.search(p, hn) for p in pats):
                cands.append(_Cand(_S_KEYWORD, i, tgt, _W_KEYWORD, "keyword"))
    return cands


def _value_candidates(table: str, headers: list[str], norms: list[str], profs: list[Profile],
                      taken: set[int], context_survey: bool) -> list[_Cand]:
    cands: list[_Cand] = []
    targets = set(model.targets(table))
    for i, p in enumerate(profs):
        if i in taken or not p.n:
            continue

        def add(tgt: str, bonus: float = 0.0) -> None:
            if tgt in targets:
                cands.append(_Cand(_S_VALUE + bonus - i * 1e-5, i, tgt, _W_VALUE, "values"))

        if table == "calls":
            if p.is_("call_status"):
                add("status", 0.2)
            if p.is_("direction") and not p.is_("call_status"):
                add("direction", 0.2)
            if p.is_("bool") and not p.is_("call_status") and not p.is_("direction") \
                    and _ANSWER_WORDS.search(norms[i]):
                add("answered", 0.1)
            if p.is_("channel", 0.5):
                add("from_channel", 0.1)
                add("to_channel", 0.05)
            if p.is_("phone"):
                add("phone", 0.05)
                add("from", 0.04)
                add("to", 0.03)
            elif p.is_("phone", 0.2) and (p.share("phone") + p.share("ext")) >= 0.8:
                # numbers mixed with extensions: one party of the call, not the client's number
                add("from", 0.05)
                add("to", 0.04)
            if p.is_("url"):
                add("recording_url", 0.1)
            if p.is_("duration_hms") or p.is_("duration_words", 0.5):
                add("duration_s", 0.1)
                add("wait_s", 0.05)
            if p.is_("ts", 0.9) or p.is_("time", 0.9):
                add("started_at", 0.05)
                add("answered_at", 0.02)
                add("ended_at", 0.01)
        elif table == "nps":
            if p.is_("score010", 0.95) and (context_survey or SURVEY_WORDS.search(norms[i])):
                add("score", 0.3)
            if p.is_("ts", 0.9):
                add("answered_at")
        elif table == "clients":
            if p.is_("phone"):
                add("phone", 0.1)
            if p.is_("ts", 0.9):
                add("created_at")
        elif table == "orders":
            if p.is_("ts", 0.9):
                add("ordered_at")
        elif table == "meetings":
            if p.is_("ts", 0.9):
                add("held_at")
        elif table == "stage_history":
            if p.is_("ts", 0.9):
                add("entered_at")
    return cands


def _assign(table: str, cands: list[_Cand], norms: list[str], profs: list[Profile]) -> dict[int, _Cand]:
    """Greedy: strongest candidates first; one header per target, except a date + time pair and a
    client's several phone columns (the loader joins them)."""
    ts = _ts_targets(table)
    by_header: dict[int, _Cand] = {}
    by_target: dict[str, list[int]] = {}
    for c in sorted(cands, key=lambda c: (-c.strength, c.header)):
        if c.header in by_header:
            continue
        if not _value_ok(table, c.target, profs[c.header]) or _vetoed(table, c.target, c.how, norms[c.header],
                                                                       profs[c.header]):
            continue
        owners = by_target.get(c.target, [])
        if owners and not (table == "clients" and c.target == "phone"):   # a client may have several numbers
            if c.target not in ts or len(owners) != 1:
                continue
            o = owners[0]
            pair = ((_date_like(norms[o], profs[o]) and _time_like(norms[c.header], profs[c.header]))
                    or (_time_like(norms[o], profs[o]) and _date_like(norms[c.header], profs[c.header])))
            if not pair:
                continue
        by_header[c.header] = c
        by_target.setdefault(c.target, []).append(c.header)
    return by_header


def _ordered_mapping(table: str, headers: list[str], chosen: dict[int, _Cand], norms: list[str],
                     profs: list[Profile]) -> dict[str, str]:
    """Header order, except that in a date + time pair the date header comes first."""
    order = sorted(chosen)
    by_target: dict[str, list[int]] = {}
    for i in order:
        by_target.setdefault(chosen[i].target, []).append(i)
    for tgt, idx in by_target.items():
        if len(idx) == 2 and tgt in _ts_targets(table):
            a, b = idx
            if _time_like(norms[a], profs[a]) and not _time_like(norms[b], profs[b]):
                pa, pb = order.index(a), order.index(b)
                order[pa], order[pb] = b, a
    return {headers[i]: chosen[i].target for i in order}


def _fixups(table: str, headers: list[str], chosen: dict[int, _Cand], norms: list[str],
            profs: list[Profile], notes: list[str]) -> None:
    targets = {c.target: i for i, c in chosen.items()}
    if table == "deals" and "stage" not in targets and "status" in targets:
        i = targets["status"]
        chosen[i] = _Cand(chosen[i].strength, i, "stage", chosen[i].weight, chosen[i].how)
        notes.append(f"'{headers[i]}' holds the deal stages (no separate stage column)")
    if table == "calls" and "duration_s" not in targets and "total_s" in targets \
            and not ("ended_at" in targets and ({"answered_at", "started_at"} & set(targets))):
        i = targets["total_s"]
        chosen[i] = _Cand(chosen[i].strength, i, "duration_s", chosen[i].weight, chosen[i].how)
        notes.append(f"'{headers[i]}' is the only duration: taken as talk time (it may include ringing)")
    if table == "calls" and "from" in targets and "to" in targets and "phone" in targets:
        # A phone found only by its values next to explicit from/to is redundant.
        i = targets["phone"]
        if chosen[i].how == "values":
            del chosen[i]


def _strong(c: _Cand) -> bool:
    """A match by a preset or by an exact synonym that is not a word of every table."""
    return c.how == "preset" or (c.how == "synonym" and c.weight >= _W_EXACT)


# Headers that point at a deal from another record ("OpportunityId", "ID сделки", "Deal ID").
_DEAL_REF = frozenset(f for f in SYNONYMS["stage_history"]["deal_id"] if f not in WEAK)


def _about_deals(table: str, chosen: dict[int, _Cand], norms: list[str]) -> bool:
    """A file with its own generic row id AND a column naming a deal holds records about deals
    (stage changes, tasks, line items), not the deals: Salesforce OpportunityHistory has Id and
    OpportunityId."""
    if table != "deals":
        return False
    key = next((i for i, c in chosen.items() if c.target == "deal_id"), None)
    if key is None or norms[key] in _DEAL_REF:
        return False
    return any(n in _DEAL_REF for i, n in enumerate(norms) if i != key)


def _score(table: str, mapping: dict[str, str], chosen: dict[int, _Cand], n_headers: int,
           preset: Preset | None, hinted: bool, norms: list[str]) -> float:
    if not chosen:
        return 0.0
    # Share of the file explained; a wide export (custom fields, contact columns) is judged on
    # its first 8 columns' worth, so 7 clear deal columns out of 40 still make a deal list.
    cover = min(1.0, sum(c.weight for c in chosen.values()) / max(1, min(n_headers, 8)))
    missing = missing_required(table, mapping)
    req = len(model.required(table)) or 1
    if missing:
        return round(0.3 * cover * (1 - len(missing) / (req + 1)), 4)
    strong = sum(1 for c in chosen.values() if c.weight >= _W_KEYWORD)
    if strong == 0 and len(chosen) < 3:
        return round(0.3 * cover, 4)       # two generic words ("id", "name") prove nothing
    s = 0.45 + 0.45 * cover + (0.15 if preset else 0.0) + (0.05 if hinted else 0.0)
    if table == "deals" and not set(mapping.values()) - {"deal_id", "stage", "status", "pipeline"}:
        s -= 0.15      # id + stage (+ a date) alone is a stage history, not a deal list
    if _about_deals(table, chosen, norms):
        s -= 0.35
    else:
        # Every required column named outright ("nps" of a survey, "billsec" + "calldate") makes the
        # table even when most of a wide file is about other things (comments, basket, visits).
        # (A name column alone never makes a staff list: nearly every file has one.)
        req = [c for c in chosen.values() if c.target in model.required(table)]
        if table != "managers" and req and all(_strong(c) for c in req) \
                and len(req) >= len(model.required(table)):
            s = max(s, ACCEPT + 0.04)
    return round(min(1.0, s), 4)


def _file_hints(file_name: str) -> set[str]:
    name = (file_name or "").lower().replace("ё", "е")
    return {t for pat, t in FILE_HINTS if re.search(pat, name)}


def _map_table(table: str, headers: list[str], norms: list[str], profs: list[Profile],
               preset: Preset | None, survey: bool) -> tuple[dict[str, str], dict[int, _Cand], list[str]]:
    notes: list[str] = []
    cands = _name_candidates(table, norms, preset, set())
    named = _assign(table, cands, norms, profs)
    blocked = set(named)
    if preset:
        blocked |= {i for i, n in enumerate(norms) if n in preset.extra}
    vcands = _value_candidates(table, headers, norms, profs, blocked, survey)
    chosen = _assign(table, [_Cand(c.strength + 10, c.header, c.target, c.weight, c.how)
                             for c in named.values()] + vcands, norms, profs)
    for i, c in chosen.items():
        if c.how == "values":
            notes.append(f"'{headers[i]}' -> {c.target} from its values")
    _fixups(table, headers, chosen, norms, profs, notes)
    if any(p.n for p in profs):
        # A required column with no value in any sampled row cannot carry the table.
        for i in [i for i, c in chosen.items() if c.target in model.required(table) and not profs[i].n]:
            notes.append(f"'{headers[i]}' is empty: not taken as {chosen[i].target}")
            del chosen[i]
    if table == "calls":
        # A call has a time of day: a start column of bare dates with no time column beside it is
        # some other record's date (a campaign's start, a relation's start), not a call log.
        starts = [i for i, c in chosen.items() if c.target == "started_at"]
        if len(starts) == 1 and profs[starts[0]].n and profs[starts[0]].share("datetime") == 0:
            # a lone column of bare dates, or of bare times (an average, a time of day with no day)
            del chosen[starts[0]]
            notes.append(f"'{headers[starts[0]]}' holds dates or times alone: not a call start")
    return _ordered_mapping(table, headers, chosen, norms, profs), chosen, notes


# --- headerless files ------------------------------------------------------------------------

def _headerless_cdr(headers: list[str], profs: list[Profile]) -> tuple[str, dict[str, str]] | None:
    """A headerless CDR in one of the known column orders (Asterisk cdr_csv, cdr_custom, the FreePBX
    cdr table): the layout whose disposition, start and channel positions hold such values."""
    for name, columns in HEADERLESS_CDR_LAYOUTS:
        if len(headers) < columns.index("disposition") + 2:
            continue
        pos = {c: i for i, c in enumerate(columns)}
        start = pos.get("start", pos.get("calldate"))
        if not (profs[pos["disposition"]].is_("call_status", 0.9) and profs[start].is_("ts", 0.9)
                and (profs[pos["channel"]].is_("channel", 0.5) or profs[pos["dstchannel"]].is_("channel", 0.5))):
            continue
        mapping = {headers[i]: ASTERISK_MASTER_TARGETS[c] for i, c in enumerate(columns[:len(headers)])
                   if c in ASTERISK_MASTER_TARGETS}
        # the recording's file name sits where the PBX put it: found by its values (.wav, a link)
        rec = next((h for h, pr in zip(headers, profs) if h not in mapping and pr.is_("url", 0.5)), None)
        if rec:
            mapping[rec] = "recording_url"
        return name, mapping
    return None


# --- public API ------------------------------------------------------------------------------

def detect(headers: list[str], samples: dict[str, list[str]], file_name: str = "",
           table: str | None = None) -> Detection:
    """headers: the file's header names in order (a headerless file has 'col1'..'colN').
    samples: header -> up to ~200 non-empty example values as strings.
    file_name: may hint the table ('calls', 'звонки', 'сделки', 'Master.csv', ...).
    table: when given, the table is forced and only columns are mapped."""
    headers = [str(h) for h in headers]
    samples = samples or {}
    norms = [header_form(h) for h in headers]
    profs = [profile(samples.get(h, [])) for h in headers]
    n_headers = max(1, sum(1 for x in norms if x))
    notes: list[str] = []

    headerless = bool(headers) and all(_HEADERLESS.match(h) for h in headers)
    if headerless and table in (None, "calls"):
        cdr = _headerless_cdr(headers, profs)
        if cdr is not None:
            return Detection("calls", cdr[0], cdr[1], 0.95, {"calls": 0.95},
                             [f"headerless file read as a {cdr[0]} (its column order recognised from the values)"])

    presets = match_presets(norms)
    hints = _file_hints(file_name)
    foreign = bool(FOREIGN_FILE.search((file_name or "").rsplit("/", 1)[-1].lower().replace("ё", "е")))
    survey = bool(SURVEY_WORDS.search(file_name or "")) or any(SURVEY_WORDS.search(n) for n in norms)
    tables = [table] if table else list(model.TABLE_NAMES)
    results: dict[str, tuple[float, dict[str, str], list[str], Preset | None]] = {}
    strong: dict[str, int] = {}
    for t in tables:
        if t not in model.TABLES:
            raise KeyError(f"unknown table {t!r}")
        preset = presets.get(t, (None, 0))[0]
        mapping, chosen, tnotes = _map_table(t, headers, norms, profs, preset, survey)
        score = _score(t, mapping, chosen, n_headers, preset, t in hints, norms) - (0.45 if foreign else 0.0)
        results[t] = (score, mapping, tnotes, preset)
        strong[t] = sum(1 for c in chosen.values() if _strong(c)) if not foreign else 0

    scores = {t: r[0] for t, r in results.items()}
    ranked = sorted(results, key=lambda t: -results[t][0])
    best = ranked[0]
    score, mapping, tnotes, preset = results[best]
    partial = None if table or score >= ACCEPT else _partial(results, strong)
    if partial:
        score, mapping, tnotes, preset = results[partial]
        missing = missing_required(partial, mapping)
        return Detection(partial, preset.name if preset else None, mapping, round(min(score, 0.5), 3), scores,
                         notes + [f"table {partial} from {strong[partial]} named columns; missing {missing}"] + tnotes)
    if table:
        conf = score
        notes.append(f"table forced to {table}")
        return Detection(table, preset.name if preset and mapping else None, mapping, round(conf, 3),
                         scores, notes + tnotes)
    second = results[ranked[1]][0] if len(ranked) > 1 else 0.0
    if score < ACCEPT:
        notes.append("no table explains this file well enough"
                     + (f" (best guess: {best}, score {score:.2f})" if score > 0 else ""))
        return Detection(None, None, {}, round(score, 3), scores, notes)
    conf = min(1.0, score * (0.85 + 0.15 * min(1.0, (score - second) / 0.2)))
    why = f"table {best}: score {score:.2f}" + (f", next {ranked[1]} {second:.2f}" if len(ranked) > 1 else "")
    notes.append(why)
    if preset:
        notes.append(f"preset {preset.name} recognised from its headers")
    if best in hints:
        notes.append(f"file name suggests {best}")
    return Detection(best, preset.name if preset else None, mapping, round(conf, 3), scores, notes + tnotes)


def _partial(results: dict, strong: dict[str, int]) -> str | None:
    """When no table explains the file, a table that lacks a required column but that many columns
    name outright: offered with its partial mapping (the user supplies the rest) rather than "we could
    not tell". 3 named columns at least (2 with a preset), more than any other partial reading. Rows
    that total calls are no call log: they are never offered as one."""
    cands = []
    for t, (score, mapping, _notes, preset) in results.items():
        if not mapping or not missing_required(t, mapping):
            continue
        n = strong[t]
        if n >= 3 or (preset is not None and n >= 2):
            cands.append((n, t))
    if not cands:
        return None
    cands.sort(reverse=True)
    n, t = cands[0]
    if len(cands) > 1 and cands[1][0] == n:
        return None                                   # two tables equally named: ask the user
    if "count" in results[t][1].values():
        return None
    return t


# Canonical required columns that can be derived from other mapped columns.
def _derivable(table: str, col: str, targets: set[str]) -> bool:
    if table == "calls" and col == "duration_s":
        return "ended_at" in targets and bool({"answered_at", "started_at"} & targets)
    if table == "orders" and col == "amount":
        return {"quantity", "price"} <= targets
    return False


def missing_required(table: str, mapping: dict[str, str]) -> list[str]:
    """Canonical required columns of `table` that no source header maps to, accounting for
    derivations (calls.duration_s from ended_at - answered_at/started_at, orders.amount from
    quantity x price; a date + time pair both map to started_at, so that counts as present)."""
    targets = set(mapping.values())
    return [c for c in model.required(table) if c not in targets and not _derivable(table, c, targets)]
