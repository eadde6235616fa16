"""The bilingual edition in a real browser: its two languages side by side on a desktop
and stacked on a phone, every column marked with its language, links to both
one-language editions; and a build that leaves it out links to none.

The checks every page must pass (no sideways scroll, contents links, axe, landmarks,
headings, skip link) run on it in test_handbook.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policy_builder.commands.build import build
from tests.browser.conftest import (
    BILINGUAL,
    DESKTOP,
    EXAMPLE_NAMES,
    LANGUAGES,
    PHONE,
    Editions,
    Visit,
)
from tests.conftest import CONFIGS

pytestmark = pytest.mark.browser

Open = Callable[..., Visit]

# Every row's two columns: [top, bottom, left, right] of each.
BOXES = """rows => rows.map(row => [...row.querySelectorAll(':scope > .col')].map(col => {
  const r = col.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right];
}))"""


def _tags(path: Path) -> list[str]:
    """``acme-social-media-policy.en-US+es-MX.html`` → ``["en-US", "es-MX"]``."""
    return path.name.removesuffix(".html").rsplit(".", 1)[1].split("+")


def _rows(visit: Visit) -> list[list[list[float]]]:
    rows: list[list[list[float]]] = visit.page.locator("main .pair").evaluate_all(BOXES)
    assert len(rows) >= 30, f"{visit.path.name}: only {len(rows)} rows"
    assert {len(row) for row in rows} == {2}
    return rows


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_on_a_phone_the_languages_are_stacked(
    example: str, editions: Editions, open_page: Open
) -> None:
    [path] = editions[example][BILINGUAL]
    visit = open_page(path, PHONE)
    for first, second in _rows(visit):
        assert second[0] >= first[1], f"{path.name}: a row's columns overlap at {first[0]} px"
        assert second[2] >= first[2] and second[3] <= PHONE  # under it, within the window
    visit.screenshot(full_page=True)


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_on_a_desktop_the_languages_are_side_by_side(
    example: str, editions: Editions, open_page: Open
) -> None:
    [path] = editions[example][BILINGUAL]
    visit = open_page(path, DESKTOP)
    for first, second in _rows(visit):
        assert abs(second[0] - first[0]) < 1, f"{path.name}: a row starts at two heights"
        assert second[2] >= first[3], f"{path.name}: the second column is not beside the first"
    visit.screenshot()


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_every_column_says_its_language(example: str, editions: Editions, open_page: Open) -> None:
    [path] = editions[example][BILINGUAL]
    page = open_page(path, DESKTOP).page
    tags = _tags(path)
    assert page.evaluate("document.documentElement.lang") == tags[0]  # the prevailing one
    for rows in (page.locator("main .pair"), page.locator("#prevailing")):
        langs = rows.evaluate_all(
            "rows => rows.map(r => [...r.querySelectorAll(':scope > .col')].map(c => c.lang))"
        )
        assert {tuple(pair) for pair in langs} == {tuple(tags)}
    # a section's pair of headings: each in its own language
    heading_langs = (
        page.locator("main section")
        .first.locator("h2")
        .evaluate_all("hs => hs.map(h => h.closest('[lang]').lang)")
    )
    assert heading_langs == tags


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_it_links_both_one_language_editions(
    example: str, editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    [path] = editions[example][BILINGUAL]
    page = open_page(path, DESKTOP).page
    switch = page.locator("nav.language-switch a")
    links = switch.evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.hreflang, a.lang])"
    )
    assert [hreflang for _, hreflang, _ in links] == _tags(path)
    assert sorted(href for href, _, _ in links) == [p.name for p in editions[example][LANGUAGES]]
    for href, hreflang, lang in links:
        assert hreflang == lang
        assert (path.parent / href).is_file()
    switch.last.click()
    expect(page.locator("html")).to_have_attribute("lang", links[-1][1])


def test_a_build_without_the_bilingual_edition_does_not_link_it(tmp_path: Path) -> None:
    built = build(CONFIGS / "acme.yaml", out_dir=tmp_path, formats=["html"], editions=["languages"])
    pages = sorted(built.directory.glob("*.html"))
    assert [p.name for p in pages if "+" in p.name] == []
    assert len(pages) == 2
    for page in pages:
        assert "bilingual-link" not in page.read_text(encoding="utf-8")


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect
