"""The public API: every command is a function of the package root that returns a
frozen result and prints nothing; importing the package imports nothing heavy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import policy_builder
from tests.conftest import CONFIGS, ROOT

COMMANDS = ("build", "validate", "diff", "changelog", "status", "init", "schema")


def test_the_commands_import_from_the_package_root() -> None:
    from policy_builder import build, changelog, diff, init, schema, status, validate

    for function in (build, validate, diff, changelog, status, init, schema):
        assert callable(function)
        assert function.__module__ == f"policy_builder.commands.{function.__name__}"
        assert function.__doc__, f"{function.__name__} has no docstring"
    for name in COMMANDS:
        assert name in policy_builder.__all__
        assert f"{name}(" in (policy_builder.__doc__ or ""), f"{name} is not documented"


def test_every_listed_name_is_importable_and_nothing_else_is() -> None:
    for name in policy_builder.__all__:
        assert getattr(policy_builder, name) is not None
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = policy_builder.no_such_thing  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        from policy_builder import no_such_thing  # type: ignore[attr-defined]  # noqa: F401


def test_importing_the_package_imports_nothing_heavy() -> None:
    probe = (
        "import sys, policy_builder\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('policy_builder'))\n"
        "heavy = [m for m in ('yaml', 'jinja2', 'jsonschema', 'typer', 'rich', 'weasyprint')"
        " if m in sys.modules]\n"
        "print(loaded, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "['policy_builder', 'policy_builder.version'] []"


def _frozen(result: object) -> None:
    assert dataclasses.is_dataclass(result)
    field = dataclasses.fields(result)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, field, None)


def test_commands_called_from_python_return_frozen_results_and_print_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "acme.yaml"
    shutil.copyfile(CONFIGS / "acme.yaml", config)
    out = tmp_path / "output"

    checked = policy_builder.validate([config], out_dir=out, lint=True)
    assert checked.valid and checked.warnings == () and checked.exit_code == 0
    built = policy_builder.build(config, out_dir=out, formats=["md"])
    assert built.state == "written" and (built.directory / "manifest.json").is_file()
    again = policy_builder.build_all([tmp_path], out_dir=out, formats=["md"])
    assert [o.state for o in again.outcomes] == ["unchanged"] and again.exit_code == 0
    portfolio = policy_builder.status([config], out_dir=out, today=dt.date(2026, 11, 23))
    assert [row.build for row in portfolio.rows] == ["current"]
    history = policy_builder.changelog(config)
    assert history.version == built.version
    compared = policy_builder.diff(built.directory, config)
    assert compared.result.equivalent and compared.exit_code == 0
    starter = policy_builder.init("northwind", tmp_path / "new", dt.date(2026, 11, 23))
    assert starter.path.is_file()
    assert json.loads(policy_builder.schema())["title"] == "Social-media policy"

    for result in (checked, built, again, portfolio, history, compared, starter):
        _frozen(result)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
