"""The ``policy`` command: parse options, call one command, report, exit.

Each command calls one function of ``policy_builder.commands``, hands its result
to ``policy_builder.report`` and exits with the code the result calls for. This is
the only module that catches ``PolicyError``. Exit codes: 0 success, 1 inputs
checked and found wanting, 2 usage error, 3 a bug (``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from policy_builder import cli_help
from policy_builder import cli_options as opt
from policy_builder.chars import printable
from policy_builder.cli_style import PolicyCommand, PolicyGroup, report_usage_error
from policy_builder.errors import ExitCode, InvalidConfigError, OptionError, PolicyError
from policy_builder.version import __version__

if TYPE_CHECKING:
    from policy_builder.report.printout import Printout

app = typer.Typer(
    name="policy",
    cls=PolicyGroup,  # `policy` alone: the help, exit 0; click's errors in our style
    help=cli_help.POLICY,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


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


def _command(text: str, group: typer.Typer = app, name: str | None = None) -> Callable[[F], F]:
    """Register a guarded command with ``text`` as its help."""

    def register(command: F) -> F:
        return group.command(name, cls=PolicyCommand, help=text)(_guarded(command))

    return register


def _show(printed: Printout) -> None:
    """Print what a report made: stderr first (what was left out or noted), then stdout."""
    if printed.err:
        typer.echo(printed.err, err=True, nl=False)
    if printed.out:
        typer.echo(printed.out, nl=False)


def _exit(printed: Printout, code: ExitCode) -> NoReturn:
    """Show what the report made and exit with the code the result calls for."""
    _show(printed)
    raise typer.Exit(code)


@app.callback()
def _main(
    debug: opt.Debug = False,
    version: opt.Version = False,
) -> None:
    _state["debug"] = debug


@_command(cli_help.VALIDATE)
def validate(
    paths: opt.Paths,
    output_format: opt.ValidateFormat = "text",
    out: opt.PublishedIn = None,
    lint: opt.Lint = False,
    strict: opt.Strict = False,
    no_cache: opt.NoCache = False,
) -> None:
    from policy_builder.commands.validate import validate as validate_all
    from policy_builder.report import validation as report

    fmt = opt.one_of(output_format, report.FORMATS, "--format")
    result = validate_all(paths, out_dir=out, lint=lint, strict=strict, cache=not no_cache)
    _exit(report.render(result, fmt), result.exit_code)


@_command(cli_help.BUILD)
def build(
    paths: opt.Paths,
    out: opt.BuildOut = Path("output"),
    formats: opt.BuildFormats = opt.ALL_FORMATS,
    langs: opt.BuildLangs = None,
    force: opt.Force = False,
    jobs: opt.Jobs = None,
    shard: opt.Shard = None,
    list_only: opt.BuildList = False,
    quiet: opt.Quiet = False,
    as_json: opt.JsonForScripts = False,
) -> None:
    from policy_builder.commands.batch import build_all
    from policy_builder.report import build as report
    from policy_builder.sources import select

    chosen = opt.build_choices(formats, langs, jobs, shard)
    if list_only:
        _exit(report.listing(select(paths, chosen["shard"]), as_json=as_json), ExitCode.OK)
    with report.progress(_show, Path.cwd(), quiet=quiet, as_json=as_json) as shown:
        run = build_all(paths, out_dir=out, force=force, on_event=shown, **chosen)
    _exit(report.summary(run, Path.cwd(), as_json=as_json), run.exit_code)


@_command(cli_help.DIFF)
def diff(
    old: opt.Old,
    new: opt.New,
    lang: opt.DiffLang = None,
    output_format: opt.DiffFormat = "text",
    output: opt.Output = None,
    changelog_entry: opt.ChangelogEntry = False,
) -> None:
    from policy_builder.commands import diff as command
    from policy_builder.report import diff as report

    fmt = opt.one_of(output_format, command.FORMATS, "--format")
    result = command.diff(
        old, new, lang=lang, output_format=fmt, output=output, changelog_entry=changelog_entry
    )
    printed = report.render(result)
    if result.output is not None:  # the report goes to the file instead of the terminal
        command.save(result.output, printed.out)
        printed = report.saved(result, printed)
    _exit(printed, result.exit_code)


@_command(cli_help.DOCTOR)
def doctor(as_json: opt.JsonForScripts = False) -> None:
    from policy_builder.commands.doctor import diagnose
    from policy_builder.report import doctor as report

    diagnosis = diagnose()
    _exit(report.render(diagnosis, json_output=as_json), diagnosis.exit_code)


@_command(cli_help.SCHEMA)
def schema() -> None:
    from policy_builder.commands.schema import schema as schema_text

    typer.echo(schema_text(), nl=False)


@_command(cli_help.INIT)
def init(slug: opt.Slug, directory: opt.InitDir = Path("company_configs")) -> None:
    from policy_builder.commands.init import init as write_starter
    from policy_builder.report import init as report

    _show(report.render(write_starter(slug, directory)))


@_command(cli_help.STATUS)
def status(
    paths: opt.PathsOrConfigs = None,
    out: opt.PublishedOut = Path("output"),
    today: opt.Today = None,
    as_json: opt.JsonForCI = False,
    lang: opt.StatusLang = "en",
) -> None:
    import shutil

    from policy_builder.commands.status import status as portfolio_of
    from policy_builder.report import status as report

    words = opt.report_language(lang, "--lang")
    day = opt.date(today, "--today") if today else None
    portfolio = portfolio_of(paths, out_dir=out, today=day)
    width, terminal = shutil.get_terminal_size().columns, sys.stdout.isatty()
    printed = report.render(portfolio, words, json_output=as_json, terminal=terminal, width=width)
    _exit(printed, portfolio.exit_code)


@_command(cli_help.CHANGELOG)
def changelog(
    paths: opt.Paths, output_format: opt.ChangelogFormat = "text", lang: opt.ChangelogLang = None
) -> None:
    from policy_builder.commands.changelog import changelog_all
    from policy_builder.report import changelog as report

    fmt = opt.one_of(output_format, report.FORMATS, "--format")
    histories = changelog_all(paths, lang=lang)
    _exit(report.render(histories, fmt), histories.exit_code)


i18n_app = typer.Typer(help=cli_help.I18N, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(i18n_app, name="i18n")


@_command(cli_help.I18N_LINT, i18n_app, "lint")
def i18n_lint(paths: opt.LintPaths = None) -> None:
    from policy_builder.commands.lint import lint
    from policy_builder.report import lint as report

    review = lint(paths)
    _exit(report.render(review), review.exit_code)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app(prog_name="policy", standalone_mode=True))
