"""Published versions: ``<out>/<slug>/<version>/`` with its manifest, verified
before it is trusted, and the rules that keep a policy's history immutable."""

from __future__ import annotations

from policy_builder.published.folder import Published, find, read, versions

__all__ = ["Published", "find", "read", "versions"]
