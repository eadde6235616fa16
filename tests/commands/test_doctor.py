"""``policy doctor``: versions of what renders the handbook, and what to install."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.pipeline import pdf_engine


def test_doctor_names_every_version_and_the_bundled_fonts() -> None:
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    for name in ("policy-builder", "WeasyPrint", "pydyf", "fontTools", "Pango", "HarfBuzz"):
        assert name in result.output
    assert "Noto Sans Regular        2.004   NotoSans-Regular.ttf" in result.output
    assert "Noto Sans Mono Regular   2.006   NotoSansMono-Regular.ttf" in result.output
    assert result.output.rstrip().endswith("is installed")


def test_doctor_json_matches_what_a_manifest_records() -> None:
    result = CliRunner().invoke(app, ["doctor", "--json"])
    payload = json.loads(result.output)
    versions = pdf_engine.versions()
    assert payload["renderer"]["WeasyPrint"] == versions.weasyprint
    assert payload["renderer"]["Pango"] == versions.pango
    assert payload["healthy"] is True
    assert {f["file"] for f in payload["fonts"]} >= {
        "NotoSans-Regular.ttf",
        "NotoSansMono-Bold.ttf",
    }


def test_a_missing_subsetter_is_a_note_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.text.ffi as ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0
    assert "HarfBuzz subset  missing" in result.output
    assert "note: HarfBuzz's subset library is missing: PDFs are unaffected" in result.output
    assert "libharfbuzz-subset0" in result.output


def test_a_missing_pango_is_a_problem_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_pango() -> pdf_engine.Renderer:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open")

    monkeypatch.setattr(pdf_engine, "versions", no_pango)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert (
        "problem: WeasyPrint cannot load its system libraries (cannot load library" in result.output
    )
    assert ".ci/install-system-packages (or: sudo apt-get install libpango-1.0-0" in result.output
    assert "ok:" not in result.output
