"""``policy validate``'s cache: a config found valid is not checked again while nothing
that decided it changed; anything else is checked as if there were no cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from policy_builder import resources
from policy_builder.cli import app
from policy_builder.commands import validate_cache
from policy_builder.commands.validate import validate
from policy_builder.report import validation as report
from tests.conftest import CASES, CONFIGS

MINIMAL = CASES / "valid" / "minimal.yaml"
BAD = CASES / "invalid" / "bad-version.yaml"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The configs the pipeline validates from here on, by file name."""
    from policy_builder.pipeline import validate as stage

    seen: list[str] = []
    real = stage.validate

    def spy(loaded: Any) -> Any:
        seen.append(loaded.path.name)
        return real(loaded)

    monkeypatch.setattr(stage, "validate", spy)
    return seen


def run(cache: Path, *paths: Path) -> str:
    """The text report of ``validate`` with the cache in ``cache``."""
    return report.text(validate(list(paths), cache=cache))


def copy(tmp_path: Path, *paths: Path) -> list[Path]:
    folder = tmp_path / "configs"
    folder.mkdir(exist_ok=True)
    return [Path(shutil.copy(p, folder)) for p in paths]


def entries(cache: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((cache / validate_cache.FILE).read_text(encoding="utf-8"))
    return data["entries"]


def test_a_valid_config_is_not_checked_again(tmp_path: Path, checked: list[str]) -> None:
    cache = tmp_path / "cache"
    first = run(cache, CONFIGS / "acme.yaml", MINIMAL)
    assert checked == ["acme.yaml", "minimal.yaml"]
    assert sorted(entries(cache)) == sorted(
        os.path.abspath(p) for p in (CONFIGS / "acme.yaml", MINIMAL)
    )
    assert run(cache, CONFIGS / "acme.yaml", MINIMAL) == first == "2 configs valid"
    assert checked == ["acme.yaml", "minimal.yaml"]  # nothing checked the second time


def test_an_invalid_config_is_checked_every_time_and_reads_the_same(
    tmp_path: Path, checked: list[str]
) -> None:
    cache = tmp_path / "cache"
    first = run(cache, BAD, MINIMAL)
    assert list(entries(cache)) == [os.path.abspath(MINIMAL)]
    assert run(cache, BAD, MINIMAL) == first == report.text(validate([BAD, MINIMAL]))
    assert "bad-version.yaml:" in first and checked == [
        "bad-version.yaml",
        "minimal.yaml",
        "bad-version.yaml",
        "bad-version.yaml",
        "minimal.yaml",
    ]


def test_a_hit_imports_neither_jsonschema_nor_yaml(tmp_path: Path) -> None:
    script = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(sorted(m for m in ('jsonschema', 'yaml', "
        "'policy_builder.pipeline.validate') if m in sys.modules), file=sys.stderr))\n"
        "from policy_builder.cli import main\n"
        f"sys.argv = ['policy', 'validate', {str(CONFIGS / 'acme.yaml')!r}]\n"
        "main()\n"
    )
    env = {**os.environ, validate_cache.ENV: str(tmp_path / "cache")}

    def once() -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout, done.stderr.strip()

    cold, hit = once(), once()
    assert cold == (
        "1 config valid\n",
        "['jsonschema', 'policy_builder.pipeline.validate', 'yaml']",
    )
    assert hit == ("1 config valid\n", "[]")


# --- what makes it check again ----------------------------------------------------------


def test_a_changed_config_is_checked_again(tmp_path: Path, checked: list[str]) -> None:
    cache, (config,) = tmp_path / "cache", copy(tmp_path, MINIMAL)
    run(cache, config)
    config.write_text(config.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert run(cache, config) == "1 config valid" and checked == ["minimal.yaml"] * 2
    config.write_text(
        config.read_text(encoding="utf-8").replace("version: 1.1.0", "version: x", 1),
        encoding="utf-8",
    )
    assert "1 of 1 config invalid" in run(cache, config)
    assert "1 of 1 config invalid" in run(cache, config)  # invalid: never from the cache


def test_a_base_change_checks_its_children_only(tmp_path: Path, checked: list[str]) -> None:
    folder, cache = tmp_path / "configs", tmp_path / "cache"
    shutil.copytree(CASES / "extends", folder)
    child, other = folder / "cliente-uno.yaml", Path(shutil.copy(MINIMAL, folder))
    run(cache, child, other)
    base = folder / "_asesoria.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("cadence_months: 12", "cadence_months: x"),
        encoding="utf-8",
    )
    assert "_asesoria.yaml:10:19: review.cadence_months" in run(cache, child, other)
    assert checked == ["cliente-uno.yaml", "minimal.yaml", "cliente-uno.yaml"]


def test_a_logo_change_checks_its_config_again(tmp_path: Path, checked: list[str]) -> None:
    cache, logo, config = tmp_path / "cache", tmp_path / "logo.png", tmp_path / "minimal.yaml"
    logo.write_bytes(PNG)
    text = MINIMAL.read_text(encoding="utf-8")
    config.write_text(
        text.replace("company:\n", "company:\n  logo: logo.png\n", 1), encoding="utf-8"
    )
    assert run(cache, config) == run(cache, config) == "1 config valid"
    assert checked == ["minimal.yaml"]
    logo.unlink()
    assert "no such file: logo.png" in run(cache, config)


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "templates"
    shutil.copytree(resources.templates_dir(), copy)
    monkeypatch.setattr(resources, "templates_dir", lambda: copy)
    yield copy


@pytest.mark.parametrize(
    ("file", "again"),
    [
        ("en/catalogue.yaml", True),
        ("es/variants/es-MX.yaml", True),
        ("common/variants.yaml", True),
        ("common/fonts/OFL.txt", True),
        ("en/sections/purpose.md.j2", False),  # what a handbook says, not what is valid
        ("common/handbook.css", False),
        ("es/lint.yaml", False),
    ],
)
def test_templates_that_decide_validity_check_again(
    tmp_path: Path, templates: Path, checked: list[str], file: str, again: bool
) -> None:
    cache = tmp_path / "cache"
    run(cache, MINIMAL)
    (templates / file).write_bytes((templates / file).read_bytes() + b"\n")
    run(cache, MINIMAL)
    assert checked == ["minimal.yaml"] * (2 if again else 1)


def test_a_schema_change_checks_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]
) -> None:
    cache, schema = tmp_path / "cache", tmp_path / "policy.schema.json"
    schema.write_bytes(resources.schema_path().read_bytes())
    monkeypatch.setattr(resources, "schema_path", lambda: schema)
    run(cache, MINIMAL)
    run(cache, MINIMAL)
    schema.write_bytes(schema.read_bytes() + b"\n")
    run(cache, MINIMAL)
    assert checked == ["minimal.yaml"] * 2


def test_a_new_tool_version_ignores_and_rewrites_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str]
) -> None:
    cache = tmp_path / "cache"
    run(cache, MINIMAL)
    monkeypatch.setattr("policy_builder.version.__version__", "99.0.0")
    run(cache, MINIMAL)
    run(cache, MINIMAL)
    assert checked == ["minimal.yaml"] * 2
    assert json.loads((cache / validate_cache.FILE).read_text())["tool_version"] == "99.0.0"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: "",
        lambda text: "{ not json",
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: text.replace('"format": 1', '"format": 2'),
        lambda text: text.replace('"kind": "policy-builder validate cache"', '"kind": "x"'),
        lambda text: text.replace('"tool_version": "', '"tool_version": "0.0.0-'),
        lambda text: text.replace('"logo": null', '"logo": 3'),
        lambda text: text.replace('"sha256": "', '"sha256": "0'),  # a digest that matches nothing
    ],
    ids=[
        "empty",
        "not-json",
        "truncated",
        "a-list",
        "other-format",
        "foreign",
        "other-tool",
        "bad-entry",
        "wrong-digest",
    ],
)
def test_a_spoiled_cache_is_ignored_and_rewritten(
    tmp_path: Path, checked: list[str], spoil: Any
) -> None:
    cache = tmp_path / "cache"
    run(cache, MINIMAL)
    path = cache / validate_cache.FILE
    good = path.read_text(encoding="utf-8")
    path.write_text(spoil(good), encoding="utf-8")
    assert run(cache, MINIMAL) == "1 config valid"
    assert checked == ["minimal.yaml"] * 2 and path.read_text(encoding="utf-8") == good


