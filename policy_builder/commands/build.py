"""``policy build``: the pipeline as the design draws it, load → validate → resolve →
render → write, for one config (``build``); ``batch.build_all`` builds many.

Everything is rendered in memory first; only the last step touches the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from policy_builder import editions as ed
from policy_builder import published
from policy_builder.errors import TamperedError, UsageError
from policy_builder.models import Issue, Policy
from policy_builder.naming import DEFAULT_PDF_VARIANT as DEFAULT_VARIANT
from policy_builder.naming import FORMATS, artifact_name
from policy_builder.naming import PDF_VARIANTS as VARIANTS
from policy_builder.pipeline.write import MANIFEST, publish, publishing, version_dir
from policy_builder.published import record
from policy_builder.published.manifest import (
    Artifact,
    artifact,
    embedded,
    forced_because,
    manifest_json,
)

if TYPE_CHECKING:
    from policy_builder.pipeline.read import LoadedConfig

Built = Literal["written", "unchanged", "forced"]  # unchanged: already published as is


@dataclass(frozen=True)
class BuildResult:
    file: str
    slug: str
    version: str
    directory: Path
    artifacts: tuple[Artifact, ...]
    state: Built = "written"
    manifest_bytes: int = 0  # the size of the manifest.json written beside the artifacts
    warnings: tuple[Issue, ...] = ()  # rules.warnings: built, but worth changing
    notes: tuple[str, ...] = ()  # what was asked for but not built, and why (not an error)


def check_publishable(loaded: LoadedConfig, policy: Policy, out_dir: Path) -> None:
    """Raise what ``build`` would refuse, without building: a changelog entry gone or a
    version going back, a tampered folder, this version published from other content."""
    target = version_dir(out_dir, policy.slug, policy.version)
    _plan(loaded, policy, target, out_dir, frozenset(), force=False)


def build(
    path: Path,
    *,
    out_dir: Path = Path("output"),
    langs: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    display: str | None = None,
    force: bool = False,
    pdf_jobs: int | None = None,  # processes laying out its PDFs (pdf.html_to_pdfs)
    pdf_variant: str = DEFAULT_VARIANT,  # pdf_archive.VARIANTS
    editions: Sequence[str] | None = None,  # editions.EDITIONS; None: the default, quietly
) -> BuildResult:
    """Build one config's handbook into ``out_dir/<slug>/<version>/``.

    A published version is immutable: rebuilding it from different content is
    refused unless ``force``; rebuilding it from the same content writes nothing.
    Unless ``force``, a config whose inputs are all as they were when its version was
    published is not even loaded (``published.record``, ``commands.incremental``).
    The decision is taken again under the policy's lock, on the folder as it is
    then, so of two builds racing for one version only one publishes. PDFs published
    in another ``pdf_variant`` are built again; the other files stay as they are.
    ``editions`` (default: both) adds the bilingual edition (``editions.py``) to the
    per-language ones; asked for by name, a policy in one language says it has none.
    """
    if pdf_variant not in VARIANTS:
        raise UsageError(f"unknown PDF variant '{pdf_variant}' (one of: {', '.join(VARIANTS)})")
    asked, editions = editions, tuple(editions or ed.DEFAULT)
    explicit = asked is not None
    same = None if force else record.current(path, out_dir, langs, formats, pdf_variant, editions)
    if same is not None:
        shown = display or str(path)  # as incremental.up_to_date: nothing loaded, validated
        notes = ed.unchanged_notes([a.lang for a in same.artifacts], asked)
        return BuildResult(
            shown, same.slug, same.version, same.directory, same.artifacts, "unchanged", notes=notes
        )
    from policy_builder.pipeline.resolve import resolve  # not needed to skip: imported here
    from policy_builder.pipeline.rules import warnings
    from policy_builder.pipeline.validate import load_valid

    loaded = load_valid(path, display)
    policy = resolve(loaded)
    noted = tuple(warnings(loaded))
    chosen = _languages(policy, langs)
    target = version_dir(out_dir, policy.slug, policy.version)
    prevailing = policy.variant(policy.authoritative_language) or chosen[0]
    wanted = ed.wanted(chosen, prevailing, formats, editions)
    notes = ed.notes(chosen, editions, formats) if explicit else ()
    if not wanted:  # only the bilingual edition, of one language: nothing to publish
        return BuildResult(
            loaded.display, *_where(policy, target), (), "unchanged", 0, noted, notes
        )
    made = record.made_from(loaded, policy, formats, pdf_variant)  # before rendering
    variant = pdf_variant if "pdf" in formats else None
    with publishing(target):  # refuse before rendering (and recover a killed build)
        plan = _plan(loaded, policy, target, out_dir, wanted, force, variant)
        if plan.unchanged is not None:
            record.remember(target, made)
    if plan.unchanged is not None:
        return BuildResult(
            loaded.display, *_where(policy, target), plan.unchanged, "unchanged", 0, noted, notes
        )
    files, built = _render(loaded, policy, chosen, formats, pdf_jobs, pdf_variant, editions)
    with publishing(target):
        plan = _plan(loaded, policy, target, out_dir, wanted, force, variant)  # as it is now
        if plan.unchanged is not None:
            record.remember(target, made)
            return BuildResult(
                loaded.display,
                *_where(policy, target),
                plan.unchanged,
                "unchanged",
                warnings=noted,
                notes=notes,
            )
        artifacts = tuple(sorted([*plan.kept, *built], key=_artifact_order(policy)))
        shown = variant or plan.kept_variant  # the variant of the PDFs the folder will hold
        forced = plan.forced is not None
        manifest = manifest_json(loaded, policy, artifacts, forced=forced, pdf_variant=shown)
        if plan.forced is not None:
            manifest = forced_because(manifest, plan.forced)
        publish(target, {**files, MANIFEST: manifest}, {a.path: a.sha256 for a in plan.kept})
        record.remember(target, made)
    state: Built = "forced" if plan.forced is not None else "written"
    return BuildResult(
        loaded.display, *_where(policy, target), artifacts, state, len(manifest), noted, notes
    )


def _where(policy: Policy, target: Path) -> tuple[str, str, Path]:
    return policy.slug, policy.version, target


@dataclass(frozen=True)
class _Plan:
    """What publishing a version means, given the folder as it is now."""

    kept: tuple[Artifact, ...] = ()  # published artifacts that stay (formats added)
    forced: str | None = None  # what a forced rebuild replaces
    unchanged: tuple[Artifact, ...] | None = None  # already published as is: nothing to do
    kept_variant: str = DEFAULT_VARIANT  # the variant of the PDFs already published


def _plan(
    loaded: LoadedConfig,
    policy: Policy,
    target: Path,
    out_dir: Path,
    wanted: frozenset[tuple[str, str]],
    force: bool,
    variant: str | None = None,  # the PDFs' variant, when PDFs are wanted
) -> _Plan:
    """Refuse, or say what to publish: run before rendering and again under the lock."""
    from policy_builder.published import history

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
    # A manifest written before PDFs had variants lists plain PDFs.
    published_variant = str(existing.manifest.get("pdf_variant", "plain"))
    have = existing.artifacts()
    if variant is not None and variant != published_variant:
        have = {(lang, fmt) for lang, fmt in have if fmt != "pdf"}  # PDFs built again
        artifacts = tuple(a for a in artifacts if a.format != "pdf")
    if wanted <= have:
        return _Plan(unchanged=artifacts)
    kept = tuple(a for a in artifacts if (a.lang, a.format) not in wanted)
    return _Plan(kept=kept, kept_variant=published_variant)


def _render(
    loaded: LoadedConfig,
    policy: Policy,
    chosen: Sequence[str],
    formats: Sequence[str],
    pdf_jobs: int | None = None,
    pdf_variant: str = DEFAULT_VARIANT,
    editions: Sequence[str] = ed.DEFAULT,
) -> tuple[dict[str, bytes], list[Artifact]]:
    """Every wanted artifact, in memory (the PDFs in up to ``pdf_jobs`` processes, each
    embedding the config it was built from: ``manifest.embedded``)."""
    from policy_builder.pipeline.localize import localize
    from policy_builder.pipeline.pdf import html_to_pdfs
    from policy_builder.pipeline.render import render_handbook

    files: dict[str, bytes] = {}
    built: list[Artifact] = []
    prevailing = policy.variant(policy.authoritative_language) or chosen[0]
    both = ed.pairs(chosen, prevailing) if ed.BILINGUAL in editions and "html" in formats else ()
    handbooks = {lang: localize(policy, lang, both) for lang in chosen}  # links what's built
    rendered_in = {lang: render_handbook(hb) for lang, hb in handbooks.items()}
    own = chosen if ed.LANGUAGES in editions else ()
    pages = [(lang, rendered_in[lang].markdown, rendered_in[lang].html) for lang in own]
    if ed.BILINGUAL in editions and any(fmt in ed.FORMATS for fmt in formats):
        # Second: of three pages laid out by two processes (pdf.html_to_pdfs deals them
        # out in turn), the bilingual one, as long as the other two together, goes alone.
        pages[1:1] = _bilingual(policy, chosen, handbooks, rendered_in)
    pdfs = [b""] * len(pages)
    if "pdf" in formats:
        embeds = [
            embedded(loaded, policy, lang, pdf_variant, _documents(markdown, html))
            for lang, markdown, html in pages
        ]
        pdfs = html_to_pdfs([html for _, _, html in pages], policy.effective_date, pdf_jobs, embeds)
    for (lang, markdown, html), pdf in zip(pages, pdfs, strict=True):
        outputs = {"md": markdown.encode(), "html": html.encode(), "pdf": pdf}
        if "docx" in formats and not ed.is_bilingual(lang):  # Word, for legal review
            from policy_builder.pipeline.docx import handbook_docx

            outputs["docx"] = handbook_docx(handbooks[lang], markdown)
        for fmt in FORMATS:
            if fmt in formats and (fmt in ed.FORMATS or not ed.is_bilingual(lang)):
                name = artifact_name(policy.slug, lang, fmt)
                files[name] = outputs[fmt]
                built.append(artifact(name, lang, fmt, outputs[fmt]))
    return files, built


def _documents(markdown: str, html: str) -> dict[str, bytes]:
    """What a PDF's build record hashes: its Markdown (none for the bilingual edition)
    and its HTML."""
    return {**({"md": markdown.encode()} if markdown else {}), "html": html.encode()}


def _bilingual(
    policy: Policy, chosen: Sequence[str], handbooks: dict[str, Any], rendered: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """The bilingual pages (``editions.pairs``) of the languages rendered: (lang, "", html)."""
    from policy_builder.pipeline.bilingual import render_bilingual

    pages = []
    for pair in ed.pairs(chosen, policy.variant(policy.authoritative_language) or chosen[0]):
        html = render_bilingual([handbooks[t] for t in pair], [rendered[t] for t in pair])
        pages.append((ed.joined(pair), "", html))
    return pages


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
