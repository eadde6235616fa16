"""The prose linter (policy i18n lint, validate --lint): fixtures of real defects and good text.

The ``bad-*`` fixtures are real defects from earlier handbooks; the ``good-*`` ones are
correct text that must produce no finding. The examples in company_configs/ must lint
clean (also run by .ci/run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.lint import Context, check_item, english_variant, lint_markdown
from policy_builder.lint.data import conjugate, lexicon
from tests.conftest import CASES

LINT = CASES / "lint"
MARKDOWN_CASES = sorted(
    p for p in LINT.glob("*.yaml") if "markdown" in yaml.safe_load(p.read_text())
)
ITEM_CASES = sorted(p for p in LINT.glob("*.yaml") if "items" in yaml.safe_load(p.read_text()))


def _case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", MARKDOWN_CASES, ids=lambda p: p.stem)
def test_markdown_fixture_gives_exactly_its_findings(path: Path) -> None:
    case = _case(path)
    tag = case["lang"]
    ctx = Context(tag, english_variant(tag, "US"), tuple(case.get("names") or ()))
    lines = [f"§ {f.section}: {f.message}" for f in lint_markdown(case["markdown"], ctx, path.name)]
    for expected in case["expect"]:
        matching = [line for line in lines if expected in line]
        assert matching, f"{path.name}: no finding matches {expected!r}; found:\n" + "\n".join(
            lines
        )
    assert len(lines) == len(case["expect"]), "unexpected findings:\n" + "\n".join(
        line for line in lines if not any(e in line for e in case["expect"])
    )


@pytest.mark.parametrize("path", ITEM_CASES, ids=lambda p: p.stem)
def test_custom_item_fixture(path: Path) -> None:
    for item in _case(path)["items"]:
        problem = check_item(item["text"], item["lang"], item["list"] == "rule")
        expected = item.get("expect")
        if expected is None:
            assert problem is None, f"{item['text']!r}: {problem}"
        else:
            assert problem is not None and expected in problem, item["text"]


def test_every_fixture_is_run() -> None:
    assert len(MARKDOWN_CASES) + len(ITEM_CASES) == len(list(LINT.glob("*.yaml")))
    assert any(p.stem.startswith("good-") for p in MARKDOWN_CASES)


@pytest.mark.parametrize(
    ("tag", "country", "variant"),
    [
        ("en", "US", "en-US"),
        ("en", "ES", "en-GB"),  # the country rule: Europe writes British English
        ("en", "MX", "en-US"),
        ("en", "GB", "en-GB"),
        ("en", "IE", "en-GB"),
        ("en-GB", "US", "en-GB"),
        ("en-US", "GB", "en-US"),
        ("es", "GB", None),
        ("es-MX", "MX", None),
    ],
)
def test_english_variant_follows_the_tag_then_the_country(
    tag: str, country: str, variant: str | None
) -> None:
    assert english_variant(tag, country) == variant


def test_variant_tags_use_their_base_language_data() -> None:
    assert lexicon("es-MX").informal_words == lexicon("es").informal_words
    ctx = Context("es-MX")
    found = lint_markdown("## 1. Uno\n\nNunca pegues datos.\n", ctx)
    assert [f.message.split(" in ")[0] for f in found] == ['tú form "pegues"']


@pytest.mark.parametrize(
    ("infinitive", "note", "forms"),
    [
        ("publicar", None, ("publicas", "publica", "publiques", "publique")),
        ("recomendar", "ie", ("recomiendas", "recomienda", "recomiendes", "recomiende")),
        ("proteger", None, ("proteges", "protege", "protejas", "proteja")),
        ("seguir", "i", ("sigues", "sigue", "sigas", "siga")),
        ("agradecer", None, ("agradeces", "agradece", "agradezcas", "agradezca")),
        ("incluir", None, ("incluyes", "incluye", "incluyas", "incluya")),
        ("enviar", "í", ("envías", "envía", "envíes", "envíe")),
    ],
)
def test_spanish_forms_are_generated_with_their_spelling_changes(
    infinitive: str, note: str | None, forms: tuple[str, str, str, str]
) -> None:
    got = conjugate(infinitive, note)
    assert (got["present"], got["imperative"], got["subjunctive"], got["formal"]) == forms


runner = CliRunner()


# tonalli.yaml as it stood before its text was reviewed (November 2026): tú forms and all.
BEFORE = CASES / "lint" / "configs"


def test_i18n_lint_names_file_language_and_section_and_exits_1() -> None:
    result = runner.invoke(app, ["i18n", "lint", str(BEFORE / "tonalli.yaml")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{BEFORE / 'tonalli.yaml'} [es] § 7. Normas para publicar: ")
        and 'tú form "agradécele"' in line
        for line in lines
    )
    assert lines[-1].endswith("in 2 handbooks of 1 config")


def test_i18n_lint_usage_error_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["i18n", "lint", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2


def test_validate_lint_reports_warnings_at_the_field_and_strict_fails() -> None:
    config = str(BEFORE / "tonalli.yaml")
    plain = runner.invoke(app, ["validate", config])
    assert plain.exit_code == 0 and "warning" not in plain.stdout
    linted = runner.invoke(app, ["validate", "--lint", config])
    assert linted.exit_code == 0
    assert (
        f'{config}:233:9: customer_listening.route.es: warning: tú form "Registra"' in linted.stdout
    )
    assert 'posting_rules[7].text.es: warning: tú form "contigo"' in linted.stdout
    assert linted.stdout.rstrip().endswith("prose warnings")
    strict = runner.invoke(app, ["validate", "--lint", "--strict", config])
    assert strict.exit_code == 1
    as_json = runner.invoke(app, ["validate", "--lint", "--format", "json", config])
    warnings = yaml.safe_load(as_json.stdout)["warnings"]
    assert {"file", "line", "column", "path", "message"} <= set(warnings[0])


def test_the_examples_lint_clean() -> None:
    from typer.testing import CliRunner

    from policy_builder.cli import app

    result = CliRunner().invoke(app, ["i18n", "lint", "company_configs"])
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output
