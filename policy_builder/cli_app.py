"""What every ``policy`` command shares: the app, the guard, printing and exiting.

``guarded`` is the only place that catches ``PolicyError``: every failure becomes
one clear line on stderr and an exit code (0 success, 1 inputs checked and found
wanting, 2 usage error, 3 a bug; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from policy_builder import cli_help
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
state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


def guarded(command: F) -> F:
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
            if state["debug"]:
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


def command(text: str, group: typer.Typer = app, name: str | None = None) -> Callable[[F], F]:
    """Register a guarded command with ``text`` as its help."""

    def register(command: F) -> F:
        return group.command(name, cls=PolicyCommand, help=text)(guarded(command))

    return register


def show(printed: Printout) -> None:
    """Print what a report made: stderr first (what was left out or noted), then stdout."""
    if printed.err:
        typer.echo(printed.err, err=True, nl=False)
    if printed.out:
        typer.echo(printed.out, nl=False)


def finish(printed: Printout, code: ExitCode) -> NoReturn:
    """Show what the report made and exit with the code the result calls for."""
    show(printed)
    raise typer.Exit(code)
