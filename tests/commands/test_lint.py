"""``policy i18n lint`` as a function: findings, configs reviewed, configs left out."""

from __future__ import annotations

from policy_builder.commands.lint import lint
from policy_builder.errors import ExitCode
from policy_builder.report import lint as report
from tests.conftest import CASES, CONFIGS, EXAMPLES

BAD = CASES / "invalid" / "bad-version.yaml"
WITH_TU = CASES / "lint" / "configs" / "tonalli.yaml"


def test_the_examples_have_no_findings() -> None:
    review = lint([CONFIGS])
    assert review.findings == () and review.skipped == () and review.exit_code == ExitCode.OK
    assert review.configs == len(EXAMPLES)
    assert report.render(review).out == f"{review.configs} configs reviewed: no findings\n"


def test_findings_and_invalid_configs_fail_the_review() -> None:
    review = lint([WITH_TU, BAD])
    assert review.findings and review.configs == 2
    assert [s.path for s in review.skipped] == [BAD]
    assert review.exit_code == ExitCode.FOUND_WANTING
    printed = report.render(review)
    assert printed.err.endswith(f"{BAD}: not reviewed (1 problem found)\n")
    assert printed.out.rstrip().endswith("of 2 configs")
