"""Stage 4: one language's handbook → Markdown → self-contained HTML.

Templates run in Jinja's sandbox with ``StrictUndefined`` and see only the
resolved ``Handbook``. Config text is data: the Markdown environment escapes
every value for Markdown (so it cannot become a heading, a link or HTML), and
markdown-it renders with raw HTML off, images off and links limited to
http(s), mailto and in-page anchors.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

from policy_builder import resources
from policy_builder.errors import TemplateError
from policy_builder.i18n import catalogue, variants
from policy_builder.models import Handbook, SectionRef
from policy_builder.pipeline import brand, typeset
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
        page = f"sections/{ref.id}.md.j2"
        body = _render(env, page, hb=hb, t=t, g=g, section=ref, part="all").strip()
        markdown = f"## {ref.number}. {md_escape(ref.title)}\n\n{body}\n"
        html = _html(markdown, hb)
        if ref.id == "acknowledgement":  # the HTML and PDF draw a signing block instead
            html = _signing(env, hb, t, g, ref)
        sections.append(RenderedSection(ref, markdown, html))
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
        palette=brand.palette(hb.brand_color),
        script=Markup(_script()[0]),
        script_hash=_script()[1],
        tool_version=__version__,
    )
    return RenderedHandbook(hb.lang, markdown, html, tuple(sections))


def _signing(env: jinja2.Environment, hb: Handbook, t: Any, g: Any, ref: SectionRef) -> str:
    """The acknowledgement in HTML: its heading and introduction, then the signing block
    (``common/acknowledgement.html.j2``) holding the declaration twice, one copy for the
    company and one for the employee, with form fields instead of lines to write on."""
    page = f"sections/{ref.id}.md.j2"
    intro, declaration = (
        _html(_render(env, page, hb=hb, t=t, g=g, section=ref, part=part), hb)
        for part in ("intro", "declaration")
    )
    heading = _html(f"## {ref.number}. {md_escape(ref.title)}\n", hb)
    block = _render(
        html_environment(), "acknowledgement.html.j2", hb=hb, t=t, declaration=Markup(declaration)
    )
    return str(heading + intro + block)


def _html(markdown: str, hb: Handbook) -> str:
    # Never hyphenated: the company's names, and each word of its short name, which the
    # text also uses alone ("Meridiano", "Atalaya").
    names = [hb.company_name, hb.legal_name, *re.findall(r"\w{4,}", hb.company_name)]
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
    md.core.ruler.push("cell_labels", _label_cells)
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    typeset.install(md)  # paper's hooks: unbreakable dates and addresses, link notes
    return md


def _label_cells(state: StateCore) -> None:
    """Give each body cell its column's header as ``data-label``: on a phone a table row
    becomes a card of label/value lines (screen.css), and the Markdown stays a table."""
    labels: list[str] = []
    column, in_head = 0, False
    for token in state.tokens:
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
            labels = [] if in_head else labels
        elif token.type == "tr_open":
            column = 0
        elif token.type == "inline" and in_head:
            labels.append("".join(c.content for c in token.children or () if c.type == "text"))
        elif token.type == "td_open":
            if column < len(labels) and labels[column]:
                token.attrSet("data-label", labels[column])
            column += 1


# The handbook's style sheets, in the order they cascade: shared rules, screens, paper.
STYLESHEETS = ("handbook.css", "screen.css", "print.css", "acknowledgement.css")


@cache
def _css() -> str:
    common = resources.templates_dir() / "common"
    return "\n".join((common / name).read_text(encoding="utf-8") for name in STYLESHEETS)


@cache
def _script() -> tuple[str, str]:
    """The page's one script (progressive enhancement) and its hash for the page's CSP."""
    text = (resources.templates_dir() / "common" / "handbook.js").read_text(encoding="utf-8")
    text = text.strip()
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode("ascii")
    return text, f"sha256-{digest}"
