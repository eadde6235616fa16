"""``policy validate``'s cache: the configs found valid, by the hash of what decided it.

A config is valid again, without being parsed or checked, while these are as they
were: its bytes, its bases' and its logo's (and that each still lies inside its
folder), the schema, what the rules read from the templates (every language's
catalogue and variant overlays, ``common/variants.yaml``, the hint rules in
``common/hints.yaml``, the fonts, which decide what can be drawn) and the tool's
version. Only valid configs without jurisdiction hints are kept: an invalid one, or
one with hints, is checked again each time, so its problems and warnings are always
reported as a fresh run finds them. ``--out`` and ``--lint`` bypass the cache: they read the published
versions and the linter's word lists, which it does not hash.

The cache is one JSON file, ``.policy-cache/validate.json`` in the current folder
(``POLICY_BUILDER_CACHE`` names another folder), written whole, atomically. It is
safe to delete. A file of any other shape, or written by another version of the
tool, is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policy_builder import resources, version
from policy_builder.files import read_at_most
from policy_builder.published import inputs
from policy_builder.regulations import paths

if TYPE_CHECKING:
    from policy_builder.pipeline.read import LoadedConfig

ENV = "POLICY_BUILDER_CACHE"
DEFAULT = Path(".policy-cache")
FILE = "validate.json"
KIND = "policy-builder validate cache"
FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 5_000


def folder(cache: bool | Path) -> Path | None:
    """Where the cache lives: ``cache`` itself, or with True ``$POLICY_BUILDER_CACHE``
    or ``.policy-cache``; None for no cache."""
    if cache is False:
        return None
    if cache is True:
        return Path(os.environ.get(ENV) or DEFAULT)
    return cache


class Cache:
    """The cache in ``where``, read once; ``save`` writes it back if anything changed."""

    def __init__(self, where: Path) -> None:
        self.path = where / FILE
        self.entries, self.changed = _read(self.path)
        self._environment: str | None = None

    def valid(self, config: Path) -> bool:
        """``config`` was found valid, and nothing that decided it has changed since."""
        entry = self.entries.get(_key(config))
        if entry is None:
            return False
        try:
            bases, logo = tuple(entry["bases"]), entry["logo"]
            return bool(entry["sha256"] == self._digest(config, bases, logo))
        except (KeyError, TypeError, ValueError):
            return False

    def add(self, loaded: LoadedConfig) -> None:
        """Remember that ``loaded``, as read, is valid."""
        folder = loaded.path.parent
        bases = [inputs.relative(base, folder) for base in loaded.bases]
        company = loaded.data.get("company")
        logo = company.get("logo") if isinstance(company, dict) else None
        logo = logo if isinstance(logo, str) else None
        digest = self._digest(
            loaded.path, tuple(bases), logo, hashlib.sha256(loaded.raw).hexdigest()
        )
        self.entries[_key(loaded.path)] = {"sha256": digest, "bases": bases, "logo": logo}
        self.changed = True

    def save(self) -> None:
        """Write the cache back, whole; a cache that cannot be written is done without."""
        if not self.changed:
            return
        data = {"kind": KIND, "format": FORMAT, "tool_version": version.__version__}
        entries = self.entries
        if len(entries) > MAX_ENTRIES:  # keep the newest: dicts keep insertion order
            entries = dict(list(entries.items())[-MAX_ENTRIES:])
        text = json.dumps({**data, "entries": entries}, indent=1, ensure_ascii=False) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _replace(self.path, text.encode())
        except OSError:
            pass

    def _digest(
        self, config: Path, bases: tuple[str, ...], logo: str | None, raw: str | None = None
    ) -> str:
        if self._environment is None:
            self._environment = inputs.combine(list(_environment()))
        return inputs.combine(
            [
                ("validate", str(FORMAT)),
                ("tool", version.__version__),
                ("config", raw or inputs.file_sha256(config)),
                *inputs.sources(config, bases, logo),
                *_project_regulations(config),
                ("environment", self._environment),
            ]
        )


def _project_regulations(config: Path) -> Iterator[inputs.Part]:
    """Every file of the config's project ``regulations/`` folder: any of them can make
    the config invalid (a broken entry) or valid (an id it cites)."""
    for rel, path in inputs.walk(str(paths.project_folder(config))):
        yield "project regulation", rel, inputs.file_sha256(path)


def _environment() -> Iterator[inputs.Part]:
    """What validation reads besides the config: schemas, catalogues, overlays, fonts,
    the bundled regulations."""
    root = resources.templates_dir()
    yield "schema", inputs.file_sha256(resources.schema_path())
    regulation_schema = resources.data_dir("schemas") / "regulation.schema.json"
    yield "regulation schema", inputs.file_sha256(regulation_schema)
    for rel, path in inputs.walk(str(root)):
        if _read_by_validation(rel.split("/")):
            yield rel, inputs.file_sha256(path)


def _read_by_validation(parts: list[str]) -> bool:
    """``<lang>/catalogue.yaml``, ``<lang>/variants/<tag>.yaml``, ``common/variants.yaml``,
    ``common/hints.yaml``, the regulations catalogue and the fonts."""
    if parts[0] == "regulations":  # the bundled catalogue
        return True
    if parts[0] == "common":
        return parts[1:] in (["variants.yaml"], ["hints.yaml"]) or parts[1] == inputs.FONTS
    if len(parts) == 2:
        return parts[1] == "catalogue.yaml"
    return len(parts) == 3 and parts[1] == "variants" and parts[2].endswith(".yaml")


def _replace(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or what it held, never a part: written aside, then renamed.

    Not synced to disk: a cache that a crash cuts short is ignored and rebuilt.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _key(config: Path) -> str:
    return os.path.abspath(config)


def _read(path: Path) -> tuple[dict[str, Any], bool]:
    """The entries of the cache file, and whether it must be written again (when it
    is there but not exactly what this version of the tool writes)."""
    try:
        data = json.loads(read_at_most(path, MAX_BYTES))  # a FIFO is refused, not waited on
    except FileNotFoundError:
        return {}, False
    except (OSError, ValueError, RecursionError):
        return {}, True
    if not isinstance(data, dict) or set(data) != {"kind", "format", "tool_version", "entries"}:
        return {}, True
    if (data["kind"], data["format"], data["tool_version"]) != (KIND, FORMAT, version.__version__):
        return {}, True
    entries = data["entries"]
    if not isinstance(entries, dict) or not all(_entry(e) for e in entries.values()):
        return {}, True
    return entries, False


def _entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == {"sha256", "bases", "logo"}
        and isinstance(entry["sha256"], str)
        and isinstance(entry["bases"], list)
        and all(isinstance(b, str) for b in entry["bases"])
        and (entry["logo"] is None or isinstance(entry["logo"], str))
    )
