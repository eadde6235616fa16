"""The ``policy`` command: parse options, call one command, report, exit.

Each command calls one function of ``policy_builder.commands``, hands its result
to ``policy_builder.report`` and exits with the code the result calls for
(``cli_app``: the app, the guard that catches ``PolicyError``, exit codes;
``cli_i18n``: the ``policy i18n`` group).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from policy_builder import cli_help, cli_i18n
from policy_builder import cli_options as opt
from policy_builder import cli_values as values
from policy_builder.cli_app import app, command, finish, show, state
from policy_builder.errors import ExitCode
from policy_builder.naming import PDF_VARIANTS

__all__ = ["app", "cli_i18n", "main"]  # cli_i18n registers `policy i18n` on the app


@app.callback()
def _main(
    debug: opt.Debug = False,
    version: opt.Version = False,
) -> None:
    state["debug"] = debug


@command(cli_help.VALIDATE)
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

    fmt = values.one_of(output_format, report.FORMATS, "--format")
    result = validate_all(paths, out_dir=out, lint=lint, strict=strict, cache=not no_cache)
    finish(report.render(result, fmt), result.exit_code)


@command(cli_help.BUILD)
def build(
    paths: opt.Paths,
    out: opt.BuildOut = Path("output"),
    formats: opt.BuildFormats = opt.ALL_FORMATS,
    langs: opt.BuildLangs = None,
    edition: opt.BuildEdition = None,
    force: opt.Force = False,
    jobs: opt.Jobs = None,
    shard: opt.Shard = None,
    pdf_variant: opt.PdfVariant = opt.DEFAULT_VARIANT,
    list_only: opt.BuildList = False,
    quiet: opt.Quiet = False,
    as_json: opt.JsonForScripts = False,
) -> None:
    from policy_builder.commands.batch import build_all
    from policy_builder.report import build as report
    from policy_builder.sources import select

    chosen = values.build_choices(formats, langs, jobs, shard, edition)
    variant = values.one_of(pdf_variant, PDF_VARIANTS, "--pdf-variant")
    if list_only:
        finish(report.listing(select(paths, chosen["shard"]), as_json=as_json), ExitCode.OK)
    with report.progress(show, Path.cwd(), quiet=quiet, as_json=as_json) as shown:
        run = build_all(
            paths, out_dir=out, force=force, on_event=shown, pdf_variant=variant, **chosen
        )
    finish(report.summary(run, Path.cwd(), as_json=as_json), run.exit_code)


@command(cli_help.DIFF)
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

    fmt = values.one_of(output_format, command.FORMATS, "--format")
    result = command.diff(
        old, new, lang=lang, output_format=fmt, output=output, changelog_entry=changelog_entry
    )
    printed = report.render(result)
    if result.output is not None:  # the report goes to the file instead of the terminal
        command.save(
            result.output, report.document(result) if result.kind == "docx" else printed.out
        )
        printed = report.saved(result, printed)
    finish(printed, result.exit_code)


@command(cli_help.DOCTOR)
def doctor(as_json: opt.JsonForScripts = False) -> None:
    from policy_builder.commands.doctor import diagnose
    from policy_builder.report import doctor as report

    diagnosis = diagnose()
    finish(report.render(diagnosis, json_output=as_json), diagnosis.exit_code)


@command(cli_help.SCHEMA)
def schema() -> None:
    from policy_builder.commands.schema import schema as schema_text

    typer.echo(schema_text(), nl=False)


@command(cli_help.INIT)
def init(slug: opt.Slug, directory: opt.InitDir = Path("company_configs")) -> None:
    from policy_builder.commands.init import init as write_starter
    from policy_builder.report import init as report

    show(report.render(write_starter(slug, directory)))


@command(cli_help.STATUS)
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

    words = values.report_language(lang, "--lang")
    day = values.date(today, "--today") if today else None
    portfolio = portfolio_of(paths, out_dir=out, today=day)
    width, terminal = shutil.get_terminal_size().columns, sys.stdout.isatty()
    printed = report.render(portfolio, words, json_output=as_json, terminal=terminal, width=width)
    finish(printed, portfolio.exit_code)


@command(cli_help.IMPACT)
def impact(
    regulation: opt.Regulation,
    paths: opt.PathsOrConfigs = None,
    since: opt.Since = None,
    as_json: opt.JsonForCI = False,
) -> None:
    from policy_builder.commands.impact import impact as impact_of
    from policy_builder.report import impact as report

    day = values.date(since, "--since") if since else None
    result = impact_of(regulation, paths, since=day)
    finish(report.render(result, json_output=as_json), result.exit_code)


@command(cli_help.CHANGELOG)
def changelog(
    paths: opt.Paths, output_format: opt.ChangelogFormat = "text", lang: opt.ChangelogLang = None
) -> None:
    from policy_builder.commands.changelog import changelog_all
    from policy_builder.report import changelog as report

    fmt = values.one_of(output_format, report.FORMATS, "--format")
    histories = changelog_all(paths, lang=lang)
    finish(report.render(histories, fmt), histories.exit_code)


@command(cli_help.EXPLAIN)
def explain(
    config: opt.ExplainConfig, field: opt.ExplainField = None, as_json: opt.JsonForScripts = False
) -> None:
    import shutil

    from policy_builder.commands.explain import explain as resolved
    from policy_builder.report import explain as report

    explanation = resolved(config, field)
    width = min(report.WIDTH, shutil.get_terminal_size().columns)
    finish(report.render(explanation, json_output=as_json, width=width), explanation.exit_code)


def main() -> None:
    """Console-script entry point."""
    sys.exit(app(prog_name="policy", standalone_mode=True))
