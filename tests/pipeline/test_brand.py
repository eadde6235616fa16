"""``company.brand_color``: used when white text on it reads (WCAG AA), else a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.validate import validate
from policy_builder.pipeline import brand
from tests.conftest import CASES

MINIMAL = CASES / "valid" / "minimal.yaml"


def _config(tmp_path: Path, color: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("company:\n", f'company:\n  brand_color: "{color}"\n', 1)
    config = tmp_path / "brand.yaml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("color", "ratio"),
    [("#000000", 21.0), ("#fff", 1.0), ("#767676", 4.54), ("#777777", 4.48), ("#1f4e79", 8.66)],
)
def test_contrast_against_white_is_wcag_s(color: str, ratio: float) -> None:
    assert brand.contrast(brand.rgb(color)) == pytest.approx(ratio, abs=0.01)


def test_a_dark_brand_colour_becomes_the_accent(tmp_path: Path) -> None:
    config = _config(tmp_path, "#0B6E4F")
    assert validate([config]).results[0].warnings == ()
    result = build(config, out_dir=tmp_path / "out", formats=["html"], langs=["en"])
    html = next(result.directory.glob("*.html")).read_text(encoding="utf-8")
    assert ":root { --accent: #0b6e4f; --accent-soft: #ebf3f1; }" in html


def test_a_light_brand_colour_is_a_warning_and_the_default_palette_stays(tmp_path: Path) -> None:
    config = _config(tmp_path, "#ff9900")
    result = validate([config])
    assert result.valid and result.exit_code == 0
    (warning,) = result.results[0].warnings
    assert (warning.line, warning.path) == (4, "company.brand_color")
    assert "2.14:1" in warning.message and "#1f4e79" in warning.message
    built = build(config, out_dir=tmp_path / "out", formats=["html"], langs=["en"])
    assert [w.message for w in built.warnings] == [warning.message]
    html = next(built.directory.glob("*.html")).read_text(encoding="utf-8")
    assert "--accent: #ff9900" not in html and "#ff9900" not in html


def test_validate_and_build_print_the_warning_on_one_line(tmp_path: Path) -> None:
    config = _config(tmp_path, "#ffcc00")
    runner = CliRunner()
    for args in (
        ["validate", str(config)],
        ["build", str(config), "--out", str(tmp_path / "o"), "--format", "md"],
    ):
        outcome = runner.invoke(app, args)
        assert outcome.exit_code == 0, outcome.output
        lines = [line for line in outcome.output.splitlines() if "warning" in line]
        assert lines == [f"{config}:4:16: company.brand_color: warning: {brand.problem('#ffcc00')}"]


def test_a_colour_that_is_not_hex_is_an_error(tmp_path: Path) -> None:
    (result,) = validate([_config(tmp_path, "navy")]).results
    assert [(i.path, i.message) for i in result.issues] == [
        ("company.brand_color", "'navy' is not a colour written as #rrggbb (or #rgb)")
    ]
