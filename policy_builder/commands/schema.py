"""``policy schema``: the config's JSON Schema, as editors and CI read it."""

from __future__ import annotations

from policy_builder import resources


def schema() -> str:
    """The bundled JSON Schema (Draft 2020-12) of a config, as its file holds it."""
    return resources.schema_path().read_text(encoding="utf-8")
