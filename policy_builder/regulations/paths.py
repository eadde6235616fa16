"""Where the catalogue's files are: light enough for the incremental digest, which
must not import YAML or the schema to decide that a config is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from policy_builder import resources

FOLDER = "regulations"


def bundled_folder() -> Path:
    return resources.templates_dir() / FOLDER


def project_folder(config: Path) -> Path:
    """``regulations/`` beside the folder of ``config`` (``company_configs/../regulations``)."""
    return Path(os.path.abspath(config)).parent.parent / FOLDER


def entry_file(folder: Path, regulation: str) -> Path:
    """The file that holds ``regulation`` in ``folder``: it is named after the id."""
    return folder / f"{regulation}.yaml"
