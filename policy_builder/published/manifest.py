"""What a build records beside its artifacts: ``manifest.json``.

The artifacts with their hashes, the hashes of the config, its bases and the
templates, the tool's version and, for PDFs, the renderer's and fonts' versions;
``status``, ``diff`` and ``validate --out`` read it back through ``published``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policy_builder import editions, hashes, resources
from policy_builder.naming import FORMATS
from policy_builder.version import __version__

if TYPE_CHECKING:
    from policy_builder.models import Policy
    from policy_builder.pipeline.read import LoadedConfig


@dataclass(frozen=True)
class Artifact:
    """One file of a published version, as its manifest lists it."""

    path: str  # relative to the manifest
    lang: str
    format: str
    bytes: int
    sha256: str


def artifact(name: str, lang: str, fmt: str, data: bytes) -> Artifact:
    """The record of a rendered file: its size and SHA-256."""
    return Artifact(name, lang, fmt, len(data), hashlib.sha256(data).hexdigest())


def forced_because(manifest: bytes, why: str) -> bytes:
    """The manifest of a forced rebuild, saying what it replaced."""
    data = json.loads(manifest)
    data["forced_because"] = why
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _rendered_with(artifacts: Sequence[Artifact]) -> dict[str, Any]:
    """The renderer's and bundled fonts' versions, which decide a PDF's bytes."""
    if not any(a.format == "pdf" for a in artifacts):
        return {}
    from policy_builder.pipeline import fonts, pdf_engine

    return {
        "renderer": pdf_engine.versions().manifest(),
        "fonts": [vars(font) for font in fonts.info()],
    }


def _edition(a: Artifact) -> str:
    return editions.BILINGUAL if editions.is_bilingual(a.lang) else editions.LANGUAGES


def manifest_json(
    loaded: LoadedConfig, policy: Policy, artifacts: Sequence[Artifact], *, forced: bool
) -> bytes:
    """The manifest of a version built from ``loaded``, listing ``artifacts``."""
    manifest: dict[str, Any] = {
        "tool": "policy-builder",
        "tool_version": __version__,
        "slug": policy.slug,
        "company": policy.legal_name,
        "version": policy.version,
        "effective_date": policy.effective_date.isoformat(),
        "fingerprint": policy.fingerprint,
        "config_file": loaded.path.name,
        "config_sha256": hashlib.sha256(loaded.raw).hexdigest(),
        "bases": [
            {
                "file": Path(os.path.relpath(base, loaded.path.parent)).as_posix(),
                "sha256": hashlib.sha256(base.read_bytes()).hexdigest(),
            }
            for base in loaded.bases
        ],
        "content_sha256": hashes.content_sha256(loaded.data),
        "templates_sha256": resources.templates_sha256(),
        "languages": list(dict.fromkeys(t for a in artifacts for t in editions.tags_of(a.lang))),
        "editions": [e for e in editions.EDITIONS if any(_edition(a) == e for a in artifacts)],
        "formats": [f for f in FORMATS if any(a.format == f for a in artifacts)],
        "forced": forced,
        **_rendered_with(artifacts),
        "artifacts": [vars(a) for a in artifacts],
        "config": loaded.data,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