def test_a_cache_that_cannot_be_written_is_done_without(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    assert run(blocked, MINIMAL) == run(blocked / "below", MINIMAL) == "1 config valid"


# --- the command line -------------------------------------------------------------------


def test_the_cli_keeps_it_in_dot_policy_cache_or_where_the_variable_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(validate_cache.ENV)
    assert CliRunner().invoke(app, ["validate", str(MINIMAL)]).exit_code == 0
    assert list(entries(tmp_path / ".policy-cache")) == [str(MINIMAL)]
    monkeypatch.setenv(validate_cache.ENV, str(tmp_path / "elsewhere"))
    assert CliRunner().invoke(app, ["validate", str(MINIMAL)]).exit_code == 0
    assert (tmp_path / "elsewhere" / validate_cache.FILE).is_file()


@pytest.mark.parametrize(
    "option", [["--no-cache"], ["--lint"], ["--out", "published"]], ids=lambda o: o[0]
)
def test_no_cache_lint_and_out_neither_read_nor_write_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked: list[str], option: list[str]
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(validate_cache.ENV, str(cache))
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["validate", *option, str(MINIMAL)]).exit_code == 0
    assert not cache.exists()
    assert CliRunner().invoke(app, ["validate", str(MINIMAL)]).exit_code == 0
    before = len(checked)
    assert CliRunner().invoke(app, ["validate", *option, str(MINIMAL)]).exit_code == 0
    assert len(checked) > before  # the cached result was not used either


def test_a_fifo_in_place_of_the_cache_file_is_ignored_not_waited_on(
    tmp_path: Path, checked: list[str]
) -> None:
    """Reading a FIFO would block for ever; only a regular file is read as the cache."""
    cache = tmp_path / "cache"
    cache.mkdir()
    os.mkfifo(cache / "validate.json")
    assert run(cache, MINIMAL).endswith("1 config valid")
    assert checked == ["minimal.yaml"]  # validated afresh, the FIFO never trusted
