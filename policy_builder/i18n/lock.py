"""The translation lock: every language in step, and no translation left stale.

``templates/i18n.lock.json`` records, for each language ``L`` and each translation
unit (``units``), the hashes of every language's text at the moment ``L``'s text was
last confirmed to say the same as the others (``policy i18n confirm L``). ``check``
then finds, besides missing, empty and untranslated texts:

- **stale**: another language's text changed since ``L`` was confirmed, ``L``'s did
  not. The source was edited and the translation was not;
- **unconfirmed**: both changed since: once they say the same, confirming one of them
  records it;
- **never confirmed**: a unit ``L`` was never confirmed in (a new section, a new
  language).

A text that changes alone (the source of a change) is not reported in its own
language: the others report it as stale. Confirming ``L`` also tells every other
language's record that ``L``'s text is the one now in step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_builder.i18n.units import Text, collect, languages

LOCK = "i18n.lock.json"
FORMAT = 1
Snapshot = dict[str, str]  # language → the first 16 hex digits of its text's SHA-256
# A text identical to another language's is left untranslated when it is a phrase: four
# words or more outside its placeholders ({g.term}, {{ … }}, {version}), one of them of
# three or more lower-case letters. Shorter texts may coincide between related languages
# (es/pt "política", "abuso de mercado"; es/en "Sector"), and names and codes (LinkedIn,
# GDPR, +34) have no lower-case word.
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{[^{}]*\}")
_WORD = re.compile(r"\b[^\W\d_A-Z]*[a-zà-ÿ][^\W\d_]{2,}\b")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the templates folder
    line: int
    unit: str
    kind: str  # missing, empty, untranslated, stale, unconfirmed, unconfirmed-new
    message: str


@dataclass(frozen=True)
class Lock:
    confirmed: dict[str, dict[str, Snapshot]]  # language → unit → snapshot
    same: frozenset[str]  # units allowed to read the same in every language


def read(root: Path) -> Lock:
    """The lock in ``root`` (an empty one when there is none yet)."""
    path = root / LOCK
    if not path.is_file():
        return Lock({}, frozenset())
    data = json.loads(path.read_text(encoding="utf-8"))
    return Lock(data.get("confirmed", {}), frozenset(data.get("same_in_every_language", [])))


def check(root: Path) -> list[Problem]:
    """Every problem of the templates folder ``root``, in file order."""
    units, lock = collect(root), read(root)
    langs = languages(root)
    problems: list[Problem] = []
    for unit, texts in units.items():
        problems += _parity(unit, texts, langs, lock.same)
        problems += _freshness(unit, texts, langs, lock)
    return sorted(problems, key=lambda p: (p.file, p.line, p.unit, p.kind))


def confirm(root: Path, langs: Sequence[str]) -> int:
    """Record that each of ``langs`` says, in every unit, what the others say now.
    Returns how many units were recorded (in any of ``langs``)."""
    units, lock = collect(root), read(root)
    confirmed = {lang: dict(snaps) for lang, snaps in lock.confirmed.items()}
    recorded_units: set[str] = set()
    for lang in langs:
        mine = confirmed.setdefault(lang, {})
        for unit, texts in units.items():
            if lang not in texts:
                continue
            now = {code: text.sha for code, text in texts.items()}
            mine[unit] = now
            recorded_units.add(unit)
            for other, snaps in confirmed.items():
                if other == lang or unit not in snaps:
                    continue
                snaps[unit][lang] = now[lang]
                if all(snaps[unit].get(c) == h for c, h in now.items() if c != other):
                    snaps[unit][other] = now.get(other, snaps[unit].get(other, ""))
    present = set(units)
    for snaps in confirmed.values():  # units no longer in the templates
        for unit in [u for u in snaps if u not in present]:
            del snaps[unit]
    write(root, Lock(confirmed, lock.same))
    return len(recorded_units)


def write(root: Path, lock: Lock) -> None:
    """The lock as JSON, one unit per line, so a confirmation reads well as a diff."""
    from policy_builder.pipeline.write import atomic_write

    lines = [
        "{",
        '  "about": "Written by policy i18n confirm LANG: for each language, the hashes of '
        "every language's text when it was last confirmed in step. See templates/README.md.\",",
        f'  "format": {FORMAT},',
        f'  "same_in_every_language": {json.dumps(sorted(lock.same), ensure_ascii=False)},',
        '  "confirmed": {',
    ]
    langs = sorted(lock.confirmed)
    for i, lang in enumerate(langs):
        lines.append(f"    {json.dumps(lang)}: {{")
        snaps = sorted(lock.confirmed[lang].items())
        for j, (unit, snap) in enumerate(snaps):
            comma = "," if j < len(snaps) - 1 else ""
            body = json.dumps(dict(sorted(snap.items())), ensure_ascii=False)
            lines.append(f"      {json.dumps(unit, ensure_ascii=False)}: {body}{comma}")
        lines.append("    }" + ("," if i < len(langs) - 1 else ""))
    lines += ["  }", "}", ""]
    atomic_write(root / LOCK, "\n".join(lines).encode())


def _parity(
    unit: str, texts: dict[str, Text], langs: Sequence[str], same: frozenset[str]
) -> list[Problem]:
    problems = []
    some = next(iter(texts.values()))
    head, _, rest = some.file.partition("/")
    for lang in langs:
        if lang not in texts:  # where it belongs: the language's own file, or the data file
            where = f"{lang}/{rest}" if head in langs else some.file
            problems.append(
                Problem(
                    where, 1, unit, "missing", f"missing in {lang} ({some.file}:{some.line} has it)"
                )
            )
    for lang, text in texts.items():
        if text.value is not None and not text.value.strip():
            problems.append(Problem(text.file, text.line, unit, "empty", f"empty text in {lang}"))
    if unit in same or len(texts) < 2:
        return problems
    for lang, text in texts.items():
        twin = next(
            (
                o
                for o, t in texts.items()
                if o < lang and t.value is not None and t.value == text.value
            ),
            None,
        )
        if twin and text.value is not None and _phrase(text.value):
            problems.append(
                Problem(
                    text.file,
                    text.line,
                    unit,
                    "untranslated",
                    f"the {lang} text is the {twin} one ({texts[twin].file}:{texts[twin].line}): "
                    f"translate it, or, if it is a name, list {unit} under "
                    f"same_in_every_language in {LOCK}",
                )
            )
    return problems


def _freshness(
    unit: str, texts: dict[str, Text], langs: Sequence[str], lock: Lock
) -> list[Problem]:
    problems = []
    for lang in langs:
        text = texts.get(lang)
        if text is None:
            continue
        snap = lock.confirmed.get(lang, {}).get(unit)
        if snap is None:
            problems.append(
                Problem(
                    text.file,
                    text.line,
                    unit,
                    "unconfirmed-new",
                    f"never confirmed in {lang}: once it says what the other languages say, "
                    f"run policy i18n confirm {lang}",
                )
            )
            continue
        changed = [o for o, t in texts.items() if o != lang and o in snap and snap[o] != t.sha]
        if not changed:
            continue
        sources = ", ".join(f"{texts[o].file}:{texts[o].line}" for o in changed)
        if snap.get(lang) == text.sha:
            problems.append(
                Problem(
                    text.file,
                    text.line,
                    unit,
                    "stale",
                    f"stale {lang} translation: {sources} changed since {lang} was confirmed; "
                    f"update {text.file}, then run policy i18n confirm {lang}",
                )
            )
        else:
            problems.append(
                Problem(
                    text.file,
                    text.line,
                    unit,
                    "unconfirmed",
                    f"changed since {lang} was confirmed, and so did {sources}: once they say "
                    f"the same, run policy i18n confirm {lang}",
                )
            )
    return problems


def _phrase(text: str) -> bool:
    words = _PLACEHOLDER.sub(" ", text)
    return len(_WORDS.findall(words)) >= 4 and _WORD.search(words) is not None


def as_dict(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "unit": problem.unit,
        "kind": problem.kind,
        "message": problem.message,
    }
