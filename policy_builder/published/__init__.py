"""Published versions: ``<out>/<slug>/<version>/`` with its manifest, verified
before it is trusted, and the rules that keep a policy's history immutable."""

from __future__ import annotations

from policy_builder.published.manifest import (
    Published,
    TamperedError,
    find,
    read,
    version_key,
    versions,
)

__all__ = ["Published", "TamperedError", "find", "read", "version_key", "versions"]
