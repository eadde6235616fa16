"""Semantic check: every text of a config can be drawn with the handbook's bundled fonts.

A character the fonts lack would otherwise print as an empty box in the PDF, or in a
machine's fallback font, so the same config would not give the same PDF everywhere.
Control and invisible format characters are refused by their own check.
"""

from __future__ import annotations

from collections.abc import Iterator

from policy_builder.chars import describe, is_hidden
from policy_builder.models import Issue
from policy_builder.pipeline import fonts
from policy_builder.pipeline.read import LoadedConfig
from policy_builder.pipeline.source_map import format_path, texts

_SHOWN = 3  # characters named in one message


def check(config: LoadedConfig) -> Iterator[Issue]:
    """One issue per text value holding characters the bundled fonts cannot draw."""
    for path, text, is_key in texts(config.data):
        if is_key:
            continue  # field names are the schema's: an unknown one is reported there
        missing = [c for c in fonts.undrawable(text) if not is_hidden(c)]
        if not missing:
            continue
        named = ", ".join(describe(c, name_in_parentheses=True) for c in missing[:_SHOWN])
        more = f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
        yield Issue(
            *config.source.where(path),
            format_path(path),
            f"contains {named}{more}, which the handbook's font (Noto Sans) cannot draw; "
            "write it with Latin, Greek or Cyrillic letters",
        )
