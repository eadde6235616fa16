"""Stage 2: every problem, at file:line:col, in plain words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policy_builder.commands.validate import Validation, check
from tests.conftest import CASES, EXAMPLES

INVALID = sorted((CASES / "invalid").glob("*.yaml"))


def expected_problems(path: Path) -> list[str]:
    """The ``# expect: line:col: path: message`` lines at the top of a case."""
    return re.findall(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize(
    "path", [*EXAMPLES, *sorted((CASES / "valid").glob("*.yaml"))], ids=lambda p: p.name
)
def test_examples_are_valid(path: Path) -> None:
    assert check(path).issues == ()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case_reports_its_problem(path: Path) -> None:
    expected = expected_problems(path)
    assert expected, f"{path.name} has no '# expect:' line"
    result = check(path, display=path.name)
    assert [str(i) for i in result.issues] == [f"{path.name}:{line}" for line in expected]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 1.1.0\n  effective", "version: 1.2\n  effective")
    text = text.replace("cadence_months: 12", "cadence_months: 0")
    text = text.replace("[stop_and_think,", "[stop_and_thinks,")
    text = text.replace("{es: Consultoría, en: Consulting}", "{es: Consultoría}")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    messages = [f"{i.path}: {i.message}" for i in check(path).issues]
    assert messages == [
        "company.sector.en: missing the 'en' text (the policy is published in es, en)",
        "policy.version: '1.2' is not a semantic version (expected e.g. 1.2.0)",
        "review.cadence_months: must be at least 1 (got 0)",
        "posting_rules[0]: 'stop_and_thinks' is not a built-in key for this list "
        "(did you mean 'stop_and_think'?)",
    ]


def test_language_without_templates(tmp_path: Path) -> None:
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  omit_sections:", "  languages: [es, xx]\n  omit_sections:")
    path = tmp_path / "lang.yaml"
    path.write_text(text.replace("en:", "xx:"), encoding="utf-8")
    messages = [i.message for i in check(path).issues]
    assert messages == ["no templates for language 'xx' (available: en, es)"]


def test_invalid_cases_cover_the_issue_list() -> None:
    names = {p.stem for p in INVALID}
    for needed in (
        "bad-version",
        "unknown-field",
        "missing-required-field",
        "wrong-type",
        "missing-translation",
        "malformed-yaml",
        "changelog-missing-current-version",
        "changelog-dates-out-of-order",
        "unknown-vocabulary-key",
    ):
        assert needed in names


def test_json_report_is_machine_readable(tmp_path: Path) -> None:
    from policy_builder.report import validation

    result = check(CASES / "invalid" / "bad-version.yaml", display="bad-version.yaml")
    payload = json.loads(validation.as_json(Validation((result,))))
    assert payload["valid"] is False
    assert payload["configs"][0]["issues"][0] == {
        "file": "bad-version.yaml",
        "line": 12,
        "column": 12,
        "path": "policy.version",
        "message": "'1.2' is not a semantic version (expected e.g. 1.2.0)",
    }
