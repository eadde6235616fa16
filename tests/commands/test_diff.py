"""``policy diff``: semantic changes, redline, drift warnings, changelog drafts."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_builder.commands.build import build
from policy_builder.commands.diff import compare, diff
from policy_builder.commands.validate import check
from policy_builder.errors import ExitCode, OptionError, PolicyError, UsageError
from policy_builder.i18n import catalogue
from policy_builder.report import diff as diff_report
from tests.conftest import CONFIGS

TODAY = dt.date(2026, 11, 23)
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
        "es": "No revele costos, márgenes ni condiciones pactadas con proveedores.",
        "en": "Do not disclose costs, margins or terms agreed with suppliers.",
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
    assert messages["permitted_shares.company_events"] == {
        "es": "Se elimina de la información que se puede compartir: Eventos públicos de la empresa",
        "en": "Removed from what you may share: Public company events",
    }
    assert messages["banned_content.illegal_activity"] == {
        "es": "Se añade a la lista de contenido inapropiado: Actividades ilegales",
        "en": "Added to banned content: Illegal activity",
    }
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
    assert ("equal", " or terms agreed with ") in sharing
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
    assert f"! The section “{title}” changed in Español but not in English" in (
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
    draft = diff_report.changelog_entry(compare(CONFIGS / "tonalli.yaml", path), "en", TODAY)
    entry = yaml.safe_load(draft)[0]
    assert entry["version"] == "2.0.0"  # a permitted share was withdrawn
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
        diff_report.changelog_entry(
            compare(CONFIGS / "tonalli.yaml", write(tmp_path, new)), "en", TODAY
        )
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
    assert code == 1 and "+ Added to banned content: Illegal activity" in out
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


# --- changelog drafts from change data, one version rule, dates -------------------


def _edited(tmp_path: Path, change: Any) -> Path:
    """Tonalli's config (same version) with one edit applied by ``change(data)``."""
    data = copy.deepcopy(ORIGINAL)
    change(data)
    return write(tmp_path / "edited", data)


def _supplier(data: dict[str, Any]) -> dict[str, Any]:
    return next(
        i for i in data["prohibited_shares"] if isinstance(i, dict) and i["id"] == "supplier_terms"
    )


EDITS: list[tuple[str, Any, str, str, str]] = [
    (
        "item added",
        lambda d: d["banned_content"].append("illegal_activity"),
        "Se añade a la lista de contenido inapropiado: «Actividades ilegales».",
        "Added to banned content: “Illegal activity”.",
        "1.2.0",
    ),
    (
        "item removed",
        lambda d: d["permitted_shares"].remove("company_events"),
        "Se elimina de la información que se puede compartir: «Eventos públicos de la empresa».",
        "Removed from what you may share: “Public company events”.",
        "2.0.0",
    ),
    (
        "item reworded",
        lambda d: _supplier(d)["text"].update(es="Costos y márgenes.", en="Costs and margins."),
        "Se modifica en la información que no se debe compartir nunca: «Condiciones con "
        "proveedores».",
        "Changed in what you must never share: “Supplier terms”.",
        "1.2.0",
    ),
    (
        "value changed",
        lambda d: d["review"].update(cadence_months=6),
        "Periodicidad de revisión: pasa de 12 a 6 meses.",
        "Review cadence changed from 12 to 6 months.",
        "1.2.0",
    ),
    (
        "section added",
        lambda d: d["policy"].update(omit_sections=[]),
        "Se añade la sección «Beneficios y riesgos de las redes sociales».",
        "Added the section “Benefits and risks of social media”.",
        "1.2.0",
    ),
    (
        "section removed",
        lambda d: d["policy"].update(omit_sections=["benefits_and_risks", "onboarding"]),
        "Se elimina la sección «Acogida de nuevas incorporaciones».",
        "Removed the section “Onboarding new employees”.",
        "2.0.0",
    ),
    (
        "regulation added",
        lambda d: d["regulations"].append("eu_gdpr"),
        "Se añade a la normativa de referencia: Reglamento (UE) 2016/679",
        "Added to regulations cited: Regulation (EU) 2016/679",
        "1.2.0",
    ),
    (
        "contact changed",
        lambda d: d["company"]["contact"].update(name="Ana Ruiz Pérez"),
        "Contacto para dudas: pasa de Mariana Villaseñor Ríos (Gerente de Ética y Cumplimiento) "
        "a Ana Ruiz Pérez (Gerente de Ética y Cumplimiento).",
        "Contact for questions changed from Mariana Villaseñor Ríos (Ethics and Compliance "
        "Manager) to Ana Ruiz Pérez (Ethics and Compliance Manager).",
        "1.1.1",
    ),
    (
        "approver added",
        lambda d: d["policy"]["approvers"].append(
            {"name": "Ana Ruiz Pérez", "role": {"es": "Directora Legal", "en": "Legal Director"}}
        ),
        "Se añade a las personas que aprueban la política: Ana Ruiz Pérez.",
        "Added to approvers: Ana Ruiz Pérez.",
        "1.1.1",
    ),
]


@pytest.mark.parametrize(
    ("edit", "es", "en", "version"), [e[1:] for e in EDITS], ids=[e[0] for e in EDITS]
)
def test_entry_reads_correctly_in_each_language_for_every_kind_of_change(
    tmp_path: Path, edit: Any, es: str, en: str, version: str
) -> None:
    result = compare(CONFIGS / "tonalli.yaml", _edited(tmp_path, edit))
    entry = yaml.safe_load(diff_report.changelog_entry(result, "en", TODAY))[0]
    assert entry["summary"]["es"].startswith(es) or f". {es}" in entry["summary"]["es"]
    assert entry["summary"]["en"].startswith(en) or f". {en}" in entry["summary"]["en"]
    assert "— " not in entry["summary"]["es"] + entry["summary"]["en"]  # no bare unit
    assert entry["version"] == version


@pytest.mark.parametrize(
    ("edit", "version"),
    [(EDITS[i][1], EDITS[i][4]) for i in (0, 1, 7)],
    ids=["minor", "major", "patch"],
)
def test_the_refusal_suggests_the_version_the_draft_uses(
    tmp_path: Path, edit: Any, version: str
) -> None:
    from policy_builder.errors import PublishedVersionError

    config = write(tmp_path / "cfg", copy.deepcopy(ORIGINAL))
    release = build(config, out_dir=tmp_path / "out", formats=["md"])
    edited = copy.deepcopy(ORIGINAL)
    edit(edited)
    write(tmp_path / "cfg", edited)
    with pytest.raises(PublishedVersionError) as refused:
        build(config, out_dir=tmp_path / "out", formats=["md"])
    assert f"Bump policy.version (e.g. {version})" in str(refused.value)
    draft = diff_report.changelog_entry(compare(release.directory, config), "en", TODAY)
    assert yaml.safe_load(draft)[0]["version"] == version


def test_entry_is_drafted_from_change_data_even_when_the_catalogue_is_reworded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = catalogue.load
    reworded = {"es": "Novedad en {what} — {item}", "en": "New in {what} — {item}"}

    def load(lang: str) -> dict[str, Any]:
        data = copy.deepcopy(original(lang))
        data["diff"]["added"] = reworded[lang[:2]]  # no ": " left to split on (es-MX: es)
        return data

    monkeypatch.setattr(catalogue, "load", load)
    result = compare(
        CONFIGS / "tonalli.yaml", _edited(tmp_path, lambda d: d["regulations"].append("eu_gdpr"))
    )
    entry = yaml.safe_load(diff_report.changelog_entry(result, "es", TODAY))[0]
    assert entry["regulation"] == "eu_gdpr"
    assert entry["reason"]["en"] == (
        "Alignment with Regulation (EU) 2016/679, General Data Protection Regulation (GDPR)."
    )
    assert entry["reason"]["es"].startswith("Adaptación a la normativa: Reglamento (UE) 2016/679")
    assert entry["summary"]["en"].startswith("New in regulations cited — Regulation (EU) 2016/679")


def test_entry_date_is_the_new_effective_date_or_today_with_a_note(tmp_path: Path) -> None:
    later = _edited(tmp_path / "a", lambda d: d["policy"].update(effective_date="2026-12-01"))
    draft = diff_report.changelog_entry(compare(CONFIGS / "tonalli.yaml", later), "en", TODAY)
    assert yaml.safe_load(draft)[0]["date"] == "2026-12-01"
    assert "policy.effective_date" not in draft
    same = _edited(tmp_path / "b", lambda d: d["review"].update(cadence_months=6))
    draft = diff_report.changelog_entry(compare(CONFIGS / "tonalli.yaml", same), "es", TODAY)
    assert yaml.safe_load(draft)[0]["date"] == "2026-11-23"  # not 2026-02-02, the old date
    assert "policy.effective_date" in draft and "2026-02-02" in draft  # says to set it
    assert "Después, cambie policy.version a 1.2.0" in draft


