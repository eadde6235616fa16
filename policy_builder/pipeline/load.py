"""Stage 1: a config file and the bases it extends, as one mapping that remembers
where every value came from.

``read`` reads one file (safe YAML with positions, within size limits); ``extend``
merges it over the bases it names in ``policy.extends``.
"""

from __future__ import annotations

from pathlib import Path

from policy_builder.pipeline.extend import apply_extends
from policy_builder.pipeline.read import LoadedConfig, read_config


def load(path: Path, display: str | None = None) -> LoadedConfig:
    """Read and parse ``path`` and the bases it extends.

    Raise ``InvalidConfigError`` with positions on failure.
    """
    return apply_extends(read_config(path, display or str(path)))
