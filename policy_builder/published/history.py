"""A policy's history: its changelog against what was actually published.

Published versions never change, every one of them keeps its changelog entry, and
versions only go up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from policy_builder import published, resources, semver
from policy_builder.compare import bump
from policy_builder.errors import PublishedVersionError, TamperedError
from policy_builder.hashes import content_sha256
from policy_builder.models import Policy
from policy_builder.pipeline.read import LoadedConfig

# Where a config's version stands in the output folder: published from this very
# content and templates, never published, published from something else since
# changed, or altered after it was published.
FolderState = Literal["current", "missing", "stale", "tampered"]


def folder_state(loaded: LoadedConfig, target: Path) -> tuple[FolderState, str | None]:
    """The state of ``target``, the folder ``loaded``'s version publishes to, and why."""
    try:
        existing = published.find(target)
    except TamperedError as exc:
        return "tampered", exc.message
    if existing is None:
        return "missing", None
    changed = what_changed(existing, loaded)
    if changed and not _built_as_now(loaded, target, existing):
        return "stale", f"{target} was published and since then {' and '.join(changed)}"
    return "current", existing.note and f"{target}: {existing.note}"


def _built_as_now(loaded: LoadedConfig, target: Path, existing: published.Published) -> bool:
    """Whether every input the version was built from is as it was, as ``build`` judges
    it: a template the policy does not use may have changed, and the templates hash in
    its manifest with it, but a build would skip it, so it is current, not stale."""
    from policy_builder.published import record  # the build's own skip, for one answer

    formats = sorted({a["format"] for a in existing.manifest["artifacts"]})
    variant = str(existing.manifest.get("pdf_variant", "plain"))
    found = record.current(loaded.path, target.parent.parent, None, formats, variant)
    return found is not None and found.directory == target


def what_changed(existing: published.Published, loaded: LoadedConfig) -> list[str]:
    """How the config and templates differ from what ``existing`` was built from."""
    what = []
    if existing.manifest["content_sha256"] != content_sha256(loaded.data):
        fields = changed_fields(existing.config, loaded.data)
        what.append(f"the config changed ({', '.join(fields)})" if fields else "the config changed")
    if existing.manifest["templates_sha256"] != resources.templates_sha256():
        what.append("the templates changed")
    return what


def refuse_if_changed(existing: published.Published, loaded: LoadedConfig, target: Path) -> None:
    """Raise unless ``target`` was published from this very content and templates."""
    what = what_changed(existing, loaded)
    if not what:
        return
    suggestion = bump.suggest_for(existing, loaded)  # the version `diff --changelog-entry` drafts
    raise PublishedVersionError(
        f"{target} is already published and {' and '.join(what)}; a published version never "
        f"changes. Bump policy.version (e.g. {suggestion}), add a changelog entry for "
        "it and build again, or pass --force to overwrite it (the manifest records that)."
    )


def check_published(policy: Policy, out_dir: Path) -> None:
    """The version does not go back, and every published version has a changelog entry."""
    releases = published.versions(out_dir, policy.slug)
    if releases and policy.version not in releases:
        latest = releases[-1]
        if semver.key(policy.version) < semver.key(latest):
            raise PublishedVersionError(
                f"version {policy.version} is lower than the latest "
                f"published version {latest}; versions only go up (next: {semver.next_patch(latest)})"
            )
    recorded = {entry.version for entry in policy.changelog}
    missing = [version for version in releases if version not in recorded]
    if missing:
        raise PublishedVersionError(
            f"published version{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} under {out_dir / policy.slug} "
            f"{'have' if len(missing) > 1 else 'has'} no changelog entry; keep an entry for "
            "every version you published"
        )


def changed_fields(old: Any, new: Any) -> list[str]:
    """The top-level config fields whose content differs."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