# --- the HTML redline -------------------------------------------------------------


def test_html_redline_keeps_lists_and_bold(versions: tuple[Path, Path]) -> None:
    page = diff_report.html(compare(*versions), "en", ["en"])
    assert "<li><strong><ins>Illegal activity.</ins></strong><ins> Do not post" in page
    assert "<li><strong><del>Public company events.</del></strong><del> You may" in page
    changed = next(line for line in page.splitlines() if "<strong>Supplier terms" in line)
    assert changed.startswith("<li><strong>Supplier terms.</strong>")  # bold, unmarked
    assert "<del>margins, purchase volumes</del><ins>margins</ins>" in changed
    sharing = page.split("What you may and may not share</h3>")[1].split("</div>")[0]
    assert sharing.count("<ul>") == 2 and sharing.count("<li>") >= 10  # unchanged items too
    assert "pre-wrap" not in page


def test_html_title_names_the_sources_when_versions_are_equal(tmp_path: Path) -> None:
    release = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path / "out", formats=["md"])
    edited = _edited(tmp_path, lambda d: d["banned_content"].append("illegal_activity"))
    result = compare(release.directory, edited)
    english = diff_report.html(result, "en", ["en"])
    assert "<h1>Changes between 1.1.0 (published) and 1.1.0 (tonalli.yaml)</h1>" in english
    assert "from version 1.1.0 to version 1.1.0" not in english
    spanish = diff_report.html(result, "es", ["es"])
    assert "<h1>Cambios entre la 1.1.0 (publicada) y la 1.1.0 (tonalli.yaml)</h1>" in spanish


# --- what the report shows: the decisions of ``diff`` ---------------------------


def test_diff_words_the_report_in_the_new_policy_s_language_and_redlines_all(
    versions: tuple[Path, Path],
) -> None:
    shown = diff(*versions, today=TODAY)
    assert shown.kind == "text" and shown.output is None and shown.today == TODAY
    assert shown.words == shown.result.new.policy.authoritative_language == "es"
    assert shown.redline_langs == shown.result.languages == ("es", "en")
    assert shown.exit_code == ExitCode.FOUND_WANTING
    assert diff(versions[0], versions[0]).exit_code == ExitCode.OK


@pytest.mark.parametrize(("lang", "code"), [("en", "en"), ("es-MX", "es"), ("en-US", "en")])
def test_diff_lang_a_code_or_a_published_tag_words_and_limits_the_redline(
    versions: tuple[Path, Path], lang: str, code: str
) -> None:
    shown = diff(*versions, lang=lang)
    assert shown.words == code and shown.redline_langs == (code,)


@pytest.mark.parametrize("lang", ["fr", "es-ES", "en-GB"])
def test_diff_lang_neither_version_publishes_is_an_option_error(
    versions: tuple[Path, Path], lang: str
) -> None:
    with pytest.raises(OptionError, match=f"--lang {lang}: both versions are published in es-MX"):
        diff(*versions, lang=lang)


def test_diff_chooses_the_report(versions: tuple[Path, Path]) -> None:
    assert diff(*versions, output_format="json").kind == "json"
    assert diff(*versions, output_format="html").kind == "html"
    assert diff(*versions, output_format="json", changelog_entry=True).kind == "entry"
    printed = diff_report.render(diff(*versions, output_format="json"))
    assert json.loads(printed.out)["new"]["version"] == "1.2.0" and printed.err == ""


def test_diff_refuses_to_write_over_its_inputs(versions: tuple[Path, Path]) -> None:
    old, new = versions
    with pytest.raises(UsageError, match=r"would overwrite NEW"):
        diff(old, new, output=new)
    with pytest.raises(UsageError, match=r"would overwrite OLD"):
        diff(old, new, output=old)
    shown = diff(old, new, output=new.parent / "report.txt")
    assert shown.output == new.parent / "report.txt" and not shown.output.exists()


def test_diff_notes_a_side_built_by_another_version_on_stderr(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    release = build(versions[0], out_dir=tmp_path / "out", formats=["md"])
    manifest = release.directory / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data.update(templates_sha256="0" * 64, tool_version="0.0.1")  # built with other templates
    manifest.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    printed = diff_report.render(diff(release.directory, versions[1]))
    assert printed.err.startswith(f"note: {release.directory}: built by policy-builder 0.0.1")
