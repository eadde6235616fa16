"""The benchmark: issue 11's targets, each a ratio measured side by side in one run.

    .venv/bin/python -m benchmarks          (or: .venv/bin/python benchmarks/run.py)

It generates its own corpus (200 configs varied from ``company_configs/``) in a
temporary folder, times whole ``policy`` processes against their baselines, prints
one line per figure and exits 1 when any target is missed (or could not be
measured), 2 when a command it times fails (an invalid corpus config, say). Targets are ratios, so the verdict does not depend on the machine's
speed; it does depend on its cores (the targets are set for 2). Nothing is written
outside the temporary folder. Under five minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import figures
from benchmarks.corpus import ROOT, generate
from benchmarks.figures import Figure, Setup
from benchmarks.measure import CommandFailed, help_text, run_timed, tool

OPTIONS = ("--jobs", "--force", "--shard")
PDF_BATCH = 8  # configs in the PDF batch figure


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    started = time.perf_counter()
    policy_script = tool("policy")
    policy: list[str | Path] = [Path(sys.executable), "-m", "policy_builder"]
    if policy_script is not None:
        policy = [policy_script]
    with tempfile.TemporaryDirectory(prefix="policy-bench-") as scratch:
        work = Path(scratch)
        corpus = generate(work / "corpus", args.configs)
        options = _options(policy, work)
        setup = Setup(
            policy=policy,
            work=work,
            corpus=tuple(corpus),
            acme=ROOT / "company_configs" / "acme.yaml",
            runs=args.runs,
            pdf_runs=args.pdf_runs,
            batch_pdf_runs=args.batch_pdf_runs,
            options=options,
        )
        _say(f"{_machine()}; corpus: {len(corpus)} configs in {work / 'corpus'}; {_load()}")
        _say(f"policy options found: {', '.join(sorted(options)) or 'none of ' + str(OPTIONS)}")
        try:
            run_timed([*policy, "validate", *corpus], work)  # every config must be valid
            found = _measure(setup)
        except CommandFailed as exc:
            print(f"benchmark stopped: {exc}", file=sys.stderr)
            return 2
    _print_table(found)
    print(f"\n{_load()} (other work on the machine weighs on the parallel figures)")
    took = time.perf_counter() - started
    missed = [f for f in found if not f.met]
    print(f"\n{len(found) - len(missed)} of {len(found)} targets met in {took:.0f} s", end="")
    print(f"; missed: {', '.join(f.name for f in missed)}" if missed else "")
    return 1 if missed else 0


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per side of a quick figure (5)")
    parser.add_argument(
        "--pdf-runs", type=int, default=3, help="runs per side of the acme PDF build (3)"
    )
    parser.add_argument(
        "--batch-pdf-runs",
        type=int,
        default=1,
        help=f"runs per side of the {PDF_BATCH}-config PDF build (1)",
    )
    parser.add_argument("--configs", type=int, default=200, help="configs in the corpus (200)")
    return parser


def _measure(setup: Setup) -> list[Figure]:
    found: list[Figure] = []
    checker = tool("check-jsonschema")
    schema = ROOT / "schemas" / "policy.schema.json"
    steps: list[tuple[str, Callable[[], list[Figure]]]] = [
        ("validate", lambda: figures.validate_vs_check_jsonschema(setup, checker, schema)),
        ("single build", lambda: [figures.build_vs_weasyprint(setup, Path(sys.executable))]),
        ("batch html+md", lambda: figures.batch_html(setup)),
        ("batch pdf", lambda: [figures.batch_pdf(setup, setup.corpus[:PDF_BATCH])]),
        ("memory", lambda: [figures.worker_memory(setup)]),
    ]
    for label, step in steps:
        start = time.perf_counter()
        results = step()
        _say(f"{label}: {time.perf_counter() - start:.0f} s")
        found.extend(results)
    return found


def _options(policy: Sequence[str | Path], work: Path) -> frozenset[str]:
    """Which options of the documented CLI this ``policy`` has (another version may not)."""
    build = help_text([*policy, "build", "--help"], work)
    validate = help_text([*policy, "validate", "--help"], work)
    found = {option for option in OPTIONS if option in build}
    return frozenset(found | ({"--no-cache"} if "--no-cache" in validate else set()))


def _print_table(found: Sequence[Figure]) -> None:
    print(f"\n{'figure':<58} {'measured':>9} {'baseline':>9} {'ratio':>6} {'target':>8}  result")
    for figure in found:
        measured = f"{figure.measured.median:.3f}s" if figure.measured else ""
        baseline = f"{figure.baseline.median:.3f}s" if figure.baseline else ""
        if figure.value is None:
            value = "—"
        elif figure.unit:
            value = f"{figure.value:.0f} {figure.unit}"
        else:
            value = f"{figure.value:.2f}"
        target = f"≤ {figure.target:g}" + (f" {figure.unit}" if figure.unit else "")
        verdict = "met" if figure.met else "MISSED"
        print(f"{figure.name:<58} {measured:>9} {baseline:>9} {value:>6} {target:>8}  {verdict}")
        print(f"{'':<4}{figure.note}")


def _machine() -> str:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity
        cores = os.cpu_count() or 1
    return f"{cores} cores, Python {platform.python_version()}, {platform.system()}"


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:  # pragma: no cover - where the system does not say
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
