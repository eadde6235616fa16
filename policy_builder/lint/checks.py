"""The checks on one piece of text: register, spelling, punctuation, colons, terms.

Each check returns ``(check, message)`` pairs; the caller adds where it was found.
Precision first: a check reports only what its word lists make certain. The
language-specific ones live in ``spanish`` (register) and ``english`` (spelling);
whether a custom item states a rule is ``items``'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_builder.lint.english import spelling
from policy_builder.lint.markdown import SegmentKind
from policy_builder.lint.spanish import informal
from policy_builder.lint.text import WORD, Context, Found, excerpt, mask

_REPEATED = re.compile(r"(?<![.])([.,;:])[ ]?\1(?![.])")
_COLON_CAPITAL = re.compile(r"(?<=[^\s*]):\s+[¿¡(]?(?P<word>[A-ZÁÉÍÓÚÑÜ][^\W\d_]*)")
_LABEL_WORDS = 4  # "Última revisión: 19 de octubre" — a short label, not running text


def check_text(text: str, kind: SegmentKind, ctx: Context) -> list[Found]:
    """Every finding in one segment of text (``kind``: paragraph, item, cell, heading)."""
    masked = mask(text, ctx.names)
    found = list(informal(text, masked, ctx))
    found += spelling(text, masked, ctx)
    found += _punctuation(text, masked)
    if kind in ("paragraph", "item"):
        found += _colon(text, ctx)
    found += _terms(text, ctx)
    return found


# --- punctuation and colons ----------------------------------------------------


def _punctuation(text: str, masked: str) -> Iterator[Found]:
    for match in _REPEATED.finditer(masked):
        yield (
            "punctuation",
            f'repeated punctuation "{match.group()}" in '
            f'"{excerpt(text, match.start(), match.end())}"',
        )


def _colon(text: str, ctx: Context) -> Iterator[Found]:
    """A capital after a colon in running text, unless a proper noun or a label."""
    allowed = ctx.capitalised | {w for name in ctx.names for w in WORD.findall(name)}
    for match in _COLON_CAPITAL.finditer(text):
        word = match["word"]
        head = text[: match.start()]
        if (len(word) > 1 and word.isupper()) or word == "I":
            continue
        after = text[match.start("word") :]
        if word.lower() in ctx.lex.articles:  # "El Código…": an article is no proper noun
            if any(after.startswith(name) for name in ctx.names):
                continue
        elif word in allowed:
            continue
        if not any(c in head for c in ".;!?") and len(head.split()) <= _LABEL_WORDS:
            continue  # a label: "Motivo: …", "Última revisión: …"
        yield (
            "colon",
            f'capital after a colon "{word}" (lowercase in running text) in '
            f'"{excerpt(text, match.start(), match.end())}"',
        )


# --- terms ---------------------------------------------------------------------


def _terms(text: str, ctx: Context) -> Iterator[Found]:
    for preferred, avoid in ctx.lex.terms.items():
        for variant in avoid:
            pattern = rf"(?<!\w){re.escape(variant)}(?!\w)"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                yield (
                    "term",
                    f'"{match.group()}" where the glossary says "{preferred}" in '
                    f'"{excerpt(text, match.start(), match.end())}"',
                )
