"""``policy i18n lint``: review the prose of each config's handbook in every language.

The checks themselves live in ``policy_builder.lint``; this module runs them over
many configs and leaves out, and lists, those that do not validate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder.commands.validate import Invalid
from policy_builder.errors import ExitCode, InvalidConfigError
from policy_builder.lint import Finding
from policy_builder.sources import discover


@dataclass(frozen=True)
class Review:
    """Every finding, how many configs were reviewed, and those left out."""

    findings: tuple[Finding, ...]
    configs: int
    skipped: tuple[Invalid, ...] = ()

    @property
    def exit_code(self) -> ExitCode:
        wanting = self.findings or self.skipped
        return ExitCode.FOUND_WANTING if wanting else ExitCode.OK


def lint(paths: Sequence[Path] | None = None) -> Review:
    """Review every config in ``paths`` (files or folders; by default company_configs)."""
    from policy_builder.lint.run import lint_file

    findings: list[Finding] = []
    skipped = []
    sources = discover(paths or [Path("company_configs")])
    for path in sources:
        try:
            findings += lint_file(path)
        except InvalidConfigError as exc:
            skipped.append(Invalid.because(path, exc))
    return Review(tuple(findings), len(sources), tuple(skipped))
