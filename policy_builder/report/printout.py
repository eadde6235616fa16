"""What a command prints: text for stdout and text for stderr, in lines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Printout:
    """``out`` goes to stdout, ``err`` to stderr; each is empty or ends in a newline.

    The CLI prints ``err`` first: it holds what was left out or noted on the way,
    which a person reads before the answer.
    """

    out: str = ""
    err: str = ""


def as_lines(*texts: str) -> str:
    """``texts`` as lines, each ending in a newline (nothing when there are none)."""
    return "".join(f"{text}\n" for text in texts)


def plural(n: int, noun: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
