"""The checks on one piece of text: register, spelling, punctuation, colons, terms,
and whether a custom item states a rule.

Each check returns ``(check, message)`` pairs; the caller adds where it was found.
Precision first: a check reports only what its word lists make certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from policy_builder.lint.data import Lexicon, fold, lexicon

_APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[^\W\d_]+(?:[{_APOSTROPHES}][^\W\d_]+)*")
_MASK = re.compile(
    r"(?:https?://|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|#[\w-]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:example|com|org|net|es|mx|gov|eu|io)\b"
)
_REPEATED = re.compile(r"(?<![.])([.,;:])[ ]?\1(?![.])")
_COLON_CAPITAL = re.compile(r"(?<=[^\s*]):\s+[¿¡(]?(?P<word>[A-ZÁÉÍÓÚÑÜ][^\W\d_]*)")
_CLAUSE_END = ".:;!?"
_OPENING = " \t*_«“\"'(¿¡\u2014\u2013-"
_CONDITIONALS = {
    "es": (
        "si ",
        "cuando ",
        "antes ",
        "después ",
        "mientras ",
        "ante ",
        "aunque ",
        "en caso ",
        "siempre que ",
        "una vez ",
    ),
    "en": (
        "if ",
        "when ",
        "whenever ",
        "before ",
        "after ",
        "while ",
        "once ",
        "unless ",
        "in case ",
    ),
}
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
_LABEL_WORDS = 4  # "Última revisión: 19 de octubre" — a short label, not running text


@dataclass(frozen=True)
class Context:
    """What a check needs to know about the document a text belongs to."""

    tag: str  # es, en, en-GB, es-MX…
    spelling: str | None = None  # en-US or en-GB for English text
    names: tuple[str, ...] = ()  # proper names: company, people, regulations, languages
    capitalised: frozenset[str] = field(default_factory=frozenset)  # seen mid-sentence

    @property
    def lex(self) -> Lexicon:
        return lexicon(self.tag)


def check_text(text: str, kind: str, ctx: Context) -> list[tuple[str, str]]:
    """Every finding in one segment of text (``kind``: paragraph, item, cell, heading)."""
    masked = _mask(text, ctx.names)
    found = list(_informal(text, masked, ctx))
    found += _spelling(text, masked, ctx)
    found += _punctuation(text, masked)
    if kind in ("paragraph", "item"):
        found += _colon(text, ctx)
    found += _terms(text, ctx)
    return found


def excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    """``…que trabajas aquí…``: the words around ``text[start:end]``."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    while left > 0 and not text[left - 1].isspace() and start - left < width + 15:
        left -= 1
    while right < len(text) and not text[right].isspace() and right - end < width + 15:
        right += 1
    head = "…" if left > 0 else ""
    tail = "…" if right < len(text) else ""
    return f"{head}{text[left:right].strip()}{tail}"


def mid_sentence_capitals(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital in the middle of a sentence: proper nouns."""
    found: set[str] = set()
    for text in texts:
        for match in re.finditer(r"(?<=[a-záéíóúñü,] )[A-ZÁÉÍÓÚÑ][^\W\d_]+", text):
            found.add(match.group())
    return frozenset(found)


# --- register: Spanish *usted* -------------------------------------------------


def _informal(text: str, masked: str, ctx: Context) -> Iterator[tuple[str, str]]:
    lex = ctx.lex
    if not lex.informal_words and not lex.informal_forms:
        return
    for match in _WORD.finditer(masked):
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
    return _enclitic_imperative(lower, lex)


def _enclitic_imperative(lower: str, lex: Lexicon, *, formal: bool = False) -> bool:
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


def clause_start(text: str, start: int, lang: str, *, after_if: bool = True) -> bool:
    """Whether the word at ``start`` begins a clause: the text's or a sentence's start,
    after a colon or semicolon, or (``after_if``) after the comma closing an opening
    ``Si …,`` (not used for the register check: "Si recomienda, valora o comenta…")."""
    before = text[:start].rstrip(_OPENING)
    if not before or before[-1] in _CLAUSE_END:
        return True
    if not after_if or not before.endswith(","):
        return False
    sentence_at = max(before.rfind(c) for c in _CLAUSE_END) + 1
    sentence = before[sentence_at:].lstrip(_OPENING).lower()
    return sentence.startswith(_CONDITIONALS.get(lang, ())) and sentence.count(",") == 1


# --- spelling: one English variant -------------------------------------------


def _spelling(text: str, masked: str, ctx: Context) -> Iterator[tuple[str, str]]:
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
    for match in _WORD.finditer(masked):
        word = re.sub(rf"[{_APOSTROPHES}]s$", "", match.group())
        lower = word.lower()
        if lower in other and lower not in ctx.lex.spelling_ambiguous:
            yield (
                "spelling",
                f'{variant} spelling "{word}" in an {ctx.spelling} document (write '
                f'"{other[lower]}") in "{excerpt(text, match.start(), match.end())}"',
            )


# --- punctuation and colons ----------------------------------------------------


def _punctuation(text: str, masked: str) -> Iterator[tuple[str, str]]:
    for match in _REPEATED.finditer(masked):
        yield (
            "punctuation",
            f'repeated punctuation "{match.group()}" in '
            f'"{excerpt(text, match.start(), match.end())}"',
        )


def _colon(text: str, ctx: Context) -> Iterator[tuple[str, str]]:
    """A capital after a colon in running text, unless a proper noun or a label."""
    allowed = ctx.capitalised | {w for name in ctx.names for w in _WORD.findall(name)}
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


def _terms(text: str, ctx: Context) -> Iterator[tuple[str, str]]:
    for preferred, avoid in ctx.lex.terms.items():
        for variant in avoid:
            pattern = rf"(?<!\w){re.escape(variant)}(?!\w)"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                yield (
                    "term",
                    f'"{match.group()}" where the glossary says "{preferred}" in '
                    f'"{excerpt(text, match.start(), match.end())}"',
                )


# --- custom items: a rule, or at least a sentence --------------------------------


def states_rule(text: str, lex: Lexicon) -> bool:
    """Whether a custom item's text states a rule.

    True when a clause (the text, a sentence, what follows a colon or a semicolon,
    or what follows an opening "If …," / "Si …,") starts with a rule opener (never,
    do not, nunca, no…) or an imperative, or when a modal (must, may, debe, puede,
    prohibido…) stands in a clause's main part, before its first comma.
    """
    for clause in _clauses(text, lex.lang):
        words = _WORD.findall(clause)
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
        if _enclitic_imperative(first, lex) or _enclitic_imperative(first, lex, formal=True):
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
    words = [w.lower() for w in _WORD.findall(text)]
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
        part = part.strip(_OPENING)
        yield part
        if part.lower().startswith(_CONDITIONALS.get(lang, ())) and "," in part:
            yield part.split(",", 1)[1].strip(_OPENING)


def _mask(text: str, names: Iterable[str]) -> str:
    """Blank out URLs, addresses and proper names, keeping every position."""
    masked = _MASK.sub(lambda m: " " * len(m.group()), text)
    for name in names:
        if name:
            masked = masked.replace(name, " " * len(name))
    return masked
