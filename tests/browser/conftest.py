"""One headless Chromium (Debian's, driven by Playwright) and the examples' HTML editions.

The browser is the system's ``/usr/bin/chromium`` (``.ci/install-system-packages``
installs it), never one Playwright downloads. Without it, or without the ``test``
extra's Playwright, the browser tests are skipped, except in CI (``CI`` set), where
they fail: a check that silently stops running is no check.

Every page opened through ``open_page`` records what a reader would never want: a
request that leaves the file, a console error, an uncaught exception. Each test ends
by asserting there were none, and leaves a screenshot in ``output/test-artifacts/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from policy_builder.commands.build import build
from tests.conftest import EXAMPLES, ROOT

CHROMIUM = Path(os.environ.get("POLICY_BUILDER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "output" / "test-artifacts" / "browser"
PHONE, DESKTOP = 390, 1280
WIDTHS = (PHONE, DESKTOP)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; run .ci/install-system-packages and pip install -e '.[test]'")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The one browser of the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (the test extra)")
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


LANGUAGES, BILINGUAL = "languages", "bilingual"
KINDS = (LANGUAGES, BILINGUAL)
Editions = dict[str, dict[str, list[Path]]]


def kind_of(path: Path) -> str:
    """A bilingual edition's name joins its two tags with ``+``: ``acme-….en-US+es-MX.html``."""
    return BILINGUAL if "+" in path.name else LANGUAGES


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    """Every example's HTML editions, built once, by kind:
    ``{"acme": {"languages": [en-US.html, es-MX.html], "bilingual": [en-US+es-MX.html]}}``."""
    out = tmp_path_factory.mktemp("browser-output")
    found: Editions = {}
    for config in EXAMPLES:
        paths = sorted(build(config, out_dir=out, formats=["html"]).directory.glob("*.html"))
        found[config.stem] = {kind: [p for p in paths if kind_of(p) == kind] for kind in KINDS}
    return found


@dataclass
class Visit:
    """A page and what went wrong on it."""

    page: Any
    path: Path
    width: int
    left_the_file: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str = "", *, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{self.path.stem}{name}-{self.width}.png"
        self.page.screenshot(path=str(shot), full_page=full_page)
        return shot


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Visit]]:
    """``open_page(path, width)``: the edition loaded in a fresh context of that width."""
    visits: list[Visit] = []
    contexts: list[Any] = []

    def opener(path: Path, width: int, fragment: str = "") -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 844})
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page, path, width)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                visit.left_the_file.append(url)
                route.abort()

        context.route("**/*", route)
        page.on(
            "console",
            lambda m: (
                visit.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
        page.goto(path.as_uri() + fragment)
        visits.append(visit)
        return visit

    yield opener
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.left_the_file == [], f"{visit.path.name} asked for {visit.left_the_file}"
        assert visit.errors == [], f"{visit.path.name} at {visit.width} px: {visit.errors}"


EXAMPLE_NAMES = [path.stem for path in EXAMPLES]
