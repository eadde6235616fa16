"""``policy init``: a commented starter config that validates as written, never over a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


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


# --- one voice: help, usage lines, metavars, click's own errors, build summary ---------
