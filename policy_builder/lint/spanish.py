"""The Spanish register check: the handbook says *usted*, never *tú* or *vosotros*.

A word list, not a tagger (see ``lint``): pronouns and possessives, 2nd person forms
generated from a list of verbs, an informal imperative at a clause's start, and an
imperative with a pronoun attached (agradécele, dale, reenvíalo).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from policy_builder.lint.data import Lexicon, fold, lexicon
from policy_builder.lint.text import WORD, Context, Found, clause_start, excerpt

_CLITICS = (
    "selos",
    "selas",
    "selo",
    "sela",
    "melo",
    "mela",
    "telo",
    "tela",
    "noslo",
    "nosla",
    "los",
    "las",
    "les",
    "nos",
    "lo",
    "la",
    "le",
    "me",
    "te",
    "se",
)


def informal(text: str, masked: str, ctx: Context) -> Iterator[Found]:
    """Words that address the reader as *tú* (none for a language without the lists)."""
    lex = ctx.lex
    if not lex.informal_words and not lex.informal_forms:
        return
    for match in WORD.finditer(masked):
        word = match.group()
        if informal_word(word, masked, match.start(), lex):
            yield "informal", f'tú form "{word}" in "{excerpt(text, match.start(), match.end())}"'


def informal_word(word: str, text: str, start: int, lex: Lexicon) -> bool:
    """Whether ``word`` at ``start`` of ``text`` addresses the reader as *tú*."""
    if len(word) > 1 and word.isupper():
        return False  # an acronym: USA, TE
    lower = word.lower()
    if lower in lex.informal_words:
        return True
    if lower in lex.not_verbs:
        return False
    if lower in lex.informal_forms:
        return True
    if lower in lex.informal_imperatives and clause_start(text, start, lex.lang, after_if=False):
        return True
    return enclitic_imperative(lower, lex)


def enclitic_imperative(lower: str, lex: Lexicon, *, formal: bool = False) -> bool:
    """``agradécele``, ``dale``, ``reenvíalo``: an informal imperative with a pronoun
    attached (with ``formal``, a formal one: ``agradézcale``, ``dele``)."""
    folded = fold(lower)
    imperatives, commands = _folded(lex.lang)
    for clitic in _CLITICS:
        rest = folded[: -len(clitic)]
        if not folded.endswith(clitic) or len(rest) < 2:
            continue
        if formal:
            return rest in commands
        if rest in imperatives:
            return rest not in commands
    return False


@cache
def _folded(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    lex = lexicon(lang)
    return (
        frozenset(fold(w) for w in lex.informal_imperatives),
        frozenset(fold(w) for w in lex.formal_imperatives),
    )
