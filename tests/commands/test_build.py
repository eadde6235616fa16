"""The whole pipeline: real YAML in, real Markdown, HTML and PDF out."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from policy_builder.commands.build import BuildResult, build
from policy_builder.errors import InvalidConfigError, UsageError
from policy_builder.i18n import catalogue
from tests.conftest import CASES, CONFIGS, EXAMPLES


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def artifact(result: BuildResult, lang: str, fmt: str) -> Path:
    return result.directory / f"{result.slug}-social-media-policy.{lang}.{fmt}"


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_every_language_and_format_is_written(built: dict[str, BuildResult], slug: str) -> None:
    result = built[slug]
    names = sorted(p.name for p in result.directory.iterdir())
    langs = json.loads((result.directory / "manifest.json").read_text())["languages"]
    assert names == sorted(
        [
            "manifest.json",
            *(
                f"{slug}-social-media-policy.{lang}.{fmt}"
                for lang in langs
                for fmt in ("html", "pdf", "md", "docx")
            ),
            # and the bilingual edition (tests/commands/test_editions.py)
            *(f"{slug}-social-media-policy.{'+'.join(langs)}.{fmt}" for fmt in ("html", "pdf")),
        ]
    )


@pytest.mark.parametrize("slug", [p.stem for p in EXAMPLES])
def test_pdf_has_each_section_heading_in_its_language(
    built: dict[str, BuildResult], slug: str
) -> None:
    result = built[slug]
    manifest = json.loads((result.directory / "manifest.json").read_text())
    omitted = set(manifest["config"]["policy"].get("omit_sections", []))
    for lang in manifest["languages"]:
        text = text_of(artifact(result, lang, "pdf"))
        titles = catalogue.load(lang)["sections"]
        shown = [t for sid, t in titles.items() if sid not in omitted]
        for number, title in enumerate([titles[s] for s in titles if s not in omitted], 1):
            assert f"{number}. {title}" in text, f"{lang}: {title}"
        others = [lang2 for lang2 in manifest["languages"] if lang2 != lang]
        for other in others:
            foreign = set(catalogue.load(other)["sections"].values()) - set(shown)
            assert not [t for t in foreign if f". {t}" in text]
        for sid in omitted:
            assert titles[sid] not in text


def test_pdf_metadata_bookmarks_and_page_numbers(built: dict[str, BuildResult]) -> None:
    result = built["acme"]
    for lang, title, page_word in (
        ("en-US", "Social Media Policy", "Page"),
        ("es-MX", "Política de redes sociales", "Página"),
    ):
        reader = PdfReader(artifact(result, lang, "pdf"))
        meta = reader.metadata
        assert meta is not None and meta.title is not None and meta.title.startswith(title)
        assert meta.author == "Acme Cloud Systems, Inc."
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert meta["/CreationDate"].startswith("D:20261102")  # the effective date, not the clock
        assert len(reader.pages) > 5
        assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
        outline = [o.title for o in reader.outline if not isinstance(o, list)]
        assert outline[0].startswith("1. ")
        last = reader.pages[-1].extract_text()
        assert f"{page_word} {len(reader.pages)}" in " ".join(last.split())


def test_cover_shows_the_document_control_facts(built: dict[str, BuildResult]) -> None:
    result = built["banco-meridiano"]
    cover = " ".join((PdfReader(artifact(result, "es-ES", "pdf")).pages[0].extract_text()).split())
    manifest = json.loads((result.directory / "manifest.json").read_text())
    for fact in (
        "Banco Meridiano, S.A.",
        "Política de redes sociales",
        manifest["version"],
        manifest["fingerprint"],
        "Próxima revisión",
    ):
        assert fact.lower() in cover.lower()


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.refs += [(tag, k, v or "") for k, v in attrs if k in ("src", "href")]


def test_html_is_self_contained(built: dict[str, BuildResult]) -> None:
    for result in built.values():
        for path in result.directory.glob("*.html"):
            html = path.read_text(encoding="utf-8")
            parser = _Refs()
            parser.feed(html)
            # one inline script (a progressive enhancement, handbook.js), never an external
            # one; the bilingual edition (``+`` in its name) has none
            scripts = 0 if "+" in path.name else 1
            assert parser.tags.count("script") == scripts and "link" not in parser.tags
            assert not [v for tag, k, v in parser.refs if tag == "script"]
            assert all(v.startswith("data:") for tag, k, v in parser.refs if k == "src")
            assert not re.search(r"url\((?!\s*['\"]?data:)", html)
            assert "<style>" in html and "@page" in html  # CSS inlined
            internal = [
                v
                for tag, k, v in parser.refs
                if k == "href" and not v.startswith(("#", "mailto:", "https://", "http://"))
            ]
            assert all(
                re.fullmatch(
                    r"[a-z0-9-]+-social-media-policy\.[a-z]{2}-[A-Z]{2}(\+[a-z]{2}-[A-Z]{2})?\.html",
                    v,
                )
                and (path.parent / v).is_file()  # another edition of the same build
                for v in internal
            ), internal


def test_html_links_to_the_other_language_and_has_a_toc(built: dict[str, BuildResult]) -> None:
    html = artifact(built["acme"], "en-US", "html").read_text(encoding="utf-8")
    assert '<html lang="en-US">' in html
    assert 'href="acme-social-media-policy.es-MX.html" hreflang="es-MX"' in html
    assert '<a href="#posting_rules">' in html and '<section id="posting_rules"' in html
    assert 'name="viewport"' in html and "@media print" in html


def test_markdown_has_headings_and_dates_in_its_language(built: dict[str, BuildResult]) -> None:
    es = artifact(built["acme"], "es-MX", "md").read_text(encoding="utf-8")
    en = artifact(built["acme"], "en-US", "md").read_text(encoding="utf-8")
    assert "## 1. Finalidad y alcance" in es or "## 1. " in es
    assert "2 de noviembre de 2026" in es and "November 2, 2026" in en
    assert "\\" not in re.sub(r"\\[_*#<>|&\[\]`]", "", es)  # no stray escapes
    assert "2.0.1" in es


def test_manifest_hashes_match_the_files(built: dict[str, BuildResult]) -> None:
    for result in built.values():
        manifest = json.loads((result.directory / "manifest.json").read_text())
        assert manifest["tool_version"]
        config = CONFIGS / manifest["config_file"]
        assert manifest["config_sha256"] == hashlib.sha256(config.read_bytes()).hexdigest()
        assert len(manifest["artifacts"]) == len(result.artifacts)
        for entry in manifest["artifacts"]:
            data = (result.directory / entry["path"]).read_bytes()
            assert entry["bytes"] == len(data)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert entry["lang"] in entry["path"] and entry["path"].endswith(entry["format"])


def test_languages_and_formats_can_be_chosen(tmp_path: Path) -> None:
    result = build(
        CASES / "valid" / "minimal.yaml", out_dir=tmp_path, langs=["en"], formats=["md", "html"]
    )
    assert sorted(p.name for p in result.directory.iterdir()) == [
        "manifest.json",
        "minimal-social-media-policy.en-GB.html",  # a Spanish company: British English
        "minimal-social-media-policy.en-GB.md",
    ]
    with pytest.raises(UsageError, match="not published in fr"):
        build(CASES / "valid" / "minimal.yaml", out_dir=tmp_path, langs=["fr"])


def test_invalid_config_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InvalidConfigError):
        build(CASES / "invalid" / "missing-translation.yaml", out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_rebuild_gives_identical_bytes(tmp_path: Path) -> None:
    first = build(CASES / "valid" / "minimal.yaml", out_dir=tmp_path / "a")
    second = build(CASES / "valid" / "minimal.yaml", out_dir=tmp_path / "b")
    for a, b in zip(
        sorted(first.directory.iterdir()), sorted(second.directory.iterdir()), strict=True
    ):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_team_is_named_in_each_language(built: dict[str, BuildResult]) -> None:
    result = built["tonalli"]
    es = artifact(result, "es-MX", "md").read_text(encoding="utf-8")
    en = artifact(result, "en-US", "md").read_text(encoding="utf-8")
    assert "Mesa de Redes Sociales" in es and "Mesa de Redes Sociales" not in en
    assert "Social Media Desk" in en and "Social Media Desk" not in es
    # A person keeps one name in every edition.
    assert "Gabriela Montes Ibarra" in es and "Gabriela Montes Ibarra" in en


def test_build_all_records_each_config_s_outcome_as_it_comes(tmp_path: Path) -> None:
    from policy_builder.commands.batch import BuildEvent, build_all
    from policy_builder.errors import ExitCode
    from policy_builder.report import build as report

    minimal, bad = CASES / "valid" / "minimal.yaml", CASES / "invalid" / "bad-version.yaml"
    heard: list[BuildEvent] = []
    run = build_all([minimal, bad], out_dir=tmp_path, formats=["md"], on_event=heard.append)
    assert [e.outcome for e in heard if e.kind == "finished"] == list(run.outcomes)
    built, invalid = run.outcomes
    assert built.state == "written" and built.result is not None and built.path == minimal
    assert invalid.state == "failed" and invalid.result is None
    assert invalid.reason == "1 problem found" and invalid.issues[0].path == "policy.version"
    assert run.exit_code == ExitCode.FOUND_WANTING
    assert re.fullmatch(
        r"1 built, 0 unchanged, 1 failed in \d+\.\d s\n", report.summary(run, tmp_path).out
    )
    shown = report.outcome(invalid, tmp_path)
    assert shown.out == "" and shown.err.endswith(f"{bad}: not built (1 problem found)\n")

    again = build_all([minimal], out_dir=tmp_path, formats=["md"])
    assert [o.state for o in again.outcomes] == ["unchanged"] and again.exit_code == ExitCode.OK
    closing = report.summary(again, tmp_path)  # one config: a summary, but no failure list
    assert re.fullmatch(r"0 built, 1 unchanged, 0 failed in \d+\.\d s\n", closing.out)
    assert closing.err == ""

    edited = tmp_path / "minimal.yaml"  # the same version from other content: refused
    edited.write_text(
        minimal.read_text(encoding="utf-8").replace("en: Consulting", "en: Advisory"),
        encoding="utf-8",
    )
    [refused] = build_all([edited], out_dir=tmp_path, formats=["md"]).outcomes
    assert refused.state == "failed" and refused.reason and refused.issues == ()
    assert report.outcome(refused, tmp_path).err.startswith(f"error: {edited}: ")
    [forced] = build_all([edited], out_dir=tmp_path, formats=["md"], force=True).outcomes
    assert forced.state == "forced"
