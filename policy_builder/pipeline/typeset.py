"""Typesetting hooks the Markdown → HTML step adds for paper (print.css styles them).

A markdown-it core rule, run after the inline parse, so it sees the text as the
reader will (never raw config input, never HTML):

- a date (``13 de enero de 2025``, ``January 13, 2025``, ``13 January 2025``), an
  e-mail address and an international phone number (``+1 (512) 555-0148``) are wrapped
  in ``<span class="nobr">``, which a line never breaks;
- every external link is followed by ``<span class="link-note">`` holding its address,
  which paper prints as a footnote (screens hide it); a raw address shown as its own
  link text has its scheme and path in ``url-scheme``/``url-path`` spans, so paper
  prints the short site name in the line and the whole address in the note;
- the company's names (``env["names"]``) are wrapped in ``<span class="name">``, which
  paper never hyphenates (``Tona-lli`` would misspell a brand);
- in Spanish, straight or English quotation marks around a phrase of the config's
  text become « », as Spanish typography has them.

Only tokens are added: the text itself is escaped by markdown-it's renderer as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from babel.dates import get_month_names
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# An international number as the schema allows it: +, digits, spaces and ( ) . / -
_PHONE = r"\+\d[\d ().\/-]{5,}\d"
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,200})[\"”]")
_RAW_URL = re.compile(r"^(?P<scheme>https?://)(?P<site>[^/?#]+)(?P<path>.*)$")


@cache
def _keep_together(lang: str) -> str:
    """Dates in ``lang``'s long form, e-mail addresses and phone numbers."""
    locale = lang.replace("-", "_")
    months = "|".join(sorted(map(re.escape, get_month_names("wide", locale=locale).values())))
    dates = (
        rf"\d{{1,2}} de (?:{months}) de \d{{4}}"  # es: 13 de enero de 2025
        rf"|(?:{months}) \d{{1,2}}, \d{{4}}"  # en-US: January 13, 2025
        rf"|\d{{1,2}} (?:{months}) \d{{4}}"  # en-GB: 13 January 2025
    )
    return rf"(?P<nobr>{dates}|{_EMAIL}|{_PHONE})"


@cache
def _pattern(lang: str, names: tuple[str, ...]) -> re.Pattern[str]:
    kept = _keep_together(lang)
    longest_first = sorted((n for n in set(names) if n.strip()), key=len, reverse=True)
    if longest_first:
        kept += "|(?P<name>" + "|".join(map(re.escape, longest_first)) + ")"
    return re.compile(rf"(?<![\w.+-])(?:{kept})(?![\w])", re.IGNORECASE)


def install(md: MarkdownIt) -> None:
    """Add the typesetting rule to ``md``.

    It reads the language from ``env["lang"]`` and the names never to hyphenate from
    ``env["names"]``.
    """
    md.core.ruler.push("typeset", _typeset)


def _typeset(state: StateCore) -> None:
    env = state.env if isinstance(state.env, dict) else {}
    lang = str(env.get("lang", "en"))
    pattern = _pattern(lang, tuple(env.get("names", ())))
    spanish = lang.split("-")[0] == "es"
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = list(_inline(token.children, pattern, spanish))


def _inline(children: list[Token], pattern: re.Pattern[str], spanish: bool) -> Iterator[Token]:
    href: str | None = None
    for child in children:
        if child.type == "link_open":
            target = str(child.attrs.get("href", ""))
            href = target if target.lower().startswith(("http://", "https://")) else None
            yield child
        elif child.type == "link_close":
            yield child
            if href is not None:
                yield from _wrapped("link-note", href)
            href = None
        elif child.type == "text" and href is not None and child.content == href:
            url = _RAW_URL.match(href)
            if url is None:
                yield child
                continue
            yield from _wrapped("url-scheme", url["scheme"])
            yield _text(url["site"])
            if url["path"]:
                yield from _wrapped("url-path", url["path"])
        elif child.type == "text":
            content = _QUOTED.sub(r"«\1»", child.content) if spanish else child.content
            yield from _kept_together(content, pattern)
        else:
            yield child


def _kept_together(content: str, pattern: re.Pattern[str]) -> Iterator[Token]:
    pos = 0
    for match in pattern.finditer(content):
        if match.start() > pos:
            yield _text(content[pos : match.start()])
        yield from _wrapped("nobr" if match["nobr"] else "name", match[0])
        pos = match.end()
    if pos < len(content):
        yield _text(content[pos:])


def _wrapped(css_class: str, content: str) -> Iterator[Token]:
    yield Token("html_inline", "", 0, content=f'<span class="{css_class}">')
    yield _text(content)
    yield Token("html_inline", "", 0, content="</span>")


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)
