"""``policy diff``: semantic changes, redline, drift warnings, changelog drafts."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_builder import catalogue, diff_report
from policy_builder.build import build, check
from policy_builder.diff import compare
from policy_builder.errors import PolicyError, UsageError
from tests.conftest import CONFIGS

ORIGINAL = yaml.safe_load((CONFIGS / "tonalli.yaml").read_text(encoding="utf-8"))


def next_version(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1.2.0 of Tonalli's policy, with four planted changes."""
    new = copy.deepcopy(data)
    new["policy"]["version"] = "1.2.0"
    new["policy"]["effective_date"] = "2026-12-01"
    new["banned_content"].append("illegal_activity")
    new["permitted_shares"].remove("company_events")
    new["review"]["cadence_months"] = 6
    supplier = next(
        i for i in new["prohibited_shares"] if isinstance(i, dict) and i["id"] == "supplier_terms"
    )
    supplier["text"] = {
        "es": "Costos, márgenes y condiciones pactadas con proveedores.",
        "en": "Costs, margins and terms agreed with suppliers.",
    }
    new["changelog"].append(
        {
            "version": "1.2.0",
            "date": "2026-11-20",
            "summary": {"es": "Cambios de prueba.", "en": "Test changes."},
            "reason": {"es": "Revisión.", "en": "Review."},
            "approver": "Rodrigo Elizondo Garza",
        }
    )
    return new


def write(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tonalli.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    return CONFIGS / "tonalli.yaml", write(tmp_path / "new", next_version(ORIGINAL))


def test_lists_each_planted_change_in_both_languages_and_nothing_else(
    versions: tuple[Path, Path],
) -> None:
    result = compare(*versions)
    assert [(c.kind, c.path) for c in result.changes] == [
        ("changed", "policy.version"),
        ("changed", "policy.effective_date"),
        ("changed", "review.cadence_months"),
        ("removed", "permitted_shares.company_events"),
        ("changed", "prohibited_shares.supplier_terms"),
        ("added", "banned_content.illegal_activity"),
        ("added", "changelog.1.2.0"),
    ]
    messages = {c.path: c.message for c in result.changes}
    assert messages["review.cadence_months"] == {
        "es": "Periodicidad de revisión: pasa de 12 a 6 meses",
        "en": "Review cadence changed from 12 to 6 months",
    }
    assert messages["permitted_shares.company_events"]["en"].startswith("Removed permitted share: ")
    assert messages["banned_content.illegal_activity"]["en"].startswith("Added banned content: ")
    assert messages["banned_content.illegal_activity"]["es"].startswith(
        "Se añade contenido inapropiado: "
    )
    assert messages["policy.effective_date"]["es"] == (
        "Fecha de entrada en vigor: pasa de 2 de febrero de 2026 a 1 de diciembre de 2026"
    )
    assert result.drift == ()
    assert not result.equivalent


def test_redline_shows_inserted_and_deleted_words(versions: tuple[Path, Path]) -> None:
    result = compare(*versions)
    sections = {s.id: s for s in result.redlines["en"]}
    assert {"keeping_current", "sharing", "inappropriate_content"} <= set(sections)
    sharing = sections["sharing"].ops
    assert ("delete", "margins, purchase volumes") in sharing and ("insert", "margins") in sharing
    assert ("equal", " and terms agreed with ") in sharing
    assert sharing[-1][0] == "equal"  # the rest of the section is unchanged context
    page = diff_report.html(result, "en", ["en", "es"])
    assert "<del>margins, purchase volumes</del><ins>margins</ins>" in page
    assert "<del>12</del><ins>6</ins>" in page  # the review cadence, in the prose
    assert "Redline · English" in page and "Redline · Español" in page
    assert "<script" not in page


def test_plain_text_redline_marks_words(versions: tuple[Path, Path]) -> None:
    out = diff_report.text(compare(*versions), "es", ["es"])
    assert "~ Periodicidad de revisión: pasa de 12 a 6 meses" in out
    assert "Control de cambios (Español):" in out
    assert "[-" in out and "{+" in out and "§ " in out


def test_json_lists_every_change_with_old_and_new(versions: tuple[Path, Path]) -> None:
    payload = json.loads(diff_report.as_json(compare(*versions)))
    cadence = next(c for c in payload["changes"] if c["path"] == "review.cadence_months")
    assert (cadence["old"], cadence["new"], cadence["kind"]) == (12, 6, "changed")
    removed = next(c for c in payload["changes"] if c["kind"] == "removed")
    assert removed["old"]["id"] == "company_events" and removed["new"] is None
    assert payload["equivalent"] is False and payload["redline"]["es"]


def test_a_config_against_itself_is_equivalent() -> None:
    result = compare(CONFIGS / "acme.yaml", CONFIGS / "acme.yaml")
    assert result.equivalent and result.changes == ()
    assert "No differences" in diff_report.text(result, "en", ["en"])


def test_translation_drift_is_warned(tmp_path: Path) -> None:
    new = copy.deepcopy(ORIGINAL)
    supplier = next(
        i for i in new["prohibited_shares"] if isinstance(i, dict) and i["id"] == "supplier_terms"
    )
    supplier["text"]["es"] = "Costos y márgenes de proveedores."  # English left as it was
    result = compare(CONFIGS / "tonalli.yaml", write(tmp_path, new))
    assert [(d.section, d.changed, d.unchanged) for d in result.drift] == [
        ("sharing", ("es",), ("en",))
    ]
    title = catalogue.load("en")["sections"]["sharing"]
    assert f'! Section "{title}" changed in Español but not in English' in (
        diff_report.text(result, "en", ["en"])
    )


def test_published_folder_compares_like_its_config(
    tmp_path: Path, versions: tuple[Path, Path]
) -> None:
    release = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path / "out", formats=["md"])
    from_folder = compare(release.directory, versions[1])
    from_file = compare(*versions)
    assert [c.path for c in from_folder.changes] == [c.path for c in from_file.changes]


