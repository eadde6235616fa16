"""policy-builder: a company's social-media policy as code, published as a
bilingual handbook (Markdown, HTML, PDF).

The pipeline is load → validate → resolve → render → write. Every command of the
``policy`` CLI is also a function here that returns a frozen result and never
prints; ``policy_builder.report`` turns results into the text the CLI shows::

    from pathlib import Path

    import policy_builder

    config = Path("company_configs/acme.yaml")
    checked = policy_builder.validate([config])
    if checked.valid:
        result = policy_builder.build(config, out_dir=Path("output"), formats=["md", "html"])
        print(result.state, result.directory)  # written output/acme/<version>

The functions, each in the ``policy_builder.commands`` module of its command:

- ``validate(paths, *, out_dir, lint, strict) -> Validation``; one config:
  ``check(path) -> CheckResult``
- ``build(path, *, out_dir, langs, formats, force, pdf_variant,
  editions) -> BuildResult``; many configs,
  across processes, each failure recorded rather than raised (in ``commands.batch``):
  ``build_all(paths, *, ..., jobs, shard, on_event) -> BuildRun``
- ``diff(old, new, *, lang, ...) -> DiffReport``; the comparison alone:
  ``compare(old, new) -> DiffResult``
- ``changelog(path) -> PolicyHistory``; many: ``changelog_all(paths, *, lang) -> Changelogs``
- ``status(paths, *, out_dir, today) -> Portfolio``
- ``init(slug, directory) -> Starter`` and ``schema() -> str``
- ``diagnose() -> Diagnosis`` (``policy doctor``)

Paths may be config files or folders of configs. A problem the caller can fix
raises ``policy_builder.errors.PolicyError`` (``InvalidConfigError`` lists every
problem of a config). Nothing heavy is imported until a function is first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from policy_builder.version import __version__

if TYPE_CHECKING:
    from policy_builder.commands.batch import BuildRun, build_all
    from policy_builder.commands.build import BuildResult, build
    from policy_builder.commands.changelog import (
        Changelogs,
        PolicyHistory,
        changelog,
        changelog_all,
    )
    from policy_builder.commands.diff import DiffReport, DiffResult, compare, diff
    from policy_builder.commands.doctor import Diagnosis, diagnose
    from policy_builder.commands.init import Starter, init
    from policy_builder.commands.schema import schema
    from policy_builder.commands.status import PolicyStatus, Portfolio, status
    from policy_builder.commands.validate import CheckResult, Validation, check, validate

# Each public name and the command module it lives in, imported on first use.
_PUBLIC = {
    "batch": ("build_all", "BuildRun"),
    "build": ("build", "BuildResult"),
    "changelog": ("changelog", "changelog_all", "Changelogs", "PolicyHistory"),
    "diff": ("diff", "compare", "DiffReport", "DiffResult"),
    "doctor": ("diagnose", "Diagnosis"),
    "init": ("init", "Starter"),
    "schema": ("schema",),
    "status": ("status", "Portfolio", "PolicyStatus"),
    "validate": ("validate", "check", "CheckResult", "Validation"),
}
_HOME = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = [  # what _PUBLIC lists, spelled out for linters and type checkers
    "BuildResult",
    "BuildRun",
    "Changelogs",
    "CheckResult",
    "Diagnosis",
    "DiffReport",
    "DiffResult",
    "PolicyHistory",
    "PolicyStatus",
    "Portfolio",
    "Starter",
    "Validation",
    "__version__",
    "build",
    "build_all",
    "changelog",
    "changelog_all",
    "check",
    "compare",
    "diagnose",
    "diff",
    "init",
    "schema",
    "status",
    "validate",
]


def __getattr__(name: str) -> object:
    """Import a public function or result type from its command module when first used."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'policy_builder' has no attribute {name!r}")
    value: object = getattr(importlib.import_module(f"policy_builder.commands.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value
