"""``policy i18n check`` and ``policy i18n confirm LANG``: the translation lock.

The checks live in ``i18n.lock``; these functions run them on the bundled templates
(or another templates folder) and return what the report prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder import resources
from policy_builder.errors import ExitCode, OptionError
from policy_builder.i18n.lock import LOCK, Problem


@dataclass(frozen=True)
class Check:
    root: Path
    languages: tuple[str, ...]
    units: int
    problems: tuple[Problem, ...]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FOUND_WANTING if self.problems else ExitCode.OK


@dataclass(frozen=True)
class Confirmed:
    lock: Path
    languages: tuple[str, ...]
    units: int
    exit_code: ExitCode = ExitCode.OK


def check(root: Path | None = None) -> Check:
    """Every language of ``root`` (default: the bundled templates) in step, none stale."""
    from policy_builder.i18n import lock, units

    folder = root or resources.templates_dir()
    found = units.collect(folder)
    return Check(folder, units.languages(folder), len(found), tuple(lock.check(folder)))


def confirm(langs: Sequence[str], root: Path | None = None) -> Confirmed:
    """Record that ``langs`` now say what the other languages say (``OptionError`` for a
    language the templates do not have)."""
    from policy_builder.i18n import lock, units

    folder = root or resources.templates_dir()
    known = units.languages(folder)
    unknown = [lang for lang in langs if lang not in known]
    if unknown or not langs:
        raise OptionError(
            f"LANG must be one of {', '.join(known)} (got {', '.join(unknown) or 'nothing'})"
        )
    count = lock.confirm(folder, langs)
    return Confirmed(folder / LOCK, tuple(langs), count)
