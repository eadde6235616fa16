"""The ``policy`` command: parse options, call the library, report, exit.

This is the only module that catches ``PolicyError``. Exit codes: 0 success,
1 inputs checked and found wanting, 2 usage error, 3 a bug (``--debug`` shows
the traceback).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from policy_builder import __version__
from policy_builder.chars import printable
from policy_builder.cli_style import PolicyCommand, PolicyGroup, report_usage_error
from policy_builder.errors import ExitCode, InvalidConfigError, PolicyError, UsageError
from policy_builder.naming import FORMATS

app = typer.Typer(
    name="policy",
    cls=PolicyGroup,  # `policy` alone: the help, exit 0; click's errors in our style
    help="Validate social-media policies written in YAML and publish them as bilingual "
    "handbooks (Markdown, HTML, PDF).\n\n"
    "Exit codes: 0 success, 1 the inputs were checked and found wanting, 2 usage error, "
    "3 internal error (add --debug before the command to see its traceback).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


class OptionError(UsageError):
    """A bad value on the command line: reported like click's own usage errors, with
    the hint to run the command's ``--help``."""


def _guarded(command: F) -> F:
    """Turn every failure into one clear line on stderr and an exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except InvalidConfigError as exc:
            for issue in exc.issues:
                typer.echo(str(issue), err=True)
            raise typer.Exit(exc.exit_code) from None
        except OptionError as exc:
            report_usage_error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except PolicyError as exc:
            typer.echo(printable(f"error: {exc}"), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing half-written was left behind", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if _state["debug"]:
                traceback.print_exc()
            typer.echo(
                printable(
                    f"internal error (a bug in policy-builder {__version__}): "
                    f"{type(exc).__name__}: {exc}. Run again with --debug for the traceback."
                ),
                err=True,
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return run  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policy-builder {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    _state["debug"] = debug


Paths = Annotated[
    list[Path],
    typer.Argument(
        help="Config files, or folders of *.yaml configs.", metavar="PATH", show_default=False
    ),
]
# One metavar per option name, whichever command it is on.
FORMAT, FORMATS_CSV, LANG, LANGS_CSV = "FORMAT", "FORMAT[,FORMAT]", "LANG", "LANG[,LANG]"


@app.command(cls=PolicyCommand)
@_guarded
def validate(
    paths: Paths,
    output_format: Annotated[
        str, typer.Option("--format", help="Report format: text, or json for CI.", metavar=FORMAT)
    ] = "text",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also check against the versions published in DIR: each keeps its "
            "changelog entry and the version does not go back.",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    lint: Annotated[
        bool,
        typer.Option(
            "--lint",
            help="Also review the config's own texts (custom items, changelog, route, "
            "framework) as `policy i18n lint` does; findings are warnings.",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="With --lint, exit 1 when there is any finding.")
    ] = False,
) -> None:
    """Check configs against the schema and the policy rules.

    Every problem is reported, one line each: file:line:col: field: message.

    Exit codes: 0 all valid, 1 any invalid, 2 usage error, 3 internal error.
    """
    from policy_builder import report
    from policy_builder.commands.build import check
    from policy_builder.sources import discover

    fmt = _one_of(output_format, ("text", "json"), "--format")
    sources = discover(paths)
    results = [check(path, out_dir=out) for path in sources]
    warnings = _lint_configs(sources, results) if lint else []
    if fmt == "json":
        typer.echo(report.validation_json(results, warnings if lint else None))
    else:
        typer.echo(report.validation_text(results, warnings if lint else None))
    wanting = not all(r.valid for r in results) or (strict and bool(warnings))
    raise typer.Exit(ExitCode.FOUND_WANTING if wanting else ExitCode.OK)


def _lint_configs(sources: list[Path], results: list[Any]) -> list[Any]:
    """``validate --lint``: the prose checks on each valid config's own texts."""
    from policy_builder.lint.run import lint_config
    from policy_builder.pipeline.validate import load_valid

    return [
        warning
        for path, result in zip(sources, results, strict=True)
        if result.valid
        for warning in lint_config(load_valid(path, result.file))
    ]


