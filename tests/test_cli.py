"""The ``policy`` command: exit codes, messages, no tracebacks, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder.cli import app
from tests.conftest import CASES, CONFIGS, ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_folder_of_examples_exits_0() -> None:
    code, out, _ = run("validate", str(CONFIGS))
    assert code == 0
    assert out.strip().endswith("configs valid")


def test_validate_reports_each_problem_on_one_line_and_exits_1() -> None:
    code, out, err = run(
        "validate", str(CASES / "invalid" / "bad-version.yaml"), str(CONFIGS / "acme.yaml")
    )
    assert code == 1
    assert (
        "bad-version.yaml:12:12: policy.version: '1.2' is not a semantic version (expected e.g. 1.2.0)"
        in out
    )
    assert "1 of 2 configs invalid, 1 problem" in out
    assert "Traceback" not in out + err


def test_validate_json_for_ci() -> None:
    code, out, _ = run("validate", "--format", "json", str(CASES / "invalid"))
    assert code == 1
    payload = json.loads(out)
    assert payload["valid"] is False
    assert all(not c["valid"] and c["issues"] for c in payload["configs"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no-such.yaml"], "no-such.yaml: no such file or folder"),
        (["validate", "--format", "xml", "x"], "--format must be one of text, json"),
        (["build", "--format", "docx", "x"], "unknown value docx"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert message in err


def test_folder_without_configs_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path))
    assert code == 2 and "no .yaml configs in this folder" in err


def test_build_prints_what_it_wrote(tmp_path: Path) -> None:
    code, out, _ = run(
        "build",
        str(CASES / "valid" / "minimal.yaml"),
        "--out",
        str(tmp_path),
        "--format",
        "md,html",
    )
    assert code == 0
    assert "built minimal 1.1.0" in out and "minimal-social-media-policy.es-ES.html" in out
    assert (tmp_path / "minimal" / "1.1.0" / "manifest.json").is_file()


def test_build_skips_invalid_configs_and_exits_1(tmp_path: Path) -> None:
    code, out, err = run(
        "build",
        str(CASES / "invalid" / "wrong-type.yaml"),
        str(CASES / "valid" / "minimal.yaml"),
        "--out",
        str(tmp_path),
        "--format",
        "md",
    )
    assert code == 1
    assert "wrong-type.yaml:22:19: review.cadence_months: expected a whole number" in err
    assert "not built" in err and "built minimal" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal"]


def test_internal_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    import policy_builder.build as build_module

    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(build_module, "check", broken)
    code, out, err = run("validate", str(CONFIGS / "acme.yaml"))
    assert code == 3
    assert "internal error (a bug in policy-builder" in err and "ZeroDivisionError: boom" in err
    assert "Traceback" not in out + err
    code, _, err = run("--debug", "validate", str(CONFIGS / "acme.yaml"))
    assert code == 3 and "Traceback" in err


def test_schema_prints_the_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Social-media policy"


def test_init_writes_a_starter_that_validates(tmp_path: Path) -> None:
    code, _out, _ = run("init", "northwind", "--dir", str(tmp_path))
    assert code == 0
    path = tmp_path / "northwind.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(text)["company"]
    assert run("validate", str(path))[0] == 0
    code, _, err = run("init", "northwind", "--dir", str(tmp_path))
    assert code == 2 and "already exists" in err
    code, _, err = run("init", "../evil", "--dir", str(tmp_path))
    assert code == 2 and "is not a slug" in err


def test_init_into_a_file_or_a_read_only_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    code, _, err = run("init", "northwind", "--dir", str(a_file))
    assert (code, err) == (2, f"error: --dir {a_file} is a file, not a folder; choose a folder\n")
    code, _, err = run("init", "northwind", "--dir", str(a_file / "sub"))
    assert code == 2 and err.startswith(f"error: --dir {a_file / 'sub'}: cannot write")
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    if os.geteuid() == 0:  # root ignores permissions: refuse the write the way the OS would
        real_open = os.open

        def refusing_open(name: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(name).parent == read_only and flags & os.O_CREAT:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    else:
        read_only.chmod(0o555)
    code, _, err = run("init", "northwind", "--dir", str(read_only))
    assert (code, err) == (
        2,
        f"error: --dir {read_only}: cannot write northwind.yaml there (permission denied)\n",
    )
    assert list(read_only.iterdir()) == []


def test_diff_refuses_to_write_its_report_over_an_input(tmp_path: Path) -> None:
    old, new = tmp_path / "acme.yaml", tmp_path / "new" / "acme.yaml"
    new.parent.mkdir()
    for path in (old, new):
        path.write_bytes((CONFIGS / "acme.yaml").read_bytes())
    published = tmp_path / "out" / "acme" / "2.0.1"
    assert run("build", str(old), "--out", str(tmp_path / "out"), "--format", "md")[0] == 0
    link = tmp_path / "link.yaml"
    link.symlink_to(new)
    for args, which in (
        ([str(old), str(new), "--output", str(new)], f"NEW ({new})"),
        (
            [str(old), str(new), "--output", str(tmp_path / "new" / ".." / "acme.yaml")],
            f"OLD ({old})",
        ),
        ([str(old), str(new), "--output", str(link)], f"NEW ({new})"),
        ([str(published), str(new), "--output", str(published / "manifest.json")], "OLD"),
    ):
        code, _, err = run("diff", *args)
        assert code == 2, err
        assert err.startswith("error: --output ") and f"would overwrite {which}" in err
    assert old.read_bytes() == new.read_bytes() == (CONFIGS / "acme.yaml").read_bytes()
    assert run("validate", "--out", str(tmp_path / "out"), str(old))[0] == 0  # still intact
    code, _, _ = run("diff", str(old), str(new), "--output", str(tmp_path / "report.txt"))
    assert code == 0 and (tmp_path / "report.txt").is_file()


def test_help_and_validate_do_not_import_weasyprint() -> None:
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from policy_builder.cli import app\n"
        "r = CliRunner()\n"
        "assert r.invoke(app, ['--help']).exit_code == 0\n"
        f"assert r.invoke(app, ['validate', {str(CONFIGS)!r}]).exit_code == 0\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policy_builder", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("policy-builder ")


def _schema_line(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    return first.split("$schema=", 1)[1]


@pytest.mark.parametrize("where", ["nested/deeper", "."])
def test_init_schema_path_resolves_from_the_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from policy_builder import resources

    monkeypatch.chdir(tmp_path)  # --dir relative to a folder outside the checkout
    assert run("init", "northwind", "--dir", where)[0] == 0
    written = tmp_path / where / "northwind.yaml"
    ref = _schema_line(written)
    assert not Path(ref).is_absolute()  # a checkout: relative, so the repository can move
    assert (written.parent / ref).resolve() == resources.schema_path().resolve()


def test_init_names_the_installed_schema_by_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policy_builder import resources

    installed = tmp_path / "site-packages" / "policy_builder" / "_data" / "schemas"
    installed.mkdir(parents=True)
    schema = installed / "policy.schema.json"
    schema.write_bytes(resources.schema_path().read_bytes())
    monkeypatch.setattr(resources, "schema_path", lambda: schema)
    assert run("init", "northwind", "--dir", str(tmp_path / "configs"))[0] == 0
    ref = _schema_line(tmp_path / "configs" / "northwind.yaml")
    assert Path(ref) == schema.resolve() and Path(ref).exists()
