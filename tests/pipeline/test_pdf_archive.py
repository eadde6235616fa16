"""PDFs for archives: PDF/A-3b by default, the config and the build's record embedded,
an outline of every section and subsection, metadata an archive can index, and the
other variants (``--pdf-variant``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from policy_builder.commands.build import BuildResult, build
from policy_builder.pipeline.read import read_config
from tests.conftest import CONFIGS
from tests.pipeline.pdf_reading import (
    associated_files,
    catalog,
    outline_titles,
    reader,
    xmp,
    xmp_values,
)


def _file(result: BuildResult, fmt: str, lang: str | None = None) -> Path:
    found = [a for a in result.artifacts if a.format == fmt and lang in (None, a.lang)]
    return result.directory / found[0].path


def _manifest(result: BuildResult) -> dict:
    return json.loads((result.directory / "manifest.json").read_bytes())


@pytest.mark.parametrize("slug", ["acme", "tonalli"])
def test_the_default_pdf_is_pdfa_3b_with_its_output_intent_and_every_font_embedded(
    built: dict[str, BuildResult], slug: str
) -> None:
    data = _file(built[slug], "pdf").read_bytes()
    pdf = reader(data)
    rdf = xmp(pdf)
    assert data.startswith(b"%PDF-1.7")
    assert xmp_values(rdf, "pdfaid:part") == ["3"]
    assert xmp_values(rdf, "pdfaid:conformance") == ["B"]
    (intent,) = catalog(pdf)["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    assert "sRGB" in str(intent["/OutputConditionIdentifier"])
    assert intent["/DestOutputProfile"].get_object().get_data()  # the ICC profile itself
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            fonts[str(descendant["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts and all("/FontFile2" in d for d in fonts.values()), fonts.keys()
    assert pdf.trailer["/ID"]  # PDF/A requires a file identifier
    assert _manifest(built[slug])["pdf_variant"] == "pdf/a-3b"


def test_each_pdf_embeds_the_config_it_was_built_from_and_the_build_record(
    built: dict[str, BuildResult],
) -> None:
    result = built["acme"]
    manifest = _manifest(result)
    for artifact in (a for a in result.artifacts if a.format == "pdf"):
        pdf = reader(result.directory / artifact.path)
        assert associated_files(pdf) == {"acme.yaml": "/Source", "build.json": "/Data"}
        files = {name: content[0] for name, content in pdf.attachments.items()}
        config = yaml.safe_load(files["acme.yaml"])
        assert config == manifest["config"]  # the data the handbook was built from
        record = json.loads(files["build.json"])
        assert record["language"] == artifact.lang
        for key in ("slug", "version", "effective_date", "fingerprint", "templates_sha256"):
            assert record[key] == manifest[key], key
        assert record["tool_version"] == manifest["tool_version"]
        assert record["pdf_variant"] == "pdf/a-3b"
        assert record["renderer"] == manifest["renderer"]
        documents = {a.format: a.sha256 for a in result.artifacts if a.lang == artifact.lang}
        if "+" in artifact.lang:  # the bilingual edition: HTML and PDF, no Markdown
            assert record["documents"] == {"html": documents["html"]}
        else:
            assert record["documents"] == {"md": documents["md"], "html": documents["html"]}
        assert artifact.sha256 not in files["build.json"].decode()  # not the PDF's own hash


def test_the_embedded_config_rebuilds_the_same_handbook_byte_for_byte(
    built: dict[str, BuildResult], tmp_path: Path
) -> None:
    """Extract the config from a published PDF, build it alone: same Markdown, HTML and
    PDF bytes, so the PDF proves by itself what it was built from."""
    result = built["tonalli"]
    first = reader(_file(result, "pdf"))
    folder = tmp_path / "extracted"
    folder.mkdir()
    for name, content in first.attachments.items():
        (folder / name).write_bytes(content[0])
    again = build(folder / "tonalli.yaml", out_dir=tmp_path / "out")
    assert again.version == result.version
    original = {a.path: a.sha256 for a in result.artifacts}
    rebuilt = {a.path: a.sha256 for a in again.artifacts}
    assert rebuilt == original
    assert _manifest(again)["fingerprint"] == _manifest(result)["fingerprint"]


def test_a_config_built_on_a_base_embeds_one_file_that_builds_alone(tmp_path: Path) -> None:
    """The embedded config has its base merged in and no ``extends``: it builds alone into
    the same handbook, fingerprint included."""
    project = tmp_path / "project"
    project.mkdir()
    original = yaml.safe_load((CONFIGS / "acme.yaml").read_text(encoding="utf-8"))
    base = {
        "company": {"contact": original["company"].pop("contact")},
        "review": original.pop("review"),
    }
    original["policy"]["extends"] = "_shared.yaml"
    (project / "_shared.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
    (project / "acme.yaml").write_text(yaml.safe_dump(original, allow_unicode=True), "utf-8")
    first = build(project / "acme.yaml", out_dir=tmp_path / "out1", formats=["md", "pdf"])
    pdf = reader(_file(first, "pdf", "en-US"))
    extracted = tmp_path / "extracted"
    extracted.mkdir()
    (extracted / "acme.yaml").write_bytes(pdf.attachments["acme.yaml"][0])
    embedded = read_config(extracted / "acme.yaml", "acme.yaml").data
    assert "extends" not in embedded["policy"] and embedded["review"] == base["review"]
    again = build(extracted / "acme.yaml", out_dir=tmp_path / "out2", formats=["md", "pdf"])
    assert [(a.path, a.sha256) for a in again.artifacts] == [
        (a.path, a.sha256) for a in first.artifacts
    ]


def _headings(markdown: str) -> list[tuple[int, str]]:
    """The handbook's sections (##) and subsections (###), as the outline should list them."""
    found = []
    for line in markdown.splitlines():
        if match := re.match(r"^(##|###) (.+)$", line):
            text = re.sub(r"\\(.)", r"\1", match[2])  # Markdown escapes
            found.append((len(match[1]) - 1, text))
    return found


