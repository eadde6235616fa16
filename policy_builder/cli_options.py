"""The ``policy`` command's arguments and options (their values' parsers: ``cli_values``).

Declared once here so ``cli.py`` reads as a switchboard. One metavar per option
name, whichever command it is on; a list-taking option adds ``[,WORD]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from policy_builder.naming import DEFAULT_PDF_VARIANT, FORMATS, PDF_VARIANTS
from policy_builder.version import __version__

FORMAT, FORMATS_CSV, LANG, LANGS_CSV = "FORMAT", "FORMAT[,FORMAT]", "LANG", "LANG[,LANG]"
ALL_FORMATS = ",".join(FORMATS)
T = TypeVar("T", bound=str)


def _format(text: str, metavar: str = FORMAT) -> Any:
    return typer.Option("--format", help=text, metavar=metavar)


def _argument(text: str, metavar: str) -> Any:
    return typer.Argument(help=text, metavar=metavar, show_default=False)


Paths = Annotated[list[Path], _argument("Config files, or folders of *.yaml configs.", "PATH")]
PathsOrConfigs = Annotated[
    list[Path] | None,
    _argument("Config files, or folders of *.yaml configs [default: company_configs].", "PATH"),
]
LintPaths = Annotated[
    list[Path] | None,
    _argument("Configs to review, files or folders [default: company_configs].", "PATH"),
]
ConfirmLangs = Annotated[
    list[str], _argument("Languages whose translations now say what the others say.", "LANG")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
JsonForCI = Annotated[bool, typer.Option("--json", help="JSON for CI.")]
JsonForScripts = Annotated[bool, typer.Option("--json", help="JSON for scripts.")]


def _print_version(value: bool) -> None:
    """``--version``: print it and exit before anything else runs."""
    if value:
        typer.echo(f"policy-builder {__version__}")
        raise typer.Exit()


Version = Annotated[
    bool,
    typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version."),
]


# policy validate
ValidateFormat = Annotated[str, _format("Report format: text, or json for CI.")]
PublishedIn = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Also check against the versions published in DIR: each keeps its "
        "changelog entry and the version does not go back.",
        metavar="DIR",
        show_default=False,
    ),
]
Lint = Annotated[
    bool,
    typer.Option(
        "--lint",
        help="Also review the config's own texts (custom items, changelog, route, "
        "framework) as `policy i18n lint` does; findings are warnings.",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 when there is any warning: a jurisdiction hint or, with --lint, "
        "a prose finding.",
    ),
]
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Check every config again, and leave the cache of configs found valid "
        "(.policy-cache/, or $POLICY_BUILDER_CACHE) untouched.",
    ),
]

# policy build
BuildOut = Annotated[Path, typer.Option("--out", help="Folder to publish into.", metavar="DIR")]
BuildFormats = Annotated[
    str, _format(f"Formats to build, comma-separated: {', '.join(FORMATS)}.", FORMATS_CSV)
]
BuildLangs = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Languages to build, comma-separated, such as es,en (default: all the policy's).",
        metavar=LANGS_CSV,
        show_default=False,
    ),
]
BuildEdition = Annotated[
    str | None,
    typer.Option(
        "--edition",
        help="Editions to build: languages (one per language), bilingual (two languages "
        "side by side, HTML and PDF) or all (default: all).",
        metavar="EDITION",
        show_default=False,
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Overwrite a published version built from other content (recorded in its "
        "manifest). Normally you bump the version instead.",
    ),
]
Jobs = Annotated[
    str | None,
    typer.Option(
        "--jobs",
        help="Configs built at once, each in a worker process (default: one per usable "
        "core); 1 builds them one after another in this process.",
        metavar="N",
        show_default=False,
    ),
]
Shard = Annotated[
    str | None,
    typer.Option(
        "--shard",
        help="Build only share K of N, such as 2/4: each config belongs to one share, "
        "chosen by its slug, so N CI jobs build every config exactly once.",
        metavar="K/N",
        show_default=False,
    ),
]
BuildList = Annotated[
    bool,
    typer.Option(
        "--list", help="Print the configs the build would build, one per line; build nothing."
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", help="Print only failures and the summary.")]

PdfVariant = Annotated[
    str,
    typer.Option(
        "--pdf-variant",
        help=f"What the PDFs are made as: {', '.join(PDF_VARIANTS)} (PDF/A-3b to archive, "
        "with the config embedded; PDF/UA-1 tagged for screen readers; a plain PDF).",
        metavar="VARIANT",
    ),
]
DEFAULT_VARIANT = DEFAULT_PDF_VARIANT

# policy diff
Old = Annotated[Path, _argument("Config file or published version folder.", "OLD")]
New = Annotated[Path, _argument("Config file or published version folder.", "NEW")]
DiffLang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the report and of the redline "
        "(default: the new policy's prevailing language; redline in all).",
        metavar=LANG,
        show_default=False,
    ),
]
DiffFormat = Annotated[
    str,
    _format("Report format: text, json, html, or docx (Word, tracked changes; needs --output)."),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        help="Write the report to FILE instead of the terminal.",
        metavar="FILE",
        show_default=False,
    ),
]
ChangelogEntry = Annotated[
    bool,
    typer.Option(
        "--changelog-entry", help="Print a draft changelog entry for NEW, in every language."
    ),
]

# policy status, doctor, init, changelog
PublishedOut = Annotated[
    Path, typer.Option("--out", help="Folder of published builds.", metavar="DIR")
]
Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Count days from this date instead of today.",
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]
StatusLang = Annotated[str, typer.Option("--lang", help="Language of the report.", metavar=LANG)]
Slug = Annotated[
    str,
    typer.Argument(help="Short name of the company, such as acme or banco-sur.", metavar="SLUG"),
]
InitDir = Annotated[
    Path, typer.Option("--dir", help="Folder to write the config in.", metavar="DIR")
]
ChangelogFormat = Annotated[str, _format("Report format: text, md or json.")]
ChangelogLang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the texts (default: each policy's prevailing language; "
        "json has them all).",
        metavar=LANG,
        show_default=False,
    ),
]

# policy impact
Regulation = Annotated[
    str, typer.Argument(help="Id of the regulation, such as eu_gdpr.", metavar="REGULATION")
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="The date the regulation changed, instead of its catalogue entry's as_of.",
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]

# policy explain
ExplainConfig = Annotated[
    Path, _argument("The config to explain (a company's or a base).", "CONFIG")
]
ExplainField = Annotated[
    str | None,
    _argument(
        "Only this field, as a dotted path: company.country, banned_content, or an item "
        "by its id, banned_content.political_content.",
        "FIELD",
    ),
]
