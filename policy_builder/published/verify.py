"""Checking a published version folder against its manifest before anything trusts it.

Three checks, cheapest first: every listed file has the recorded size and sha256 (and
nothing unlisted sits beside them); the config stored in the manifest still has the
recorded ``content_sha256``; and, when the manifest was written by this very tool
version with these very templates, the stored config re-renders to the published
Markdown byte for byte. With other templates or another tool version the text cannot
be re-checked, so only the hashes are; the caller gets a note saying so.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from policy_builder import editions, resources
from policy_builder.errors import TamperedError
from policy_builder.hashes import content_sha256, fingerprint
from policy_builder.models import Policy
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import SourceMap
from policy_builder.published.shape import ArtifactEntry, Manifest
from policy_builder.version import __version__


def tampered(directory: Path, detail: str) -> TamperedError:
    return TamperedError(f"{directory}: {detail}", detail=detail)


def verify(directory: Path, manifest: Manifest) -> str | None:
    """Raise ``TamperedError`` unless the folder is what its manifest says.

    ``manifest`` has the shape ``published.read`` checked. Returns None when
    everything was checked, or a note saying why the text could not be.
    """
    check_files(directory, manifest["artifacts"])
    if content_sha256(manifest["config"]) != manifest["content_sha256"]:
        raise tampered(
            directory,
            "the config stored in manifest.json was edited after it was built (it no longer "
            "matches its content_sha256)",
        )
    return check_text(directory, manifest)


def check_files(directory: Path, artifacts: list[ArtifactEntry]) -> None:
    """Every listed file is a regular file of the recorded size and hash; none unlisted."""
    listed = {entry["path"] for entry in artifacts}
    for entry in artifacts:
        file = directory / entry["path"]
        try:
            info = os.lstat(file)
        except OSError:
            raise tampered(
                directory, f"{entry['path']} is listed in the manifest but missing"
            ) from None
        if not stat.S_ISREG(info.st_mode):
            raise tampered(directory, f"{entry['path']} is not a regular file")
        data = file.read_bytes()
        if len(data) != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise tampered(
                directory,
                f"{entry['path']}: its content does not match the manifest's sha256; the "
                "published version was altered after it was built",
            )
    extra = sorted(
        p.name
        for p in directory.iterdir()
        if p.name not in listed and p.name != "manifest.json" and not p.name.startswith(".")
    )
    if extra:
        raise tampered(directory, f"{extra[0]} is in the folder but not in its manifest")


def check_text(directory: Path, manifest: Manifest) -> str | None:
    """Re-render the stored config's Markdown and compare it with the published bytes."""
    if (
        manifest["templates_sha256"] != resources.templates_sha256()
        or manifest["tool_version"] != __version__
    ):
        return (
            f"built by policy-builder {manifest['tool_version']} with other templates or tool "
            "version, so its text cannot be re-checked with these templates; its file hashes "
            "and stored config hash were verified"
        )
    markdown = [a for a in manifest["artifacts"] if a["format"] == "md"]
    bilingual = [
        a
        for a in manifest["artifacts"]
        if a["format"] == "html" and editions.is_bilingual(a["lang"])
    ]
    if not markdown and not bilingual:
        return "no Markdown was published, so its text was not re-checked; hashes were verified"
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.render import render_handbook
    from policy_builder.pipeline.validate import validate

    config = manifest["config"]
    loaded = stored_config(directory, manifest)
    issues = validate(loaded)
    if issues:
        raise tampered(
            directory,
            f"the config stored in manifest.json does not validate ({issues[0].path}: "
            f"{issues[0].message}), so it is not what was published",
        )
    policy = resolve_stored(loaded, config)
    if policy.version != manifest["version"] or policy.fingerprint != manifest.get("fingerprint"):
        raise tampered(directory, "manifest.json's version or fingerprint is not its config's")
    for entry in markdown:
        if entry["lang"] not in policy.variants:
            raise tampered(directory, f"{entry['path']} is in a language its config lacks")
        text = render_handbook(localize(policy, entry["lang"])).markdown.encode()
        if text != (directory / entry["path"]).read_bytes():
            raise tampered(
                directory,
                f"{entry['path']} is not the text its stored config renders to; the manifest "
                "or the document was forged",
            )
    for entry in bilingual:
        _check_bilingual(directory, entry, policy)
    return None


_LOGO = re.compile(rb'<img class="logo" src="data:[^"]*" alt="[^"]*">')


def _check_bilingual(directory: Path, entry: ArtifactEntry, policy: Policy) -> None:
    """A bilingual edition's HTML is the page its stored config renders to."""
    from policy_builder.pipeline.bilingual import render_bilingual
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.render import render_handbook

    tags = editions.tags_of(entry["lang"])
    if len(tags) != 2 or not set(tags) <= set(policy.variants):
        raise tampered(directory, f"{entry['path']} is in a language its config lacks")
    handbooks = [localize(policy, tag) for tag in tags]
    html = render_bilingual(handbooks, [render_handbook(hb) for hb in handbooks])
    published = (directory / entry["path"]).read_bytes()
    if html.encode() != _LOGO.sub(b"", published):  # the stored config has no logo file
        raise tampered(
            directory,
            f"{entry['path']} is not the page its stored config renders to; the manifest "
            "or the document was forged",
        )


def stored_config(directory: Path, manifest: Manifest) -> LoadedConfig:
    """The config a published version was built from, ready to validate and resolve."""
    data = copy.deepcopy(manifest["config"])
    # A published folder keeps the logo inside its documents, not as a file to read.
    if isinstance(data.get("company"), dict):
        data["company"].pop("logo", None)
    path = directory / f"{manifest['slug']}.yaml"
    return LoadedConfig(path, str(directory), b"", data, SourceMap(str(directory)))


def resolve_stored(loaded: LoadedConfig, config: dict[str, Any]) -> Policy:
    """``stored_config`` resolved, with the fingerprint of the whole config, logo included."""
    from policy_builder.pipeline.resolve import resolve

    return dataclasses.replace(resolve(loaded), fingerprint=fingerprint(config))
