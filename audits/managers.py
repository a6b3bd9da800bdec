"""Managers' names as different files spell them.

CRMs write "Иван Петров", 1C writes "Петров И.", a PBX writes "101". Spellings that differ only in
case, spacing or ё/е are one person and are merged silently (the most frequent spelling wins).
Spellings that share a surname and a first initial ("Петров И." / "Иван Петров" / "Петров Иван
Сергеевич") are offered for merge: the user decides.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass


def simple_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("ё", "е").replace("Ё", "Е")).strip().casefold()


def exact_aliases(counts: dict[str, int]) -> dict[str, str]:
    """spelling -> chosen spelling, for spellings that differ only in case/spacing/ё."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[simple_key(name)].append(name)
    out = {}
    for names in groups.values():
        if len(names) > 1:
            best = max(names, key=lambda n: (counts[n], n != n.lower(), n))
            out.update({n: best for n in names if n != best})
    return out


_TOKEN = re.compile(r"[^\W\d_]+\.?", re.UNICODE)


def _parts(name: str) -> tuple[list[str], list[str]]:
    """(full words, initials) of a name."""
    words, initials = [], []
    for tok in _TOKEN.findall(name.replace("ё", "е").replace("Ё", "Е")):
        bare = tok.rstrip(".")
        if tok.endswith(".") or len(bare) == 1:
            initials.extend(ch for ch in bare if ch.isalpha())
        else:
            words.append(bare)
    return [w.casefold() for w in words], [i.casefold() for i in initials]


def person_keys(name: str) -> set[tuple[str, str]]:
    """Every (surname, first initial) reading of a name."""
    words, initials = _parts(name)
    keys = set()
    if len(words) == 1 and initials:
        keys.add((words[0], initials[0]))
    for i, surname in enumerate(words):
        others = [w for j, w in enumerate(words) if j != i]
        if others:
            keys.add((surname, others[0][0]))
    return keys


@dataclass
class Suggestion:
    names: list[str]
    canonical: str


def suggestions(names: list[str], preferred: set[str] | None = None) -> list[Suggestion]:
    """Groups of spellings that look like one person. `preferred` names (from the managers file)
    are chosen as the canonical spelling when they are in a group."""
    preferred = preferred or set()
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n in names:
        if any(ch.isalpha() for ch in n):
            for k in person_keys(n):
                by_key[k].add(n)
    groups: list[set[str]] = []
    for members in by_key.values():
        if len(members) < 2:
            continue
        # Two full names with different first names are two people ("Иван Петров", "Игорь Петров"
        # share the key; they differ in their words).
        full = [set(_parts(n)[0]) for n in members if not _parts(n)[1]]
        if any(not (a <= b or b <= a) for a in full for b in full):
            continue
        merged = False
        for g in groups:
            if g & members:
                g |= members
                merged = True
                break
        if not merged:
            groups.append(set(members))
    out = []
    for g in groups:
        names_sorted = sorted(g)
        canon = next((n for n in names_sorted if n in preferred), None) or max(
            names_sorted, key=lambda n: (len(_parts(n)[0]), -len(_parts(n)[1]), len(n)))
        out.append(Suggestion(names_sorted, canon))
    return sorted(out, key=lambda s: s.canonical)


def count_spellings(values: list[tuple[str, int]]) -> dict[str, int]:
    c: Counter = Counter()
    for name, n in values:
        c[name] += n
    return dict(c)
