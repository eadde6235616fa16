"""``<out>/<slug>/.inputs.json``: what the policy's latest build was made from.

Written under the policy's lock after each successful build (published, forced, or
found already published as is), it names the config and its version, what the build
read besides the config (``inputs.Used``), the digest of all of it and the manifest
it stands for. ``current`` compares it with the files as they are now, and says
whether the published version is still what a build would give, without loading the
config: the config's bytes, the manifest's, the artifacts' sizes, then the digest.

A record is a cache: one that is not exactly what this version of the tool writes
(another format, another tool version, cut short, edited) is ignored, and the next
build replaces it. Deleting it costs one full check of the config.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policy_builder import editions as ed
from policy_builder import semver, version
from policy_builder.files import read_at_most
from policy_builder.naming import DEFAULT_PDF_VARIANT as DEFAULT_VARIANT
from policy_builder.naming import SLUG, slug_of
from policy_builder.pipeline.write import MANIFEST, atomic_write
from policy_builder.published import inputs
from policy_builder.published.inputs import Used
from policy_builder.published.manifest import Artifact

if TYPE_CHECKING:
    from policy_builder.models import Policy
    from policy_builder.pipeline.read import LoadedConfig

RECORD = ".inputs.json"
KIND = "policy-builder build inputs"
FORMAT = 1
MAX_BYTES = 1_000_000
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class Record:
    config: str  # the config's file name
    config_sha256: str
    version: str
    used: Used
    manifest_sha256: str
    artifacts: tuple[Artifact, ...]  # as the manifest lists them
    inputs_sha256: str  # inputs.digest
    pdf_sha256: str | None  # inputs.pdf_digest, when the build covered the PDFs


@dataclass(frozen=True)
class Current:
    """A published version that is what a build of its config would give now."""

    slug: str
    version: str
    directory: Path
    artifacts: tuple[Artifact, ...]


def made_from(
    loaded: LoadedConfig, policy: Policy, formats: Sequence[str], pdf_variant: str = DEFAULT_VARIANT
) -> Record:
    """What a build of ``loaded`` is made from, hashed before it renders (so a file
    changed meanwhile makes the record stale, never wrong); ``remember`` adds the manifest."""
    config_sha256 = hashlib.sha256(loaded.raw).hexdigest()
    used = inputs.used_by(loaded, policy)
    return Record(
        config=loaded.path.name,
        config_sha256=config_sha256,
        version=policy.version,
        used=used,
        manifest_sha256="",
        artifacts=(),
        inputs_sha256=inputs.digest(loaded.path, config_sha256, used),
        pdf_sha256=inputs.pdf_digest(pdf_variant) if "pdf" in formats else None,
    )


def remember(target: Path, made: Record) -> None:
    """Record that the version folder ``target`` is what ``made`` gives.

    Call it holding the policy's lock, once ``target`` is published. A record that
    cannot be written is left out: the next build then checks the config in full.
    """
    policy_dir = target.parent
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        manifest = (target / MANIFEST).read_bytes()
        artifacts = tuple(_artifact(a) for a in json.loads(manifest)["artifacts"])
        previous = read(policy_dir)
        pdf = made.pdf_sha256
        if pdf is None and previous is not None and _same_build(previous, made):
            pdf = previous.pdf_sha256  # the PDFs it vouched for are still there, unchanged
        for leftover in policy_dir.glob(f".{RECORD}.*.tmp"):  # a build killed as it wrote one
            leftover.unlink()
        sha256 = hashlib.sha256(manifest).hexdigest()
        done = replace(made, manifest_sha256=sha256, artifacts=artifacts, pdf_sha256=pdf)
        atomic_write(policy_dir / RECORD, to_json(done))


def _same_build(previous: Record, made: Record) -> bool:
    return (previous.version, previous.inputs_sha256) == (made.version, made.inputs_sha256)


def to_json(record: Record) -> bytes:
    data = {"kind": KIND, "format": FORMAT, "tool_version": version.__version__, **asdict(record)}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def read(policy_dir: Path) -> Record | None:
    """The record in ``policy_dir``, or None: absent, unreadable, foreign, or not this
    tool version's."""
    try:
        data = json.loads(read_at_most(policy_dir / RECORD, MAX_BYTES))
    except (OSError, ValueError, RecursionError):  # TooLargeError is a ValueError
        return None
    try:
        return _record(data)
    except (KeyError, TypeError, ValueError):
        return None


def current(
    config: Path,
    out_dir: Path,
    langs: Sequence[str] | None,
    formats: Sequence[str],
    pdf_variant: str = DEFAULT_VARIANT,
    editions: Sequence[str] = ed.DEFAULT,
) -> Current | None:
    """``config``'s published version when it holds the ``langs`` and ``formats`` asked
    for and every input is as it was when it was built; None otherwise, and when the
    record names a file that cannot even be looked up (a NUL in an edited record)."""
    try:
        return _current(config, out_dir, langs, formats, pdf_variant, editions)
    except (OSError, ValueError):
        return None  # the build reads everything itself and says what is wrong