@pytest.mark.parametrize("slug", ["acme", "banco-meridiano"])
def test_the_outline_has_an_entry_for_every_section_and_subsection(
    built: dict[str, BuildResult], slug: str
) -> None:
    result = built[slug]
    for lang in dict.fromkeys(a.lang for a in result.artifacts if "+" not in a.lang):
        markdown = _file(result, "md", lang).read_text(encoding="utf-8")
        expected = _headings(markdown)
        assert sum(depth == 2 for depth, _ in expected) >= 3  # subsections are there
        assert outline_titles(reader(_file(result, "pdf", lang))) == expected


def test_title_author_subject_keywords_language_and_version_are_in_the_metadata(
    built: dict[str, BuildResult],
) -> None:
    result = built["banco-meridiano"]
    manifest = _manifest(result)
    for lang in manifest["languages"]:
        pdf = reader(_file(result, "pdf", lang))
        info = pdf.metadata
        assert info is not None
        rdf = xmp(pdf)
        assert info["/Author"] == manifest["company"]
        assert xmp_values(rdf, "dc:creator") == [manifest["company"]]
        assert info["/Title"] and xmp_values(rdf, "dc:title") == [info["/Title"]]
        assert manifest["version"] in info["/Subject"]
        assert xmp_values(rdf, "dc:description") == [info["/Subject"]]
        assert manifest["version"] in info["/Keywords"].split(", ")
        assert xmp_values(rdf, "pdf:Keywords") == [info["/Keywords"]]
        assert xmp_values(rdf, "dc:language") == [lang]
        assert catalog(pdf)["/Lang"] == lang
        assert xmp_values(rdf, "xmpMM:VersionID") == [manifest["version"]]
        (identifier,) = xmp_values(rdf, "dc:identifier")
        assert identifier.split() == [
            manifest["slug"],
            manifest["version"],
            lang,
            manifest["fingerprint"],
        ]


