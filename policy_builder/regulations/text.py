"""An entry's texts in one language variant: the variant's word overlay (en-GB
spelling, es-MX vocabulary) and the glossary's ``{g.term}`` names, as the catalogue's
own strings get them."""

from __future__ import annotations

from policy_builder.errors import TemplateError
from policy_builder.i18n import catalogue, variants


def localized(text: str, tag: str) -> str:
    """``text`` (written in ``tag``'s base language) as the variant ``tag`` reads it."""
    rewritten = variants.overlay(tag).rewrite(text)
    terms = catalogue.glossary(tag)

    def term(match: object) -> str:
        name = match[1]  # type: ignore[index]
        if name not in terms:
            raise TemplateError(f"a regulation's text uses {{g.{name}}}, not in the {tag} glossary")
        return str(terms[name])

    return catalogue.GLOSSARY_REF.sub(term, rewritten)
