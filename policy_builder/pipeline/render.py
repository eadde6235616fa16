"""Stage 4: one language's handbook → Markdown → self-contained HTML.

Templates run in Jinja's sandbox with ``StrictUndefined`` and see only the
resolved ``Handbook``. Config text is data: the Markdown environment escapes
every value for Markdown (so it cannot become a heading, a link or HTML), and
markdown-it renders with raw HTML off, images off and links limited to
http(s), mailto and in-page anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from policy_builder import resources
from policy_builder.errors import TemplateError
from policy_builder.i18n import catalogue, variants
from policy_builder.models import Handbook, SectionRef
from policy_builder.pipeline import typeset
from policy_builder.version import __version__

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~!])")
# The Markdown a config's text may use: **bold**, *italic*, [label](http/https/mailto link).
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\s](?:[^*]*[^*\s])?)\*\*"
    r"|\*(?P<em>[^*\s](?:[^*]*[^*\s])?)\*"
    r"|\[(?P<label>[^\[\]]{1,300})\]\((?P<url>(?:https?://|mailto:)[^\s()<>\"]+)\)"
)
# A value placed at the start of a line could open a list ("1. ", "- ", "+ "):
# only a marker followed by a space (or nothing) does, so "2.1.0" and "+34" stay as they are.
_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+=])(?=\s|$)")
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedSection:
    ref: SectionRef
    markdown: str
    html: str


@dataclass(frozen=True)
class RenderedHandbook:
    lang: str
    markdown: str
    html: str
    sections: tuple[RenderedSection, ...]


def md_escape(value: Any) -> Any:
    """Make a config value safe Markdown: the documented subset survives, nothing else.

    ``**bold**``, ``*italic*`` and ``[text](https://…)`` links (http, https, mailto)
    render; every other Markdown or HTML character reaches the reader as itself.
    Control and bidi-override characters are dropped and whitespace collapsed, so a
    value cannot break out of a list item or a table cell either.
    """
    if hasattr(value, "__html__"):  # trusted Markdown built by a template (Markup)
        return value
    text = " ".join(_CONTROL.sub("", " ".join(str(value).split())).split())
    out, pos = [], 0
    for match in _INLINE.finditer(text):
        out.append(_escape(text[pos : match.start()]))
        if match["strong"]:
            out.append(f"**{_escape(match['strong'])}**")
        elif match["em"]:
            out.append(f"*{_escape(match['em'])}*")
        else:
            out.append(md_link(match["url"], match["label"]))
        pos = match.end()
    out.append(_escape(text[pos:]))
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", "".join(out))


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(url: str, label: str | None = None) -> Markup:
    """A Markdown link to ``url`` (http, https or mailto only), as trusted Markdown."""
    if not _SAFE_LINK.match(url) or any(c in url for c in ' <>"\n'):
        return Markup(_escape(label or url))
    target = url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    return Markup(f"[{_escape(label or url)}]({target})")


def upper_first(value: str) -> str:
    """A glossary term at the start of a sentence: ``redes sociales`` → ``Redes sociales``.

    Unlike Jinja's ``capitalize``, the rest is kept as written (``FTC`` stays ``FTC``).
    """
    text = str(value)
    return text[:1].upper() + text[1:]


def css_string(value: str) -> Markup:
    """Trusted catalogue text as the inside of a CSS string."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(escaped.replace("<", "\\3c "))


def render_handbook(hb: Handbook) -> RenderedHandbook:
    """Render one language's handbook to Markdown and HTML."""
    env = _markdown_env(hb.lang)
    t = catalogue.load(hb.lang)
    g = catalogue.glossary(hb.lang)
    sections = []
    for ref in hb.sections:
        body = _render(env, f"sections/{ref.id}.md.j2", hb=hb, t=t, g=g, section=ref).strip()
        markdown = f"## {ref.number}. {md_escape(ref.title)}\n\n{body}\n"
        sections.append(RenderedSection(ref, markdown, _html(markdown, hb)))
    cover = _render(env, "sections/cover.md.j2", hb=hb, t=t, g=g, section=None).strip()
    markdown = "\n\n".join([cover, *(s.markdown.strip() for s in sections)]) + "\n"
    html = _render(
        html_environment(),
        "layout.html.j2",
        hb=hb,
        t=t,
        g=g,
        sections=[(s.ref, Markup(s.html)) for s in sections],
        css=Markup(_css()),
        tool_version=__version__,
    )
    return RenderedHandbook(hb.lang, markdown, html, tuple(sections))


def _html(markdown: str, hb: Handbook) -> str:
    names = [hb.company_name, hb.legal_name]
    return str(_markdown_it().render(markdown, {"lang": hb.lang, "names": names}))


def _render(env: jinja2.Environment, name: str, **context: Any) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}") from None


class _VariantLoader(jinja2.FileSystemLoader):
    """The base language's templates, with the variant's word map applied to their text."""

    def __init__(self, lang: str) -> None:
        root = resources.templates_dir()
        self.language_dir = root / variants.base(lang)
        self.overlay = variants.overlay(lang) if not variants.is_base(lang) else None
        super().__init__([self.language_dir, root / "common"])

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        if self.overlay is not None and Path(filename).is_relative_to(self.language_dir):
            source = self.overlay.rewrite(source)
        return source, filename, uptodate


@cache
def _markdown_env(lang: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_VariantLoader(lang),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: md_escape below is its autoescape
        finalize=md_escape,
        keep_trailing_newline=True,
    )
    env.filters["md_link"] = md_link
    env.filters["upper_first"] = upper_first
    return env


@cache
def html_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(resources.templates_dir() / "common"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    )
    env.filters["css_string"] = css_string
    return env


@cache
def _markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    typeset.install(md)  # paper's hooks: unbreakable dates and addresses, link notes
    return md


# The handbook's style sheets, in the order they cascade: shared rules, screens, paper.
STYLESHEETS = ("handbook.css", "screen.css", "print.css")


@cache
def _css() -> str:
    common = resources.templates_dir() / "common"
    return "\n".join((common / name).read_text(encoding="utf-8") for name in STYLESHEETS)
