"""The pipeline as the design draws it: load → validate → resolve → render → write.

``check`` stops after validation (``policy validate``); ``build`` runs it all.
Everything is rendered in memory first; only the last step touches the disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policy_builder import __version__, hashes, published, resources
from policy_builder.errors import (
    InvalidConfigError,
    PublishedVersionError,
    TamperedError,
    UsageError,
)
from policy_builder.models import Issue, Policy
from policy_builder.naming import FORMATS, artifact_name
from policy_builder.pipeline.load import load
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.resolve import resolve
from policy_builder.pipeline.validate import load_valid, validate
from policy_builder.pipeline.write import MANIFEST, publish, publishing, version_dir
from policy_builder.published import history


@dataclass(frozen=True)
class CheckResult:
    file: str
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class Artifact:
    path: str  # relative to the manifest
    lang: str
    format: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class BuildResult:
    file: str
    slug: str
    version: str
    directory: Path
    artifacts: tuple[Artifact, ...]
    state: str = "written"  # written · unchanged (already published as is) · forced
    manifest_bytes: int = 0  # the size of the manifest.json written beside the artifacts


def check(path: Path, display: str | None = None, out_dir: Path | None = None) -> CheckResult:
    """Load and validate one config, collecting every problem.

    With ``out_dir``, a valid config is also checked against the versions published
    there, as ``build`` would: each keeps its changelog entry, the version does not go
    back, and a published folder of this version verifies and was built from this
    very content.
    """
    shown = display or str(path)
    try:
        loaded = load(path, shown)
    except InvalidConfigError as exc:
        return CheckResult(shown, tuple(exc.issues))
    issues = validate(loaded)
    if not issues and out_dir is not None:
        policy = resolve(loaded)
        target = version_dir(out_dir, policy.slug, policy.version)
        try:
            _plan(loaded, policy, target, out_dir, frozenset(), force=False)
        except (PublishedVersionError, TamperedError) as exc:
            where = loaded.source.where(("policy", "version"))
            issues = [Issue(*where, "policy.version", str(exc))]
    return CheckResult(shown, tuple(issues))


def build(
    path: Path,
    *,
    out_dir: Path = Path("output"),
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    display: str | None = None,
    force: bool = False,
) -> BuildResult:
    """Build one config's handbook into ``out_dir/<slug>/<version>/``.

    A published version is immutable: rebuilding it from different content is
    refused unless ``force``; rebuilding it from the same content writes nothing.
    The decision is taken again under the policy's lock, on the folder as it is
    then, so of two builds racing for one version only one publishes.
    """
    loaded = load_valid(path, display)
    policy = resolve(loaded)
    chosen = _languages(policy, langs)
    target = version_dir(out_dir, policy.slug, policy.version)
    wanted = frozenset((lang, fmt) for lang in chosen for fmt in formats)
    with publishing(target):  # refuse before rendering (and recover a killed build)
        plan = _plan(loaded, policy, target, out_dir, wanted, force)
    if plan.unchanged is not None:
        return BuildResult(loaded.display, *_where(policy, target), plan.unchanged, "unchanged")
    files, built = _render(policy, chosen, formats)
    with publishing(target):
        plan = _plan(loaded, policy, target, out_dir, wanted, force)  # the folder as it is now
        if plan.unchanged is not None:
            return BuildResult(loaded.display, *_where(policy, target), plan.unchanged, "unchanged")
        artifacts = tuple(sorted([*plan.kept, *built], key=_artifact_order(policy)))
        manifest = _manifest(loaded, policy, artifacts, forced=plan.forced is not None)
        if plan.forced is not None:
            manifest = _forced_because(manifest, plan.forced)
        publish(target, {**files, MANIFEST: manifest}, {a.path: a.sha256 for a in plan.kept})
    state = "forced" if plan.forced is not None else "written"
    return BuildResult(loaded.display, *_where(policy, target), artifacts, state, len(manifest))


def _where(policy: Policy, target: Path) -> tuple[str, str, Path]:
    return policy.slug, policy.version, target


@dataclass(frozen=True)
class _Plan:
    """What publishing a version means, given the folder as it is now."""

    kept: tuple[Artifact, ...] = ()  # published artifacts that stay (formats added)
    forced: str | None = None  # what a forced rebuild replaces
    unchanged: tuple[Artifact, ...] | None = None  # already published as is: nothing to do


def _plan(
    loaded: LoadedConfig,
    policy: Policy,
    target: Path,
    out_dir: Path,
    wanted: frozenset[tuple[str, str]],
    force: bool,
) -> _Plan:
    """Refuse, or say what to publish: run before rendering and again under the lock."""
    history.check_published(policy, out_dir)
    try:
        existing = published.find(target)
    except TamperedError as exc:
        if force:
            return _Plan(forced=f"repaired a tampered folder: {exc.detail}")
        raise TamperedError(
            exc.message, "policy build --force rebuilds it and records the repair in its manifest"
        ) from None
    if existing is None:
        return _Plan()
    if force:
        changed = history.what_changed(existing, loaded)
        return _Plan(forced=" and ".join(changed) if changed else "nothing changed")
    history.refuse_if_changed(existing, loaded, target)
    artifacts = tuple(Artifact(**a) for a in existing.manifest["artifacts"])
    if wanted <= existing.artifacts():
        return _Plan(unchanged=artifacts)
    return _Plan(kept=tuple(a for a in artifacts if (a.lang, a.format) not in wanted))


def _render(
    policy: Policy, chosen: Sequence[str], formats: Sequence[str]
) -> tuple[dict[str, bytes], list[Artifact]]:
    """Every wanted artifact, in memory."""
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.render import render_handbook

    files: dict[str, bytes] = {}
    built: list[Artifact] = []
    for lang in chosen:
        rendered = render_handbook(localize(policy, lang))
        outputs = {"md": rendered.markdown.encode(), "html": rendered.html.encode()}
        if "pdf" in formats:
            from policy_builder.pipeline.pdf import html_to_pdf

            outputs["pdf"] = html_to_pdf(rendered.html, policy.effective_date)
        for fmt in FORMATS:
            if fmt in formats:
                name = artifact_name(policy.slug, lang, fmt)
                files[name] = outputs[fmt]
                built.append(_artifact(name, lang, fmt, outputs[fmt]))
    return files, built


def _forced_because(manifest: bytes, why: str) -> bytes:
    """The manifest of a forced rebuild, saying what it replaced."""
    data = json.loads(manifest)
    data["forced_because"] = why
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _languages(policy: Policy, requested: Sequence[str] | None) -> tuple[str, ...]:
    """The tags to build: all the policy's, or those ``--lang`` names (as codes or tags)."""
    if not requested:
        return policy.variants
    missing = [lang for lang in requested if policy.variant(lang) is None]
    if missing:
        raise UsageError(
            f"{policy.source}: the policy is not published in {', '.join(missing)} "
            f"(its languages: {', '.join(policy.variants)})"
        )
    wanted = {policy.variant(lang) for lang in requested}
    return tuple(tag for tag in policy.variants if tag in wanted)


