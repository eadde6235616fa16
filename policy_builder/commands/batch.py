"""``policy build`` of many configs: each built on its own, across processes.

``build_all`` selects the configs (a shard of them with ``--shard``), skips here,
without loading them, those whose published version is current
(``incremental.up_to_date``), and builds the rest: in this process with one job,
else in a pool of worker processes (``workers``), each of which imports the
renderer once and keeps its caches for every config it builds.

A config that fails is an outcome, never an exception: the others are still built.
The outcomes come back in the order the configs were given, whatever order they
finish in. ``on_event`` hears each config start and finish: that is how the CLI
shows progress, since this module never prints.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from policy_builder.commands.build import BuildResult, build
from policy_builder.commands.incremental import up_to_date
from policy_builder.errors import ExitCode, InvalidConfigError, PolicyError, UsageError
from policy_builder.models import Issue
from policy_builder.naming import DEFAULT_PDF_VARIANT as DEFAULT_VARIANT
from policy_builder.naming import FORMATS
from policy_builder.sources import select

BuildState = Literal["written", "unchanged", "forced", "failed"]
RENDERER = ["policy_builder.pipeline.localize", "policy_builder.pipeline.render"]
# Not WeasyPrint itself: the forkserver dies on an import failing with other than
# ImportError (a missing Pango is an OSError), taking the pool with it. Each worker
# imports it once, on its first PDF, and in parallel, which costs no more time.
PDF = ["policy_builder.pipeline.pdf"]
DOCX = ["policy_builder.pipeline.docx"]  # python-docx and lxml, imported once
DIED = (
    "the worker process building it died twice (killed, or out of memory); "
    "the other configs were built"
)


@dataclass(frozen=True)
class BuildOutcome:
    """What became of one config: built (``result``) or failed, and why."""

    path: Path
    state: BuildState
    result: BuildResult | None = None
    reason: str | None = None  # why it failed
    issues: tuple[Issue, ...] = ()  # an invalid config's problems; none when refused
    code: ExitCode = ExitCode.FOUND_WANTING  # a failure's: USAGE when asked the impossible


@dataclass(frozen=True)
class BuildRun:
    """Every config's outcome, in the order they were given, and the time it all took."""

    outcomes: tuple[BuildOutcome, ...]
    seconds: float = 0.0

    @property
    def built(self) -> int:
        return sum(o.state in ("written", "forced") for o in self.outcomes)

    @property
    def unchanged(self) -> int:
        return sum(o.state == "unchanged" for o in self.outcomes)

    @property
    def failed(self) -> tuple[BuildOutcome, ...]:
        return tuple(o for o in self.outcomes if o.state == "failed")

    @property
    def exit_code(self) -> ExitCode:
        """1 when any config failed; 2 when one was asked what it cannot do (``--lang``)."""
        return max((o.code for o in self.failed), default=ExitCode.OK)


@dataclass(frozen=True)
class BuildEvent:
    """A config started (sent to a worker) or finished (``outcome`` set).

    ``index`` is its place among the ``total`` configs of the run. A config found
    current without building it only finishes.
    """

    kind: Literal["started", "finished"]
    index: int
    total: int
    path: Path
    outcome: BuildOutcome | None = None


@dataclass(frozen=True)
class Settings:
    """What every config of a run is built with (sent to each worker)."""

    out_dir: Path
    langs: tuple[str, ...] | None
    formats: tuple[str, ...]
    force: bool
    # How many processes lay out one config's PDFs: None lets the PDF stage decide (every
    # usable core here, one inside a pool worker, where the batch keeps the cores busy).
    pdf_jobs: int | None = None
    pdf_variant: str = DEFAULT_VARIANT  # pdf_archive.VARIANTS
    editions: tuple[str, ...] | None = None  # None: the default editions (build.build)


def usable_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity
        return os.cpu_count() or 1