@app.command(cls=PolicyCommand)
@_guarded
def build(
    paths: Paths,
    out: Annotated[
        Path, typer.Option("--out", help="Folder to publish into.", metavar="DIR")
    ] = Path("output"),
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"Formats to build, comma-separated: {', '.join(FORMATS)}.",
            metavar=FORMATS_CSV,
        ),
    ] = ",".join(FORMATS),
    langs: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Languages to build, comma-separated, such as es,en (default: all the policy's).",
            metavar=LANGS_CSV,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite a published version built from other content (recorded in its "
            "manifest). Normally you bump the version instead.",
        ),
    ] = False,
) -> None:
    """Build each config's handbook and its manifest.

    Each is written to DIR/<slug>/<version>/. Configs that do not validate are
    reported and skipped; nothing is written for them. A published version never
    changes: rebuilding it from the same content writes nothing, from other content
    is refused (see --force).

    Exit codes: 0 every config built or already published, 1 any failed, 2 usage
    error, 3 internal error.
    """
    from policy_builder import report
    from policy_builder.commands.build import build as build_one
    from policy_builder.errors import PublishedVersionError, TamperedError
    from policy_builder.sources import discover

    wanted = _csv(formats, FORMATS, "--format")
    lang_list = _csv(langs, None, "--lang") if langs else None
    configs = discover(paths)
    states: list[str] = []
    for path in configs:
        try:
            result = build_one(path, out_dir=out, langs=lang_list, formats=wanted, force=force)
        except InvalidConfigError as exc:
            states.append("failed")
            _skip(path, exc, "not built")
            continue
        except (PublishedVersionError, TamperedError) as exc:
            states.append("failed")
            typer.echo(printable(f"error: {path}: {exc}"), err=True)
            continue
        states.append(result.state)
        typer.echo(report.build_text(result, Path.cwd()))
    if len(configs) > 1:
        typer.echo(report.build_summary(states))
    raise typer.Exit(ExitCode.FOUND_WANTING if "failed" in states else ExitCode.OK)


@app.command(cls=PolicyCommand)
@_guarded
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            help="Config file or published version folder.", metavar="OLD", show_default=False
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            help="Config file or published version folder.", metavar="NEW", show_default=False
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the report and of the redline "
            "(default: the new policy's prevailing language; redline in all).",
            metavar=LANG,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="Report format: text, json or html.", metavar=FORMAT)
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Write the report to FILE instead of the terminal.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    changelog_entry: Annotated[
        bool,
        typer.Option(
            "--changelog-entry", help="Print a draft changelog entry for NEW, in every language."
        ),
    ] = False,
) -> None:
    """Show what changed between two versions of a policy.

    OLD and NEW are config files or published version folders. The report lists the
    semantic changes, a redline and translation drift.

    Exit codes: 0 equivalent, 1 different, 2 usage error or an input that cannot be
    read, 3 internal error.
    """
    from policy_builder.commands.diff import compare
    from policy_builder.i18n import variants
    from policy_builder.pipeline.write import atomic_write
    from policy_builder.report import diff as diff_report

    fmt = _one_of(output_format, ("text", "json", "html"), "--format")
    if output is not None:
        _refuse_overwriting_inputs(output, old, new)
    result = compare(old, new)
    for side in (result.old, result.new):
        if side.note:
            typer.echo(f"note: {side.label}: {side.note}", err=True)
    if lang is not None:  # a code or a tag: each version is redlined in its own variant
        if variants.base(lang) not in result.languages or (
            not variants.is_base(lang) and lang not in result.tags
        ):
            raise OptionError(
                f"--lang {lang}: both versions are published in {', '.join(result.tags)}"
            )
        lang = variants.base(lang)
    words = lang or result.new.policy.authoritative_language
    if words not in result.languages:
        words = result.languages[0]
    redline_langs = [lang] if lang else list(result.languages)
    if changelog_entry:
        report = diff_report.changelog_entry(result, words, dt.date.today())
    elif fmt == "json":
        report = diff_report.as_json(result) + "\n"
    elif fmt == "html":
        report = diff_report.html(result, words, redline_langs)
    else:
        report = diff_report.text(result, words, redline_langs) + "\n"
    if output is None:
        typer.echo(report, nl=False)
    else:
        try:
            atomic_write(output, report.encode())
        except OSError as exc:
            raise UsageError(f"--output {output}: {exc.strerror or exc}") from None
        typer.echo(printable(f"wrote {output}"), err=True)
    raise typer.Exit(ExitCode.OK if result.equivalent else ExitCode.FOUND_WANTING)


