"""The Word edition: real Word styles, the handbook's sections, tables, metadata and
language, identical bytes from two builds, listed in the manifest."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from policy_builder.commands.build import BuildResult, build
from policy_builder.i18n import catalogue
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CONFIGS, EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(result: BuildResult, lang: str) -> Path:
    return result.directory / f"{result.slug}-social-media-policy.{lang}.docx"


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_sections_are_heading_1_in_order_and_the_title_is_title(
    built: dict[str, BuildResult], slug: str
) -> None:
    policy = resolve(load_valid(CONFIGS / f"{slug}.yaml"))
    for lang in policy.variants:
        document = docx.Document(str(_docx(built[slug], lang)))
        styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
        hb = localize(policy, lang)
        assert styles[0] == ("Title", hb.title)
        headings = [text for style, text in styles if style == "Heading 1"]
        assert headings == [f"{ref.number}. {ref.title}" for ref in hb.sections]
        assert any(style == "Heading 2" for style, _ in styles)  # subsections


def test_lists_tables_and_captions_use_word_styles(built: dict[str, BuildResult]) -> None:
    document = docx.Document(str(_docx(built["acme"], "en-US")))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name if paragraph.style else "", []).append(
            paragraph.text
        )
    assert (
        "the company's official accounts and any profile you manage on its behalf;"
        in (by_style["List Bullet"])
    )
    assert "Table 1. Incident contacts" in by_style["Caption"]
    assert "Table 2. Revision history" in by_style["Caption"]
    cover, contacts, history = document.tables
    assert cover.rows[1].cells[0].text == "Version" and cover.rows[1].cells[1].text == "2.0.1"
    assert [c.text for c in history.rows[0].cells][:2] == ["Version", "Date"]
    assert len(history.rows) == 1 + 5  # the header and one row per changelog entry
    assert history.rows[-1].cells[0].text == "2.0.1"
    assert contacts.style is not None and contacts.style.name == "Light List Accent 1"
    # The header row repeats on every page; no row splits across two.
    header = history.rows[0]._tr.trPr
    assert header.find(f"{W}tblHeader") is not None and header.find(f"{W}cantSplit") is not None
    assert history.rows[1]._tr.trPr.find(f"{W}tblHeader") is None
    # Bold text keeps Word's Strong style; links are hyperlinks.
    xml = (document.element.xml, document.part.rels)
    assert 'w:rStyle w:val="Strong"' in xml[0]
    assert any(rel.is_external and rel.target_ref.startswith("https://") for rel in xml[1].values())


@pytest.mark.parametrize(("slug", "lang"), [("acme", "es-MX"), ("banco-meridiano", "en-GB")])
def test_core_properties_and_language(built: dict[str, BuildResult], slug: str, lang: str) -> None:
    result = built[slug]
    document = docx.Document(str(_docx(result, lang)))
    manifest = json.loads((result.directory / "manifest.json").read_text())
    core = document.core_properties
    t = catalogue.load(lang)
    assert core.language == lang and core.version == result.version
    assert core.author == manifest["company"]
    assert core.title.startswith(t["labels"]["document_title"])
    assert manifest["fingerprint"] in core.keywords and result.version in core.subject
    effective = manifest["effective_date"]
    assert core.created is not None and core.created.date().isoformat() == effective
    assert core.modified == core.created
    # Word checks the spelling in the variant's dictionary: the styles carry its tag.
    styles = document.styles.element.xml
    assert f'w:lang w:val="{lang}"' in styles
    footer = document.sections[0].footer.paragraphs[0].text
    assert manifest["fingerprint"] in footer and result.version in footer


def test_zip_entries_carry_the_effective_date_not_the_clock(built: dict[str, BuildResult]) -> None:
    with zipfile.ZipFile(_docx(built["tonalli"], "es-MX")) as package:
        stamps = {info.date_time for info in package.infolist()}
        names = package.namelist()
    manifest = json.loads((built["tonalli"].directory / "manifest.json").read_text())
    year, month, day = map(int, manifest["effective_date"].split("-"))
    assert stamps == {(year, month, day, 0, 0, 0)}
    assert names[0] == "[Content_Types].xml" and "docProps/thumbnail.jpeg" not in names


def test_two_builds_give_identical_docx_bytes(tmp_path: Path) -> None:
    a = build(CONFIGS / "northgate-mutual.yaml", out_dir=tmp_path / "a", formats=("docx",))
    b = build(CONFIGS / "northgate-mutual.yaml", out_dir=tmp_path / "b", formats=("docx",))
    for artifact in a.artifacts:
        first = (a.directory / artifact.path).read_bytes()
        assert first == (b.directory / artifact.path).read_bytes(), artifact.path


def test_manifest_lists_the_docx_and_the_writer(built: dict[str, BuildResult]) -> None:
    result = built["acme"]
    manifest = json.loads((result.directory / "manifest.json").read_text())
    listed = {(a["lang"], a["format"]) for a in manifest["artifacts"]}
    assert {("en-US", "docx"), ("es-MX", "docx")} <= listed
    assert "docx" in manifest["formats"]
    assert set(manifest["docx_writer"]) == {"python-docx", "lxml"}


def test_adding_docx_to_a_published_version_keeps_the_rest(tmp_path: Path) -> None:
    first = build(CONFIGS / "acme.yaml", out_dir=tmp_path, formats=("md",))
    assert {a.format for a in first.artifacts} == {"md"}
    again = build(CONFIGS / "acme.yaml", out_dir=tmp_path, formats=("docx",))
    assert {a.format for a in again.artifacts} == {"md", "docx"}
    assert build(CONFIGS / "acme.yaml", out_dir=tmp_path, formats=("docx",)).state == "unchanged"
    from policy_builder.commands.status import status

    [row] = status([CONFIGS / "acme.yaml"], out_dir=tmp_path).rows
    assert row.build == "current"
