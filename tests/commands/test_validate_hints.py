"""``policy validate``'s jurisdiction hints on the command line: the warning line and
its rule, exit codes with and without --strict, the JSON report, the cache, and what
``policy build`` does with a config that has hints (it builds, saying nothing)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands import validate_cache
from policy_builder.commands.incremental import up_to_date
from policy_builder.commands.validate import validate
from policy_builder.pipeline import hint_rules
from tests.conftest import CONFIGS, EXAMPLES

runner = CliRunner()


def us_company(tmp_path: Path, *, cites_nlra: bool = False) -> tuple[Path, int]:
    """Acme without its NLRA citation (a hint) or with it; and the line of
    ``regulations:``."""
    text = (CONFIGS / "acme.yaml").read_text(encoding="utf-8")
    if not cites_nlra:
        text = text.replace("  - us_nlra\n", "")
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("regulations:") + 1
    return path, line


def test_a_hint_is_a_warning_line_naming_its_rule_and_exits_0(tmp_path: Path) -> None:
    config, line = us_company(tmp_path)
    result = runner.invoke(app, ["validate", "--no-cache", str(config)])
    assert result.exit_code == 0
    warning, summary = result.stdout.splitlines()
    assert warning.startswith(
        f"{config}:{line}:1: regulations: warning: does not cite us_nlra "
        "(company.country is US): Section 7 of the NLRA protects"
    )
    assert warning.endswith(". (hint us_concerted_activity)")
    assert summary == "1 config valid, 1 hint warning"


def test_strict_turns_a_hint_into_a_failure(tmp_path: Path) -> None:
    config, _ = us_company(tmp_path)
    result = runner.invoke(app, ["validate", "--no-cache", "--strict", str(config)])
    assert result.exit_code == 1
    assert "(hint us_concerted_activity)" in result.stdout
    cited, _ = us_company(tmp_path, cites_nlra=True)
    assert runner.invoke(app, ["validate", "--strict", str(cited)]).exit_code == 0


def test_the_examples_pass_strict() -> None:
    result = runner.invoke(app, ["validate", "--no-cache", "--strict", str(CONFIGS)])
    assert (result.exit_code, result.stdout) == (0, f"{len(EXAMPLES)} configs valid\n")


def test_json_lists_each_hint_with_its_rule(tmp_path: Path) -> None:
    config, line = us_company(tmp_path)
    result = runner.invoke(app, ["validate", "--no-cache", "--format", "json", str(config)])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["valid"] is True
    [entry] = payload["configs"]
    assert entry["issues"] == []
    [hint] = entry["hints"]
    assert set(hint) == {"file", "line", "column", "path", "message", "hint"}
    assert (hint["file"], hint["line"], hint["column"], hint["path"], hint["hint"]) == (
        str(config),
        line,
        1,
        "regulations",
        "us_concerted_activity",
    )
    assert hint["message"].startswith("does not cite us_nlra (company.country is US): ")
    clean = runner.invoke(app, ["validate", "--format", "json", str(CONFIGS / "tonalli.yaml")])
    assert json.loads(clean.stdout)["configs"][0]["hints"] == []


def test_an_unknown_acknowledgement_is_an_error_at_its_line(tmp_path: Path) -> None:
    config, _ = us_company(tmp_path)
    text = config.read_text(encoding="utf-8") + (
        "hints:\n  acknowledged:\n"
        "    - hint: us_concerted_activities\n"
        "      reason: Our employees are covered by the Railway Labor Act.\n"
    )
    config.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    - hint: us_concerted_activities") + 1
    result = runner.invoke(app, ["validate", str(config)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{config}:{line}:13: hints.acknowledged[0].hint: there is no hint "
        "'us_concerted_activities' to acknowledge (did you mean 'us_concerted_activity'?)"
    )
    # policy build refuses it like any other invalid config.
    built = runner.invoke(
        app, ["build", "--format", "md", "--out", str(tmp_path / "o"), str(config)]
    )
    assert built.exit_code == 1 and not (tmp_path / "o" / "acme").exists()


def test_an_acknowledged_hint_is_silent_and_a_stale_one_warns(tmp_path: Path) -> None:
    config, _ = us_company(tmp_path)
    ack = (
        "hints:\n  acknowledged:\n"
        "    - hint: us_concerted_activity\n"
        "      reason: Our employees are covered by the Railway Labor Act.\n"
    )
    config.write_text(config.read_text(encoding="utf-8") + ack, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--no-cache", "--strict", str(config)])
    assert (result.exit_code, result.stdout) == (0, "1 config valid\n")
    config.write_text(config.read_text(encoding="utf-8").replace("country: US", "country: MX"))
    stale = runner.invoke(app, ["validate", "--no-cache", str(config)])
    assert stale.exit_code == 0
    assert "hints.acknowledged[0].hint: warning: the hint 'us_concerted_activity' does not " in (
        stale.stdout
    )


def test_a_cache_hit_still_warns(tmp_path: Path) -> None:
    config, _ = us_company(tmp_path)
    cache = tmp_path / "cache"
    first = validate([config], cache=cache)
    second = validate([config], cache=cache)
    assert (
        [h.rule for h in first.hints] == [h.rule for h in second.hints] == ["us_concerted_activity"]
    )
    assert first.hints == second.hints
    # A config with hints is never cached; one without is.
    clean = Path(shutil.copy(CONFIGS / "tonalli.yaml", tmp_path))
    validate([config, clean], cache=cache)
    stored = json.loads((cache / validate_cache.FILE).read_text(encoding="utf-8"))["entries"]
    assert list(stored) == [str(clean.resolve())]


def test_a_new_rule_reaches_a_config_the_cache_knows(tmp_path: Path, templates_copy: Path) -> None:
    cache = tmp_path / "cache"
    config = Path(shutil.copy(CONFIGS / "tonalli.yaml", tmp_path))
    hint_rules.rules.cache_clear()
    try:
        assert validate([config], cache=cache).hints == ()
        rules = templates_copy / "common" / "hints.yaml"
        rules.write_text(
            rules.read_text(encoding="utf-8") + "  - id: mx_consumers\n"
            "    when: {country: [MX]}\n"
            "    expects: {all_of: [mx_lfpc, es_lssi]}\n"
            "    reason: A rule added after the config was cached.\n",
            encoding="utf-8",
        )
        hint_rules.rules.cache_clear()
        [hint] = validate([config], cache=cache).hints
        assert hint.rule == "mx_consumers" and hint.message.startswith("does not cite es_lssi (")
    finally:
        hint_rules.rules.cache_clear()


def test_build_publishes_a_config_with_hints_and_prints_none(tmp_path: Path) -> None:
    config, _ = us_company(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--format", "md", "--out", str(out), str(config)])
    assert result.exit_code == 0
    assert "hint" not in result.stdout + result.stderr
    assert (out / "acme" / "2.0.1" / "manifest.json").is_file()


def test_editing_the_rules_rebuilds_nothing(tmp_path: Path, templates_copy: Path) -> None:
    config = Path(shutil.copy(CONFIGS / "tonalli.yaml", tmp_path))
    out = tmp_path / "out"
    runner.invoke(app, ["build", "--format", "md", "--out", str(out), str(config)])
    assert up_to_date(config, out_dir=out, langs=None, formats=["md"]) is not None
    rules = templates_copy / "common" / "hints.yaml"
    rules.write_text("# edited\n" + rules.read_text(encoding="utf-8"), encoding="utf-8")
    assert up_to_date(config, out_dir=out, langs=None, formats=["md"]) is not None


def test_the_starter_config_has_no_hints(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", "northwind", "--dir", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["validate", "--strict", str(tmp_path / "northwind.yaml")])
    assert (result.exit_code, result.stdout) == (0, "1 config valid\n")
