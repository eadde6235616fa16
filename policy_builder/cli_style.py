"""How the ``policy`` command reads: usage lines, the command list, click's own errors.

typer renders arguments with Python types (``paths... <list[Path]>``), wraps required
ones in braces (``{paths}...``), cuts the command list's sentences at the terminal's
width (``Check configs against the schema and the policy rules;...``) and lets click
print its usage errors as a three-line block. ``PolicyCommand`` and ``PolicyGroup``
make all of that speak in the house style:

- arguments by their metavar, as words: ``PATH...``, ``[PATH]...``, ``OLD NEW``;
- the command list shows each command's whole first sentence, never cut;
- ``policy`` alone prints the help and exits 0;
- a usage error is one line, ``error: …`` with hidden characters escaped, then
  ``Run 'policy COMMAND --help'.``, and exit 2.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from policy_builder.chars import printable
from policy_builder.errors import ExitCode

if TYPE_CHECKING:  # typer ≥ 0.26 carries click inside; its classes only name types here
    from typer._click import Context, HelpFormatter, Parameter


def first_sentence(text: str) -> str:
    """The first sentence of a docstring's first paragraph, on one line."""
    paragraph = " ".join(text.split("\n\n", 1)[0].split())
    match = re.match(r"(.+?\.)(\s|$)", paragraph)
    return match.group(1) if match else paragraph


def report_usage_error(message: str, command_path: str | None = None) -> None:
    """Print a usage error the one way every command does: ``error: …``, then
    ``Run 'policy validate --help'.`` (by default, the command that is running)."""
    if command_path is None:
        ctx = _current_context()
        command_path = ctx.command_path if ctx is not None else "policy"
    print(printable(f"error: {message}"), file=sys.stderr)
    print(printable(f"Run '{command_path} --help'."), file=sys.stderr)


def _current_context() -> Context | None:
    """The running command's context, to name it in the hint (typer keeps it private)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - the hint then names `policy` itself
        return None
    return get_current_context(silent=True)


def _is_argument(param: Parameter) -> bool:
    return param.param_type_name == "argument"


def _argument_name(param: Parameter, *, in_usage: bool = True) -> str:
    """``PATH...``; in the usage line an optional argument is ``[PATH]...``."""
    name = param.metavar or (param.name or "").upper()
    if in_usage and not param.required:
        name = f"[{name}]"
    return f"{name}..." if param.nargs != 1 else name


class PolicyCommand(TyperCommand):
    """A command whose usage line and help name arguments in words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("short_help") and kwargs.get("help"):
            # the whole first sentence, never cut at the terminal's width
            kwargs["short_help"] = first_sentence(kwargs["help"])
        super().__init__(*args, **kwargs)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [_argument_name(p) for p in self.get_params(ctx) if _is_argument(p)]
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):
                arguments.append((_argument_name(param, in_usage=False), record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class PolicyGroup(TyperGroup):
    """The ``policy`` group: help when called alone, click's errors in the house style."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # click's own errors, as typer ≥ 0.26 raises them
            code = _report_click_error(exc, self._command_path(args, prog_name))
        except typer.Abort:
            print("error: aborted", file=sys.stderr)
            code = ExitCode.FOUND_WANTING
        code = int(code or 0)
        if standalone_mode:
            sys.exit(code)
        return code

    def _command_path(self, args: Sequence[str] | None, prog_name: str | None) -> str:
        """``policy build`` for an error click raised without naming its command."""
        prog = prog_name or self.name or "policy"
        given = sys.argv[1:] if args is None else args
        name = next((a for a in given if a in self.commands), None)
        return f"{prog} {name}" if name else prog


def _report_click_error(exc: typer.TyperException, command_path: str) -> int:
    """Print one of click's errors our way; the exit code it calls for."""
    ctx: Context | None = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:  # a group called alone
        print(ctx.get_help())
        return ExitCode.OK
    code = int(getattr(exc, "exit_code", ExitCode.FOUND_WANTING))
    if code == ExitCode.USAGE:  # click's UsageError and its kind
        report_usage_error(_usage_message(exc), ctx.command_path if ctx else command_path)
    else:
        print(printable(f"error: {_sentence(exc.format_message())}"), file=sys.stderr)
    return code


def _usage_message(exc: typer.TyperException) -> str:
    """click's message, worded as ours: lower-case start, no full stop, metavars as shown."""
    param: Parameter | None = getattr(exc, "param", None)
    if type(exc).__name__ == "MissingParameter" and param is not None and _is_argument(param):
        return f"missing argument {_argument_name(param, in_usage=False)}"
    option: str | None = getattr(exc, "option_name", None)
    if type(exc).__name__ == "NoSuchOption" and option is not None:
        message = f"no such option: {option}"
        possibilities: Sequence[str] = getattr(exc, "possibilities", None) or ()
        if possibilities:
            message += f" (did you mean {' or '.join(sorted(possibilities))}?)"
        return message
    return _sentence(exc.format_message())


def _sentence(message: str) -> str:
    message = " ".join(message.split()).rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    return message
