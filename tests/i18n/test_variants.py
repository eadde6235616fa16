"""Regional variants: es-ES, es-MX, en-US, en-GB are overlays on templates/es and templates/en.

Real configs in, real files out: file names, manifest, HTML lang, dates and wording
follow the variant; config text is never rewritten; a new variant is data only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from policy_builder import resources
from policy_builder.cli import app
from policy_builder.commands.build import build
from policy_builder.commands.validate import check
from policy_builder.i18n import variants
from tests.conftest import CASES, CONFIGS

MINIMAL = CASES / "valid" / "minimal.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def config(tmp_path: Path, edit: Any, name: str = "minimal") -> Path:
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def set_policy(**fields: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        for key, value in fields.items():
            if key == "country":
                data["company"]["country"] = value
            else:
                data["policy"][key] = value

    return edit


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("MX", ["es-MX", "en-US"]),
        ("ES", ["es-ES", "en-GB"]),
        ("US", ["es-MX", "en-US"]),
        ("CO", ["es-MX", "en-US"]),
        ("GB", ["es-ES", "en-GB"]),
        ("IE", ["es-ES", "en-GB"]),
        ("JP", ["es-ES", "en-US"]),
    ],
)
def test_plain_codes_take_the_variant_of_the_company_country(
    tmp_path: Path, country: str, expected: list[str]
) -> None:
    path = config(tmp_path, set_policy(country=country, languages=["es", "en"]))
    result = build(path, out_dir=tmp_path / "out", formats=["md", "html"], editions=["languages"])
    manifest = json.loads((result.directory / "manifest.json").read_text())
    assert manifest["languages"] == expected
    assert [a["lang"] for a in manifest["artifacts"]] == [t for t in expected for _ in "mh"]
    assert sorted(p.name for p in result.directory.iterdir()) == sorted(
        ["manifest.json"]
        + [f"minimal-social-media-policy.{t}.{f}" for t in expected for f in ("md", "html")]
    )
    assert manifest["config"]["policy"]["languages"] == ["es", "en"]  # the config as written


def test_a_tag_is_taken_as_written_and_carried_by_the_html(tmp_path: Path) -> None:
    path = config(tmp_path, set_policy(country="ES", languages=["es-MX", "en-US"]))
    result = build(path, out_dir=tmp_path / "out", formats=["html"])
    html = (result.directory / "minimal-social-media-policy.es-MX.html").read_text()
    assert '<html lang="es-MX">' in html
    assert 'href="minimal-social-media-policy.en-US.html" hreflang="en-US" lang="en-US"' in html


def test_mexican_spanish_and_british_english_read_as_written_there(tmp_path: Path) -> None:
    tonalli = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path, formats=["md"]).directory
    mx = (tonalli / "tonalli-social-media-policy.es-MX.md").read_text()
    us = (tonalli / "tonalli-social-media-policy.en-US.md").read_text()
    assert "2 de febrero de 2026" in mx and "February 2, 2026" in us
    assert "videos" in mx and "vídeo" not in mx  # Spain's vídeo, Mexico's video
    assert "con enojo" in mx and "enfado" not in mx
    assert "programa de inducción" in mx.lower() and "acogida" not in mx.lower()
    assert "authorized" in us and "authorised" not in us  # the base English is American

    uk = build(CONFIGS / "northgate-mutual.yaml", out_dir=tmp_path, formats=["md"]).directory
    gb = (uk / "northgate-mutual-social-media-policy.en-GB.md").read_text()
    es = (uk / "northgate-mutual-social-media-policy.es-ES.md").read_text()
    assert "1 September 2026" in gb and "1 de septiembre de 2026" in es
    assert "authorised" in gb and "authorized" not in gb
    assert "onboarding programme" in gb and "recognise" in gb and "Acknowledgement" in gb
    assert "acogida" in es.lower() and "vídeos" in es  # Spain's Spanish is the base


def test_config_text_is_never_rewritten(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["company"]["country"] = "MX"
        data["policy"]["languages"] = ["es", "en-GB"]
        data["permitted_shares"].append(
            {
                "id": "team_videos",
                "text": {
                    "es": "Vídeos del equipo grabados con el ordenador o el móvil.",
                    "en": "Team videos approved by the organization's program office.",
                },
            }
        )

    result = build(config(tmp_path, edit), out_dir=tmp_path / "out", formats=["md"])
    mx = (result.directory / "minimal-social-media-policy.es-MX.md").read_text()
    gb = (result.directory / "minimal-social-media-policy.en-GB.md").read_text()
    assert "Vídeos del equipo grabados con el ordenador o el móvil." in mx
    assert "Team videos approved by the organization's program office." in gb
    assert "authorised" in gb  # while the template's own words are British


@pytest.mark.parametrize(
    ("languages", "authoritative", "field", "message"),
    [
        (
            ["es-AR", "en"],
            None,
            "policy.languages[0]",
            "no variant 'es-AR' of 'es' (available: es-ES, es-MX; or write 'es' for the one "
            "the company's country implies)",
        ),
        (
            ["es", "en-UK"],
            None,
            "policy.languages[1]",
            "no variant 'en-UK' of 'en' (did you mean 'en-GB'? available: en-US, en-GB;",
        ),
        (
            ["es-MX", "es", "en"],
            None,
            "policy.languages[1]",
            "'es' is a second variant of 'es' after 'es-MX': a policy is published in one",
        ),
        (["es", "en-gb"], None, "policy.languages[1]", "'en-gb' is not a language code or tag"),
        (["fr", "en"], None, "policy.languages[0]", "no templates for language 'fr'"),
        (
            ["es", "en"],
            "es-MX",
            "policy.authoritative_language",
            "'es-MX' is not one of the policy's languages (es-ES, en-GB)",
        ),
    ],
)
def test_unknown_or_clashing_tags_are_reported_where_they_are_written(
    tmp_path: Path, languages: list[str], authoritative: str | None, field: str, message: str
) -> None:
    fields: dict[str, Any] = {"languages": languages, "country": "ES"}
    if authoritative:
        fields["authoritative_language"] = authoritative
    path = config(tmp_path, set_policy(**fields))
    issues = [i for i in check(path).issues if i.path == field]
    assert issues, check(path).issues
    assert message in issues[0].message
    line = path.read_text().splitlines()[issues[0].line - 1]
    assert (authoritative or languages[int(field[-2])]) in line


def test_authoritative_language_may_be_a_code_or_the_policys_tag(tmp_path: Path) -> None:
    for written in ("es", "es-MX"):
        path = config(
            tmp_path,
            set_policy(country="MX", languages=["es", "en"], authoritative_language=written),
        )
        assert check(path).valid, check(path).issues


def test_texts_are_keyed_by_language_not_by_variant(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["policy"]["languages"] = ["es-MX", "en"]
        data["company"]["sector"] = {"es-MX": "Consultoría", "en": "Consulting"}

    issues = check(config(tmp_path, edit)).issues
    assert any(
        i.path == "company.sector.es-MX"
        and "texts are keyed by language, not by variant: write 'es' instead of 'es-MX'"
        in i.message
        for i in issues
    ), issues


def test_lang_options_take_codes_or_tags(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(
        "build", str(MINIMAL), "--out", str(out), "--lang", "en-GB", "--format", "md"
    )
    assert code == 0 and "minimal-social-media-policy.en-GB.md" in stdout
    code, _, err = run(
        "build", str(MINIMAL), "--out", str(out), "--lang", "en-US", "--format", "md"
    )
    assert code == 2 and "not published in en-US (its languages: es-ES, en-GB)" in err
    code, stdout, _ = run("changelog", str(MINIMAL), "--format", "md", "--lang", "en-GB")
    assert code == 0 and "20 May 2026" in stdout
    code, stdout, _ = run("changelog", str(MINIMAL), "--format", "md", "--lang", "en")
    assert code == 0 and "20 May 2026" in stdout
    code, stdout, _ = run("diff", str(MINIMAL), str(MINIMAL), "--lang", "es-ES")
    assert code == 0
    code, _, err = run("diff", str(MINIMAL), str(MINIMAL), "--lang", "es-MX")
    assert code == 2 and "both versions are published in es-ES, en-GB" in err
    code, stdout, _ = run("status", str(MINIMAL), "--out", str(out), "--lang", "es-MX")
    assert "política" in stdout


def test_word_map_keeps_case_and_leaves_code_placeholders_and_links_alone() -> None:
    overlay = variants.Overlay(
        "xx-XX",
        replace=(("vídeo", "video"), ("CV", "résumé"), ("el ordenador", "la computadora")),
    )
    text = "Vídeo, VÍDEO y vídeos; El ordenador; {{ vídeo }} {what} https://x.example/vídeo cv CV"
    assert overlay.rewrite(text) == (
        "Video, VIDEO y vídeos; La computadora; {{ vídeo }} {what} https://x.example/vídeo cv résumé"
    )


def test_quotes_swap_marks_outside_code_and_placeholders() -> None:
    overlay = variants.Overlay("xx-XX", quotes=(("«", "“"), ("»", "”")))
    text = "la sección «{item}» y «me gusta»; {{ '«' }}"
    assert overlay.rewrite(text) == "la sección “{item}” y “me gusta”; {{ '«' }}"


def test_es_mx_keeps_the_angle_quotation_marks_spanish_typography_recommends() -> None:
    overlay = variants.overlay("es-MX")
    assert overlay.rewrite("marcar con «me gusta»") == "marcar con «me gusta»"


# --- a new variant is data only ----------------------------------------------------


def test_adding_a_variant_needs_no_code_change(templates_copy: Path, tmp_path: Path) -> None:
    # Australian English: an overlay file and a line in the country rules, nothing else.
    (templates_copy / "en" / "variants" / "en-AU.yaml").write_text(
        "locale: en_AU\n"
        "replace: {organization: organisation, authorized: authorised, program: programme}\n"
        "catalogue: {labels: {document_subtitle: Staff handbook}}\n"
        "glossary: {social_media: socials}\n",
        encoding="utf-8",
    )
    rules = templates_copy / "common" / "variants.yaml"
    data = yaml.safe_load(rules.read_text(encoding="utf-8"))
    data["en"]["countries"]["en-AU"] = ["AU"]
    rules.write_text(yaml.safe_dump(data), encoding="utf-8")
    # The base language's glossary term, used by a template, overridden by the overlay.
    purpose = templates_copy / "en" / "sections" / "purpose.md.j2"
    purpose.write_text(purpose.read_text() + "\nGlossary: {{ g.social_media }}.\n")

    path = config(tmp_path, set_policy(country="AU", languages=["es", "en"]))
    result = build(path, out_dir=tmp_path / "out", formats=["md", "html"])
    manifest = json.loads((result.directory / "manifest.json").read_text())
    assert manifest["languages"] == ["es-ES", "en-AU"]
    markdown = (result.directory / "minimal-social-media-policy.en-AU.md").read_text()
    html = (result.directory / "minimal-social-media-policy.en-AU.html").read_text()
    assert '<html lang="en-AU">' in html and "Staff handbook" in html
    assert "authorised" in markdown and " authorized" not in markdown
    assert "Glossary: socials." in markdown
    assert "20 May 2026" in markdown  # Australian dates

    explicit = config(tmp_path, set_policy(country="US", languages=["es", "en-AU"]), "explicit")
    assert check(explicit).valid
    us = config(tmp_path, set_policy(country="US", languages=["es", "en"]), "american")
    us_md = build(us, out_dir=tmp_path / "out", formats=["md"]).directory
    assert (
        "Glossary: social media." in (us_md / "american-social-media-policy.en-US.md").read_text()
    )


def test_every_country_rule_names_an_existing_variant() -> None:
    rules = yaml.safe_load((resources.templates_dir() / "common" / "variants.yaml").read_text())
    for lang, rule in rules.items():
        assert rule["default"] in variants.tags()[lang]
        assert set(rule["countries"]) <= set(variants.tags()[lang])
    assert variants.tags() == {"en": ("en-US", "en-GB"), "es": ("es-ES", "es-MX")}
