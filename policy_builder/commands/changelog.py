"""``policy changelog``: a policy's recorded history, resolved, with regulation titles.

Validation already guarantees the entries are ordered and the newest one is the
current version; this module only gathers them for ``report.changelog`` to print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder.commands.validate import Invalid
from policy_builder.errors import ExitCode, InvalidConfigError, UsageError
from policy_builder.models import LocalText
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from policy_builder.sources import discover


@dataclass(frozen=True)
class HistoryEntry:
    """One changelog entry; texts in every language of the policy."""

    version: str
    date: dt.date
    summary: LocalText
    reason: LocalText
    regulation: str | None  # the regulation's id
    regulation_title: LocalText | None
    approver: str


@dataclass(frozen=True)
class PolicyHistory:
    """One policy's changelog, ``entries`` oldest first (the last is ``version``)."""

    file: str
    slug: str
    company: str
    version: str
    languages: tuple[str, ...]  # codes, which the texts are keyed by
    authoritative_language: str
    entries: tuple[HistoryEntry, ...]
    variants: tuple[str, ...] = ()  # the languages as published tags (es-MX, en-US)

    def language(self, requested: str | None) -> str:
        """The policy's tag for ``requested`` (a code or a tag), or for the prevailing
        language; ``UsageError`` if the policy lacks it."""
        wanted = requested or self.authoritative_language
        for code, tag in zip(self.languages, self.variants or self.languages, strict=True):
            if wanted in (code, tag):
                return tag
        raise UsageError(
            f"{self.file}: --lang {requested}: the policy is written in "
            f"{', '.join(self.variants or self.languages)}"
        )


@dataclass(frozen=True)
class Changelogs:
    """The histories of every valid config, and the configs left out."""

    histories: tuple[PolicyHistory, ...]
    languages: tuple[str, ...]  # the tag each history's texts are worded in
    skipped: tuple[Invalid, ...] = ()

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FOUND_WANTING if self.skipped else ExitCode.OK


def changelog_all(paths: Sequence[Path], *, lang: str | None = None) -> Changelogs:
    """``policy changelog``: the history of every config in ``paths`` (files or folders).

    Configs that do not validate are skipped and listed. Each history is worded in
    ``lang`` (default: its prevailing language); ``UsageError`` if a policy lacks it.
    """
    histories, skipped = [], []
    for path in discover(paths):
        try:
            histories.append(changelog(path))
        except InvalidConfigError as exc:
            skipped.append(Invalid.because(path, exc))
    langs = tuple(h.language(lang) for h in histories)  # every --lang problem before any output
    return Changelogs(tuple(histories), langs, tuple(skipped))


def changelog(path: Path) -> PolicyHistory:
    """The recorded history of the config at ``path`` (``InvalidConfigError`` if invalid)."""
    loaded = load_valid(path)
    policy = resolve(loaded)
    titles = {r.id: r.title for r in policy.regulations}
    entries = tuple(
        HistoryEntry(
            e.version,
            e.date,
            e.summary,
            e.reason,
            e.regulation,
            titles.get(e.regulation) if e.regulation else None,
            e.approver,
        )
        for e in policy.changelog
    )
    return PolicyHistory(
        loaded.display,
        policy.slug,
        policy.legal_name,
        policy.version,
        policy.languages,
        policy.authoritative_language,
        entries,
        policy.variants,
    )
