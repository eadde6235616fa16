"""Names of published files and folders, in one place.

A config's file name is its policy's *slug*: ``acme.yaml`` publishes under
``<out>/acme/<version>/`` as ``acme-social-media-policy.es.pdf``.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCUMENT = "social-media-policy"
FORMATS = ("html", "pdf", "md", "docx")
# What a PDF is made as (--pdf-variant): PDF/A-3b for archives, PDF/UA-1 tagged for
# assistive technology, or a plain PDF (pipeline/pdf_archive.py).
PDF_VARIANTS = ("pdf/a-3b", "pdf/ua-1", "plain")
DEFAULT_PDF_VARIANT = PDF_VARIANTS[0]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def slug_of(path: Path) -> str:
    """The slug a config file publishes under: its name without the suffix."""
    return path.stem


def artifact_name(slug: str, lang: str, fmt: str) -> str:
    """``acme-social-media-policy.es.pdf``."""
    return f"{slug}-{DOCUMENT}.{lang}.{fmt}"
