"""Editions of a handbook: one per language, and the bilingual one, side by side.

A bilingual edition pairs the prevailing language with another of the policy's
languages. It is published as HTML and PDF only (Markdown has no columns) under the
two tags joined by ``+``, prevailing first: ``acme-social-media-policy.en-US+es-MX.pdf``
(``naming.artifact_name`` with ``en-US+es-MX`` as its language). A policy with two
languages has one bilingual edition; a policy with one has none.
"""

from __future__ import annotations

from collections.abc import Sequence

LANGUAGES, BILINGUAL = "languages", "bilingual"
EDITIONS = (LANGUAGES, BILINGUAL)
CHOICES = ("all", LANGUAGES, BILINGUAL)  # what --edition takes; "all" is both
DEFAULT = EDITIONS  # a two-language policy gets its bilingual edition unless told otherwise
FORMATS = ("html", "pdf")  # what the bilingual edition is published in
JOIN = "+"


def chosen(choice: str) -> tuple[str, ...]:
    """The editions ``--edition`` names (``all``: both)."""
    return EDITIONS if choice == "all" else (choice,)


def joined(tags: Sequence[str]) -> str:
    """``("en-US", "es-MX")`` → ``en-US+es-MX``: a bilingual edition's language."""
    return JOIN.join(tags)


def tags_of(lang: str) -> tuple[str, ...]:
    """``en-US+es-MX`` → ``("en-US", "es-MX")``; a single tag → itself."""
    return tuple(lang.split(JOIN))


def is_bilingual(lang: str) -> bool:
    return JOIN in lang


def pairs(tags: Sequence[str], prevailing: str) -> tuple[tuple[str, str], ...]:
    """The bilingual editions of a build of ``tags``: the prevailing language (or, when
    it is not among them, the first) beside each other one; none for a single tag."""
    if len(tags) < 2:
        return ()
    first = prevailing if prevailing in tags else tags[0]
    return tuple((first, other) for other in tags if other != first)


def wanted(
    tags: Sequence[str], prevailing: str, formats: Sequence[str], editions: Sequence[str]
) -> frozenset[tuple[str, str]]:
    """Every (language, format) a build of ``tags`` in ``formats`` and ``editions`` makes."""
    made: set[tuple[str, str]] = set()
    if LANGUAGES in editions:
        made |= {(tag, fmt) for tag in tags for fmt in formats}
    if BILINGUAL in editions:
        both = [joined(pair) for pair in pairs(tags, prevailing)]
        made |= {(lang, fmt) for lang in both for fmt in formats if fmt in FORMATS}
    return frozenset(made)


def notes(
    tags: Sequence[str], editions: Sequence[str], formats: Sequence[str] = FORMATS
) -> tuple[str, ...]:
    """Why the bilingual edition, asked for by name, is not built: a note, not an error."""
    if BILINGUAL not in editions:
        return ()
    if not set(formats) & set(FORMATS):
        asked = " or ".join(formats)
        return (f"no bilingual edition: it is published as html and pdf, not {asked}",)
    if len(tags) > 1:
        return ()
    one = f" ({tags[0]})" if tags else ""
    return (f"no bilingual edition: it needs two languages and this build has one{one}",)


def unchanged_notes(langs: Sequence[str], editions: Sequence[str] | None) -> tuple[str, ...]:
    """``notes`` of a build found current without loading its config: asked for by name,
    a bilingual edition is missing from a current version only when it has one language."""
    if editions is None or any(is_bilingual(lang) for lang in langs):
        return ()
    return notes(list(langs)[:1], editions)
