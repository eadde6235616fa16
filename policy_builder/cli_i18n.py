"""``policy i18n``: the languages' own commands (prose lint, translation lock)."""

from __future__ import annotations

import typer

from policy_builder import cli_help
from policy_builder import cli_options as opt
from policy_builder.cli_app import app, command, finish

i18n_app = typer.Typer(help=cli_help.I18N, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(i18n_app, name="i18n")


@command(cli_help.I18N_LINT, i18n_app, "lint")
def i18n_lint(paths: opt.LintPaths = None) -> None:
    from policy_builder.commands.lint import lint
    from policy_builder.report import lint as report

    review = lint(paths)
    finish(report.render(review), review.exit_code)


@command(cli_help.I18N_CHECK, i18n_app, "check")
def i18n_check(as_json: opt.JsonForCI = False) -> None:
    from policy_builder.commands.translations import check
    from policy_builder.report import translations as report

    result = check()
    finish(report.check(result, as_json=as_json), result.exit_code)


@command(cli_help.I18N_CONFIRM, i18n_app, "confirm")
def i18n_confirm(langs: opt.ConfirmLangs) -> None:
    from policy_builder.commands.translations import confirm
    from policy_builder.report import translations as report

    result = confirm(langs)
    finish(report.confirmed(result), result.exit_code)
