"""``policy validate`` as a function: every config's problems, prose warnings, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_builder.commands.build import build
from policy_builder.commands.validate import Invalid, check, validate
from policy_builder.errors import ExitCode, InvalidConfigError, UsageError
from policy_builder.pipeline.validate import load_valid
from policy_builder.report import validation as report
from tests.conftest import CASES, CONFIGS, EXAMPLES

MINIMAL = CASES / "valid" / "minimal.yaml"
BAD = CASES / "invalid" / "bad-version.yaml"
TONALLI_WITH_TU = CASES / "lint" / "configs" / "tonalli.yaml"  # valid, with tú forms


def test_a_folder_is_every_config_in_it_and_all_valid_exits_0() -> None:
    result = validate([CONFIGS])
    assert [Path(r.file).name for r in result.results] == sorted(p.name for p in EXAMPLES)
    assert result.valid and result.warnings is None and result.exit_code == ExitCode.OK


def test_an_invalid_config_keeps_every_problem_and_exits_1() -> None:
    result = validate([BAD, MINIMAL])
    assert [r.valid for r in result.results] == [False, True]
    assert result.results[0].issues[0].path == "policy.version"
    assert not result.valid and result.exit_code == ExitCode.FOUND_WANTING
    assert report.text(result).endswith("1 of 2 configs invalid, 1 problem")


def test_lint_warnings_fail_only_when_strict() -> None:
    linted = validate([TONALLI_WITH_TU], lint=True)
    assert linted.warnings and linted.valid and linted.exit_code == ExitCode.OK
    assert any('tú form "contigo"' in w.message for w in linted.warnings)
    strict = validate([TONALLI_WITH_TU], lint=True, strict=True)
    assert strict.exit_code == ExitCode.FOUND_WANTING
    assert validate([MINIMAL], lint=True, strict=True).exit_code == ExitCode.OK


def test_invalid_configs_are_not_linted() -> None:
    result = validate([BAD], lint=True)
    assert result.warnings == () and result.exit_code == ExitCode.FOUND_WANTING


def test_out_dir_checks_against_what_is_published(tmp_path: Path) -> None:
    config = tmp_path / "minimal.yaml"
    config.write_bytes(MINIMAL.read_bytes())
    build(config, out_dir=tmp_path / "out", formats=["md"])
    config.write_text(
        config.read_text(encoding="utf-8").replace("en: Consulting", "en: Advisory"),
        encoding="utf-8",
    )
    assert check(config).valid  # on its own it is fine
    [issue] = check(config, out_dir=tmp_path / "out").issues
    assert issue.path == "policy.version"


def test_a_missing_path_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        validate([CASES / "no-such.yaml"])


def test_invalid_keeps_the_error_s_problems() -> None:
    with pytest.raises(InvalidConfigError) as raised:
        load_valid(BAD)
    invalid = Invalid.because(BAD, raised.value)
    assert invalid.message == "1 problem found" and invalid.issues == tuple(raised.value.issues)
    lines = report.left_out(invalid, "skipped").splitlines()
    assert lines[-1] == f"{BAD}: skipped (1 problem found)"
    assert lines[0] == str(raised.value.issues[0])
