"""``policy impact``: the policies a regulation change touches, directly or through a
base, before and after the catalogue entry's as_of moves; ``--since``; JSON; exit codes.
``policy status`` carries the same flag."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.impact import impact
from policy_builder.commands.incremental import up_to_date
from policy_builder.commands.status import status
from policy_builder.errors import UsageError
from policy_builder.report import impact as report
from policy_builder.report import status as status_report
from tests.regulations.conftest import entry_text, make_project, write_entry

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def bump(project: Path, regulation: str, old: str, new: str) -> None:
    """The project's own copy of a bundled entry, with its as_of moved to ``new``."""
    text = entry_text(regulation).replace(f'as_of: "{old}"', f'as_of: "{new}"\noverrides: true')
    write_entry(project, f"{regulation}.yaml", text)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["impact", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cited_directly_and_through_a_base(project: Path) -> None:
    result = impact("eu_gdpr", [project / "company_configs"])
    rows = {p.slug: p for p in result.policies}
    assert set(rows) == {"cliente-uno", "minimal"}
    assert rows["minimal"].via is None
    assert rows["cliente-uno"].via is not None and rows["cliente-uno"].via.endswith(
        "_asesoria.yaml"
    )
    assert rows["cliente-uno"].version == "1.0.0"
    assert rows["cliente-uno"].last_review == dt.date(2026, 8, 20)
    assert not result.needing_review and result.exit_code == 0
    only_base = impact("es_lopdgdd", [project / "company_configs"])
    assert [p.slug for p in only_base.policies] == ["cliente-uno"]  # minimal does not cite it


def test_bumping_as_of_flags_the_policies_reviewed_before_it(project: Path) -> None:
    configs = project / "company_configs"
    bump(project, "eu_gdpr", "2016-04-27", "2026-07-01")  # after minimal's review (2026-05-20)
    result = impact("eu_gdpr", [configs])
    flagged = {p.slug: p.needs_review for p in result.policies}
    assert flagged == {"minimal": True, "cliente-uno": False}  # reviewed on 2026-08-20
    assert result.exit_code == 1
    code, out, _ = run("eu_gdpr", str(configs))
    assert code == 1
    assert "NEEDS REVIEW" in out and "cliente-uno cites it through its base" in out
    assert "project/regulations/eu_gdpr.yaml" in out or "eu_gdpr.yaml" in out
    # 80 columns, but for a file path too long for any line, kept whole to be copied
    assert all(len(line) <= 80 for line in out.splitlines() if str(project) not in line)


def test_since_replaces_as_of(project: Path) -> None:
    configs = project / "company_configs"
    result = impact("eu_gdpr", [configs], since=dt.date(2026, 9, 1))
    assert all(p.needs_review for p in result.policies) and result.exit_code == 1
    code, out, _ = run("eu_gdpr", str(configs), "--since", "2026-01-01")
    assert code == 0 and "0 need review (last review before 2026-01-01)" in out


def test_json_for_ci(project: Path) -> None:
    bump(project, "es_lopdgdd", "2018-12-06", "2026-09-01")
    code, out, _ = run("es_lopdgdd", str(project / "company_configs"), "--json")
    payload = json.loads(out)
    assert code == 1 and payload["exit_code"] == 1
    assert payload["regulation"]["as_of"] == "2026-09-01" and not payload["regulation"]["bundled"]
    [row] = payload["policies"]
    assert row["slug"] == "cliente-uno" and row["cited"] == "through_base"
    assert row["base"].endswith("_asesoria.yaml") and row["needs_review"] is True


def test_unknown_id_is_a_usage_error_with_a_hint(project: Path) -> None:
    with pytest.raises(UsageError, match="did you mean 'eu_gdpr'"):
        impact("eu_gdp", [project / "company_configs"])
    code, _, err = run("eu_gdp", str(project / "company_configs"))
    assert code == 2 and "unknown regulation 'eu_gdp' (did you mean 'eu_gdpr'?)" in err
    assert run("eu_gdpr", "--since", "soon")[0] == 2


def test_an_invalid_config_is_a_problem_line_not_a_traceback(project: Path) -> None:
    (project / "company_configs" / "broken.yaml").write_text("company: [\n", encoding="utf-8")
    result = impact("eu_gdpr", [project / "company_configs"])
    assert len(result.policies) == 2 and result.problems and result.exit_code == 1
    code, out, err = run("eu_gdpr", str(project / "company_configs"))
    assert code == 1 and "broken.yaml:" in err and "Traceback" not in out + err
    assert "could not be checked" in report.summary(result)


def test_status_flags_a_policy_whose_cited_regulation_changed(project: Path) -> None:
    configs = project / "company_configs"
    bump(project, "eu_gdpr", "2016-04-27", "2026-07-01")
    rows = {
        r.slug: r
        for r in status([configs], out_dir=project / "out", today=dt.date(2026, 9, 1)).rows
    }
    assert rows["minimal"].changed_regulations == (("eu_gdpr", dt.date(2026, 7, 1)),)
    assert rows["cliente-uno"].changed_regulations == ()
    portfolio = status([configs], out_dir=project / "out", today=dt.date(2026, 9, 1))
    text = " ".join(status_report.text(portfolio).split())
    assert (
        "minimal.yaml: needs review: eu_gdpr (2026-07-01) changed after its last review (2026-05-20)"
        in text
    )
    payload = {r["slug"]: r for r in json.loads(status_report.as_json(portfolio, "en"))}
    assert payload["minimal"]["needs_review"] is True
    assert payload["cliente-uno"]["needs_review"] is False


def test_editing_a_project_entry_rebuilds_only_the_configs_citing_it(project: Path) -> None:
    configs, out = project / "company_configs", project / "out"
    own = write_entry(
        project, "acme_code.yaml", entry_text("us_nlra").replace("id: us_nlra", "id: acme_code")
    )
    minimal = configs / "minimal.yaml"
    minimal.write_text(
        minimal.read_text(encoding="utf-8").replace("[eu_gdpr]", "[eu_gdpr, acme_code]"),
        encoding="utf-8",
    )
    child = configs / "cliente-uno.yaml"
    for config in (minimal, child):
        build(config, out_dir=out, formats=["md"])

    def fresh(config: Path) -> bool:
        return up_to_date(config, out_dir=out, langs=None, formats=["md"]) is not None

    assert fresh(minimal) and fresh(child)
    own.write_text(
        own.read_text(encoding="utf-8").replace("Section 7", "Section Seven"), encoding="utf-8"
    )
    assert not fresh(minimal) and fresh(child)
