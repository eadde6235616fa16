"""Translation drift: a section whose text changed in one language and not in another."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from policy_builder.compare.redline import SectionDiff
from policy_builder.i18n import catalogue


@dataclass(frozen=True)
class Drift:
    section: str
    title: dict[str, str]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


def drift(redlines: dict[str, tuple[SectionDiff, ...]]) -> Iterator[Drift]:
    if len(redlines) < 2:
        return
    changed = {lang: {d.id: d for d in diffs} for lang, diffs in redlines.items()}
    ids = dict.fromkeys(sid for diffs in redlines.values() for sid in (d.id for d in diffs))
    for sid in ids:
        where = tuple(lang for lang in redlines if sid in changed[lang])
        if len(where) < len(redlines):
            titles = {lang: str(catalogue.load(lang)["sections"][sid]) for lang in redlines}
            yield Drift(sid, titles, where, tuple(lang for lang in redlines if lang not in where))
