"""Golden handbooks: the Markdown and HTML of every example config in each of its variants,
checked in under ``tests/golden/<slug>/`` and compared byte for byte by ``test_golden.py``.

After changing a template, a catalogue, an overlay or an example, regenerate them and
review the diff (it is the text employees will read):

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from policy_builder import editions
from policy_builder.naming import artifact_name
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.render import render_handbook
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "company_configs").glob("[!_]*.yaml"))
COMMAND = ".venv/bin/python -m tests.golden"


def render_examples() -> dict[str, bytes]:
    """``<slug>/<file name>`` → bytes, for every example in every variant it publishes."""
    files: dict[str, bytes] = {}
    for path in EXAMPLES:
        policy = resolve(load_valid(path, f"company_configs/{path.name}"))
        # as the default build publishes them: each language links its bilingual edition
        prevailing = policy.variant(policy.authoritative_language) or policy.variants[0]
        both = editions.pairs(policy.variants, prevailing)
        for tag in policy.variants:
            rendered = render_handbook(localize(policy, tag, both))
            for fmt, text in (("md", rendered.markdown), ("html", rendered.html)):
                files[f"{policy.slug}/{artifact_name(policy.slug, tag, fmt)}"] = text.encode()
    return files


def checked_in() -> dict[str, bytes]:
    """The golden files as they are in ``tests/golden/``."""
    return {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes()
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }


def main() -> int:
    """Rewrite ``tests/golden/`` from scratch (so files of a dropped variant go too)."""
    files = render_examples()
    before = checked_in() if GOLDEN.is_dir() else {}
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    changed = sorted(n for n in files.keys() | before.keys() if files.get(n) != before.get(n))
    for name in changed:
        what = "added" if name not in before else "removed" if name not in files else "changed"
        print(f"{what:8} tests/golden/{name}")
    print(
        f"{len(files)} golden files, {len(changed)} changed: review them with git diff tests/golden"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
