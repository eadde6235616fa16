"""Stage 4: config text is data; the Markdown escaping makes it inert."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policy_builder.commands.build import build
from policy_builder.pipeline.render import md_escape, md_link
from tests.conftest import CASES

COMMONMARK = MarkdownIt("commonmark", {"html": False}).enable("table")


TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf"))


@given(st.text(alphabet=TEXT.filter(lambda c: c not in "*["), max_size=80))
def test_text_without_the_subset_renders_as_itself(value: str) -> None:
    """Whatever a config says, the reader sees those characters as a plain paragraph."""
    html = COMMONMARK.render(f"x {md_escape(value)}")
    visible = " ".join(value.split())
    expected = visible.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    expected = expected.replace('"', "&quot;")
    assert html == (f"<p>x {expected}</p>\n" if expected else "<p>x</p>\n")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


@given(st.text(alphabet=st.sampled_from("ab *_[]()!<>:/#|&`\\\n-1.") | TEXT, max_size=120))
def test_any_text_yields_only_the_safe_subset(value: str) -> None:
    parser = _Tags()
    parser.feed(COMMONMARK.render(f"x {md_escape(value)}"))
    for tag, attrs in parser.seen:
        assert tag in ("p", "em", "strong", "a"), tag
        if tag == "a":
            assert [k for k, _ in attrs] == ["href"]
            assert (attrs[0][1] or "").startswith(("http://", "https://", "mailto:"))


@pytest.mark.parametrize(
    ("value", "html"),
    [
        ("**Important:** report *today*", "<strong>Important:</strong> report <em>today</em>"),
        (
            "see [the form](https://intranet.example/report)",
            'see <a href="https://intranet.example/report">the form</a>',
        ),
        (
            "write to [legal](mailto:legal@acme.example)",
            'write to <a href="mailto:legal@acme.example">legal</a>',
        ),
        (
            "![tracker](https://evil.example/p.png)",
            '!<a href="https://evil.example/p.png">tracker</a>',
        ),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("`code` and # not a heading", "`code` and # not a heading"),
    ],
)
def test_the_documented_subset(value: str, html: str) -> None:
    assert COMMONMARK.render(md_escape(value)) == f"<p>{html}</p>\n"


def test_control_and_bidi_characters_are_dropped() -> None:
    assert md_escape("a\x00b\u202ec\r\nd\te") == "abc d e"


def test_escaped_text_cannot_start_a_list_or_heading() -> None:
    for value in ("1. first", "- item", "+ item", "# title", "> quote", "| a | b |"):
        html = COMMONMARK.render(md_escape(value))
        assert html.startswith("<p>"), html


def test_versions_and_phone_numbers_stay_readable() -> None:
    assert md_escape("2.1.0") == "2.1.0"
    assert md_escape("+34 915 550 142") == "+34 915 550 142"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.boe.es/eli/es/lo/2018/12/05/3/con",
            "[x](https://www.boe.es/eli/es/lo/2018/12/05/3/con)",
        ),
        ("mailto:legal@acme.example", "[x](mailto:legal@acme.example)"),
        ("javascript:alert(1)", "x"),
        ("file:///etc/passwd", "x"),
    ],
)
def test_links_are_limited_to_safe_schemes(url: str, expected: str) -> None:
    assert str(md_link(url, "x")) == expected


def test_hostile_text_in_a_config_reaches_the_reader_as_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> {{ 7*7 }} [click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    text = (CASES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    quoted = "'" + hostile.replace("'", "''") + "'"
    text = text.replace("{es: Consultoría, en: Consulting}", f"{{es: {quoted}, en: {quoted}}}")
    text = text.replace("name: Minima\n", f"name: {quoted}\n")
    config = tmp_path / "hostile.yaml"
    config.write_text(text, encoding="utf-8")
    result = build(config, out_dir=tmp_path / "out", formats=["html", "md"], langs=["en"])
    html = (result.directory / "hostile-social-media-policy.en-GB.html").read_text(encoding="utf-8")
    assert (
        html.count("<script>") == 1  # the page's own (handbook.js), never the config's
        and "<script>alert" not in html
        and "<img" not in html
        and "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    )
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # title, cover, sector
    markdown = (result.directory / "hostile-social-media-policy.en-GB.md").read_text(
        encoding="utf-8"
    )
    assert "\\<script\\>" in markdown and "\\[click\\]" in markdown
    assert "{{ 7*7 }} [click](javascript:alert(1))" in html  # the Jinja was never evaluated
