"""What a config's published version is made from, hashed from the files alone.

``policy build`` skips a config whose inputs are those its version was published
from, without loading it (``record``, ``commands/incremental``), so nothing here
parses the config: what a build read besides the config (its bases, its logo, its
languages, the regulations it cites) is recorded when it publishes (``Used``), and
the config's own bytes say whether that record still holds, for only they can
change it. Hashed, each as one labelled part of a SHA-256:

- the tool's version, the config's bytes, each base's (the whole ``extends``
  chain) and the logo's, and whether each still lies inside the config's folder;
- the schema, and ``templates/common`` but for what no handbook reads
  (``diff.html.j2``, ``init.yaml.j2``, ``hints.yaml``) and the fonts (PDF only:
  ``pdf_digest``);
- of the regulations catalogue, only the files of the entries the config cites: the
  bundled ``templates/regulations/<id>.yaml`` and the project's
  ``regulations/<id>.yaml`` beside the config's folder (present or not);
- each of the policy's languages' folder but for ``lint.yaml`` and the overlays of
  other variants; the overlay of each variant the policy publishes.

So a change to one shared template, base or regulation changes the digest of exactly
the configs that use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from policy_builder import resources, version
from policy_builder.regulations import paths

if TYPE_CHECKING:
    from policy_builder.models import Policy
    from policy_builder.pipeline.read import LoadedConfig

# What ``templates/common`` holds that no handbook reads: the diff page, the
# starter config of ``policy init`` and the hint rules of ``policy validate``.
NOT_READ_BY_BUILD = frozenset({"diff.html.j2", "init.yaml.j2", "hints.yaml"})
FONTS = "fonts"
Part = tuple[str, ...]


@dataclass(frozen=True)
class Used:
    """What a build read besides the config, as the config's bytes decided it."""

    bases: tuple[str, ...]  # each base's path from the config's folder, outermost first
    logo: str | None  # company.logo as written: a path from the config's folder
    variants: tuple[str, ...]  # every language tag the policy publishes
    regulations: tuple[str, ...]  # the regulation ids it cites


def used_by(loaded: LoadedConfig, policy: Policy) -> Used:
    """What building ``loaded`` reads besides the config itself."""
    folder = loaded.path.parent
    company = loaded.data.get("company")
    logo = company.get("logo") if isinstance(company, dict) else None
    return Used(
        bases=tuple(relative(base, folder) for base in loaded.bases),
        logo=logo if isinstance(logo, str) else None,
        variants=policy.variants,
        regulations=tuple(r.id for r in policy.regulations),
    )


def digest(config: Path, config_sha256: str, used: Used) -> str:
    """The digest of every input of ``config``'s handbooks in HTML and Markdown."""
    return combine(
        [
            ("tool", version.__version__),
            ("config", config_sha256),
            *sources(config, used.bases, used.logo),
            ("schema", file_sha256(resources.schema_path())),
            *_templates(resources.templates_dir(), used),
            *_regulations(config, used.regulations),
        ]
    )


def pdf_digest(variant: str) -> str:
    """What a PDF adds to the inputs: its variant, the bundled fonts and the renderer's
    versions (so a build in another ``--pdf-variant`` is not skipped)."""
    fonts = os.path.join(resources.templates_dir(), "common", FONTS)
    found = [(f"common/{FONTS}/{rel}", file_sha256(path)) for rel, path in walk(fonts)]
    return combine([*found, ("renderer", renderer_versions()), ("pdf_variant", variant)])


