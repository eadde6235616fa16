"""Paper: the printed handbook's pages, checked where a reader would notice.

Two views of the same documents. The text of the real example PDFs (the session's one
build, read with pypdf): what is printed on each line of each page. And WeasyPrint's
layout of the same HTML (``pdf.layout``, deterministic: the boxes the PDF draws), for
what text cannot show: which table rows, heading and paragraph lines share a page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyphen
import pytest
from pypdf import PdfReader

from policy_builder.commands.build import BuildResult
from policy_builder.models import ChangelogEntry, Handbook
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.pdf import layout
from policy_builder.pipeline.render import render_handbook
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CONFIGS, EXAMPLES

# Every published edition of every example: (slug, language tag).
EDITIONS = [(path.stem, tag) for path in EXAMPLES for tag in resolve(load_valid(path)).variants]
# The editions whose layout the issue reported broken, laid out box by box.
LAID_OUT = [("acme", "es-MX"), ("acme", "en-US"), ("tonalli", "es-MX")]
SOFT_HYPHEN_DRAWN = "\u2010"  # the hyphen WeasyPrint draws where it hyphenates


def artifact(result: BuildResult, tag: str, fmt: str) -> Path:
    return result.directory / f"{result.slug}-social-media-policy.{tag}.{fmt}"


@cache
def handbook(slug: str, tag: str) -> Handbook:
    return localize(resolve(load_valid(CONFIGS / f"{slug}.yaml")), tag)


def page_lines(built: dict[str, BuildResult], slug: str, tag: str) -> list[list[str]]:
    """Each page's printed lines, as pypdf reads them from the real PDF."""
    reader = PdfReader(artifact(built[slug], tag, "pdf"))
    return [
        [" ".join(line.split()) for line in (page.extract_text() or "").splitlines()]
        for page in reader.pages
    ]


def unbroken(value: str, pages: list[list[str]]) -> tuple[int, int]:
    """(times ``value`` is printed, times it is printed whole on one line)."""
    flowing = " ".join(" ".join(line for line in page) for page in pages)
    whole = sum(line.count(value) for page in pages for line in page)
    return flowing.count(value), whole


# ---- the real PDFs' text ----------------------------------------------------


@pytest.mark.parametrize(("slug", "tag"), EDITIONS)
def test_every_page_after_the_cover_carries_the_version_fingerprint_and_page_number(
    built: dict[str, BuildResult], slug: str, tag: str
) -> None:
    hb = handbook(slug, tag)
    pages = page_lines(built, slug, tag)
    for number, lines in enumerate(pages[1:], 2):
        foot = " ".join(lines[-3:])
        assert hb.fingerprint in foot, f"page {number} has no fingerprint in its footer"
        assert hb.version in foot and hb.effective_date in foot, f"page {number}"
        assert re.search(rf"\b{number}\b.*\b{len(pages)}\b", foot), f"page {number}"


@pytest.mark.parametrize(("slug", "tag"), EDITIONS)
def test_dates_addresses_and_phone_numbers_never_break_across_lines(
    built: dict[str, BuildResult], slug: str, tag: str
) -> None:
    hb = handbook(slug, tag)
    pages = page_lines(built, slug, tag)
    kept = [entry.date for entry in hb.changelog] + [hb.effective_date, hb.next_review]
    for contact in hb.incidents.contacts:
        kept += [contact.email, *([contact.phone] if contact.phone else [])]
    for value in kept:
        printed, whole = unbroken(value, pages)
        assert whole >= 1, f"{value!r} is missing or broken across lines"
        assert whole == printed, f"{value!r} is broken across lines"


@pytest.mark.parametrize(("slug", "tag"), EDITIONS)
def test_web_addresses_are_printed_whole_in_notes(
    built: dict[str, BuildResult], slug: str, tag: str
) -> None:
    hb = handbook(slug, tag)
    pages = page_lines(built, slug, tag)
    addresses = {r.url for r in hb.regulations if r.url}
    for value in addresses:
        assert unbroken(value, pages)[1] >= 1, f"{value} is not printed whole on one line"
    for number, lines in enumerate(pages, 1):
        for line in lines:
            for printed in re.findall(r"https?://\S*", line):
                assert printed.rstrip(".,;)") in addresses, f"page {number}: split {printed!r}"


@pytest.mark.parametrize(("slug", "tag"), EDITIONS)
def test_spanish_text_uses_angle_quotes_and_english_text_english_ones(
    built: dict[str, BuildResult], slug: str, tag: str
) -> None:
    text = "\n".join("\n".join(lines) for lines in page_lines(built, slug, tag))
    if tag.startswith("es"):
        assert "«" in text and "»" in text
        assert not re.search(r"[\"“”]", text), re.findall(r".{20}[\"“”].{20}", text)
        assert "¿" in text
    else:
        assert "«" not in text and "»" not in text


