"""Incremental builds: is a config's published version already what a build would give?

``up_to_date`` answers without loading, validating or rendering the config: it hashes
the files the config's last build read (``published.inputs``), reads the record that
build left (``published.record``) and the manifest, and checks each artifact's size.
``build`` asks the same question first (unless ``force``); a batch asks it for every
config before it hands the rest to its workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policy_builder import editions as ed
from policy_builder.commands.build import BuildResult
from policy_builder.naming import DEFAULT_PDF_VARIANT as DEFAULT_VARIANT
from policy_builder.published import record


def up_to_date(
    path: Path,
    *,
    out_dir: Path,
    langs: Sequence[str] | None,
    formats: Sequence[str],
    pdf_variant: str = DEFAULT_VARIANT,
    editions: Sequence[str] | None = None,
) -> BuildResult | None:
    """``path``'s build, state "unchanged", when its published version holds ``langs``
    (all the policy's when None) in ``formats`` and every input of it is as it was when
    it was built; None when a build has to decide (which may still find it unchanged,
    or refuse it: a config changed without a new version)."""
    same = record.current(path, out_dir, langs, formats, pdf_variant, editions or ed.DEFAULT)
    if same is None:
        return None
    notes = ed.unchanged_notes([a.lang for a in same.artifacts], editions)
    return BuildResult(
        str(path), same.slug, same.version, same.directory, same.artifacts, "unchanged", notes=notes
    )
