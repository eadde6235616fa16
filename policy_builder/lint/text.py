"""What every prose check shares: the document's context, words, clauses and excerpts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from policy_builder.lint.data import Lexicon, lexicon

# What a finding is about: one name per check (``rule``: a custom item states no rule).
Check = Literal["informal", "spelling", "punctuation", "colon", "term", "rule"]
Found = tuple[Check, str]  # a check's finding in one text: (check, message)

APOSTROPHES = "'\u2019"
WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}][^\W\d_]+)*")
_MASK = re.compile(
    r"(?:https?://|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|#[\w-]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:example|com|org|net|es|mx|gov|eu|io)\b"
)
CLAUSE_END = ".:;!?"
OPENING = " \t*_«“\"'(¿¡\u2014\u2013-"
CONDITIONALS = {
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


def clause_start(text: str, start: int, lang: str, *, after_if: bool = True) -> bool:
    """Whether the word at ``start`` begins a clause: the text's or a sentence's start,
    after a colon or semicolon, or (``after_if``) after the comma closing an opening
    ``Si …,`` (not used for the register check: "Si recomienda, valora o comenta…")."""
    before = text[:start].rstrip(OPENING)
    if not before or before[-1] in CLAUSE_END:
        return True
    if not after_if or not before.endswith(","):
        return False
    sentence_at = max(before.rfind(c) for c in CLAUSE_END) + 1
    sentence = before[sentence_at:].lstrip(OPENING).lower()
    return sentence.startswith(CONDITIONALS.get(lang, ())) and sentence.count(",") == 1


def mask(text: str, names: Iterable[str]) -> str:
    """Blank out URLs, addresses and proper names, keeping every position."""
    masked = _MASK.sub(lambda m: " " * len(m.group()), text)
    for name in names:
        if name:
            masked = masked.replace(name, " " * len(name))
    return masked