def build_all(
    paths: Sequence[Path],
    *,
    out_dir: Path = Path("output"),
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    force: bool = False,
    jobs: int | None = 1,
    shard: tuple[int, int] | None = None,
    on_event: Callable[[BuildEvent], None] | None = None,
    pdf_variant: str = DEFAULT_VARIANT,
    editions: Sequence[str] | None = None,
) -> BuildRun:
    """``policy build``: build every config in ``paths`` (files or folders of configs).

    ``jobs`` configs build at once, each in a worker process (None: one per usable
    core); with 1, or a single config left to build, they build here, with no pool.
    Workers run the main script again, so a script calling this with more than one
    job does so under ``if __name__ == "__main__":``, as ``multiprocessing`` requires.
    ``shard=(k, n)`` builds only the k-th of n shares (``sources.in_shard``).
    A config that does not validate, or whose published version refuses the build,
    is a failed outcome and the others are still built. Ctrl-C stops every worker
    and raises ``KeyboardInterrupt`` here, leaving no half-published folder.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more (got {jobs})")
    start = time.monotonic()
    configs = select(paths, shard)
    chosen = tuple(langs) if langs else None
    settings = Settings(out_dir, chosen, tuple(formats), force, pdf_variant=pdf_variant)
    settings = replace(settings, editions=tuple(editions) if editions else None)
    emit = on_event or (lambda event: None)
    outcomes: dict[int, BuildOutcome] = {}

    def finished(index: int, outcome: BuildOutcome) -> None:
        outcomes[index] = outcome
        emit(BuildEvent("finished", index, len(configs), outcome.path, outcome))

    def started(index: int) -> None:
        emit(BuildEvent("started", index, len(configs), configs[index]))

    todo = []
    for index, path in enumerate(configs):
        current = None if force else _up_to_date(path, settings)
        if current is None:
            todo.append(index)
        else:
            finished(index, BuildOutcome(path, "unchanged", current))
    workers = min(jobs or usable_cores(), len(todo))
    if workers > 1:
        from policy_builder.commands.workers import run_in_pool

        def returned(index: int, outcome: BuildOutcome | None) -> None:
            finished(index, outcome or BuildOutcome(configs[index], "failed", reason=DIED))

        run_in_pool(
            [(index, configs[index]) for index in todo],
            functools.partial(attempt, settings=settings),
            jobs=workers,
            preload=_preload(settings),
            started=started,
            finished=returned,
        )
    else:  # here, one config after another: --jobs also bounds each one's PDF processes
        here = replace(settings, pdf_jobs=jobs)
        for index in todo:
            started(index)
            finished(index, attempt(configs[index], here))
    ordered = tuple(outcomes[index] for index in range(len(configs)))
    return BuildRun(ordered, time.monotonic() - start)


def attempt(path: Path, settings: Settings) -> BuildOutcome:
    """Build one config; its failure, if it fails, as an outcome rather than raised."""
    try:
        result = build(
            path,
            out_dir=settings.out_dir,
            langs=settings.langs,
            formats=settings.formats,
            force=settings.force,
            pdf_jobs=settings.pdf_jobs,
            pdf_variant=settings.pdf_variant,
            editions=settings.editions,
        )
    except InvalidConfigError as exc:
        return BuildOutcome(path, "failed", reason=exc.message, issues=tuple(exc.issues))
    except UsageError as exc:  # not written in the language asked for
        return BuildOutcome(path, "failed", reason=str(exc), code=ExitCode.USAGE)
    except PolicyError as exc:  # refused, tampered, cannot write…
        return BuildOutcome(path, "failed", reason=str(exc))
    return BuildOutcome(path, result.state, result)


def _preload(settings: Settings) -> list[str]:
    """What each worker needs, imported once by the forkserver: the renderer, and what
    this process has imported of the package (a worker runs the main script again, and
    the CLI's imports with it: preloaded, they cost nothing)."""
    loaded = sorted(name for name in sys.modules if name.split(".")[0] == "policy_builder")
    formats = settings.formats
    return [
        *loaded,
        *RENDERER,
        *(PDF if "pdf" in formats else []),
        *(DOCX if "docx" in formats else []),
    ]


def _up_to_date(path: Path, settings: Settings) -> BuildResult | None:
    """The published result when ``path`` needs no build, found without loading it."""
    try:
        return up_to_date(
            path,
            out_dir=settings.out_dir,
            langs=settings.langs,
            formats=settings.formats,
            pdf_variant=settings.pdf_variant,
            editions=settings.editions,
        )
    except (PolicyError, OSError, ValueError):  # the build itself will say what is wrong
        return None