@app.command(cls=PolicyCommand)
@_guarded
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Check that everything handbooks need is installed.

    Prints the versions the handbook is rendered with (tool, WeasyPrint, Pango,
    HarfBuzz and its subsetter, fontTools, bundled fonts) and what to install when
    something is missing.

    Exit codes: 0 ready, 1 something required is missing, 2 usage error, 3 internal
    error.
    """
    from policy_builder import report
    from policy_builder.commands.doctor import diagnose

    diagnosis = diagnose()
    typer.echo(report.doctor_json(diagnosis) if as_json else report.doctor_text(diagnosis))
    raise typer.Exit(ExitCode.OK if diagnosis.healthy else ExitCode.FOUND_WANTING)


@app.command(cls=PolicyCommand)
@_guarded
def schema() -> None:
    """Print the config's JSON Schema (Draft 2020-12).

    Exit codes: 0 printed, 2 usage error, 3 internal error.
    """
    from policy_builder import resources

    typer.echo(resources.schema_path().read_text(encoding="utf-8"), nl=False)


@app.command(cls=PolicyCommand)
@_guarded
def init(
    slug: Annotated[
        str,
        typer.Argument(
            help="Short name of the company, such as acme or banco-sur.", metavar="SLUG"
        ),
    ],
    directory: Annotated[
        Path, typer.Option("--dir", help="Folder to write the config in.", metavar="DIR")
    ] = Path("company_configs"),
) -> None:
    """Write a starter config that validates as written.

    The commented config is written to DIR/SLUG.yaml; an existing file is never
    overwritten.

    Exit codes: 0 written, 2 usage error (the file exists, the slug or the folder
    cannot be used), 3 internal error.
    """
    from policy_builder.commands.init import write_starter

    path = write_starter(slug, directory, dt.date.today())
    typer.echo(printable(f"wrote {path}; fill it in, then run: policy validate {path}"))


@app.command(cls=PolicyCommand)
@_guarded
def status(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Config files, or folders of *.yaml configs [default: company_configs].",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder of published builds.", metavar="DIR")
    ] = Path("output"),
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Count days from this date instead of today.",
            metavar="YYYY-MM-DD",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for CI.")] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the report.", metavar=LANG)
    ] = "en",
) -> None:
    """List every policy's review dates and the state of its build.

    One row per policy, most urgent first: version, review dates, days to the next
    review, and whether its build in DIR is current, missing, stale or tampered. The
    table fits the terminal's width (80 columns when piped).

    Exit codes: 0 all in order, 1 a review overdue, a config invalid or a published
    build tampered, 2 usage error, 3 internal error.
    """
    import shutil

    from policy_builder import report
    from policy_builder.commands.status import status as policy_status
    from policy_builder.i18n import variants
    from policy_builder.i18n.catalogue import available_languages
    from policy_builder.sources import discover

    words = _one_of(lang, (*available_languages(), *variants.all_tags()), "--lang")
    day = _date(today, "--today") if today else dt.date.today()
    rows = policy_status(discover(paths or [Path("company_configs")]), out_dir=out, today=day)
    width = shutil.get_terminal_size().columns
    if as_json:
        typer.echo(report.status_json(rows, words))
    elif sys.stdout.isatty():
        typer.echo(report.status_rich(rows, width, words), nl=False)
    else:
        typer.echo(report.status_text(rows, words, width))
    failing = any(r.overdue or r.build in ("invalid", "tampered") for r in rows)
    raise typer.Exit(ExitCode.FOUND_WANTING if failing else ExitCode.OK)


@app.command(cls=PolicyCommand)
@_guarded
def changelog(
    paths: Paths,
    output_format: Annotated[
        str, typer.Option("--format", help="Report format: text, md or json.", metavar=FORMAT)
    ] = "text",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the texts (default: each policy's prevailing language; "
            "json has them all).",
            metavar=LANG,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print each policy's recorded history, newest version first.

    Configs that do not validate are reported on stderr and skipped.

    Exit codes: 0 all valid, 1 any invalid, 2 usage error or a language the policy is
    not written in, 3 internal error.
    """
    from policy_builder import report
    from policy_builder.commands.changelog import changelog as history_of
    from policy_builder.sources import discover

    fmt = _one_of(output_format, ("text", "md", "json"), "--format")
    histories = []
    failed = 0
    for path in discover(paths):
        try:
            histories.append(history_of(path))
        except InvalidConfigError as exc:
            failed += 1
            _skip(path, exc, "skipped")
    langs = [h.language(lang) for h in histories]  # every --lang problem before any output
    if fmt == "json":
        typer.echo(report.changelog_json(histories))
    elif histories:
        render = report.changelog_markdown if fmt == "md" else report.changelog_text
        typer.echo("\n\n".join(render(h, lg) for h, lg in zip(histories, langs, strict=True)))
    raise typer.Exit(ExitCode.FOUND_WANTING if failed else ExitCode.OK)