def _artifact_order(policy: Policy) -> Any:
    def order(a: Artifact) -> tuple[int, int]:
        tag = policy.variant(a.lang)
        rank = policy.variants.index(tag) if tag else len(policy.variants)
        return rank, FORMATS.index(a.format)

    return order


def _artifact(name: str, lang: str, fmt: str, data: bytes) -> Artifact:
    return Artifact(name, lang, fmt, len(data), hashlib.sha256(data).hexdigest())


def _rendered_with(artifacts: Sequence[Artifact]) -> dict[str, Any]:
    """The renderer's and bundled fonts' versions, which decide a PDF's bytes."""
    if not any(a.format == "pdf" for a in artifacts):
        return {}
    from policy_builder.pipeline import fonts, pdf_engine

    return {
        "renderer": pdf_engine.versions().manifest(),
        "fonts": [vars(font) for font in fonts.info()],
    }


def _manifest(
    loaded: LoadedConfig, policy: Policy, artifacts: Sequence[Artifact], *, forced: bool
) -> bytes:
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
        "languages": list(dict.fromkeys(a.lang for a in artifacts)),
        "formats": [f for f in FORMATS if any(a.format == f for a in artifacts)],
        "forced": forced,
        **_rendered_with(artifacts),
        "artifacts": [vars(a) for a in artifacts],
        "config": loaded.data,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
