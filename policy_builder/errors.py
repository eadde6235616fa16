"""One family of errors, caught once in the CLI.

Every error a user can cause is a ``PolicyError``; its message says what is wrong
and, where it can, how to fix it. Anything else reaching the CLI is a bug.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from enum import IntEnum

from policy_builder.models import Issue


class ExitCode(IntEnum):
    OK = 0
    FOUND_WANTING = 1  # invalid config, differences found, reviews overdue, a build failed
    USAGE = 2  # bad option, missing file
    INTERNAL = 3  # a bug in policy-builder


class PolicyError(Exception):
    """Base of every error a user can cause."""

    exit_code: ExitCode = ExitCode.FOUND_WANTING

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(PolicyError):
    """The command line asked for something that cannot be done (missing file…)."""

    exit_code = ExitCode.USAGE


class OptionError(UsageError):
    """A bad value on the command line: reported like click's own usage errors, with
    the hint to run the command's ``--help``."""


class InvalidConfigError(PolicyError):
    """A config failed to load or validate; ``issues`` holds every problem."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = sorted(issues)
        count = len(self.issues)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found")


class TemplateError(PolicyError):
    """A template is missing or broken: the handbook cannot be rendered."""


class PublishedVersionError(PolicyError):
    """The build would change, contradict or skip a published version."""


class TamperedError(PolicyError):
    """A published folder differs from what its manifest records, or is no manifest."""

    exit_code = ExitCode.USAGE  # an input the command cannot trust

    def __init__(self, message: str, hint: str | None = None, detail: str = "") -> None:
        super().__init__(message, hint)
        self.detail = detail or message  # the problem without the folder's path


class TooLargeError(ValueError):
    """A file is larger than the limit for its kind (found before reading it).

    Not a ``PolicyError``: the reader that hit the limit says, in its own words,
    which file it was and what the limit is for.
    """

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"is {size:,} bytes; at most {limit:,} allowed")
        self.size = size
        self.limit = limit


def os_reason(exc: BaseException) -> str:
    """Why a path could not be used, in words: ``permission denied``, ``file name too long``."""
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    if isinstance(exc, RuntimeError):  # Python 3.11's Path.resolve() on a symlink loop
        return "symbolic link loop"
    if isinstance(exc, ValueError) and "null" in str(exc):
        return "the name contains a NUL character"
    return str(exc) or type(exc).__name__
