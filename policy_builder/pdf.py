"""Stage 4b: HTML → PDF with WeasyPrint, imported only when a PDF is asked for.

The fetcher serves ``data:`` URLs (the layout inlines everything) and refuses
every other URL, so a PDF build makes no network request and reads no file.
"""

from __future__ import annotations

import logging
from typing import Any


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained handbook page to PDF bytes (A4, from the CSS)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class _InlineOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"policy-builder does not fetch {url}")

    # WeasyPrint reports unsupported CSS and refused URLs as log warnings; the
    # handbook's CSS is ours and fetching is refused by design, so keep stderr quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, url_fetcher=_InlineOnlyFetcher(allowed_protocols={"data"}))
    pdf: bytes = document.write_pdf()
    return pdf
