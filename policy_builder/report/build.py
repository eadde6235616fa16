"""What ``policy build`` prints: each config as it finishes, then a closing summary.

While the build runs, ``progress`` shows its events (``batch.BuildEvent``): on a
terminal a live bar with the configs in hand, each config's first line printed
above it; in CI or when piped, each config's lines as it finishes; with
``quiet``, only failures; with ``as_json``, nothing until the one JSON document.
The summary always ends the run: each failure with its file and reason (on
stderr), then ``3 built, 1 unchanged, 1 failed in 2.4 s``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from policy_builder.chars import printable, to_json
from policy_builder.commands.batch import BuildEvent, BuildOutcome, BuildRun
from policy_builder.commands.build import BuildResult
from policy_builder.naming import slug_of
from policy_builder.pipeline.write import MANIFEST
from policy_builder.report.printout import Printout, as_lines
from policy_builder.report.validation import issue_json, warning_line

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

Show = Callable[[Printout], None]


def outcome(built: BuildOutcome, cwd: Path) -> Printout:
    """A built config's files on stdout; a failed one's problems or refusal on stderr."""
    if built.result is not None:  # built, with its warnings (rules.warnings) on stderr
        noted = [warning_line(w) for w in built.result.warnings]
        return Printout(as_lines(text(built.result, cwd)), as_lines(*noted))
    if built.issues:  # the config does not validate
        reason = printable(f"{built.path}: not built ({built.reason})")
        return Printout(err=as_lines(*map(str, built.issues), reason))
    return Printout(err=as_lines(printable(f"error: {built.path}: {built.reason}")))


def text(result: BuildResult, cwd: Path) -> str:
    """What was published where: the folder, then every file in it with its size."""
    folder = _relative(result.directory, cwd)
    notes = [f"  note: {note}" for note in result.notes]
    if result.state == "unchanged" and not result.artifacts and result.notes:
        first = f"{result.file}: nothing to build for {result.slug} {result.version}"
        return "\n".join(map(printable, [first, *notes]))
    if result.state == "unchanged":
        first = (
            f"{result.file}: {result.slug} {result.version} is already published in "
            f"{folder}/ from this content; nothing to do"
        )
        return "\n".join(map(printable, [first, *notes]))
    # every file in the folder, the manifest too: the count and size add up what is listed
    files = [(a.path, a.bytes) for a in result.artifacts] + [(MANIFEST, result.manifest_bytes)]
    verb = "rebuilt with --force" if result.state == "forced" else "built"
    total = sum(n for _, n in files)
    report = [
        f"{result.file}: {verb} {result.slug} {result.version} → {folder}/ "
        f"({len(files)} files, {size(total)})"
    ]
    width = max([44, *(len(name) for name, _ in files)])  # tags make names longer
    report += [f"  {name:<{width}} {size(n):>9}" for name, n in files]
    report += notes
    return "\n".join(map(printable, report))


def summary(run: BuildRun, cwd: Path, *, as_json: bool = False) -> Printout:
    """The closing report: every failure with its file and reason (when several configs
    were built; one config's own lines say it), then the count and the time taken."""
    if as_json:
        return Printout(as_lines(to_json(_json(run, cwd))))
    failures = [_failure(o) for o in run.failed] if len(run.outcomes) > 1 else []
    count = f"{run.built} built, {run.unchanged} unchanged, {len(run.failed)} failed"
    return Printout(as_lines(f"{count} in {duration(run.seconds)}"), as_lines(*failures))


def listing(configs: Sequence[Path], *, as_json: bool = False) -> Printout:
    """``--list``: the configs the build would build, one per line."""
    if as_json:
        return Printout(as_lines(to_json({"configs": [str(path) for path in configs]})))
    return Printout(as_lines(*(printable(str(path)) for path in configs)))


@contextmanager
def progress(
    show: Show,
    cwd: Path,
    *,
    quiet: bool = False,
    as_json: bool = False,
    terminal: TextIO | None = None,
) -> Iterator[Callable[[BuildEvent], None]]:
    """A listener for ``build_all``'s events, for the length of the build.

    ``show`` prints a ``Printout``. The live bar is drawn on ``terminal`` (by
    default stdout, when it is a terminal and the build does not run in CI).
    """
    if terminal is None and _interactive():
        terminal = sys.stdout
    if as_json:
        yield lambda event: None
    elif quiet or terminal is None:
        yield lambda event: _line(event, show, cwd, quiet)
    else:
        with _Bar(terminal, show, cwd) as bar:
            yield bar.event


def _line(event: BuildEvent, show: Show, cwd: Path, quiet: bool) -> None:
    """CI, piped, or ``--quiet``: each config's lines as it finishes (only failures)."""
    if event.outcome is not None and not (quiet and event.outcome.state != "failed"):
        show(outcome(event.outcome, cwd))


class _Bar:
    """On a terminal: a bar with the configs in hand, each finished config's first line
    printed above it; failures' details are shown once the bar is gone."""

    def __init__(self, terminal: TextIO, show: Show, cwd: Path) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._show, self._cwd = show, cwd
        self._hand: dict[int, str] = {}  # the configs in hand, by index
        self._failures: list[Printout] = []
        self._progress: Progress = Progress(
            SpinnerColumn(),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[hand]}", markup=False),
            console=Console(file=terminal, force_terminal=True, highlight=False),
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
        for failure in self._failures:
            self._show(failure)

    def event(self, event: BuildEvent) -> None:
        if self._task is None:
            self._task = self._progress.add_task("build", total=event.total, hand="")
        built = event.outcome
        if built is None:
            self._hand[event.index] = printable(event.path.name)
        else:
            self._hand.pop(event.index, None)
        hand = ", ".join(self._hand.values())
        self._progress.update(self._task, advance=0 if built is None else 1, hand=hand)
        self._progress.refresh()
        if built is not None:  # printed above the bar, which is drawn again below it
            line = _headline(built, self._cwd)
            self._progress.console.print(line, markup=False, emoji=False, soft_wrap=True)
            if built.state == "failed":
                self._failures.append(outcome(built, self._cwd))


def _headline(built: BuildOutcome, cwd: Path) -> str:
    if built.result is not None:
        return text(built.result, cwd).split("\n", 1)[0]
    return printable(f"{built.path}: not built ({_reason(built)})")


def _failure(built: BuildOutcome) -> str:
    return printable(f"failed: {built.path}: {_reason(built)}")


def _reason(built: BuildOutcome) -> str:
    return built.reason or "failed"


def _json(run: BuildRun, cwd: Path) -> dict[str, Any]:
    """``--json``: every config in the order given, the totals and the time taken."""
    configs: list[dict[str, Any]] = []
    for built in run.outcomes:
        result = built.result
        entry: dict[str, Any] = {
            "file": str(built.path),
            "slug": result.slug if result else slug_of(built.path),
            "version": result.version if result else None,
            "state": built.state,
            "directory": _relative(result.directory, cwd) if result else None,
        }
        if result is not None:
            entry["artifacts"] = [dataclasses.asdict(a) for a in result.artifacts]
            if result.warnings:
                entry["warnings"] = [issue_json(w) for w in result.warnings]
            entry["notes"] = list(result.notes)
        else:
            entry["reason"] = built.reason
            entry["issues"] = [issue_json(issue) for issue in built.issues]
        configs.append(entry)
    totals = {"built": run.built, "unchanged": run.unchanged, "failed": len(run.failed)}
    return {"configs": configs, "totals": totals, "seconds": round(run.seconds, 3)}


def _interactive() -> bool:
    """stdout is a terminal a person watches: not piped, not a CI job's log."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return sys.stdout.isatty() and not ci


def duration(seconds: float) -> str:
    """``0.8 s``, ``42.0 s``, ``3 min 12 s``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def size(count: int) -> str:
    """``512 B``, ``3.4 kB``, ``1.2 MB``."""
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} kB"
    return f"{count / 1024 / 1024:.1f} MB"


def _relative(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)
