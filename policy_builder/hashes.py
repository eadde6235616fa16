"""What a handbook is made from, as hashes: one definition each, for build and verify.

``content_sha256`` is the config's content (bases merged, key order ignored), which a
manifest records and ``verify`` re-checks; ``fingerprint`` adds the templates and the
tool version, and is printed in the documents themselves.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from policy_builder import resources
from policy_builder.version import __version__


def canonical_json(data: Any) -> bytes:
    """``data`` as JSON with sorted keys and no spaces: the same bytes for the same content."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_sha256(data: Any) -> str:
    """The sha256 of a config's content (``canonical_json``)."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def fingerprint(data: Any) -> str:
    """A short hash of what the handbook is made from: config content, templates, tool.

    Printed on the cover and the acknowledgement page, so a signed copy can be tied
    to exactly one build input. ``policy.extends`` names a file whose content ``data``
    already holds merged in, so it is left out: the config a PDF embeds (its bases
    merged, no ``extends``) has the fingerprint of the handbook it was built into.
    """
    digest = hashlib.sha256()
    digest.update(canonical_json(_without_extends(data)))
    digest.update(resources.templates_sha256().encode())
    digest.update(__version__.encode())
    return digest.hexdigest()[:12]


def _without_extends(data: Any) -> Any:
    policy = data.get("policy") if isinstance(data, dict) else None
    if not isinstance(policy, dict) or "extends" not in policy:
        return data
    return {**data, "policy": {k: v for k, v in policy.items() if k != "extends"}}
