"""Published versions: ``<out>/<slug>/<version>/manifest.json`` and the files it lists.

``status``, ``diff`` and ``build`` read manifests instead of guessing from the file
system, and verify them: a file whose hash no longer matches is reported, never used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_builder.errors import ExitCode, PolicyError, UsageError
from policy_builder.semantic import SEMVER


class TamperedError(PolicyError):
    """A published file is missing or differs from what its manifest records."""

    exit_code = ExitCode.USAGE  # an input the command cannot trust


@dataclass(frozen=True)
class Published:
    directory: Path
    manifest: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def slug(self) -> str:
        return str(self.manifest["slug"])

    @property
    def config(self) -> dict[str, Any]:
        config: dict[str, Any] = self.manifest["config"]
        return config

    def artifacts(self) -> set[tuple[str, str]]:
        """The (lang, format) pairs this version was published in."""
        return {(a["lang"], a["format"]) for a in self.manifest["artifacts"]}


def read(directory: Path) -> Published:
    """The published version in ``directory``, its manifest checked against its files."""
    path = directory / "manifest.json"
    if not path.is_file():
        raise UsageError(f"{directory}: no manifest.json here; is this a published version folder?")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TamperedError(f"{path}: not a readable manifest ({exc})") from None
    required = ("slug", "version", "config", "artifacts", "content_sha256", "templates_sha256")
    if not isinstance(manifest, dict) or any(key not in manifest for key in required):
        raise TamperedError(f"{path}: not a policy-builder manifest (fields are missing)")
    published = Published(directory, manifest)
    verify(published)
    return published


def verify(published: Published) -> None:
    """Raise ``TamperedError`` if any listed file is missing or altered."""
    for entry in published.manifest["artifacts"]:
        name = str(entry.get("path", ""))
        file = published.directory / name
        if "/" in name or name.startswith(".") or not file.is_file():
            raise TamperedError(
                f"{published.directory}: {name} is listed in the manifest but missing"
            )
        if hashlib.sha256(file.read_bytes()).hexdigest() != entry.get("sha256"):
            raise TamperedError(
                f"{file}: its content does not match the manifest's sha256; the published "
                "version was altered after it was built"
            )


def find(directory: Path) -> Published | None:
    """The published version in ``directory``, or None when nothing was published there."""
    return read(directory) if (directory / "manifest.json").is_file() else None


def versions(out_dir: Path, slug: str) -> list[Published]:
    """Every published version of ``slug`` under ``out_dir``, oldest first."""
    folder = out_dir / slug
    if not folder.is_dir():
        return []
    found = [
        read(child)
        for child in folder.iterdir()
        if SEMVER.match(child.name) and (child / "manifest.json").is_file()
    ]
    return sorted(found, key=lambda p: version_key(p.version))


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
