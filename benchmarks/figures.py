"""The figures of issue 11's targets table, each measured as a ratio in one run.

Every function returns a ``Figure``; one whose command line option is missing from
the installed ``policy`` is reported as not available and counts as missed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import Command, Side, peak_rss_mb, run_timed, side_by_side

# Renders HTML files to PDF as anyone would with WeasyPrint: its defaults, the
# machine's fonts, its own subsetter; each PDF written beside its HTML file.
BARE_WEASYPRINT = (
    "import sys\n"
    "from weasyprint import HTML\n"
    "for path in sys.argv[1:]:\n"
    "    HTML(filename=path).write_pdf(path.removesuffix('.html') + '.pdf')\n"
)


@dataclass(frozen=True)
class Figure:
    name: str
    target: float  # the ratio (or, with ``unit``, the value) must be at most this
    value: float | None = None  # None: not measured
    measured: Side | None = None
    baseline: Side | None = None
    unit: str = ""  # "MB" for an absolute figure; empty for a ratio
    note: str = ""  # how it was measured, or why it was not

    @property
    def met(self) -> bool:
        return self.value is not None and self.value <= self.target


def unavailable(name: str, target: float, why: str, unit: str = "") -> Figure:
    return Figure(name, target, unit=unit, note=f"not available ({why})")


def ratio(name: str, target: float, measured: Side, baseline: Side, note: str) -> Figure:
    return Figure(name, target, measured.median / baseline.median, measured, baseline, note=note)


@dataclass(frozen=True)
class Setup:
    """Where the figures run: the tools, the corpus, a scratch folder, the run counts."""

    policy: Command  # how to start the CLI
    work: Path  # scratch folder, the working directory of every command
    corpus: tuple[Path, ...]  # the generated configs
    acme: Path
    runs: int  # runs per side for quick commands (at least 5)
    pdf_runs: int  # for a single build with PDFs
    batch_pdf_runs: int  # for the 8-config PDF build, the longest
    options: frozenset[str]  # which of --jobs, --force, --no-cache the CLI has

    def scratch(self) -> Path:
        """A new empty folder (an output folder no build has written to)."""
        return Path(tempfile.mkdtemp(dir=self.work))


def _timer(setup: Setup, make: Callable[[], Command]) -> Callable[[int], float]:
    return lambda _number: run_timed(make(), setup.work)


def _build_timer(setup: Setup, make: Callable[[Path], Command]) -> Callable[[int], float]:
    """Times a build into a new output folder, removed afterwards (200 configs' handbooks
    take tens of megabytes a run)."""

    def timed(_number: int) -> float:
        out = setup.scratch()
        try:
            return run_timed(make(out), setup.work)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    return timed


def validate_vs_check_jsonschema(setup: Setup, checker: Path | None, schema: Path) -> list[Figure]:
    """``policy validate acme.yaml`` ÷ ``check-jsonschema`` on the same file and schema."""
    name = "validate acme ÷ check-jsonschema"
    if checker is None:
        why = 'check-jsonschema not installed: pip install -e ".[bench]"'
        return [unavailable(name, 0.6, why)]
    baseline = _timer(setup, lambda: [checker, "--schemafile", schema, setup.acme])
    if "--no-cache" not in setup.options:
        policy = _timer(setup, lambda: [*setup.policy, "validate", setup.acme])
        measured, base = side_by_side(setup.runs, policy, baseline)
        note = f"whole processes, median of {setup.runs}; no validate cache in this version"
        return [ratio(name, 0.6, measured, base, note)]
    cold = _timer(setup, lambda: [*setup.policy, "validate", "--no-cache", setup.acme])
    warm = _timer(setup, lambda: [*setup.policy, "validate", setup.acme])  # warmed up first
    cold_side, warm_side, base = side_by_side(setup.runs, cold, warm, baseline)
    note = f"whole processes, median of {setup.runs}"
    return [
        ratio(f"{name} (cold: --no-cache)", 0.6, cold_side, base, note),
        ratio(f"{name} (warm cache)", 0.6, warm_side, base, note),
    ]


def build_vs_weasyprint(setup: Setup, python: Path) -> Figure:
    """``policy build acme.yaml`` (every format, both languages) ÷ WeasyPrint alone
    rendering the same two HTML files."""
    name = "build acme (md+html+pdf, 2 languages) ÷ bare WeasyPrint"
    first = setup.scratch()
    run_timed([*setup.policy, "build", setup.acme, "--out", first], setup.work)
    pages = sorted(first.glob("*/*/*.html"))
    copies = setup.scratch()
    for page in pages:
        shutil.copy(page, copies / page.name)
    htmls = sorted(copies.glob("*.html"))
    build = _build_timer(setup, lambda out: [*setup.policy, "build", setup.acme, "--out", out])
    bare = _timer(setup, lambda: [python, "-c", BARE_WEASYPRINT, *htmls])
    bare(-1)  # warm-up; the build that wrote the HTML files warmed the other side
    measured, base = side_by_side(setup.pdf_runs, build, bare, warm_up=False)
    note = f"whole processes, median of {setup.pdf_runs} (PDF runs are long)"
    return ratio(name, 1.10, measured, base, note)


def batch_html(setup: Setup) -> list[Figure]:
    """200 configs, HTML and Markdown: ``--jobs 2`` ÷ ``--jobs 1``; and a rebuild of the
    200 unchanged ÷ their cold build (``--jobs 2``), measured in the same runs."""
    jobs_name = f"{len(setup.corpus)} configs html+md: --jobs 2 ÷ --jobs 1"
    rebuild_name = f"rebuild {len(setup.corpus)} unchanged ÷ cold build (--jobs 2)"
    if "--jobs" not in setup.options:
        why = "option missing: --jobs"
        return [unavailable(jobs_name, 0.58, why), unavailable(rebuild_name, 0.05, why)]
    outs = [setup.scratch() for _ in range(setup.runs)]

    def build(jobs: int, out: Path) -> Command:
        formats = ["--format", "html,md"]
        return [*setup.policy, "build", *setup.corpus, "--jobs", str(jobs), *formats, "--out", out]

    def cold2(n: int) -> float:
        return run_timed(build(2, outs[n]), setup.work)

    def rebuild(n: int) -> float:
        seconds = run_timed(build(2, outs[n]), setup.work)  # the folder cold2 has just built
        shutil.rmtree(outs[n], ignore_errors=True)
        return seconds

    cold1 = _build_timer(setup, lambda out: build(1, out))

    one, two, again = side_by_side(setup.runs, cold1, cold2, rebuild, warm_up=False)
    note = f"whole processes, median of {setup.runs}"
    return [
        ratio(jobs_name, 0.58, two, one, note),
        ratio(rebuild_name, 0.05, again, two, note),
    ]


def batch_pdf(setup: Setup, configs: Sequence[Path]) -> Figure:
    """8 configs with every format: ``--jobs 2`` ÷ ``--jobs 1``."""
    name = f"{len(configs)} configs with pdf: --jobs 2 ÷ --jobs 1"
    if "--jobs" not in setup.options:
        return unavailable(name, 0.60, "option missing: --jobs")

    def build(jobs: int) -> Callable[[int], float]:
        return _build_timer(
            setup, lambda out: [*setup.policy, "build", *configs, "--jobs", str(jobs), "--out", out]
        )

    one, two = side_by_side(setup.batch_pdf_runs, build(1), build(2), warm_up=False)
    runs = setup.batch_pdf_runs
    note = f"whole processes, {'median of ' + str(runs) if runs > 1 else 'one run'} (the longest)"
    return ratio(name, 0.60, two, one, note)


def worker_memory(setup: Setup) -> Figure:
    """The peak resident memory of one process building one config with its PDFs."""
    jobs = ["--jobs", "1"] if "--jobs" in setup.options else []
    peaks = [
        peak_rss_mb(
            [*setup.policy, "build", setup.acme, *jobs, "--out", setup.scratch()], setup.work
        )
        for _ in range(2)  # each into a new folder, so that each renders
    ]
    note = "acme, every format; ru_maxrss of the largest process, the higher of 2 runs"
    return Figure(
        "peak memory of one worker (1 config with pdf)", 150, max(peaks), unit="MB", note=note
    )
