"""The bilingual edition (pipeline/bilingual.py): both languages side by side, aligned
section by section and item by item, the prevailing language first and its clause on top.

The page is read back with the standard library's HTML parser: for every section, its
rows, and in each row each column's language, text and list items.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from policy_builder import editions
from policy_builder.commands.build import BuildResult
from policy_builder.i18n import catalogue
from policy_builder.models import Policy
from policy_builder.pipeline.bilingual import blocks, pair_section, render_bilingual
from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.pdf import html_to_pdf
from policy_builder.pipeline.render import render_handbook
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CASES, EXAMPLES


@dataclass
class Cell:
    lang: str
    text: str = ""
    items: int = 0
    headings: list[str] = field(default_factory=list)


VOID = {"img", "meta", "br", "hr", "link", "input"}


class Page(HTMLParser):
    """What a reader sees of a bilingual page: its clause, and each section's rows."""

    def __init__(self) -> None:
        super().__init__()
        self.clause: list[Cell] = []
        self.sections: dict[str, list[list[Cell]]] = {}
        self.order: list[str] = []  # "clause" and "main", as they come
        self._open: list[tuple[str, str | None]] = []  # each open element and its role
        self._section: str | None = None
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        role = None
        if tag == "main":
            self.order.append("main")
        if tag == "section" and "section" in classes:
            self._section, role = a["id"], "section"
            self.sections[a["id"] or ""] = []
        elif "prevailing-clause" in classes:
            self.order.append("clause")
            self._row, role = self.clause, "row"
        elif "pair" in classes and self._section:
            self._row, role = [], "row"
            self.sections[self._section].append(self._row)
        elif "col" in classes and self._row is not None and self._cell is None:
            self._cell, role = Cell(a.get("lang") or ""), "cell"
            self._row.append(self._cell)
        if self._cell is not None and tag == "li":
            self._cell.items += 1
        if self._cell is not None and tag in ("h2", "h3"):
            self._heading = []
        self._open.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        while tag not in VOID and self._open:
            opened, role = self._open.pop()
            if opened in ("h2", "h3") and self._heading is not None and self._cell is not None:
                self._cell.headings.append("".join(self._heading).strip())
                self._heading = None
            if role == "cell":
                self._cell = None
            elif role == "row":
                self._row = None
            elif role == "section":
                self._section = None
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        if self._heading is not None:
            self._heading.append(data)


def read(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def _policy(path: Path) -> Policy:
    return resolve(load_valid(path))


def _bilingual(policy: Policy) -> tuple[tuple[str, str], str]:
    prevailing = policy.variant(policy.authoritative_language) or policy.variants[0]
    ((first, second),) = editions.pairs(policy.variants, prevailing)
    handbooks = [localize(policy, first), localize(policy, second)]
    return (first, second), render_bilingual(handbooks, [render_handbook(h) for h in handbooks])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_section_pairs_its_headings_and_items_in_both_languages(path: Path) -> None:
    policy = _policy(path)
    (first, second), html = _bilingual(policy)
    page = read(html)
    assert list(page.sections) == list(policy.sections)
    titles = {tag: catalogue.load(tag)["sections"] for tag in (first, second)}
    for number, (sid, rows) in enumerate(page.sections.items(), start=1):
        heading = rows[0]
        assert [c.lang for c in heading] == [first, second], sid
        assert [c.headings for c in heading] == [
            [f"{number}. {titles[first][sid]}"],
            [f"{number}. {titles[second][sid]}"],
        ]
        for row in rows:  # every row: one cell per language, the prevailing one first
            assert [c.lang for c in row] == [first, second], sid
            assert all(c.text.strip() for c in row), sid
            assert len(row[0].headings) == len(row[1].headings), sid
        items = [sum(row[k].items for row in rows) for k in (0, 1)]
        assert items[0] == items[1], sid
        assert 'class="section section-' + sid + ' aligned"' in html, (
            f"{sid} fell back to whole columns"
        )
    # item by item: a list item is a row of its own, as long as its translation allows
    assert any(row[0].items == row[1].items == 1 for rows in page.sections.values() for row in rows)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_page_opens_with_the_prevailing_language_and_its_clause(path: Path) -> None:
    policy = _policy(path)
    (first, second), html = _bilingual(policy)
    page = read(html)
    assert first == policy.variant(policy.authoritative_language)
    assert page.order[:2] == ["clause", "main"]  # the clause comes before any section
    assert html.index('id="prevailing"') < html.index('id="contents"')
    assert [c.lang for c in page.clause] == [first, second]
    names = {"en": {"en": "English", "es": "Spanish"}, "es": {"en": "inglés", "es": "español"}}
    prevails = policy.authoritative_language
    for cell in page.clause:
        reader = cell.lang.split("-")[0]
        name = names[reader][prevails]
        expected = (
            f"the {name} version prevails"
            if reader == "en"
            else f"prevalecerá la versión en {name}"
        )
        assert expected in " ".join(cell.text.split()), cell.text
    assert f'<html lang="{first}">' in html
    # both titles, the version and the fingerprint on the cover
    cover = html[: html.index('id="contents"')]
    for tag in (first, second):
        assert catalogue.load(tag)["labels"]["document_title"] in cover
    assert policy.version in cover and policy.fingerprint in cover


def test_blocks_cut_a_section_into_headings_paragraphs_items_and_tables() -> None:
    markdown = (
        "## 1. Title\n\nA paragraph.\n\n### Sub\n\n- one\n- two **bold**\n\n"
        "3. third\n4. fourth\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    found = blocks(markdown)
    assert [b.kind for b in found] == ["h2", "p", "h3", "li", "li", "oli", "oli", "table"]
    assert found[3].html == "<ul>\n<li>one</li>\n</ul>\n"
    assert "<strong>bold</strong>" in found[4].html
    assert found[5].html.startswith('<ol start="3">') and found[6].html.startswith('<ol start="4">')
    assert (found[3].first, found[4].last, found[3].last) == (True, True, False)


def test_a_section_whose_blocks_differ_is_shown_whole_side_by_side(templates_copy: Path) -> None:
    """The fallback: one language's template gains a paragraph the other lacks."""
    section = templates_copy / "es" / "sections" / "consequences.md.j2"
    section.write_text(
        section.read_text(encoding="utf-8") + "\nUn párrafo que la versión inglesa no tiene.\n",
        encoding="utf-8",
    )
    policy = _policy(CASES / "valid" / "minimal.yaml")
    handbooks = [localize(policy, tag) for tag in policy.variants]
    rendered = [render_handbook(h) for h in handbooks]
    by_id = [{s.ref.id: s for s in r.sections} for r in rendered]
    paired = pair_section([found["consequences"] for found in by_id])
    assert not paired.aligned and [row.kind for row in paired.rows] == ["section"]
    assert "no tiene" in paired.rows[0].cells[0] and "no tiene" not in paired.rows[0].cells[1]
    html = render_bilingual(handbooks, rendered)
    page = read(html)
    assert 'class="section section-consequences unaligned"' in html
    (whole,) = page.sections["consequences"]
    assert [c.lang for c in whole] == list(policy.variants)
    assert all(len(c.headings) >= 1 for c in whole)  # each column has the whole section
    assert 'class="section section-purpose aligned"' in html  # the others stay paired


def _bilingual_pdf(result: BuildResult) -> Path:
    (pdf,) = [a for a in result.artifacts if a.format == "pdf" and editions.is_bilingual(a.lang)]
    return result.directory / pdf.path


@pytest.mark.parametrize("slug", ["acme", "tonalli"])
def test_the_pdf_puts_both_languages_of_a_section_on_the_same_page(
    built: dict[str, BuildResult], slug: str
) -> None:
    policy = _policy(next(p for p in EXAMPLES if p.stem == slug))
    first, second = editions.pairs(
        policy.variants, policy.variant(policy.authoritative_language) or ""
    )[0]
    reader = PdfReader(io.BytesIO(_bilingual_pdf(built[slug]).read_bytes()))
    box = reader.pages[1].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    for sid in policy.sections:
        number = policy.sections.index(sid) + 1
        a = f"{number}. {catalogue.load(first)['sections'][sid]}"
        b = f"{number}. {catalogue.load(second)['sections'][sid]}"
        on = [i for i, text in enumerate(pages) if a in text and b in text and i > 1]
        assert on, f"{sid}: its two headings are not on one page"


def test_the_bilingual_edition_is_reproducible_to_the_byte() -> None:
    policy = _policy(CASES / "valid" / "minimal.yaml")
    _, html = _bilingual(policy)
    _, again = _bilingual(policy)
    assert html == again
    first = html_to_pdf(html, policy.effective_date)
    assert html_to_pdf(again, policy.effective_date) == first
    assert first.startswith(b"%PDF-")
