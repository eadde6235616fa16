"""Names of published files and folders, in one place.

A config's file name is its policy's *slug*: ``acme.yaml`` publishes under
``<out>/acme/<version>/`` as ``acme-social-media-policy.es.pdf``.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCUMENT = "social-media-policy"
FORMATS = ("html", "pdf", "md", "docx")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def slug_of(path: Path) -> str:
    """The slug a config file publishes under: its name without the suffix."""
    return path.stem


def artifact_name(slug: str, lang: str, fmt: str) -> str:
    """``acme-social-media-policy.es.pdf``."""
    return f"{slug}-{DOCUMENT}.{lang}.{fmt}"
