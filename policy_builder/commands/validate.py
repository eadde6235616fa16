"""``policy validate``: load and validate configs, collecting every problem.

``check`` validates one config (and, with ``out_dir``, checks it against what is
published there, as ``build`` would); ``validate`` checks many and, with ``lint``,
reviews each valid config's own texts as ``policy i18n lint`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policy_builder.commands import validate_cache
from policy_builder.errors import ExitCode, InvalidConfigError, PublishedVersionError, TamperedError
from policy_builder.models import Issue
from policy_builder.sources import discover

if TYPE_CHECKING:  # a cache hit imports no stage
    from policy_builder.pipeline.hints import Hint


@dataclass(frozen=True)
class CheckResult:
    file: str
    issues: tuple[Issue, ...]
    hints: tuple[Hint, ...] = ()  # jurisdiction hints: warnings, found for a valid config
    warnings: tuple[Issue, ...] = ()  # kept, but worth changing (rules.warnings)

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
    """Every config's problems and hints; ``warnings`` are the prose findings (None
    without lint)."""

    results: tuple[CheckResult, ...]
    warnings: tuple[Issue, ...] | None = None
    strict: bool = False  # a warning (hint or prose) fails the run too

    @property
    def valid(self) -> bool:
        return all(r.valid for r in self.results)

    @property
    def hints(self) -> tuple[Hint, ...]:
        return tuple(hint for r in self.results for hint in r.hints)

    @property
    def exit_code(self) -> ExitCode:
        warned = bool(self.warnings) or bool(self.hints)
        wanting = not self.valid or (self.strict and warned)
        return ExitCode.FOUND_WANTING if wanting else ExitCode.OK


def validate(
    paths: Sequence[Path],
    *,
    out_dir: Path | None = None,
    lint: bool = False,
    strict: bool = False,
    cache: bool | Path = False,
) -> Validation:
    """``policy validate``: check every config in ``paths`` (files or folders of configs).

    Each valid config gets its jurisdiction hints (``pipeline.hints``). With ``lint``,
    the prose checks run on each valid config's own texts (custom items, changelog,
    route, framework). With ``strict``, a hint or a prose finding fails the run.
    With ``cache`` (True: ``$POLICY_BUILDER_CACHE`` or ``.policy-cache``; or a folder),
    a config found valid before is not checked again while nothing that decided it
    has changed (``validate_cache``); never with ``out_dir`` or ``lint``.
    """
    sources = discover(paths)
    where = validate_cache.folder(cache) if out_dir is None and not lint else None
    store = validate_cache.Cache(where) if where is not None else None
    results = tuple(check(path, out_dir=out_dir, cache=store) for path in sources)
    if store is not None:
        store.save()
    if not lint:
        return Validation(results, strict=strict)
    from policy_builder.lint.run import lint_config
    from policy_builder.pipeline.validate import load_valid

    warnings = tuple(
        warning
        for path, result in zip(sources, results, strict=True)
        if result.valid
        for warning in lint_config(load_valid(path, result.file))
    )
    return Validation(results, warnings, strict)


def check(
    path: Path,
    display: str | None = None,
    out_dir: Path | None = None,
    cache: validate_cache.Cache | None = None,
) -> CheckResult:
    """Load and validate one config, collecting every problem.

    With ``out_dir``, a valid config is also checked against the versions published
    there, as ``build`` would: each keeps its changelog entry, the version does not go
    back, and a published folder of this version verifies and was built from this
    very content. Without, and with a ``cache``, a config the cache knows to be valid
    (and without hints) is not even read, and one found so is added to it: a config
    with hints is checked afresh each time, so its warnings are never hidden.
    """
    shown = display or str(path)
    cache = cache if out_dir is None else None
    if cache is not None and cache.valid(path):
        return CheckResult(shown, ())
    from policy_builder.pipeline.load import load  # imported once a config is read
    from policy_builder.pipeline.validate import validate as validate_loaded

    try:
        loaded = load(path, shown)
    except InvalidConfigError as exc:
        return CheckResult(shown, tuple(exc.issues))
    issues = validate_loaded(loaded)
    from policy_builder.pipeline.rules import warnings as rule_warnings

    noted = tuple(rule_warnings(loaded))
    if not issues and out_dir is not None:
        from policy_builder.commands.build import check_publishable
        from policy_builder.pipeline.resolve import resolve

        try:
            check_publishable(loaded, resolve(loaded), out_dir)
        except (PublishedVersionError, TamperedError) as exc:
            where = loaded.source.where(("policy", "version"))
            issues = [Issue(*where, "policy.version", str(exc))]
    if issues:
        return CheckResult(shown, tuple(issues), warnings=noted)
    from policy_builder.pipeline.hints import warnings as hint_warnings

    hints = hint_warnings(loaded)
    if cache is not None and not hints and not noted:  # a warning is said every time
        cache.add(loaded)
    return CheckResult(shown, (), hints, noted)