def relative(path: Path, folder: Path) -> str:
    """``path`` as the loader reached it from ``folder``, keeping any ``..``: after a
    symbolic link, ``link/../x`` is not ``x``, so it must not be folded away."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:  # not joined onto the folder: the file system decides
        return Path(os.path.relpath(path, folder)).as_posix()


def sources(config: Path, bases: Sequence[str], logo: str | None) -> Iterator[Part]:
    """The config's bases and logo: their bytes, and whether each lies inside its folder."""
    folder = config.parent
    home = Path(os.path.realpath(config)).parent
    for kind, ref in [*(("base", b) for b in bases), *([("logo", logo)] if logo else [])]:
        inside = Path(os.path.realpath(folder / ref)).is_relative_to(home)
        yield kind, ref, file_sha256(folder / ref), "inside" if inside else "outside"


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a regular file's bytes, or a word saying why there are none.

    A file unchanged for a while is hashed once per process: while its inode, size,
    mtime and ctime stay the same, so do its bytes. Only a file whose ctime is older
    than ``SETTLED_NS`` is remembered, so one rewritten within the same tick of the
    file system's clock (ctime unchanged) is never mistaken for the file we hashed.
    """
    name = os.fspath(path)
    try:
        seen = _SEEN.get(name)
        if seen is not None and seen[0] == _signature(os.stat(name)):
            return seen[1]
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block us
    except (OSError, ValueError) as exc:
        return f"unreadable ({getattr(exc, 'errno', None)})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a file"
        with os.fdopen(fd, "rb", closefd=False) as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        return f"unreadable ({exc.errno})"
    finally:
        os.close(fd)
    if info.st_ctime_ns < time.time_ns() - SETTLED_NS:
        if len(_SEEN) > 100_000:
            _SEEN.clear()
        _SEEN[name] = (_signature(info), digest)
    return digest


SETTLED_NS = 2_000_000_000
_SEEN: dict[str, tuple[tuple[int, ...], str]] = {}


def _signature(info: os.stat_result) -> tuple[int, ...]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


@cache
def renderer_versions() -> str:
    """WeasyPrint's, pydyf's, fontTools', Pango's and HarfBuzz's versions, without
    importing WeasyPrint (which costs more than checking a whole config)."""
    from policy_builder.pipeline import pdf_engine

    found = [f"{name} {pdf_engine.package_version(name)}" for name in _PACKAGES]
    libraries = [_library_version(*lib) for lib in _LIBRARIES]
    if None in libraries:  # not where we look: ask the renderer itself
        try:
            return json.dumps(pdf_engine.versions().manifest(), sort_keys=True)
        except OSError as exc:
            return f"unavailable ({exc})"
    return ", ".join([*found, *(str(lib) for lib in libraries)])


_PACKAGES = ("weasyprint", "pydyf", "fonttools")  # as pdf_engine.Renderer lists them
_LIBRARIES = (
    ("pango", ("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll")),
    ("harfbuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")),
)


def _library_version(name: str, files: tuple[str, ...]) -> str | None:
    import ctypes

    for file in files:
        try:
            library = ctypes.CDLL(file)
        except OSError:
            continue
        if name == "pango":
            return f"pango {int(library.pango_version())}"
        library.hb_version_string.restype = ctypes.c_char_p
        return f"harfbuzz {library.hb_version_string().decode()}"
    return None


def _templates(root: Path, used: Used) -> Iterator[Part]:
    for rel, path in walk(os.path.join(root, "common")):
        if rel in NOT_READ_BY_BUILD or rel.startswith(f"{FONTS}/"):
            continue
        yield f"common/{rel}", file_sha256(path)
    for code in sorted({tag.split("-", 1)[0] for tag in used.variants}):
        folder = os.path.join(root, code)
        yield code, "folder" if os.path.isdir(folder) else "absent"
        for rel, path in walk(folder):
            if rel == "lint.yaml" or rel.startswith("variants/"):
                continue  # the linter's word lists change no handbook; overlays below
            yield f"{code}/{rel}", file_sha256(path)
    for tag in used.variants:
        overlay = os.path.join(root, tag.split("-", 1)[0], "variants", f"{tag}.yaml")
        yield "overlay", tag, file_sha256(overlay)


def _regulations(config: Path, cited: Sequence[str]) -> Iterator[Part]:
    """Each cited entry's bundled file and the project's file of the same name: adding,
    editing or removing either changes the digest of the configs citing that id only."""
    bundled, project = paths.bundled_folder(), paths.project_folder(config)
    for regulation in cited:
        yield (
            "regulation",
            regulation,
            file_sha256(paths.entry_file(bundled, regulation)),
            file_sha256(paths.entry_file(project, regulation)),
        )


def walk(folder: str, prefix: str = "") -> list[tuple[str, str]]:
    """Every file under ``folder`` as (path from ``folder``, path), in a stable order."""
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.is_dir() and entry.name != "__pycache__":
            found += walk(entry.path, f"{prefix}{entry.name}/")
        elif not entry.is_dir():
            found.append((f"{prefix}{entry.name}", entry.path))
    return found


def combine(parts: Sequence[Part]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        for field in part:
            data = field.encode("utf-8", "surrogateescape")
            digest.update(b"%d:" % len(data) + data)
        digest.update(b";")
    return digest.hexdigest()
