"""Where the bundled templates and schema live.

In a checkout they sit at the top of the repository; an installed wheel carries
them in ``policy_builder/_data``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The bundled folder ``name`` (``templates`` or ``schemas``)."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return data_dir("templates")


def schema_path() -> Path:
    return data_dir("schemas") / "policy.schema.json"


@cache
def schema() -> dict[str, Any]:
    """The config's JSON Schema, parsed once."""
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


# The linter's word lists, the folder's own guide and the translation lock (which
# `policy i18n confirm` rewrites) change no handbook, so no fingerprint.
NOT_IN_HANDBOOKS = ("lint.yaml", "README.md", "i18n.lock.json")


@cache
def templates_sha256() -> str:
    """One hash over every bundled template file (names and contents, sorted)."""
    root = templates_dir()
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.name in NOT_IN_HANDBOOKS:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