def test_pdf_ua_is_tagged_and_identified(tmp_path: Path) -> None:
    result = build(
        CONFIGS / "tonalli.yaml", out_dir=tmp_path, formats=["pdf"], pdf_variant="pdf/ua-1"
    )
    pdf = reader(_file(result, "pdf"))
    rdf = xmp(pdf)
    assert xmp_values(rdf, "pdfuaid:part") == ["1"]
    assert xmp_values(rdf, "pdfaid:part") == []
    assert "/StructTreeRoot" in catalog(pdf)
    assert catalog(pdf)["/MarkInfo"]["/Marked"].value is True
    assert set(pdf.attachments) == {"tonalli.yaml", "build.json"}
    assert len(pdf.get_fields() or {}) == 10
    assert _manifest(result)["pdf_variant"] == "pdf/ua-1"


def test_a_plain_pdf_claims_no_standard_but_keeps_the_evidence_and_metadata(
    tmp_path: Path,
) -> None:
    result = build(CONFIGS / "tonalli.yaml", out_dir=tmp_path, formats=["pdf"], pdf_variant="plain")
    pdf = reader(_file(result, "pdf"))
    rdf = xmp(pdf)
    assert xmp_values(rdf, "pdfaid:part") == [] and xmp_values(rdf, "pdfuaid:part") == []
    assert "/OutputIntents" not in catalog(pdf)
    assert set(pdf.attachments) == {"tonalli.yaml", "build.json"}
    assert xmp_values(rdf, "xmpMM:VersionID") == [result.version]
    assert _manifest(result)["pdf_variant"] == "plain"


def test_changing_the_variant_rebuilds_the_pdfs_and_only_them(tmp_path: Path) -> None:
    config = tmp_path / "tonalli.yaml"
    shutil.copy(CONFIGS / "tonalli.yaml", config)
    out = tmp_path / "out"
    first = build(config, out_dir=out, formats=["md", "pdf"])
    same = build(config, out_dir=out, formats=["md", "pdf"])
    assert same.state == "unchanged"
    plain = build(config, out_dir=out, formats=["md", "pdf"], pdf_variant="plain")
    assert plain.state == "written"
    assert _manifest(plain)["pdf_variant"] == "plain"
    before = {a.path: a.sha256 for a in first.artifacts}
    after = {a.path: a.sha256 for a in plain.artifacts}
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {path for path in before if path.endswith(".pdf")}
    assert build(config, out_dir=out, formats=["md", "pdf"], pdf_variant="plain").state == (
        "unchanged"
    )
    assert build(config, out_dir=out, formats=["md"]).state == "unchanged"  # PDFs not asked


def test_an_unknown_variant_is_refused_by_the_library(tmp_path: Path) -> None:
    from policy_builder.errors import UsageError

    with pytest.raises(UsageError, match="unknown PDF variant 'pdf/x-4'"):
        build(CONFIGS / "tonalli.yaml", out_dir=tmp_path, pdf_variant="pdf/x-4")
    assert not list(tmp_path.iterdir())


def test_the_cli_refuses_an_unknown_variant_with_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policy_builder.cli import app

    result = CliRunner().invoke(
        app,
        [
            "build",
            str(CONFIGS / "tonalli.yaml"),
            "--out",
            str(tmp_path),
            "--pdf-variant",
            "pdf/a-1b",
        ],
    )
    assert result.exit_code == 2
    error, hint = result.stderr.strip().splitlines()  # the problem, then where help is
    assert error == "error: --pdf-variant must be one of pdf/a-3b, pdf/ua-1, plain (got 'pdf/a-1b')"
    assert hint == "Run 'policy build --help'."
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_the_cli_builds_the_variant_asked_for(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policy_builder.cli import app

    args = ["build", str(CONFIGS / "tonalli.yaml"), "--out", str(tmp_path), "--format", "pdf"]
    result = CliRunner().invoke(app, [*args, "--pdf-variant", "plain", "--quiet"])
    assert result.exit_code == 0, result.output
    (manifest,) = tmp_path.glob("tonalli/*/manifest.json")
    assert json.loads(manifest.read_bytes())["pdf_variant"] == "plain"
