"""``policy validate``: load and validate configs, collecting every problem.

``check`` validates one config (and, with ``out_dir``, checks it against what is
published there, as ``build`` would); ``validate`` checks many and, with ``lint``,
reviews each valid config's own texts as ``policy i18n lint`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder.errors import ExitCode, InvalidConfigError, PublishedVersionError, TamperedError
from policy_builder.models import Issue
from policy_builder.pipeline.load import load
from policy_builder.pipeline.validate import load_valid
from policy_builder.pipeline.validate import validate as validate_loaded
from policy_builder.sources import discover


@dataclass(frozen=True)
class CheckResult:
    file: str
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class Invalid:
    """A config that a many-config command leaves out because it does not validate."""

    path: Path
    message: str  # "2 problems found"
    issues: tuple[Issue, ...]

    @classmethod
    def because(cls, path: Path, error: InvalidConfigError) -> Invalid:
        return cls(path, error.message, tuple(error.issues))


@dataclass(frozen=True)
class Validation:
    """Every config's problems; ``warnings`` are the prose findings (None without lint)."""

    results: tuple[CheckResult, ...]
    warnings: tuple[Issue, ...] | None = None
    strict: bool = False  # a prose warning fails the run too

    @property
    def valid(self) -> bool:
        return all(r.valid for r in self.results)

    @property
    def exit_code(self) -> ExitCode:
        wanting = not self.valid or (self.strict and bool(self.warnings))
        return ExitCode.FOUND_WANTING if wanting else ExitCode.OK


def validate(
    paths: Sequence[Path],
    *,
    out_dir: Path | None = None,
    lint: bool = False,
    strict: bool = False,
) -> Validation:
    """``policy validate``: check every config in ``paths`` (files or folders of configs).

    With ``lint``, the prose checks run on each valid config's own texts (custom
    items, changelog, route, framework); with ``strict`` too, a finding fails the run.
    """
    sources = discover(paths)
    results = tuple(check(path, out_dir=out_dir) for path in sources)
    if not lint:
        return Validation(results, strict=strict)
    from policy_builder.lint.run import lint_config

    warnings = tuple(
        warning
        for path, result in zip(sources, results, strict=True)
        if result.valid
        for warning in lint_config(load_valid(path, result.file))
    )
    return Validation(results, warnings, strict)


def check(path: Path, display: str | None = None, out_dir: Path | None = None) -> CheckResult:
    """Load and validate one config, collecting every problem.

    With ``out_dir``, a valid config is also checked against the versions published
    there, as ``build`` would: each keeps its changelog entry, the version does not go
    back, and a published folder of this version verifies and was built from this
    very content.
    """
    shown = display or str(path)
    try:
        loaded = load(path, shown)
    except InvalidConfigError as exc:
        return CheckResult(shown, tuple(exc.issues))
    issues = validate_loaded(loaded)
    if not issues and out_dir is not None:
        from policy_builder.commands.build import check_publishable
        from policy_builder.pipeline.resolve import resolve

        try:
            check_publishable(loaded, resolve(loaded), out_dir)
        except (PublishedVersionError, TamperedError) as exc:
            where = loaded.source.where(("policy", "version"))
            issues = [Issue(*where, "policy.version", str(exc))]
    return CheckResult(shown, tuple(issues))
