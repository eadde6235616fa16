"""A lean start-up: quick commands import only what they use (issue 11, item 5).

Each command runs in a fresh interpreter under ``python -X importtime``, which lists on
stderr every module the process imported; no timing is measured or asserted.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from policy_builder.commands.validate import check
from policy_builder.pipeline import fonts
from policy_builder.pipeline import validate as validate_stage
from tests.conftest import CONFIGS, EXAMPLES, ROOT

# What the PDF, the Markdown renderer, the templates and the terminal tables need.
RENDERING = ("weasyprint", "markdown_it", "jinja2", "rich")
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| *([\w.]+)\s*$", re.MULTILINE)


def imported(*args: str, cwd: Path = ROOT) -> set[str]:
    """The top-level packages a ``policy`` process imported, stdout and stdin not a tty."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "policy_builder", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    modules = {name.split(".")[0] for name in _IMPORT_LINE.findall(done.stderr)}
    assert "policy_builder" in modules, "the probe read no import lines"
    return modules


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("validate", "--help"),
        ("build", "--help"),
        ("validate", str(CONFIGS / "acme.yaml")),
        ("validate", str(CONFIGS)),
    ],
    ids=lambda a: " ".join(Path(x).name for x in a),
)
def test_help_and_validate_import_no_renderer(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    # babel: dates and plurals; fontTools: the PDF's fonts (validate reads their cmap itself).
    assert not modules & {*RENDERING, "babel", "fontTools"}


def test_status_piped_imports_no_renderer(tmp_path: Path) -> None:
    """Piped, ``status`` prints plain lines: no rich table, no template, no PDF."""
    modules = imported("status", str(CONFIGS), "--out", str(tmp_path), "--today", "2025-01-01")
    assert not modules & set(RENDERING)


def test_the_probe_sees_a_build_import_the_renderer(tmp_path: Path) -> None:
    """The guard: the same probe does see the renderer where one is used."""
    modules = imported("build", str(CONFIGS / "acme.yaml"), "--out", str(tmp_path))
    assert {"weasyprint", "markdown_it", "jinja2", "babel"} <= modules


def test_the_schema_validator_is_compiled_once_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[tuple[str, ...]] = []
    real = validate_stage.Draft202012Validator

    def counting(schema: dict[str, object], **kwargs: object) -> object:
        made.append(tuple(schema["$defs"]["localText"]["required"]))  # type: ignore[index]
        return real(schema, **kwargs)

    monkeypatch.setattr(validate_stage, "Draft202012Validator", counting)
    validate_stage._validator.cache_clear()
    try:
        for _ in range(3):
            for path in EXAMPLES:
                assert check(path).valid
    finally:
        validate_stage._validator.cache_clear()  # drop the counting validators
    # One validator per set of languages the examples use, however many configs.
    assert len(made) == len(set(made))
    assert len(made) < 3 * len(EXAMPLES)


def test_the_cmap_reader_agrees_with_fonttools() -> None:
    """``fonts.code_points`` reads what fontTools' getBestCmap reads, for every face."""
    from fontTools.ttLib import TTFont

    for face in fonts.FACES:
        with TTFont(fonts.font_path(face), lazy=True) as font:
            expected = frozenset(font.getBestCmap())
        assert fonts.code_points(fonts.font_path(face)) == expected, face.file
