"""Build-speed benchmark, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/bench_build.py

A full build is measured against the irreducible cost inside it, WeasyPrint turning
the same HTML into PDF; validation against merely parsing the YAML. Targets are
ratios, so the result does not depend on how fast the machine is. Exits 1 when a
ratio misses its target.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_builder.commands.build import build, check  # noqa: E402
from policy_builder.pipeline.localize import localize  # noqa: E402
from policy_builder.pipeline.pdf import html_to_pdf  # noqa: E402
from policy_builder.pipeline.render import render_handbook  # noqa: E402
from policy_builder.pipeline.resolve import resolve  # noqa: E402
from policy_builder.pipeline.validate import load_valid  # noqa: E402

CONFIG = ROOT / "company_configs" / "acme.yaml"
CONFIGS = sorted((ROOT / "company_configs").glob("*.yaml"))
# (what, baseline, target ratio)
TARGETS = {
    "build (md+html+pdf, 2 languages)": 1.30,
    "validate (3 configs)": 3.0,
}


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    policy = resolve(load_valid(CONFIG))
    pages = [render_handbook(localize(policy, lang)).html for lang in policy.languages]
    from weasyprint import HTML

    html_to_pdf(pages[0], policy.effective_date)  # warm fonts and caches for both sides
    HTML(string=pages[0]).write_pdf()

    def pdf_only() -> None:
        # WeasyPrint as anyone would call it: system fonts, its default subsetter.
        for html in pages:
            HTML(string=html).write_pdf()

    def full_build() -> None:
        with tempfile.TemporaryDirectory() as out:
            build(CONFIG, out_dir=Path(out))

    def parse_only() -> None:
        for path in CONFIGS:
            yaml.safe_load(path.read_text(encoding="utf-8"))

    def validate_all() -> None:
        for path in CONFIGS:
            check(path)

    rows = [
        (
            "build (md+html+pdf, 2 languages)",
            best_of(3, full_build),
            best_of(3, pdf_only),
            "WeasyPrint alone",
        ),
        (
            "validate (3 configs)",
            best_of(5, validate_all),
            best_of(5, parse_only),
            "yaml.safe_load",
        ),
    ]
    failed = False
    print(f"{'measure':<36} {'time':>8} {'baseline':>9} {'ratio':>7} {'target':>7}  baseline is")
    for name, measured, baseline, what in rows:
        ratio = measured / baseline
        ok = ratio <= TARGETS[name]
        failed |= not ok
        print(
            f"{name:<36} {measured:>7.3f}s {baseline:>8.3f}s {ratio:>7.2f} "
            f"{'≤' + str(TARGETS[name]):>7}  {what}{'' if ok else '  ← missed'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
