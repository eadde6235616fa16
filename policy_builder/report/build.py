"""What ``policy build`` prints: each config's outcome as it comes, then a count."""

from __future__ import annotations

from pathlib import Path

from policy_builder.chars import printable
from policy_builder.commands.build import BuildOutcome, BuildResult, BuildRun
from policy_builder.pipeline.write import MANIFEST
from policy_builder.report.printout import Printout, as_lines


def outcome(built: BuildOutcome, cwd: Path) -> Printout:
    """A built config's files on stdout; a failed one's problems or refusal on stderr."""
    if built.result is not None:
        return Printout(as_lines(text(built.result, cwd)))
    if built.issues:  # the config does not validate
        reason = printable(f"{built.path}: not built ({built.reason})")
        return Printout(err=as_lines(*map(str, built.issues), reason))
    return Printout(err=as_lines(printable(f"error: {built.path}: {built.reason}")))


def text(result: BuildResult, cwd: Path) -> str:
    """What was published where: the folder, then every file in it with its size."""
    folder = _relative(result.directory, cwd)
    if result.state == "unchanged":
        return printable(
            f"{result.file}: {result.slug} {result.version} is already published in "
            f"{folder}/ from this content; nothing to do"
        )
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
    return "\n".join(map(printable, report))


def summary(run: BuildRun) -> Printout:
    """``3 built, 1 unchanged, 1 failed``: the closing line when several configs are
    built (one config's own line says it all)."""
    if len(run.outcomes) < 2:
        return Printout()
    states = [o.state for o in run.outcomes]
    built = sum(state in ("written", "forced") for state in states)
    unchanged = states.count("unchanged")
    failed = states.count("failed")
    return Printout(as_lines(f"{built} built, {unchanged} unchanged, {failed} failed"))


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
