"""The parsers of the ``policy`` command's option values: each returns the value or
raises ``OptionError`` naming the option and what it takes."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, TypeVar

from policy_builder.errors import OptionError
from policy_builder.naming import FORMATS

T = TypeVar("T", bound=str)


def one_of(value: str, allowed: tuple[T, ...], option: str) -> T:
    """``value`` if it is one of ``allowed``; ``OptionError`` naming them if not."""
    for choice in allowed:
        if value == choice:
            return choice
    raise OptionError(f"{option} must be one of {', '.join(allowed)} (got '{value}')")


def date(value: str, option: str) -> dt.date:
    """An ISO date such as 2026-11-23."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OptionError(f"{option} must be a date such as 2026-11-23 (got '{value}')") from None


def report_language(value: str, option: str) -> str:
    """A language the reports are worded in, as a code (es) or a tag (es-MX)."""
    from policy_builder.i18n import variants
    from policy_builder.i18n.catalogue import available_languages

    return one_of(value, (*available_languages(), *variants.all_tags()), option)


def csv(value: str, allowed: tuple[str, ...] | None, option: str) -> list[str]:
    """A comma-separated list, each value one of ``allowed`` when it is given."""
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise OptionError(f"{option} needs at least one value")
    unknown = [v for v in items if allowed is not None and v not in allowed]
    if unknown and allowed is not None:
        raise OptionError(
            f"{option}: unknown value {', '.join(unknown)} (choose from {', '.join(allowed)})"
        )
    return items


class BuildChoices(TypedDict):
    """``policy build``'s option values, parsed: keyword arguments of ``build_all``."""

    formats: list[str]
    langs: list[str] | None
    jobs: int | None
    shard: tuple[int, int] | None
    editions: tuple[str, ...] | None


def build_choices(
    formats: str,
    langs: str | None,
    jobs_value: str | None,
    shard_value: str | None,
    edition: str | None = None,
) -> BuildChoices:
    """Parse ``--format``, ``--lang``, ``--jobs``, ``--shard`` and ``--edition``;
    ``OptionError`` if bad."""
    from policy_builder import editions

    chosen = editions.chosen(one_of(edition, editions.CHOICES, "--edition")) if edition else None
    wanted = csv(formats, FORMATS, "--format")
    if chosen == (editions.BILINGUAL,) and not set(wanted) & set(editions.FORMATS):
        raise OptionError(
            f"--edition bilingual is published as {' and '.join(editions.FORMATS)}: "
            f"--format {formats} leaves it nothing to build"
        )
    return {
        "editions": chosen,
        "formats": csv(formats, FORMATS, "--format"),
        "langs": csv(langs, None, "--lang") if langs else None,
        "jobs": jobs(jobs_value),
        "shard": shard(shard_value),
    }


def jobs(value: str | None) -> int | None:
    """``--jobs N``: a whole number, 1 or more (None: the default)."""
    if value is None:
        return None
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise OptionError(f"--jobs must be a whole number, 1 or more (got '{value}')")
    return count


def shard(value: str | None) -> tuple[int, int] | None:
    """``--shard K/N``: share K of N, 1 ≤ K ≤ N (None: build every config)."""
    if value is None:
        return None
    k, slash, n = value.partition("/")
    if slash and k.strip().isdecimal() and n.strip().isdecimal() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise OptionError(f"--shard must be K/N with 1 ≤ K ≤ N, such as 2/4 (got '{value}')")
