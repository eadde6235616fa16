"""Everything a person reads on the terminal, and the JSON CI reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from policy_builder.build import BuildResult, CheckResult


def validation_text(results: Sequence[CheckResult]) -> str:
    lines = [str(issue) for result in results for issue in result.issues]
    invalid = [r for r in results if not r.valid]
    problems = sum(len(r.issues) for r in results)
    total = len(results)
    noun = "config" if total == 1 else "configs"
    if invalid:
        lines.append(
            f"{len(invalid)} of {total} {noun} invalid, "
            f"{problems} problem{'s' if problems != 1 else ''}"
        )
    else:
        lines.append(f"{total} {noun} valid")
    return "\n".join(lines)


def validation_json(results: Sequence[CheckResult]) -> str:
    payload = {
        "valid": all(r.valid for r in results),
        "configs": [
            {
                "file": r.file,
                "valid": r.valid,
                "issues": [
                    {
                        "file": i.file,
                        "line": i.line,
                        "column": i.column,
                        "path": i.path,
                        "message": i.message,
                    }
                    for i in r.issues
                ],
            }
            for r in results
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def build_text(result: BuildResult, cwd: Path) -> str:
    folder = _relative(result.directory, cwd)
    if result.state == "unchanged":
        return (
            f"{result.file}: {result.slug} {result.version} is already published in "
            f"{folder}/ from this content; nothing to do"
        )
    total = sum(a.bytes for a in result.artifacts)
    verb = "rebuilt with --force" if result.state == "forced" else "built"
    lines = [
        f"{result.file}: {verb} {result.slug} {result.version} → {folder}/ "
        f"({len(result.artifacts)} files, {_size(total)})"
    ]
    lines += [f"  {a.path:<44} {_size(a.bytes):>9}" for a in result.artifacts]
    lines.append(f"  {'manifest.json':<44}")
    return "\n".join(lines)


def _relative(path: Path, cwd: Path) -> str:
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} kB"
    return f"{count / 1024 / 1024:.1f} MB"