def test_tampered_manifest_is_refused(tmp_path: Path, versions: tuple[Path, Path]) -> None:
    release = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path / "out", formats=["md"])
    artifact = next(release.directory.glob("*.md"))
    artifact.write_text(artifact.read_text(encoding="utf-8") + "\nextra", encoding="utf-8")
    with pytest.raises(PolicyError, match="does not match the manifest"):
        compare(release.directory, versions[1])


def test_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="one company's policy"):
        compare(CONFIGS / "acme.yaml", CONFIGS / "tonalli.yaml")
    with pytest.raises(UsageError, match=r"no manifest\.json here"):
        compare(tmp_path, CONFIGS / "tonalli.yaml")
    with pytest.raises(UsageError, match="no such file"):
        compare(tmp_path / "missing.yaml", CONFIGS / "tonalli.yaml")


def test_changelog_entry_draft_validates_once_appended(tmp_path: Path) -> None:
    new = next_version(ORIGINAL)
    new["changelog"].pop()  # the officer has not written the entry yet
    new["policy"]["version"] = "1.1.0"
    new["policy"]["effective_date"] = "2026-12-01"
    path = write(tmp_path, new)
    draft = diff_report.changelog_entry(compare(CONFIGS / "tonalli.yaml", path))
    entry = yaml.safe_load(draft)[0]
    assert entry["version"] == "1.2.0"
    assert entry["summary"]["en"].startswith("Review cadence changed from 12 to 6 months. ")
    assert entry["summary"]["es"].startswith("Periodicidad de revisión: pasa de 12 a 6 meses. ")
    assert set(entry["reason"]) == {"es", "en"}
    new["policy"]["version"] = entry["version"]
    new["changelog"].append(entry)
    assert check(write(tmp_path / "after", new)).issues == ()


def test_review_only_entry_when_nothing_substantive_changed(tmp_path: Path) -> None:
    new = copy.deepcopy(ORIGINAL)
    new["review"]["last_review"] = "2026-11-20"
    draft = yaml.safe_load(
        diff_report.changelog_entry(compare(CONFIGS / "tonalli.yaml", write(tmp_path, new)))
    )[0]
    assert draft["version"] == "1.1.1"
    assert draft["summary"] == {
        "es": "Revisión periódica sin cambios de fondo.",
        "en": "Periodic review, no substantive changes.",
    }


def run(*args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from policy_builder.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_exit_codes_like_diff(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = map(str, versions)
    assert run("diff", old, old)[0] == 0
    code, out, _ = run("diff", old, new, "--lang", "en")
    assert code == 1 and "+ Added banned content: " in out
    code, _, err = run("diff", old, str(CONFIGS / "acme.yaml"))
    assert code == 2 and "one company's policy" in err and "Traceback" not in err
    code, _, err = run("diff", old, new, "--lang", "fr")
    assert code == 2 and "--lang fr" in err
    code, _, err = run("diff", str(tmp_path), new)
    assert code == 2 and "no manifest.json" in err


def test_cli_writes_reports_and_drafts(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = map(str, versions)
    target = tmp_path / "redline.html"
    code, _, err = run("diff", old, new, "--format", "html", "--output", str(target))
    assert code == 1 and f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = run("diff", old, new, "--format", "json")
    assert json.loads(out)["new"]["version"] == "1.2.0"
    code, out, _ = run("diff", old, new, "--changelog-entry")
    assert yaml.safe_load(out)[0]["version"] == "1.2.0"
