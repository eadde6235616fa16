"""The ``policy`` command: exit codes, messages, no tracebacks, lazy imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
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
        (["build", "--format", "odt", "x"], "unknown value odt"),
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
    import policy_builder.commands.validate as validate_module

    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(validate_module, "check", broken)
    code, out, err = run("validate", str(CONFIGS / "acme.yaml"))
    assert code == 3
    assert "internal error (a bug in policy-builder" in err and "ZeroDivisionError: boom" in err
    assert "Traceback" not in out + err
    code, _, err = run("--debug", "validate", str(CONFIGS / "acme.yaml"))
    assert code == 3 and "Traceback" in err


def test_schema_prints_the_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0 and json.loads(out)["title"] == "Social-media policy"


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


COMMANDS = [
    "validate",
    "build",
    "diff",
    "status",
    "impact",
    "changelog",
    "schema",
    "doctor",
    "init",
    "explain",
]
# One metavar per option name; a list-taking option adds ``[,WORD]`` to the same word.
METAVARS = {
    "--out": "DIR",
    "--dir": "DIR",
    "--format": "FORMAT",
    "--lang": "LANG",
    "--today": "YYYY-MM-DD",
    "--since": "YYYY-MM-DD",
    "--output": "FILE",
    "--jobs": "N",
    "--shard": "K/N",
    "--pdf-variant": "VARIANT",
    "--edition": "EDITION",
}


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return list(group.commands)  # type: ignore[attr-defined]


def _help(*args: str, columns: int = 80) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _terms(help_text: str) -> list[str]:
    """The left column of the Arguments and Options sections: ``--out DIR``, ``PATH...``."""
    terms, inside = [], False
    for line in help_text.splitlines():
        if line in ("Arguments:", "Options:"):
            inside = True
        elif line and not line.startswith(" "):
            inside = False
        elif inside and line.startswith("  ") and not line.startswith("   "):
            terms.append(line.strip().split("  ")[0])
    return terms


def test_the_commands_listed_here_are_all_the_commands() -> None:
    assert sorted(_commands()) == sorted([*COMMANDS, "i18n"])


@pytest.mark.parametrize("command", [*COMMANDS, "i18n lint"])
def test_usage_line_and_terms_name_things_in_words(command: str) -> None:
    text = _help(*command.split())
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: policy {command} [OPTIONS]")
    for shown in [usage, *_terms(text)]:
        for bad in ("<", ">", "{", "}", r"list\[", r"\bPath\b", r"\bstr\b", "PATHS", "paths"):
            assert not re.search(bad, shown), f"{command}: {shown!r} shows {bad!r}"
    for piece in usage.split()[4:]:  # the arguments: PATH..., [PATH]..., OLD, SLUG
        assert re.fullmatch(r"\[?[A-Z]+\]?(\.\.\.)?", piece), f"{command}: {piece!r}"


def test_the_same_option_has_the_same_metavar_everywhere() -> None:
    seen: dict[str, set[str]] = {}
    for command in COMMANDS:
        for term in _terms(_help(command)):
            if term.startswith("--") and " " in term:
                option, metavar = term.split(" ", 1)
                seen.setdefault(option, set()).add(metavar)
    for option, metavars in seen.items():
        words = {m.split("[", 1)[0] for m in metavars}
        assert words == {METAVARS[option]}, f"{option}: {sorted(metavars)}"
        for metavar in metavars:
            assert metavar in (METAVARS[option], f"{METAVARS[option]}[,{METAVARS[option]}]")


@pytest.mark.parametrize("command", ["", *COMMANDS, "i18n", "i18n lint"])
def test_every_help_says_its_exit_codes(command: str) -> None:
    text = " ".join(_help(*command.split()).split())
    assert re.search(r"Exit codes: 0 [^.]+, 2 usage error[^.]*, 3 internal error[^.]*\.", text), (
        text
    )


@pytest.mark.parametrize("columns", [80, 60])
def test_command_list_shows_complete_short_first_sentences(columns: int) -> None:
    import typer.main

    text = _help(columns=columns)
    rows = text.split("Commands:\n", 1)[1]
    listed: dict[str, str] = {}
    for line in rows.splitlines():
        name, _, rest = line.strip().partition(" ")
        if line.startswith("  ") and not line.startswith("   ") and name in [*COMMANDS, "i18n"]:
            listed[name], current = rest.strip(), name
        elif line.strip():
            listed[current] += " " + line.strip()
    assert sorted(listed) == sorted([*COMMANDS, "i18n"])
    group = typer.main.get_command(app)
    for name, shown in listed.items():
        assert shown.endswith(".") and not shown.endswith("...") and "…" not in shown, shown
        assert len(shown) <= 60, f"{name}: first sentence too long: {shown!r}"
        docstring = group.commands[name].help or ""  # type: ignore[attr-defined]
        assert " ".join(docstring.split()).startswith(shown), f"{name}: {shown!r}"


def test_policy_alone_prints_the_help_and_exits_0() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: policy [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in result.stdout and result.stderr == ""


@pytest.mark.parametrize(
    ("args", "error", "hint"),
    [
        (["validate", "--bogus", "x"], "error: no such option: --bogus", "policy validate"),
        (["validate"], "error: missing argument PATH", "policy validate"),
        (["diff", "old.yaml"], "error: missing argument NEW", "policy diff"),
        (["build", "--format"], "error: option '--format' requires an argument", "policy build"),
        (["nosuch"], "error: no such command 'nosuch'", "policy"),
        (["validate", "--format", "xml", "x"], "error: --format must be one of", "policy validate"),
        (["status", "--today", "2026-13-01"], "error: --today must be a date", "policy status"),
    ],
)
def test_usage_errors_are_one_error_line_and_the_help_hint(
    args: list[str], error: str, hint: str
) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(error), err
    assert lines[1] == f"Run '{hint} --help'."
    assert "Usage:" not in err and "Error:" not in err


def test_click_usage_errors_escape_hidden_characters() -> None:
    for args, shown in (
        (["validate", "--bo\u202egus", "x"], "error: no such option: --bo\\u202egus"),
        (["va\u202el"], "error: no such command 'va\\u202el'"),
        (["schema", "\x1b[2J"], "error: got unexpected extra argument(s) (\\x1b[2J)"),
    ):
        code, _, err = run(*args)
        assert code == 2 and err.startswith(shown), repr(err)
        assert len(err.splitlines()) == 2 and err.replace("\n", "").isprintable(), repr(err)


def _listed(out: str) -> tuple[str, dict[str, str]]:
    head, *rows = out.splitlines()
    return head, {row.split()[0]: " ".join(row.split()[1:]) for row in rows}


def test_build_summary_counts_and_sizes_what_it_lists(tmp_path: Path) -> None:
    from policy_builder.report.build import size as _size

    code, out, _ = run(
        "build",
        str(CASES / "valid" / "minimal.yaml"),
        "--out",
        str(tmp_path),
        "--format",
        "md,html",
    )
    assert code == 0
    *report, closing = out.strip().splitlines()
    assert re.fullmatch(r"1 built, 0 unchanged, 0 failed in \d+\.\d s", closing)
    head, listed = _listed("\n".join(report))
    folder = tmp_path / "minimal" / "1.1.0"
    on_disk = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert set(listed) == set(on_disk)  # manifest.json included, like every other file
    assert listed == {name: _size(size) for name, size in on_disk.items()}
    assert head.endswith(f"({len(listed)} files, {_size(sum(on_disk.values()))})"), head


def test_building_several_configs_ends_with_a_count_of_each_outcome(tmp_path: Path) -> None:
    minimal, other = (
        CASES / "valid" / "minimal.yaml",
        CASES / "valid" / "long-words-and-letters.yaml",
    )
    args = ["--out", str(tmp_path), "--format", "md"]
    assert run("build", str(minimal), *args)[0] == 0
    code, out, _ = run(
        "build", str(minimal), str(other), str(CASES / "invalid" / "wrong-type.yaml"), *args
    )
    assert code == 1
    assert re.fullmatch(r"1 built, 1 unchanged, 1 failed in \d+\.\d s", out.splitlines()[-1])
    code, out, _ = run("build", str(other), *args)  # one config: the summary counts it too
    assert code == 0
    assert re.fullmatch(r"0 built, 1 unchanged, 0 failed in \d+\.\d s", out.splitlines()[-1])


def test_status_in_spanish_counts_an_invalid_configs_problems_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short path: the note is not wrapped
    Path("bad.yaml").write_bytes((CASES / "invalid" / "bad-version.yaml").read_bytes())
    _, out, _ = run("status", "bad.yaml", "--lang", "es")
    assert "bad.yaml: no válida, 1 problema:" in out and "problem found" not in out
    _, out, _ = run("status", "bad.yaml")
    assert "bad.yaml: invalid, 1 problem:" in out
