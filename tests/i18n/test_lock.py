"""``policy i18n check`` / ``confirm``: languages in step, and no stale translation."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from policy_builder import resources
from policy_builder.cli import app
from policy_builder.i18n import lock, units
from tests.conftest import clear_template_caches


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_bundled_templates_are_in_step_and_confirmed() -> None:
    code, out, err = run("i18n", "check")
    assert code == 0, out + err
    assert "none stale" in out.splitlines()[-1]


def test_a_changed_section_makes_its_translation_stale_until_confirmed(
    templates_copy: Path,
) -> None:
    es = templates_copy / "es" / "sections" / "purpose.md.j2"
    en = templates_copy / "en" / "sections" / "purpose.md.j2"
    # 1. The source text changes: the check fails, naming the section and both files.
    edit(es, "comunidades en línea", "comunidades y plataformas en línea")
    code, out, _ = run("i18n", "check")
    assert code == 1
    [stale] = [line for line in out.splitlines() if "purpose" in line]
    assert stale.startswith(f"{en}:1: sections/purpose.md.j2: stale en translation: ")
    assert "es/sections/purpose.md.j2:1 changed since en was confirmed" in stale
    assert "policy i18n confirm en" in stale
    # 2. The translation is updated: both changed, not yet confirmed.
    edit(en, "online communities", "online communities and platforms")
    code, out, _ = run("i18n", "check")
    assert code == 1 and "stale" not in out and "once they say the same" in out
    # 3. Confirmed: in step again.
    code, out, _ = run("i18n", "confirm", "en")
    assert code == 0 and out.startswith("confirmed the en text of ")
    assert run("i18n", "check")[0] == 0


def test_a_changed_catalogue_entry_is_named_with_both_lines(templates_copy: Path) -> None:
    es = templates_copy / "es" / "catalogue.yaml"
    en = templates_copy / "en" / "catalogue.yaml"
    edit(es, 'document_subtitle: "Manual para empleados"', 'document_subtitle: "Manual de empleo"')
    code, out, _ = run("i18n", "check")
    assert code == 1
    [line] = out.splitlines()[:-1]
    en_line, es_line = line_of(en, "document_subtitle"), line_of(es, "document_subtitle")
    assert line.startswith(f"{en}:{en_line}: catalogue.yaml#labels.document_subtitle: stale en")
    assert f"es/catalogue.yaml:{es_line} changed since en was confirmed" in line
    # Confirming the unchanged translation (it still says the same) clears it.
    assert run("i18n", "confirm", "en")[0] == 0
    assert run("i18n", "check")[0] == 0


def test_a_change_in_the_translation_alone_asks_the_source_to_be_confirmed(
    templates_copy: Path,
) -> None:
    en = templates_copy / "en" / "catalogue.yaml"
    edit(en, 'document_subtitle: "Employee handbook"', 'document_subtitle: "Staff handbook"')
    out = run("i18n", "check")[1]
    assert "catalogue.yaml#labels.document_subtitle: stale es translation" in out
    assert run("i18n", "confirm", "es")[0] == 0
    assert run("i18n", "check")[0] == 0


def test_missing_empty_and_untranslated_texts(templates_copy: Path) -> None:
    en = templates_copy / "en" / "catalogue.yaml"
    es = templates_copy / "es" / "catalogue.yaml"
    edit(en, '  official_text: "Official text"\n', "")
    edit(es, 'summary: "Resumen"', 'summary: ""')
    edit(
        es, 'questions: "Preguntas sobre esta política"', 'questions: "Questions about this policy"'
    )
    (templates_copy / "en" / "sections" / "consequences.md.j2").unlink()
    out = run("i18n", "check")[1]
    missing = "catalogue.yaml#labels.official_text: missing in en (es/catalogue.yaml:"
    assert f"{templates_copy}/en/catalogue.yaml:1: {missing}" in out
    empty = line_of(es, 'summary: ""')
    assert f"{es}:{empty}: catalogue.yaml#labels.summary: empty text in es" in out
    assert "catalogue.yaml#labels.questions: the es text is the en one (en/catalogue.yaml:" in out
    assert (
        f"{templates_copy}/en/sections/consequences.md.j2:1: sections/consequences.md.j2: missing in en"
        in out
    )


def test_names_may_read_the_same_when_allowed(templates_copy: Path) -> None:
    data = json.loads((templates_copy / lock.LOCK).read_text())
    assert "glossary.yaml#ftc_guides_full" in data["same_in_every_language"]
    edit(templates_copy / "es" / "glossary.yaml", 'lssi_short: "LSSI-CE"', 'lssi_short: "LSSI-CE"')
    assert run("i18n", "check")[0] == 0  # acronyms and names need no allow-listing


def test_per_language_blocks_of_other_data_files_are_units(templates_copy: Path) -> None:
    data = templates_copy / "regulations" / "example_act.yaml"
    data.parent.mkdir(exist_ok=True)
    data.write_text(
        "id: example_act\nurl: https://example.org/act\n"
        "name:\n  es: Ley de ejemplo\n  en: Example act\n"
        "clauses:\n  - text:\n      es: No publique datos de otras personas.\n"
        "      en: Do not post other people's data.\n",
        encoding="utf-8",
    )
    found = units.collect(templates_copy)
    assert set(found["regulations/example_act.yaml#clauses.0.text"]) == {"es", "en"}
    assert "regulations/example_act.yaml#url" not in found
    assert run("i18n", "confirm", "es", "en")[0] == 0
    edit(data, "No publique datos", "No publique nunca datos")
    out = run("i18n", "check")[1]
    assert (
        f"{data.relative_to(templates_copy)}:9: regulations/example_act.yaml#clauses.0.text: stale en"
        in out.replace(f"{templates_copy}/", "")
    )


def test_confirming_changes_no_fingerprint(templates_copy: Path) -> None:
    before = resources.templates_sha256()
    assert run("i18n", "confirm", "es")[0] == 0
    edit(templates_copy / lock.LOCK, '"format": 1', '"format": 1 ')
    clear_template_caches()
    assert resources.templates_sha256() == before


def test_confirm_refuses_a_language_the_templates_lack() -> None:
    code, out, err = run("i18n", "confirm", "pt")
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "error: LANG must be one of en, es (got pt)"


def test_json_report_for_ci(templates_copy: Path) -> None:
    edit(templates_copy / "es" / "glossary.yaml", 'mar_short: "MAR"', 'mar_short: "RAM"')
    code, out, _ = run("i18n", "check", "--json")
    report = json.loads(out)
    assert code == 1 and report["languages"] == ["en", "es"]
    [problem] = report["problems"]
    assert problem["kind"] == "stale" and problem["file"] == "en/glossary.yaml"
