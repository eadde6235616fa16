"""What a build records beside its artifacts: ``manifest.json``, and inside each PDF.

The artifacts with their hashes, the hashes of the config, its bases and the
templates, the tool's version and, for PDFs, their variant and the renderer's and
fonts' versions; ``status``, ``diff`` and ``validate --out`` read it back through
``published``. ``embedded`` is what a PDF carries of it (``pipeline.pdf_archive``):
the config as built and the record of the build known before the PDF exists.
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
from policy_builder.naming import DEFAULT_PDF_VARIANT as DEFAULT_VARIANT
from policy_builder.naming import FORMATS
from policy_builder.pipeline.pdf_archive import Attachment, Edition
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


def _rendered_with(artifacts: Sequence[Artifact], variant: str) -> dict[str, Any]:
    """The PDFs' variant, the renderer's and bundled fonts' versions (a PDF's bytes), and
    the Word writer's (a .docx file's)."""
    found: dict[str, Any] = {}
    if any(a.format == "pdf" for a in artifacts):
        found.update(pdf_variant=variant, **_pdf_renderer())
    if any(a.format == "docx" for a in artifacts):
        from policy_builder.pipeline.docx import writer_versions

        found["docx_writer"] = writer_versions()
    return found


def _edition(a: Artifact) -> str:
    return editions.BILINGUAL if editions.is_bilingual(a.lang) else editions.LANGUAGES


def manifest_json(
    loaded: LoadedConfig,
    policy: Policy,
    artifacts: Sequence[Artifact],
    *,
    forced: bool,
    pdf_variant: str = DEFAULT_VARIANT,
) -> bytes:
    """The manifest of a version built from ``loaded``, listing ``artifacts``."""
    manifest: dict[str, Any] = {
        **_built_from(loaded, policy),
        "languages": list(dict.fromkeys(t for a in artifacts for t in editions.tags_of(a.lang))),
        "editions": [e for e in editions.EDITIONS if any(_edition(a) == e for a in artifacts)],
        "formats": [f for f in FORMATS if any(a.format == f for a in artifacts)],
        "forced": forced,
        **_rendered_with(artifacts, pdf_variant),
        "artifacts": [vars(a) for a in artifacts],
        "config": loaded.data,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def _identity(loaded: LoadedConfig, policy: Policy) -> dict[str, Any]:
    """Which tool built which policy version: the head of the manifest and of the
    record each PDF embeds."""
    return {
        "tool": "policy-builder",
        "tool_version": __version__,
        "slug": policy.slug,
        "company": policy.legal_name,
        "version": policy.version,
        "effective_date": policy.effective_date.isoformat(),
        "fingerprint": policy.fingerprint,
        "config_file": loaded.path.name,
    }


def _pdf_renderer() -> dict[str, Any]:
    """The renderer's and bundled fonts' versions, which decide a PDF's bytes."""
    from policy_builder.pipeline import fonts, pdf_engine

    return {
        "renderer": pdf_engine.versions().manifest(),
        "fonts": [vars(font) for font in fonts.info()],
    }


def _built_from(loaded: LoadedConfig, policy: Policy) -> dict[str, Any]:
    return {
        **_identity(loaded, policy),
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
    }


BUILD_RECORD = "build.json"  # the name of the build's record inside each PDF


def embedded(
    loaded: LoadedConfig, policy: Policy, lang: str, variant: str, documents: dict[str, bytes]
) -> Edition:
    """What the ``lang`` PDF embeds (``pipeline.pdf_archive``), all from the config's data:

    - ``<slug>.yaml`` (``Source``): the config as built, its bases merged in and
      ``policy.extends`` left out, so it builds alone into the same handbook (the
      fingerprint leaves ``extends`` out too) and that build embeds the same files;
    - the logo it names (``Source``), under the name the config gives it;
    - ``build.json`` (``Data``): what the manifest records that is known before the PDF
      exists, with the hashes of ``documents`` (the Markdown and HTML of ``lang``). It
      names no file's bytes (the config's, its bases'), only the data built from, so
      rebuilding from the embedded config gives a byte-identical PDF.
    """
    import yaml

    data = dict(loaded.data)
    if isinstance(data.get("policy"), dict) and "extends" in data["policy"]:
        data["policy"] = {k: v for k, v in data["policy"].items() if k != "extends"}
    header = (
        f"# {policy.slug} {policy.version}, fingerprint {policy.fingerprint}: the config this\n"
        "# handbook was built from, with its bases merged in. Built alone with `policy build`\n"
        "# (beside the logo it names, if any), it gives the same handbook.\n"
    )
    config = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    record = {
        **_identity(loaded, policy),
        "language": lang,
        "content_sha256": hashes.content_sha256(data),
        "templates_sha256": resources.templates_sha256(),
        "documents": {fmt: hashlib.sha256(b).hexdigest() for fmt, b in documents.items()},
        "pdf_variant": variant,
        **_pdf_renderer(),
    }
    files = [
        Attachment(
            loaded.path.name,
            "application/yaml",
            "Source",
            "The config this handbook was built from (YAML, bases merged in)",
            config.encode("utf-8"),
        ),
        Attachment(
            BUILD_RECORD,
            "application/json",
            "Data",
            "The build's record: version, fingerprint, hashes of the inputs and documents",
            (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        ),
    ]
    logo = (data.get("company") or {}).get("logo")
    if policy.logo is not None and isinstance(logo, str):
        files.append(Attachment(logo, policy.logo.mime, "Source", "The logo", policy.logo.data))
    identifier = f"{policy.slug} {policy.version} {lang} {policy.fingerprint}"
    return Edition(variant, policy.version, identifier, tuple(files))
