"""Custom items in a config: a rule list's item must state a rule, a descriptive
list's item must at least be a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_builder.lint.data import Lexicon
from policy_builder.lint.spanish import enclitic_imperative
from policy_builder.lint.text import CONDITIONALS, OPENING, WORD


def states_rule(text: str, lex: Lexicon) -> bool:
    """Whether a custom item's text states a rule.

    True when a clause (the text, a sentence, what follows a colon or a semicolon,
    or what follows an opening "If …," / "Si …,") starts with a rule opener (never,
    do not, nunca, no…) or an imperative, or when a modal (must, may, debe, puede,
    prohibido…) stands in a clause's main part, before its first comma.
    """
    for clause in _clauses(text, lex.lang):
        words = WORD.findall(clause)
        if not words:
            continue
        first = words[0].lower()
        opening = " ".join(w.lower() for w in words[:2])
        if first in lex.rule_openers or opening in lex.rule_openers:
            return True
        if first in lex.imperatives:
            return True
        if first not in lex.not_verbs and (
            first in lex.formal_forms or first in lex.informal_imperatives
        ):
            return True
        if first in lex.formal_forms and _verb_complement(words[1:3]):
            return True  # "Reporte de inmediato…", "Reporte cualquier…": a verb, not the noun
        if enclitic_imperative(first, lex) or enclitic_imperative(first, lex, formal=True):
            return True
        if _has_modal(clause.split(",")[0], lex):
            return True
    return False


# Words that follow a clause-opening verb but not a noun of the same spelling.
_COMPLEMENT_STARTS = frozenset(
    [
        "a",
        "al",
        "el",
        "la",
        "los",
        "las",
        "lo",
        "le",
        "les",
        "su",
        "sus",
        "cualquier",
        "todo",
        "toda",
        "todos",
        "todas",
        "este",
        "esta",
        "estos",
        "estas",
        "ese",
        "esa",
        "inmediatamente",
    ]
)


def _verb_complement(following: list[str]) -> bool:
    """Whether the words after a clause's first word open a verb's complement."""
    lowered = [w.lower() for w in following]
    if lowered[:2] == ["de", "inmediato"]:
        return True
    return bool(lowered) and lowered[0] in _COMPLEMENT_STARTS


def has_verb(text: str, lex: Lexicon) -> bool:
    """Whether a descriptive custom item is a sentence: it holds a finite verb."""
    if states_rule(text, lex) or _has_modal(text, lex):
        return True
    verbs = lex.finite_verbs | lex.formal_forms | lex.informal_forms
    words = [w.lower() for w in WORD.findall(text)]
    for index, word in enumerate(words):
        if word in verbs and word not in lex.not_verbs:
            return True
        if len(word) > 3 and word.endswith(lex.finite_endings):
            return True
        if word in lex.pronouns_before_verb and index + 1 < len(words):
            return True
    return False


def _has_modal(text: str, lex: Lexicon) -> bool:
    lower = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(m)}(?!\w)", lower) for m in lex.rule_modals)


def _clauses(text: str, lang: str) -> Iterator[str]:
    for part in re.split(r"[.:;!?]\s+|[.:;!?]$", text):
        part = part.strip(OPENING)
        yield part
        if part.lower().startswith(CONDITIONALS.get(lang, ())) and "," in part:
            yield part.split(",", 1)[1].strip(OPENING)