i18n_app = typer.Typer(
    help="Review the handbook's prose in every language.\n\n"
    "Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error, "
    "3 internal error (a bug).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(i18n_app, name="i18n")
_LintPaths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Configs to review, files or folders [default: company_configs].",
        show_default=False,
        metavar="PATH",
    ),
]


@i18n_app.command("lint", cls=PolicyCommand)
@_guarded
def i18n_lint(paths: _LintPaths = None) -> None:
    """Review the prose of each config's handbook in every language it publishes.

    Renders each config and reports tú forms in Spanish, the other English spelling
    variant, repeated punctuation, a capital after a colon, terms the glossary forbids
    and custom items that state no rule, one line per finding:
    FILE [LANG] § SECTION: message.

    Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error,
    3 internal error (a bug).
    """
    from policy_builder import report
    from policy_builder.lint.run import lint_file
    from policy_builder.sources import discover

    findings = []
    failed = 0
    sources = discover(paths or [Path("company_configs")])
    for path in sources:
        try:
            findings += lint_file(path)
        except InvalidConfigError as exc:
            failed += 1
            _skip(path, exc, "not reviewed")
    typer.echo(report.lint_text(findings, len(sources)))
    raise typer.Exit(ExitCode.FOUND_WANTING if findings or failed else ExitCode.OK)


def _skip(path: Path, exc: InvalidConfigError, what: str) -> None:
    """Report an invalid config that a many-config command leaves out."""
    for issue in exc.issues:
        typer.echo(str(issue), err=True)
    typer.echo(printable(f"{path}: {what} ({exc.message})"), err=True)


def _refuse_overwriting_inputs(output: Path, *inputs: Path) -> None:
    """``diff --output`` must not replace OLD or NEW, nor write into a published folder."""
    for name, given in zip(("OLD", "NEW"), inputs, strict=True):
        try:
            same = output.exists() and given.exists() and output.samefile(given)
            target, source = output.resolve(), given.resolve()
        except (OSError, RuntimeError, ValueError):
            continue  # not a path that can be written anyway: atomic_write reports it
        if same or target == source or (given.is_dir() and target.is_relative_to(source)):
            raise UsageError(
                f"--output {output} would overwrite {name} ({given}); write the report elsewhere"
            )


def _one_of(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise OptionError(f"{option} must be one of {', '.join(allowed)} (got '{value}')")
    return value


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OptionError(f"{option} must be a date such as 2026-11-23 (got '{value}')") from None


def _csv(value: str, allowed: tuple[str, ...] | None, option: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise OptionError(f"{option} needs at least one value")
    unknown = [v for v in items if allowed is not None and v not in allowed]
    if unknown and allowed is not None:
        raise OptionError(
            f"{option}: unknown value {', '.join(unknown)} (choose from {', '.join(allowed)})"
        )
    return items


def main() -> None:
    """Console-script entry point."""
    sys.exit(app(prog_name="policy", standalone_mode=True))
