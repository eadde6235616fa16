"""Timing whole processes, side by side, and a process's peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

Command = Sequence[str | Path]
# Runs a command and prints the largest resident set of any process it waited for, in kB
# (Linux reports ru_maxrss in kB): the command's own process or one of its workers.
_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "if done.returncode:\n"
    "    sys.exit(done.stderr.decode(errors='replace')[-2000:])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


class CommandFailed(Exception):
    """A measured command did not succeed: the figure would measure something else."""


@dataclass(frozen=True)
class Side:
    """One side of a ratio: the median of its runs, in seconds."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def run_timed(command: Command, cwd: Path) -> float:
    """Seconds from starting ``command`` to its exit; ``CommandFailed`` unless it exits 0."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        shown = " ".join(str(part) for part in command)
        detail = done.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise CommandFailed(f"`{shown}` exited {done.returncode}: " + " / ".join(detail))
    return seconds


def side_by_side(
    runs: int, *sides: Callable[[int], float], warm_up: bool = True
) -> tuple[Side, ...]:
    """Each side measured ``runs`` times, alternating (A B A B…) so that a machine that
    slows down or speeds up during the run weighs on every side alike.

    A side is a function of the run's number returning the seconds it measured. With
    ``warm_up``, each side runs once first, unmeasured: the first run of a process
    reads its files from disk and fills the page cache for the others.
    """
    if warm_up:
        for side in sides:
            side(-1)
    times: list[list[float]] = [[] for _ in sides]
    for number in range(runs):
        for i, side in enumerate(sides):
            times[i].append(side(number))
    return tuple(Side(tuple(t)) for t in times)


def peak_rss_mb(command: Command, cwd: Path) -> float:
    """The peak resident memory of ``command`` (or of its largest worker), in MB."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *(str(part) for part in command)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise CommandFailed(f"peak memory: {done.stderr.strip()[-500:]}")
    return int(done.stdout.strip()) / 1024


def tool(name: str) -> Path | None:
    """A console script installed beside this Python (``policy``, ``check-jsonschema``)."""
    path = Path(sys.executable).parent / name
    return path if path.is_file() and os.access(path, os.X_OK) else None


def help_text(command: Command, cwd: Path) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    return done.stdout + done.stderr
