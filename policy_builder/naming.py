"""Names of published files, in one place."""

from __future__ import annotations

DOCUMENT = "social-media-policy"
FORMATS = ("html", "pdf", "md")


def artifact_name(slug: str, lang: str, fmt: str) -> str:
    """``acme-social-media-policy.es.pdf``."""
    return f"{slug}-{DOCUMENT}.{lang}.{fmt}"