@pytest.mark.parametrize(("slug", "tag"), EDITIONS)
def test_hyphenation_follows_the_document_language_and_spares_the_company_name(
    built: dict[str, BuildResult], slug: str, tag: str
) -> None:
    hb = handbook(slug, tag)
    dictionary = pyphen.Pyphen(lang=tag.replace("-", "_"))
    hyphenated = 0
    for lines in page_lines(built, slug, tag):
        # pypdf reads list bullets as lines of their own: the word goes on at the next text
        words = [
            line for line in lines if re.match(r"\w", line) or line.endswith(SOFT_HYPHEN_DRAWN)
        ]
        for line, following in itertools.pairwise(words):
            if not line.endswith(SOFT_HYPHEN_DRAWN):
                continue
            head = re.findall(r"\w+", line)[-1]
            tail = re.match(r"\w+", following)
            assert tail is not None, (line, following)
            word = head + tail[0]
            assert len(head) in dictionary.positions(word), f"{head}-{tail[0]} in {tag}"
            names = {n.lower() for n in re.findall(r"\w+", hb.company_name)}
            assert word.lower() not in names, f"the company's name hyphenated: {head}-{tail[0]}"
            hyphenated += 1
    assert hyphenated > 5, "no line was hyphenated"


# ---- WeasyPrint's layout ----------------------------------------------------


@pytest.fixture(scope="module")
def documents(built: dict[str, BuildResult]) -> dict[str, Any]:
    """The editions the issue reported, and a revision history long enough to span pages."""
    laid = {
        f"{slug} {tag}": layout(artifact(built[slug], tag, "html").read_text(encoding="utf-8"))
        for slug, tag in LAID_OUT
    }
    policy = resolve(load_valid(CONFIGS / "tonalli.yaml"))
    first, *rest = policy.changelog
    longer = [
        dataclasses.replace(first, version=f"1.0.{n}", date=first.date + dt.timedelta(days=9 * n))
        for n in range(1, 31)
    ]
    history: tuple[ChangelogEntry, ...] = (first, *longer, *rest)
    hb = localize(dataclasses.replace(policy, changelog=history), "es-MX")
    laid["long history"] = layout(render_handbook(hb).html)
    return laid


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def flow(page: Any) -> Any:
    """The page's main flow: the document's boxes, without running heads or footnotes."""
    root = page._page_box.children[0]
    assert root.element_tag == "html"
    return root


def text_of(box: Any) -> str:
    return " ".join(" ".join(b.text for b in descendants(box) if getattr(b, "text", "")).split())


def lines_by_block(page: Any) -> Iterator[tuple[Any, str, int]]:
    """(element, tag, lines on this page) of every block that holds lines, in page order."""
    from weasyprint.formatting_structure.boxes import LineBox

    for box in descendants(flow(page)):
        lines = [c for c in getattr(box, "children", ()) if isinstance(c, LineBox)]
        if lines:
            yield box.element, box.element_tag, len(lines)


def table_pieces(document: Any) -> dict[Any, list[tuple[int, int, int]]]:
    """Each table's pieces: (page, header rows, body rows) for every page it is on."""
    from weasyprint.formatting_structure.boxes import TableBox

    pieces: dict[Any, list[tuple[int, int, int]]] = defaultdict(list)
    for number, page in enumerate(document.pages, 1):
        for box in descendants(flow(page)):
            if isinstance(box, TableBox):
                header = sum(len(g.children) for g in box.children if g.is_header)
                body = sum(len(g.children) for g in box.children if not g.is_header)
                pieces[box.element].append((number, header, body))
    return pieces


@pytest.mark.parametrize("name", [*(f"{s} {t}" for s, t in LAID_OUT), "long history"])
def test_tables_repeat_their_header_and_never_split_off_a_lone_row(
    documents: dict[str, Any], name: str
) -> None:
    pieces = table_pieces(documents[name])
    assert pieces
    for table in pieces.values():
        for number, header, body in table:
            assert header == 1, f"page {number}: a table piece without its header row"
            if len(table) > 1:
                assert body >= 2, f"page {number}: a table piece of {body} row(s)"
    if name == "long history":
        assert max(len(table) for table in pieces.values()) >= 2, "the history fits one page"


@pytest.mark.parametrize("name", [*(f"{s} {t}" for s, t in LAID_OUT), "long history"])
def test_no_heading_ends_a_page_and_no_paragraph_leaves_fewer_than_three_lines(
    documents: dict[str, Any], name: str
) -> None:
    pieces: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for number, page in enumerate(documents[name].pages[1:], 2):
        blocks = list(lines_by_block(page))
        assert sum(lines for _, _, lines in blocks) >= 10, f"page {number} is nearly empty"
        last_tag = blocks[-1][1]
        assert last_tag not in ("h1", "h2", "h3"), f"page {number} ends with a heading"
        for element, tag, lines in blocks:
            if tag == "p":
                pieces[element].append((number, lines))
    for split in (p for p in pieces.values() if len(p) > 1):
        assert all(lines >= 3 for _, lines in split), f"a paragraph split as {split}"


@pytest.mark.parametrize("name", [f"{s} {t}" for s, t in LAID_OUT])
def test_the_running_head_names_the_section_on_the_page(
    documents: dict[str, Any], name: str
) -> None:
    document = documents[name]
    for number, page in enumerate(document.pages[2:], 3):
        head = next(box for box in page._page_box.children[2:] if box.at_keyword == "@top-right")
        title = text_of(head)
        assert re.match(r"\d+\. \w", title), f"page {number}: running head {title!r}"
        headings = [
            text_of(box)
            for box in descendants(flow(page))
            if box.element_tag == "h2" and hasattr(box, "children")
        ]
        first_line = next(lines_by_block(page))
        if first_line[1] == "h2":
            assert title == headings[0], f"page {number}: {title!r} over {headings[0]!r}"