def _current(
    config: Path,
    out_dir: Path,
    langs: Sequence[str] | None,
    formats: Sequence[str],
    pdf_variant: str,
    editions: Sequence[str],
) -> Current | None:
    """``config``'s published version when it holds the ``langs`` and ``formats`` asked
    for and every input is as it was when it was built; None otherwise."""
    slug = slug_of(config)
    if not SLUG.match(slug):
        return None
    found = read(out_dir / slug)
    if found is None or found.config != config.name:
        return None
    config_sha256 = inputs.file_sha256(config)
    if config_sha256 != found.config_sha256:
        return None
    directory = out_dir / slug / found.version
    if inputs.file_sha256(directory / MANIFEST) != found.manifest_sha256:
        return None
    artifacts = found.artifacts
    tags = found.used.variants if not langs else [_tag(lang, found.used.variants) for lang in langs]
    have = {(a.lang, a.format) for a in artifacts}
    if None in tags or not _has_editions(have, [t for t in tags if t], formats, editions):
        return None
    if not _tidy(directory, artifacts) or not all(_intact(directory, a) for a in artifacts):
        return None
    if inputs.digest(config, config_sha256, found.used) != found.inputs_sha256:
        return None
    if "pdf" in formats and found.pdf_sha256 != inputs.pdf_digest(pdf_variant):
        return None
    return Current(slug, found.version, directory, artifacts)


def _has_editions(
    have: set[tuple[str, str]], tags: list[str], formats: Sequence[str], editions: Sequence[str]
) -> bool:
    """Whether ``have`` holds every edition asked for. The prevailing language is not
    known without the config: a published bilingual edition names it first, and when
    none was published while one is asked for, the build decides."""
    bilingual = [lang for lang, _ in have if ed.is_bilingual(lang)]
    prevailing = ed.tags_of(bilingual[0])[0] if bilingual else ""
    asked = ed.BILINGUAL in editions and bool(set(formats) & set(ed.FORMATS))
    if asked and ed.pairs(tags, prevailing) and not bilingual:
        return False
    return ed.wanted(tags, prevailing, formats, editions) <= have


def _tag(lang: str, variants: Sequence[str]) -> str | None:
    """The tag the policy publishes for ``lang``, a code or a tag (``Policy.variant``)."""
    return next((tag for tag in variants if lang in (tag, tag.split("-", 1)[0])), None)


def _artifact(entry: Any) -> Artifact:
    artifact = Artifact(**entry)
    texts = (artifact.path, artifact.lang, artifact.format)
    if not all(isinstance(v, str) for v in texts) or type(artifact.bytes) is not int:
        raise TypeError("not an artifact")
    _sha(artifact.sha256)
    return artifact


def _tidy(directory: Path, artifacts: Sequence[Artifact]) -> bool:
    """Nothing a killed build left to recover, nothing the manifest does not list: what
    a build would otherwise clean up or report, under the policy's lock."""
    try:
        around, inside = os.listdir(directory.parent), os.listdir(directory)
    except OSError:
        return False
    # A killed build's staging folder (.<version>.XXXX.tmp) or the old folder it had set
    # aside (.<version>.old), or a temporary file inside the folder (write._recover).
    mine = f".{directory.name}."
    if any(n.startswith(mine) and n.endswith((".tmp", ".old")) for n in around) or any(
        n.startswith(".") and n.endswith(".tmp") for n in inside
    ):
        return False
    listed = {"manifest.json", *(a.path for a in artifacts)}
    return {name for name in inside if not name.startswith(".")} == listed


def _intact(directory: Path, artifact: Artifact) -> bool:
    """The artifact is a plain file of the folder, of the size its manifest gives."""
    if "/" in artifact.path or artifact.path[:1] in ("", "."):
        return False
    try:
        info = os.stat(directory / artifact.path, follow_symlinks=False)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == artifact.bytes


def _record(data: Any) -> Record | None:
    """A record only if it is exactly what ``to_json`` writes for this tool version."""
    fields = {"kind", "format", "tool_version", *Record.__dataclass_fields__}
    if not isinstance(data, dict) or set(data) != fields:
        return None
    if (data["kind"], data["format"], data["tool_version"]) != (KIND, FORMAT, version.__version__):
        return None
    used = data["used"]
    if not isinstance(used, dict) or set(used) != set(Used.__dataclass_fields__):
        return None
    record = Record(
        config=_text(data["config"]),
        config_sha256=_sha(data["config_sha256"]),
        version=_text(data["version"]),
        used=Used(
            bases=_texts(used["bases"]),
            logo=None if used["logo"] is None else _text(used["logo"]),
            variants=_texts(used["variants"]),
            regulations=_texts(used["regulations"]),
        ),
        manifest_sha256=_sha(data["manifest_sha256"]),
        artifacts=tuple(_artifact(a) for a in _list(data["artifacts"])),
        inputs_sha256=_sha(data["inputs_sha256"]),
        pdf_sha256=None if data["pdf_sha256"] is None else _sha(data["pdf_sha256"]),
    )
    if not semver.PATTERN.match(record.version) or not record.used.variants:
        return None
    return record


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("not a text")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(v) for v in _list(value))


def _sha(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= _HEX:
        raise ValueError("not a sha256")
    return value
