"""``policy changelog``: the recorded history as text, Markdown and JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from policy_builder.cli import app
from policy_builder.commands.changelog import changelog
from policy_builder.errors import UsageError
from tests.conftest import CASES, CONFIGS

runner = CliRunner()
BANK = CONFIGS / "banco-meridiano.yaml"
MINIMAL = CASES / "valid" / "minimal.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["changelog", *args])
    return result.exit_code, result.stdout, result.stderr


def test_library_keeps_entries_oldest_first_with_regulation_titles() -> None:
    history = changelog(BANK)
    assert (history.slug, history.company, history.version) == (
        "banco-meridiano",
        "Banco Meridiano, S.A.",
        "1.3.1",
    )
    assert [e.version for e in history.entries] == [
        "1.0.0",
        "1.1.0",
        "1.2.0",
        "1.2.1",
        "1.3.0",
        "1.3.1",
    ]
    first = history.entries[0]
    assert first.date == dt.date(2021, 3, 1)
    assert first.regulation == "es_lopdgdd"
    assert first.regulation_title is not None and "LOPDGDD" in first.regulation_title["es"]
    assert history.entries[2].regulation_title is None


def test_language_defaults_to_the_prevailing_one() -> None:
    assert changelog(BANK).language(None) == "es-ES"  # the variant the policy publishes
    assert changelog(CONFIGS / "acme.yaml").language(None) == "en-US"
    assert changelog(BANK).language("en") == changelog(BANK).language("en-GB") == "en-GB"
    with pytest.raises(UsageError, match="--lang fr"):
        changelog(BANK).language("fr")


def test_text_lists_newest_first() -> None:
    code, out, _ = run(str(BANK))
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0] == "Banco Meridiano, S.A. (banco-meridiano): 6 versiones; versión vigente: 1.3.1"
    )
    headers = [line.split()[0] for line in lines if line[:1].isdigit()]
    assert headers == ["1.3.1", "1.3.0", "1.2.1", "1.2.0", "1.1.0", "1.0.0"]


def test_text_labels_speak_the_chosen_language() -> None:
    _, spanish, _ = run(str(BANK))  # the bank's prevailing language is Spanish
    assert "1.3.1  2026-04-15  aprobada por Lucía Herrero Sanz" in spanish.splitlines()
    assert "  Motivo: Revisión semestral programada." in spanish.splitlines()
    assert "Normativa: Reglamento (UE) n.º 596/2014" in spanish  # 1.1.0 cites MAR
    for english in ("approved by", "Reason:", "Regulation:", "versions", "current"):
        assert english not in spanish
    _, out, _ = run(str(BANK), "--lang", "en")
    lines = out.splitlines()
    assert lines[0] == "Banco Meridiano, S.A. (banco-meridiano), 6 versions, current 1.3.1"
    assert "1.3.1  2026-04-15  approved by Lucía Herrero Sanz" in lines
    assert "  Periodic review, no substantive changes; incident contacts updated." in lines
    assert "  Reason: Scheduled six-monthly review." in lines
    assert "Regulation: Regulation (EU) No 596/2014" in out


def test_json_and_text_list_entries_in_the_same_order() -> None:
    _, text, _ = run(str(BANK), str(MINIMAL), "--lang", "en")
    _, out, _ = run(str(BANK), str(MINIMAL), "--format", "json")
    printed = [line.split()[0] for line in text.splitlines() if line[:1].isdigit()]
    listed = [e["version"] for policy in json.loads(out) for e in policy["entries"]]
    assert listed == printed
    assert listed[:2] == ["1.3.1", "1.3.0"]  # newest first


@pytest.mark.parametrize(
    ("lang", "header", "row"),
    [
        (
            "es",
            "| Versión | Fecha | Resumen | Motivo | Aprobado por |",
            "| 1.1.0 | 20 de mayo de 2026 | Se añade el RGPD. | Revisión anual. — Reglamento "
            "(UE) 2016/679, Reglamento General de Protección de Datos (RGPD) | Luis Gil |",
        ),
        (
            "en",
            "| Version | Date | Summary | Reason | Approved by |",
            "| 1.1.0 | 20 May 2026 | GDPR added. | Annual review. — Regulation (EU) 2016/679, "
            "General Data Protection Regulation (GDPR) | Luis Gil |",
        ),
    ],
)
def test_markdown_table_in_both_languages(lang: str, header: str, row: str) -> None:
    code, out, _ = run(str(MINIMAL), "--format", "md", "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("## Minima, S.L. — ")
    assert lines[2:5] == [header, "|---|---|---|---|---|", row]
    assert lines[5].startswith("| 1.0.0 | ")


def test_json_has_every_entry_in_every_language() -> None:
    code, out, _ = run(str(CONFIGS), "--format", "json")
    assert code == 0
    policies = {p["slug"]: p for p in json.loads(out)}
    assert set(policies) == {
        "acme",
        "atalaya-espana",
        "atalaya-mexico",
        "banco-meridiano",
        "northgate-mutual",
        "tonalli",
    }
    bank = policies["banco-meridiano"]
    assert len(bank["entries"]) == 6
    assert bank["entries"][0]["version"] == bank["version"] == "1.3.1"
    for entry in bank["entries"]:
        assert set(entry["summary"]) == set(entry["reason"]) == {"es", "en"}
    assert bank["entries"][-1]["date"] == "2021-03-01"
    assert bank["entries"][-1]["regulation_title"]["en"].endswith("(LOPDGDD)")


def test_bad_lang_is_a_usage_error_before_any_output() -> None:
    code, out, err = run(str(MINIMAL), str(BANK), "--lang", "fr")
    assert code == 2
    assert out == ""
    assert "--lang fr: the policy is written in es-ES, en-GB" in err


def test_invalid_config_reports_its_issues_and_exits_1() -> None:
    code, out, err = run(str(CASES / "invalid" / "bad-version.yaml"), str(MINIMAL))
    assert code == 1
    assert "bad-version.yaml:12:12: policy.version: '1.2' is not a semantic version" in err
    assert out.startswith("Minima, S.L. (minimal): 2 versiones; versión vigente: 1.1.0")
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such.yaml"], "no-such.yaml: no such file or folder"),
        (["--format", "html", str(MINIMAL)], "--format must be one of text, md, json"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err


def test_changelog_all_skips_invalid_configs_and_words_each_history() -> None:
    from policy_builder.commands.changelog import changelog_all
    from policy_builder.errors import ExitCode
    from policy_builder.report import changelog as report

    bad = CASES / "invalid" / "bad-version.yaml"
    result = changelog_all([bad, MINIMAL, BANK])
    assert [h.slug for h in result.histories] == ["minimal", "banco-meridiano"]
    assert result.languages == ("es-ES", "es-ES")  # each policy's prevailing language
    assert [s.path for s in result.skipped] == [bad] and result.exit_code == ExitCode.FOUND_WANTING
    assert changelog_all([BANK], lang="en").languages == ("en-GB",)
    with pytest.raises(UsageError, match="--lang fr: the policy is written in"):
        changelog_all([BANK], lang="fr")
    printed = report.render(result, "json")
    assert [h["slug"] for h in json.loads(printed.out)] == ["minimal", "banco-meridiano"]
    assert printed.err.endswith(f"{bad}: skipped (1 problem found)\n")
    assert report.render(changelog_all([bad]), "text").out == ""  # nothing to print
