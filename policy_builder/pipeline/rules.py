"""The rules JSON Schema cannot express: languages with templates, unique ids,
a changelog that matches the version, dates in order, a logo inside the project.

Checks run even when the schema found problems, so they read the data
defensively: a value of the wrong shape is the schema's to report, not theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from policy_builder import semver
from policy_builder.chars import clip
from policy_builder.errors import os_reason
from policy_builder.i18n import catalogue, variants
from policy_builder.models import Issue
from policy_builder.naming import SLUG, slug_of
from policy_builder.pipeline import brand
from policy_builder.pipeline.read import LoadedConfig, locate
from policy_builder.pipeline.review import past_the_calendar
from policy_builder.pipeline.source_map import JsonPath, format_path
from policy_builder.registry import ITEM_LISTS, REQUIRED_UNLESS_OMITTED

MAX_LOGO_BYTES = 2_000_000


def check(config: LoadedConfig, languages: tuple[str, ...]) -> Iterator[Issue]:
    """Yield every semantic problem in ``config``."""
    for path, message in _problems(config, languages):
        yield Issue(*config.source.where(path), format_path(path), message)


def warnings(config: LoadedConfig) -> Iterator[Issue]:
    """What a config may keep but should change: a brand colour too light to read."""
    if (problem := brand.problem(_get(config.data, ("company", "brand_color")))) is not None:
        path = ("company", "brand_color")
        yield Issue(*config.source.where(path), format_path(path), problem)


def _problems(config: LoadedConfig, languages: tuple[str, ...]) -> Iterator[tuple[JsonPath, str]]:
    data = config.data
    if not SLUG.match(slug_of(config.path)):
        yield (
            (),
            (
                f"the file name '{config.path.name}' must be a slug such as acme.yaml or "
                "banco-meridiano.yaml (lowercase letters, digits and hyphens): it names the output folder"
            ),
        )
    yield from _languages(data, languages)
    yield from _sections(data)
    for item_list in ITEM_LISTS:
        yield from _unique_ids(_get(data, item_list.path), item_list.path, item_list.kind)
    yield from _versions(data)
    yield from _review(data)
    yield from _changelog(data)
    yield from _logo(config)


def _languages(data: dict[str, Any], languages: tuple[str, ...]) -> Iterator[tuple[JsonPath, str]]:
    """Each language has templates, each tag a variant, one variant per language; the
    prevailing language is one of them."""
    written = _get(data, ("policy", "languages"))
    written = written if isinstance(written, list) else []
    known = variants.tags()
    country = _get(data, ("company", "country"))
    seen: dict[str, str] = {}
    for i, lang in enumerate(written):
        if not isinstance(lang, str) or not variants.TAG.match(lang):
            continue  # the schema's to report
        code = variants.base(lang)
        if code not in known:
            yield (
                ("policy", "languages", i),
                (f"no templates for language '{code}' (available: {', '.join(known)})"),
            )
            continue
        if lang not in (code, *known[code]):
            # UK is not a region code (GB is): the one slip worth a "did you mean".
            likely = f"{code}-GB" if lang.endswith("-UK") else None
            said = f"did you mean '{likely}'? " if likely in known[code] else ""
            yield (
                ("policy", "languages", i),
                (
                    f"no variant '{lang}' of '{code}' ({said}available: "
                    f"{', '.join(known[code])}; or write '{code}' for the one the company's "
                    "country implies)"
                ),
            )
            continue
        tag = variants.for_country(lang, country)
        if code in seen:
            yield (
                ("policy", "languages", i),
                (
                    f"'{lang}' is a second variant of '{code}' after '{seen[code]}': a policy is "
                    f"published in one variant of each language, since its texts are written once "
                    f"per language"
                ),
            )
        seen.setdefault(code, tag)
    authoritative = _get(data, ("policy", "authoritative_language"))
    if isinstance(authoritative, str) and variants.TAG.match(authoritative):
        code = variants.base(authoritative)
        tag = variants.for_country(authoritative, country)
        # With policy.languages left out, each language is published in the variant
        # the company's country implies, just as for a plain code written out.
        published = {x: seen.get(x) or variants.for_country(x, country) for x in languages}
        if code not in languages or (
            not variants.is_base(authoritative) and published[code] != tag
        ):
            shown = list(published.values())
            yield (
                ("policy", "authoritative_language"),
                (f"'{authoritative}' is not one of the policy's languages ({', '.join(shown)})"),
            )


def _sections(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    omitted = _get(data, ("policy", "omit_sections"))
    omitted = omitted if isinstance(omitted, list) else []
    for field, section in REQUIRED_UNLESS_OMITTED.items():
        if field not in data and section not in omitted:
            yield (
                (field,),
                (
                    f"missing required field '{field}' (or list '{section}' under "
                    "policy.omit_sections to leave the section out)"
                ),
            )


def _unique_ids(items: Any, list_path: JsonPath, kind: str) -> Iterator[tuple[JsonPath, str]]:
    if not isinstance(items, list):
        return
    builtin = set(catalogue.vocabulary_keys(kind))
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = item if isinstance(item, str) else _get(item, ("id",))
        if not isinstance(ident, str):
            continue
        where = (*list_path, i) if isinstance(item, str) else (*list_path, i, "id")
        if ident in seen:
            yield where, f"'{ident}' is listed twice (first as item {seen[ident] + 1})"
        elif not isinstance(item, str) and ident in builtin:
            yield (
                where,
                f"the id '{ident}' is a built-in key; list it as '{ident}' or choose another id",
            )
        seen.setdefault(ident, i)


def _versions(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    entries = _get(data, ("changelog",))
    paths = [("policy", "version")] + [
        ("changelog", i, "version") for i in range(len(entries) if isinstance(entries, list) else 0)
    ]
    for path in paths:
        value = _get(data, path)
        if isinstance(value, str) and len(value) <= 64 and semver.has_overlong_number(value):
            yield (
                path,
                f"'{clip(value)}' has a number longer than {semver.MAX_DIGITS} digits; "
                "use a smaller version such as 1.2.0",
            )


def _review(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    last = _date(_get(data, ("review", "last_review")))
    months = _get(data, ("review", "cadence_months"))
    if last is None or not isinstance(months, int) or isinstance(months, bool):
        return
    if past_the_calendar(last, months):
        yield (
            ("review", "last_review"),
            f"the next review, {months} months after {last}, would fall after the year "
            f"{dt.MAXYEAR}; check the date",
        )


def _changelog(data: dict[str, Any]) -> Iterator[tuple[JsonPath, str]]:
    entries = _get(data, ("changelog",))
    if not isinstance(entries, list) or not entries:
        return
    regulations = _get(data, ("regulations",))
    listed = {
        r if isinstance(r, str) else _get(r, ("id",))
        for r in (regulations if isinstance(regulations, list) else [])
    }
    previous: tuple[semver.Version | None, dt.date | None] | None = None
    for i, entry in enumerate(entries):
        version = semver.parse(_get(entry, ("version",)))
        date = _date(_get(entry, ("date",)))
        if previous and version and previous[0] and version <= previous[0]:
            yield (
                ("changelog", i, "version"),
                (
                    f"version {semver.show(version)} does not come after {semver.show(previous[0])}: "
                    "list entries oldest first, each with a higher version"
                ),
            )
        if previous and date and previous[1] and date < previous[1]:
            yield (
                ("changelog", i, "date"),
                (
                    f"date {date} is before the previous entry's ({previous[1]}): "
                    "list entries oldest first"
                ),
            )
        regulation = _get(entry, ("regulation",))
        if isinstance(regulation, str) and regulation not in listed:
            yield (
                ("changelog", i, "regulation"),
                (f"'{regulation}' is not listed under regulations; add it there or fix the id"),
            )
        previous = (version, date)
    yield from _current_entry(data, entries)


def _current_entry(data: dict[str, Any], entries: list[Any]) -> Iterator[tuple[JsonPath, str]]:
    last = len(entries) - 1
    current = semver.parse(_get(data, ("policy", "version")))
    newest = semver.parse(_get(entries[last], ("version",)))
    if current and newest and current != newest:
        yield (
            ("changelog", last, "version"),
            (
                f"the newest entry is {semver.show(newest)} but policy.version is {semver.show(current)}: "
                f"add a changelog entry for {semver.show(current)} at the end of the list"
            ),
        )
    effective = _date(_get(data, ("policy", "effective_date")))
    newest_date = _date(_get(entries[last], ("date",)))
    if effective and newest_date and newest_date > effective:
        yield (
            ("changelog", last, "date"),
            (f"the newest entry is dated {newest_date}, after the effective date {effective}"),
        )


def _logo(config: LoadedConfig) -> Iterator[tuple[JsonPath, str]]:
    logo = _get(config.data, ("company", "logo"))
    if not isinstance(logo, str):
        return
    base = config.path.resolve().parent
    try:
        target, found = locate(base, logo)
        size = target.stat().st_size if found else None
    except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a name too long…
        yield ("company", "logo"), f"cannot open the logo '{clip(logo)}' ({os_reason(exc)})"
        return
    if not target.is_relative_to(base):
        yield ("company", "logo"), "the logo must be inside the config's folder"
    elif size is None:
        yield ("company", "logo"), f"no such file: {clip(logo)}"
    elif size > MAX_LOGO_BYTES:
        yield ("company", "logo"), f"the logo is larger than {MAX_LOGO_BYTES:,} bytes"


def _get(data: Any, path: JsonPath) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        else:
            return None
    return data


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
