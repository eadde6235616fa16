"""``policy diff``: what changed between two versions of one policy.

Each side is a config file or a published version folder. Changes are matched by
stable ids and described in the words of each language's catalogue
(``compare.changes``); ``compare.redline`` compares the rendered text. ``compare``
compares; ``diff`` also decides what the report shows (``report.diff`` writes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from policy_builder.compare.changes import Change, changes
from policy_builder.compare.drift import Drift, drift
from policy_builder.compare.redline import SectionDiff, redline
from policy_builder.compare.sides import Side, load_side, same_company
from policy_builder.errors import ExitCode, OptionError, UsageError
from policy_builder.i18n import variants

Format = Literal["text", "json", "html", "docx"]
FORMATS: tuple[Format, ...] = ("text", "json", "html", "docx")


@dataclass(frozen=True)
class DiffResult:
    old: Side
    new: Side
    languages: tuple[str, ...]
    changes: tuple[Change, ...]
    redlines: dict[str, tuple[SectionDiff, ...]]
    drift: tuple[Drift, ...]

    @property
    def equivalent(self) -> bool:
        return not self.changes and not any(self.redlines.values())

    @property
    def tags(self) -> tuple[str, ...]:
        """The shared languages as either version publishes them (es-ES, es-MX, en-US)."""
        found = (
            side.policy.variant(code) for code in self.languages for side in (self.new, self.old)
        )
        return tuple(dict.fromkeys(t for t in found if t))


def compare(old_path: Path, new_path: Path) -> DiffResult:
    """Compare two versions of the same policy, in every language they share."""
    old, new = load_side(old_path), load_side(new_path)
    if not same_company(old.policy, new.policy):
        raise UsageError(
            f"{old.label} is {old.policy.legal_name} and {new.label} is {new.policy.legal_name}: "
            "diff compares two versions of one company's policy"
        )
    shared = tuple(lang for lang in new.policy.languages if lang in old.policy.languages)
    langs = tuple(dict.fromkeys((*new.policy.languages, *old.policy.languages)))
    redlines = {lang: tuple(redline(old.policy, new.policy, lang)) for lang in shared}
    return DiffResult(
        old, new, shared, tuple(changes(old, new, langs)), redlines, tuple(drift(redlines))
    )


@dataclass(frozen=True)
class DiffReport:
    """The comparison, and what its report shows: ``entry`` is a draft changelog entry."""

    result: DiffResult
    kind: Literal["text", "json", "html", "docx", "entry"]
    words: str  # the language the report is worded in
    redline_langs: tuple[str, ...]  # the languages whose redline it shows
    today: dt.date  # an entry's date when NEW's effective date is not later than OLD's
    output: Path | None = None  # where to write it; None: the terminal

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.result.equivalent else ExitCode.FOUND_WANTING


def diff(
    old: Path,
    new: Path,
    *,
    lang: str | None = None,
    output_format: Format = "text",
    output: Path | None = None,
    changelog_entry: bool = False,
    today: dt.date | None = None,
) -> DiffReport:
    """``policy diff``: compare OLD and NEW and decide what the report shows.

    ``lang`` (a code or a tag) words the report and limits the redline to that
    language; by default the report is in NEW's prevailing language and the redline
    in every shared one. ``output`` may not replace OLD or NEW, nor lie inside a
    published folder given as either (``UsageError``).
    """
    if output_format == "docx" and output is None and not changelog_entry:
        raise OptionError("--format docx writes a Word file: give it with --output FILE.docx")
    if output is not None:
        _refuse_overwriting_inputs(output, old, new)
    result = compare(old, new)
    if lang is not None:  # a code or a tag: each version is redlined in its own variant
        if variants.base(lang) not in result.languages or (
            not variants.is_base(lang) and lang not in result.tags
        ):
            raise OptionError(
                f"--lang {lang}: both versions are published in {', '.join(result.tags)}"
            )
        lang = variants.base(lang)
    words = lang or result.new.policy.authoritative_language
    if words not in result.languages:
        words = result.languages[0]
    redline_langs = (lang,) if lang else result.languages
    kind = "entry" if changelog_entry else output_format
    return DiffReport(result, kind, words, redline_langs, today or dt.date.today(), output)


def save(output: Path, report: str | bytes) -> None:
    """Write the report (text, or a Word file's bytes) to ``output`` atomically
    (``UsageError`` if it cannot be)."""
    from policy_builder.pipeline.write import atomic_write

    try:
        atomic_write(output, report.encode() if isinstance(report, str) else report)
    except OSError as exc:
        raise UsageError(f"--output {output}: {exc.strerror or exc}") from None


def _refuse_overwriting_inputs(output: Path, *inputs: Path) -> None:
    """``--output`` must not replace OLD or NEW, nor write into a published folder."""
    for name, given in zip(("OLD", "NEW"), inputs, strict=True):
        try:
            same = output.exists() and given.exists() and output.samefile(given)
            target, source = output.resolve(), given.resolve()
        except (OSError, RuntimeError, ValueError):
            continue  # not a path that can be written anyway: atomic_write reports it
        if same or target == source or (given.is_dir() and target.is_relative_to(source)):
            raise UsageError(
                f"--output {output} would overwrite {name} ({given}); write the report elsewhere"
            )
