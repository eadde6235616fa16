"""A published version folder, ``<out>/<slug>/<version>/``, read through its manifest.

``status``, ``diff`` and ``build`` read manifests instead of guessing from the file
system, and verify them completely first (see ``verify.py``): a folder whose files,
stored config or text no longer match its manifest is reported, never used. A
manifest of any other shape is "not a policy-builder manifest", never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_builder import semver
from policy_builder.errors import TamperedError, UsageError
from policy_builder.models import Policy
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.published.shape import Manifest, shape_problem
from policy_builder.published.verify import resolve_stored, stored_config, tampered, verify

MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a config is at most 1 MB, 50,000 values


@dataclass(frozen=True)
class Published:
    directory: Path
    manifest: Manifest
    note: str | None = None  # why the text could not be re-checked, if it could not

    @property
    def version(self) -> str:
        return self.manifest["version"]

    @property
    def slug(self) -> str:
        return self.manifest["slug"]

    @property
    def config(self) -> dict[str, Any]:
        return self.manifest["config"]

    def artifacts(self) -> set[tuple[str, str]]:
        """The (lang, format) pairs this version was published in."""
        return {(a["lang"], a["format"]) for a in self.manifest["artifacts"]}

    def loaded(self) -> LoadedConfig:
        """The stored config, to validate and resolve (without its logo file)."""
        return stored_config(self.directory, self.manifest)

    def policy(self, loaded: LoadedConfig) -> Policy:
        """``loaded()`` resolved, with the fingerprint the documents carry."""
        return resolve_stored(loaded, self.config)


def read(directory: Path) -> Published:
    """The published version in ``directory``, verified; ``TamperedError`` if it is not."""
    path = directory / "manifest.json"
    if not path.is_file():
        raise UsageError(f"{directory}: no manifest.json here; is this a published version folder?")
    manifest = _parse(path)
    problem = shape_problem(manifest)
    if problem:
        raise _not_a_manifest(path, problem)
    if (manifest["slug"], manifest["version"]) != (directory.parent.name, directory.name):
        raise tampered(
            directory,
            f"manifest.json is for {manifest['slug']} {manifest['version']}, not for the folder "
            f"it is in ({directory.parent.name}/{directory.name})",
        )
    return Published(directory, manifest, verify(directory, manifest))


def find(directory: Path) -> Published | None:
    """The published version in ``directory``, or None when nothing was published there."""
    return read(directory) if (directory / "manifest.json").is_file() else None


def versions(out_dir: Path, slug: str) -> list[str]:
    """The versions of ``slug`` published under ``out_dir`` (folder names), oldest first.

    Only names: a folder is verified when it is read, and its manifest's version must
    be its name.
    """
    folder = out_dir / slug
    if not folder.is_dir():
        return []
    found = [
        child.name
        for child in folder.iterdir()
        if semver.PATTERN.match(child.name) and (child / "manifest.json").is_file()
    ]
    return sorted(found, key=semver.key)


def _parse(path: Path) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("a key appears twice")
        return dict(pairs)

    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise _not_a_manifest(path, "larger than 64 MB")
    try:
        return json.loads(path.read_bytes().decode("utf-8"), object_pairs_hook=unique)
    except UnicodeDecodeError:
        problem = "not UTF-8"
    except RecursionError:
        problem = "nested too deeply"
    except ValueError as exc:  # JSONDecodeError, duplicate keys, huge numbers
        problem = f"not JSON: {exc}"
    raise _not_a_manifest(path, problem)


def _not_a_manifest(path: Path, problem: str) -> TamperedError:
    return tampered(path.parent, f"{path.name}: not a policy-builder manifest ({problem})")
