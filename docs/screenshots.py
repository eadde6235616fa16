"""Write the README's pictures of the handbook into docs/images/.

    .venv/bin/python docs/screenshots.py            # needs the test extra and Chromium

Builds the acme example (HTML and PDF, every edition) into a temporary folder,
photographs its English HTML edition and its bilingual edition in Debian's Chromium
(the browser tests' own, through Playwright) at a desktop's width (1280 px) and a
phone's (390 px), and renders pages of its English and bilingual PDFs with poppler's
pdftoppm. The PNGs are reduced to a palette so
the lot stays at a few hundred kilobytes. Run it again after any change to the
templates or the CSS, and commit docs/images/.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from policy_builder.commands.build import build

ROOT = Path(__file__).resolve().parent.parent

IMAGES = ROOT / "docs" / "images"
CONFIG = ROOT / "company_configs" / "acme.yaml"
CHROMIUM = os.environ.get("POLICY_BUILDER_CHROMIUM", "/usr/bin/chromium")
# (file name, width, height, what to show at the top: a CSS selector, or the page's top).
# The edition: "en" (the English handbook) or "bilingual".
VIEWS = [
    ("html-desktop.png", "en", 1280, 860, "#incidents h3:nth-of-type(2)"),
    ("html-phone.png", "en", 390, 844, ""),
    ("html-phone-cards.png", "en", 390, 844, "#incidents h3:nth-of-type(2)"),
    ("html-bilingual.png", "bilingual", 1280, 860, "#purpose"),
]
# PDF pages by what they show: the cover, the first section, the contacts table, the
# signing block, a page of the bilingual edition.
PDF_PAGES = [
    ("pdf-cover.png", "en", None),
    ("pdf-section.png", "en", "1. "),
    ("pdf-table.png", "en", "Incident contacts"),
    ("pdf-acknowledgement.png", "en", "Company copy"),
    ("pdf-bilingual.png", "bilingual", "1. Purpose and scope"),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = build(CONFIG, out_dir=Path(tmp), formats=["html", "pdf"], force=True)
        files = {
            (("bilingual" if "+" in a.lang else a.lang[:2]), a.format): result.directory / a.path
            for a in result.artifacts
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, edition, width, height, selector in VIEWS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(files[edition, "html"].as_uri())
                if selector:  # that element a little below the top
                    page.eval_on_selector(selector, "e => e.scrollIntoView()")
                    page.evaluate("window.scrollBy(0, -16)")
                page.screenshot(path=str(IMAGES / name))
                page.close()
            browser.close()
        for name, edition, marker in PDF_PAGES:
            pdf = files[edition, "pdf"]
            number = 1 if marker is None else _page_with(pdf, marker)
            stem = Path(tmp) / name.removesuffix(".png")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            Path(f"{stem}.png").replace(IMAGES / name)
    total = 0
    for image in sorted(IMAGES.glob("*.png")):
        _shrink(image)
        total += image.stat().st_size
        print(f"{image.relative_to(ROOT)}  {image.stat().st_size / 1000:.0f} kB")
    print(f"{total / 1000:.0f} kB in all")


def _page_with(pdf: Path, marker: str) -> int:
    """The first page after the contents whose text holds ``marker``."""
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for number in range(3, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if marker in text:
            return number
    return 3


def _shrink(image: Path) -> None:
    """A 96-colour palette: text and flat colours stay sharp at a fraction of the bytes."""
    from PIL import Image

    with Image.open(image) as opened:
        reduced = opened.convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT)
    reduced.save(image, optimize=True)


if __name__ == "__main__":
    main()
