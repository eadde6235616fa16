"""The shape of a ``manifest.json``: what it must hold before anything reads it.

A manifest of any other shape is "not a policy-builder manifest" (``manifest.read``
says so), never a crash further on.
"""

from __future__ import annotations

import re
from typing import Any, NotRequired, TypedDict

from policy_builder import semver
from policy_builder.naming import FORMATS, SLUG, artifact_name

MAX_DEPTH = 64  # a config nests at most 40 levels
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TAG = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}"
_LANG = re.compile(rf"^{_TAG}(\+{_TAG})?$")  # a language, or two joined: a bilingual edition
_STRINGS = ("slug", "version", "content_sha256", "templates_sha256", "tool_version")


class ArtifactEntry(TypedDict):
    """One published file, as ``manifest.json`` lists it."""

    path: str  # the file's name in the folder: artifact_name(slug, lang, format)
    lang: str
    format: str
    bytes: int
    sha256: str


class Manifest(TypedDict):
    """What ``read`` has checked a ``manifest.json`` holds before anything uses it.

    The build writes more (company, languages, fonts, renderer…) for people and
    tools to read; nothing here depends on those.
    """

    slug: str
    version: str
    content_sha256: str
    templates_sha256: str
    tool_version: str
    fingerprint: NotRequired[str]
    config: dict[str, Any]  # the config the version was built from, bases merged
    artifacts: list[ArtifactEntry]


def shape_problem(manifest: Any) -> str | None:
    """What makes ``manifest`` something other than a manifest this tool wrote, if anything."""
    if not isinstance(manifest, dict):
        return "not a JSON object"
    for key in _STRINGS:
        if not isinstance(manifest.get(key), str):
            return f"{key} is missing or not a string"
    if not SLUG.match(manifest["slug"]) or not semver.PATTERN.match(manifest["version"]):
        return "slug or version is malformed"
    if not _SHA256.match(manifest["content_sha256"]):
        return "content_sha256 is malformed"
    if not isinstance(manifest.get("config"), dict) or _too_deep(manifest["config"]):
        return f"config is missing, not an object or nested deeper than {MAX_DEPTH} levels"
    artifacts = manifest.get("artifacts")
    if not isinstance(artifacts, list) or not artifacts:
        return "artifacts is not a list of files"
    for i, entry in enumerate(artifacts):
        problem = _artifact_problem(manifest["slug"], entry)
        if problem:
            return f"artifacts[{i}] {problem}"
    if len({entry["path"] for entry in artifacts}) != len(artifacts):
        return "a file is listed twice"
    return None


def _artifact_problem(slug: str, entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return "is not an object"
    if not all(isinstance(entry.get(k), str) for k in ("path", "lang", "format", "sha256")):
        return "lacks a path, lang, format or sha256 string"
    size = entry.get("bytes")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return "has no byte count"
    if entry["format"] not in FORMATS or not _SHA256.match(entry["sha256"]):
        return "has an unknown format or a malformed sha256"
    if not _LANG.match(entry["lang"]):
        return "has a malformed language tag"
    if entry["path"] != artifact_name(slug, entry["lang"], entry["format"]):
        return f"path {entry['path']!r} is not this policy's file for its language and format"
    return None


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests more than ``MAX_DEPTH`` levels (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return False
