"""The tool's version, in one place: stamped into manifests and fingerprints, shown by
``policy --version`` and ``policy doctor``. Kept apart from the package root so that
stages can read it without importing the public API."""

from __future__ import annotations

__version__ = "0.1.0"
