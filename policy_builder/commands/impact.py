"""Which policies a regulation change touches: ``policy impact REGULATION``.

A policy is touched when it cites the regulation, in its own file or through a base
it extends (``LoadedConfig.source.origin`` names the file each cited id came from).
It needs review when its last review predates the date the regulation changed: the
catalogue entry's ``as_of``, or ``since`` when given. Invalid configs are problems of
the answer, one line each, never an error of the command.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_builder.errors import ExitCode, InvalidConfigError, UsageError
from policy_builder.models import Issue
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from policy_builder.regulations.catalogue import for_config, load
from policy_builder.regulations.entry import Entry
from policy_builder.regulations.paths import project_folder
from policy_builder.sources import discover

DEFAULT_PATHS = (Path("company_configs"),)


@dataclass(frozen=True)
class Citing:
    """One policy that cites the regulation."""

    file: str
    slug: str
    version: str
    effective_date: dt.date
    last_review: dt.date
    changed: dt.date  # the date the regulation changed, for this policy's catalogue
    via: str | None  # the base it is cited through; None when cited in its own file

    @property
    def needs_review(self) -> bool:
        return self.last_review < self.changed


@dataclass(frozen=True)
class Impact:
    """Every policy in the paths that cites ``regulation``, and the configs that failed."""

    regulation: str
    entry: Entry
    since: dt.date | None
    policies: tuple[Citing, ...]
    checked: int  # valid configs read, citing or not
    problems: tuple[Issue, ...] = ()

    @property
    def changed(self) -> dt.date:
        return self.since or self.entry.as_of

    @property
    def needing_review(self) -> tuple[Citing, ...]:
        return tuple(p for p in self.policies if p.needs_review)

    @property
    def exit_code(self) -> ExitCode:
        """1 when a citing policy needs review or a config could not be checked."""
        return ExitCode.FOUND_WANTING if self.needing_review or self.problems else ExitCode.OK


def impact(
    regulation: str, paths: Sequence[Path] | None = None, *, since: dt.date | None = None
) -> Impact:
    """``policy impact``: the policies in ``paths`` (default company_configs) citing
    ``regulation``, each flagged when its last review predates the change."""
    configs = discover(paths or DEFAULT_PATHS)
    first = configs[0] if configs else Path("company_configs") / "policy.yaml"
    catalogue = load(project_folder(first))
    entry = catalogue.get(regulation)
    if entry is None:
        close = difflib.get_close_matches(regulation, catalogue.ids(), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(catalogue.ids())}"
        raise UsageError(f"unknown regulation '{regulation}'", hint)
    rows: list[Citing] = []
    problems: list[Issue] = []
    checked = 0
    for path in configs:
        try:
            loaded = load_valid(path)
        except InvalidConfigError as exc:
            problems += exc.issues
            continue
        checked += 1
        row = _citing(loaded, regulation, since)
        if row is not None:
            rows.append(row)
    rows.sort(key=lambda r: (not r.needs_review, r.last_review, r.slug))
    return Impact(regulation, entry, since, tuple(rows), checked, tuple(problems))


def _citing(loaded: LoadedConfig, regulation: str, since: dt.date | None) -> Citing | None:
    cited = loaded.data.get("regulations") or []
    index = next((i for i, r in enumerate(cited) if r == regulation), None)
    if index is None:
        return None
    origin = loaded.source.origin
    via = origin.get(("regulations", index)) or origin.get(("regulations",))
    policy = resolve(loaded)
    own = for_config(loaded.path).get(regulation)
    changed = since or (own.as_of if own else dt.date.min)
    return Citing(
        file=loaded.display,
        slug=policy.slug,
        version=policy.version,
        effective_date=policy.effective_date,
        last_review=policy.last_review,
        changed=changed,
        via=via if via and via != loaded.display else None,
    )
