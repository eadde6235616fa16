"""The HTML editions in a real browser (headless Chromium), at a phone's width and a
desktop's: nothing scrolls sideways, every contents link lands on its section, the
language switch opens the other edition, nothing leaves the file, no console error,
and axe-core finds no serious accessibility violation.

The checks every page must pass run on both kinds of edition (``kind``: one language,
or the bilingual one); those of the one-language layout (its folding contents, copy
links, cards, sidebar) on those pages; the bilingual page's own in test_bilingual.py.

``pytest -m browser`` runs these alone; screenshots go to ``output/test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    BILINGUAL,
    DESKTOP,
    EXAMPLE_NAMES,
    KINDS,
    LANGUAGES,
    PHONE,
    WIDTHS,
    Editions,
    Visit,
)

pytestmark = pytest.mark.browser

Open = Callable[..., Visit]


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_nothing_scrolls_sideways(
    example: str, width: int, kind: str, editions: Editions, open_page: Open
) -> None:
    for path in editions[example][kind]:
        visit = open_page(path, width)
        sizes = visit.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        visit.screenshot()
        assert sizes[0] <= sizes[1], f"{path.name} is {sizes[0]} px wide in a {width} px window"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_every_contents_link_lands_on_its_section(
    example: str, width: int, kind: str, editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    for path in editions[example][kind]:
        visit = open_page(path, width)
        page = visit.page
        links = page.locator("nav.toc ol a")
        if width == PHONE and kind == LANGUAGES:  # folded: shown once its control is pressed
            expect(links.first).to_be_hidden()
            page.locator("nav.toc summary").click()
        expect(links.first).to_be_visible()
        hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert len(hrefs) == page.locator("main section").count() >= 10
        for i, href in enumerate(hrefs):
            links.nth(i).click()
            target = page.locator(href)
            expect(target).to_be_in_viewport()
            assert page.evaluate("location.hash") == href
            # the section's heading is in the window (at its top, unless the page ends)
            # (the first of the bilingual page's pair: side by side, or stacked first)
            top, bottom = target.locator("h2").first.evaluate(
                "h => [h.getBoundingClientRect().top, h.getBoundingClientRect().bottom]"
            )
            assert top >= 0 and bottom <= 844, f"{path.name} {href}: heading at {top} px"


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_the_language_switch_opens_the_other_edition(
    example: str, editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    paths = editions[example][LANGUAGES]
    for path in paths:
        visit = open_page(path, DESKTOP)
        page = visit.page
        own = page.evaluate("document.documentElement.lang")
        switch = page.locator("nav.language-switch a[hreflang]")
        others = switch.evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.hreflang, a.lang])"
        )
        assert len(others) == len(paths) - 1 >= 1
        for href, hreflang, lang in others:
            assert hreflang == lang != own
            assert (path.parent / href).is_file(), f"{path.name} links to a missing {href}"
        switch.first.click()
        expect(page).to_have_url((path.parent / others[0][0]).as_uri())
        expect(page.locator("html")).to_have_attribute("lang", others[0][1])


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_each_language_links_the_bilingual_edition(
    example: str, editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    [bilingual] = editions[example][BILINGUAL]
    for path in editions[example][LANGUAGES]:
        page = open_page(path, DESKTOP).page
        own = page.evaluate("document.documentElement.lang")
        link = page.locator("nav.language-switch a.bilingual-link")
        assert link.get_attribute("href") == bilingual.name
        langs = link.locator("[lang]").evaluate_all("spans => spans.map(s => s.lang)")
        assert own in langs and "+".join(langs) in bilingual.name
        link.click()
        expect(page.locator("body.bilingual")).to_have_count(1)
        assert page.evaluate("decodeURIComponent(location.pathname)").endswith(bilingual.name)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_axe_finds_no_serious_violation(
    example: str, width: int, kind: str, editions: Editions, open_page: Open
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in editions[example][kind]:
        visit = open_page(path, width)
        if width == PHONE and kind == LANGUAGES:
            visit.page.locator("nav.toc summary").click()  # check the list too
        results = axe.run(visit.page)
        serious = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{path.name} at {width} px: {serious}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_first_tab_offers_to_skip_to_the_text(
    kind: str, editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    visit = open_page(editions["acme"][kind][0], DESKTOP)
    page = visit.page
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("a => getComputedStyle(a).outlineStyle") != "none"
    visit.screenshot("-skip")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_keyboard_reaches_the_section_links(editions: Editions, open_page: Open) -> None:
    expect = _expect()
    visit = open_page(editions["acme"][LANGUAGES][0], DESKTOP)
    page = visit.page
    anchor = page.locator("#purpose > a.anchor")
    anchor.focus()
    expect(anchor).to_have_css("opacity", "1")  # hidden until hovered or focused
    visit.screenshot("-focus")


def test_a_section_link_copies_its_address(editions: Editions, open_page: Open) -> None:
    expect = _expect()
    path = editions["acme"][LANGUAGES][0]
    visit = open_page(path, DESKTOP)
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#incidents").hover()
    page.locator("#incidents > a.anchor").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == path.as_uri() + "#incidents"


def test_tables_are_cards_on_a_phone_and_tables_on_a_desktop(
    editions: Editions, open_page: Open
) -> None:
    path = editions["acme"][LANGUAGES][0]
    cell = "#revision_history td"
    phone = open_page(path, PHONE, "#revision_history").page
    label = phone.locator(cell).first.evaluate("td => getComputedStyle(td, '::before').content")
    header = phone.locator("#revision_history th").first.text_content()
    assert label == f'"{header}"'
    assert phone.locator(cell).first.evaluate("td => getComputedStyle(td).display") == "grid"
    assert phone.locator("#revision_history thead").evaluate("t => t.offsetHeight") <= 1
    desktop = open_page(path, DESKTOP).page
    assert desktop.locator(cell).first.evaluate("td => getComputedStyle(td).display") == (
        "table-cell"
    )


def test_the_contents_stay_in_view_on_a_desktop(editions: Editions, open_page: Open) -> None:
    expect = _expect()
    visit = open_page(editions["acme"][LANGUAGES][0], DESKTOP, "#revision_history")
    expect(visit.page.locator("nav.toc ol")).to_be_in_viewport()
    visit.screenshot("-sidebar")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_headings_in_order_landmarks_and_alt_text(
    example: str, kind: str, editions: Editions, open_page: Open
) -> None:
    for path in editions[example][kind]:
        page = open_page(path, DESKTOP).page
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1 and levels.count(1) == 1
        skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert skips == [], f"{path.name}: heading levels skip {skips}"
        for role in ("banner", "navigation", "main", "contentinfo"):
            assert page.get_by_role(role).count() >= 1, f"{path.name}: no {role} landmark"
        assert page.locator("img:not([alt]), img[alt='']").count() == 0


def test_printing_from_the_browser_shows_the_list_and_no_controls(
    editions: Editions, open_page: Open
) -> None:
    expect = _expect()
    page = open_page(editions["acme"][LANGUAGES][0], PHONE).page
    page.emulate_media(media="print")
    expect(page.locator("nav.toc ol a").first).to_be_visible()  # unfolded on paper
    for control in ("nav.toc summary", "a.skip-link", "#purpose > a.anchor"):
        expect(page.locator(control)).to_be_hidden()
    assert page.locator("nav.toc").evaluate("n => getComputedStyle(n).position") == "static"


def test_the_checks_see_a_request_leave_the_page_and_a_console_error(
    tmp_path: Path, open_page: Open
) -> None:
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title>'
        '<img alt="" src="https://example.invalid/pixel.png">'
        '<script>console.error("broken")</script></html>',
        encoding="utf-8",
    )
    visit = open_page(leaky, DESKTOP)
    visit.page.wait_for_load_state("load")
    assert visit.left_the_file == ["https://example.invalid/pixel.png"]
    assert "console error: broken" in visit.errors
    visit.left_the_file.clear()  # seen: the fixture's own final check passes
    visit.errors.clear()
