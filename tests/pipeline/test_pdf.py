"""Stage 4b: the PDF as WeasyPrint lays it out, with the bundled fonts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policy_builder.pipeline.localize import localize
from policy_builder.pipeline.pdf import layout
from policy_builder.pipeline.render import render_handbook
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid
from tests.conftest import CASES

LONG = CASES / "valid" / "long-words-and-letters.yaml"


def text_boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from text_boxes(child)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_long_words_and_urls_wrap_inside_the_page(lang: str) -> None:
    html = render_handbook(localize(resolve(load_valid(LONG)), lang)).html
    document = layout(html)
    checked = 0
    for number, page in enumerate(document.pages, 1):
        for box in text_boxes(page._page_box):
            right = box.position_x + box.width
            assert right <= page.width + 0.5, (
                f"page {number}: '{box.text[:40]}' runs off the page ({right:.0f} > {page.width:.0f})"
            )
            checked += 1
    assert checked > 100


def test_the_pdf_fetcher_serves_the_bundled_fonts_and_nothing_else() -> None:
    from policy_builder.pipeline import fonts
    from policy_builder.pipeline.pdf import _bundled_font

    allowed = {fonts.font_path(face).resolve() for face in fonts.FACES}
    regular = fonts.font_path(fonts.FACES[0])
    assert _bundled_font(regular.as_uri(), allowed)
    assert _bundled_font((regular.parent / ".." / "fonts" / regular.name).as_uri(), allowed)
    for refused in (
        (regular.parent / "OFL.txt").as_uri(),
        (regular.parent.parent / "handbook.css").as_uri(),
        "file:///etc/passwd",
        f"file://example.com{regular}",
        f"https://example.com{regular}",
    ):
        assert not _bundled_font(refused, allowed), refused


SMALL_PAGES = [
    '<style>body { font-family: "Handbook Sans" } code { font-family: "Handbook Mono" }</style>'
    f"<h1>Política de redes sociales</h1><p><b>Año</b> <i>compañía</i> <code>{n}</code>"
    for n in range(3)
]


def rendered_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages ``html_to_pdf`` renders in this process (a worker's are not seen)."""
    from policy_builder.pipeline import pdf

    seen: list[str] = []
    real = pdf.html_to_pdf

    def counting(html: str, effective_date: dt.date, edition: Any = None) -> bytes:
        seen.append(html)
        return real(html, effective_date, edition)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    return seen


def test_pdfs_laid_out_in_parallel_are_the_bytes_of_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from policy_builder.pipeline.pdf import html_to_pdf, html_to_pdfs

    day = dt.date(2026, 3, 1)
    one_at_a_time = [html_to_pdf(html, day) for html in SMALL_PAGES]
    assert len(set(one_at_a_time)) == 3
    here = rendered_here(monkeypatch)
    assert html_to_pdfs(SMALL_PAGES, day, jobs=2) == one_at_a_time
    assert here == [SMALL_PAGES[0], SMALL_PAGES[2]]  # the worker process did the second
    here.clear()
    assert html_to_pdfs(SMALL_PAGES, day, jobs=1) == one_at_a_time
    assert here == SMALL_PAGES


def test_the_pages_of_a_failed_pdf_worker_are_rendered_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from policy_builder.pipeline import pdf

    day = dt.date(2026, 3, 1)
    monkeypatch.setattr(pdf, "_WORKER", "policy_builder.pipeline.no_such_worker")
    here = rendered_here(monkeypatch)
    pdfs = pdf.html_to_pdfs(SMALL_PAGES[:2], day, jobs=2)
    assert here == SMALL_PAGES[:2]
    assert pdfs == [pdf.html_to_pdf(html, day) for html in SMALL_PAGES[:2]]


def test_a_worker_process_lays_out_its_pdfs_itself() -> None:
    """Inside a batch build's worker (a child process), PDFs are not farmed out again."""
    import multiprocessing

    from policy_builder.pipeline.pdf import _default_jobs

    assert _default_jobs() >= 1
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_default_jobs) == 1


def test_the_pdf_worker_never_imports_code_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``policy_builder/`` lying in the folder a build runs from (a configs repository,
    another checkout) is not what the worker process runs."""
    from policy_builder.pipeline import pdf

    rogue = tmp_path / "policy_builder"
    rogue.mkdir()
    marker = tmp_path / "imported"
    (rogue / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nraise SystemExit(9)\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    here = rendered_here(monkeypatch)
    pdfs = pdf.html_to_pdfs(SMALL_PAGES[:2], dt.date(2026, 3, 1), jobs=2)
    assert len(pdfs) == 2
    assert here == SMALL_PAGES[:1]  # the worker, running the installed code, did the second
    assert not marker.exists()
