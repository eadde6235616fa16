"""The English spelling check: a handbook uses one variant, en-US or en-GB.

British and American spellings come from breame's pairs, less the words spelt
either way by meaning (``spelling_ambiguous`` in ``lint.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_builder.lint.text import APOSTROPHES, WORD, Context, Found, excerpt


def spelling(text: str, masked: str, ctx: Context) -> Iterator[Found]:
    """Words spelt the other variant's way (none unless ``ctx.spelling`` is en-US or en-GB)."""
    if ctx.spelling not in ("en-US", "en-GB"):
        return
    from breame.data.spelling_constants import (
        AMERICAN_ENGLISH_SPELLINGS,
        BRITISH_ENGLISH_SPELLINGS,
    )

    other, variant = (
        (BRITISH_ENGLISH_SPELLINGS, "en-GB")
        if ctx.spelling == "en-US"
        else (AMERICAN_ENGLISH_SPELLINGS, "en-US")
    )
    for match in WORD.finditer(masked):
        word = re.sub(rf"[{APOSTROPHES}]s$", "", match.group())
        lower = word.lower()
        if lower in other and lower not in ctx.lex.spelling_ambiguous:
            yield (
                "spelling",
                f'{variant} spelling "{word}" in an {ctx.spelling} document (write '
                f'"{other[lower]}") in "{excerpt(text, match.start(), match.end())}"',
            )
