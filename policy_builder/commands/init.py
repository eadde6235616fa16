"""``policy init``: a commented starter config that validates as written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from policy_builder import resources
from policy_builder.commands.validate import check
from policy_builder.errors import UsageError, os_reason
from policy_builder.naming import SLUG
from policy_builder.pipeline.write import atomic_write


@dataclass(frozen=True)
class Starter:
    """The starter config written, and valid as written."""

    path: Path


def init(
    slug: str, directory: Path = Path("company_configs"), today: dt.date | None = None
) -> Starter:
    """Write ``directory/<slug>.yaml``, dated ``today``; refuse to overwrite an existing file."""
    if not SLUG.match(slug):
        raise UsageError(
            f"'{slug}' is not a slug: use lowercase letters, digits and hyphens (e.g. acme, banco-sur)"
        )
    path = directory / f"{slug}.yaml"
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--dir {directory} is a file, not a folder; choose a folder")
    if path.exists():
        raise UsageError(f"{path} already exists; edit it, or choose another slug")
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(resources.templates_dir() / "common"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    try:  # a read-only folder, a file on the way, a link loop, a full disk…
        schema_ref = schema_reference(directory)
        text = env.get_template("init.yaml.j2").render(
            slug=slug, today=(today or dt.date.today()).isoformat(), schema_ref=schema_ref
        )
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode())
    except (OSError, RuntimeError) as exc:
        problem = f"cannot write {path.name} there ({os_reason(exc)})"
        raise UsageError(f"--dir {directory}: {problem}") from None
    result = check(path)
    if not result.valid:  # the starter is ours: a failure here is a bug, not user error
        path.unlink()
        raise RuntimeError(f"the starter config does not validate: {result.issues[0]}")
    return Starter(path)


def schema_reference(directory: Path) -> str:
    """The bundled schema as a file in ``directory`` should name it.

    Relative in a checkout, so the repository can move; absolute when the tool is
    installed (the schema sits in site-packages) or no relative path exists.
    """
    schema = resources.schema_path().resolve()
    if schema.parent.parent.name == "_data":  # policy_builder/_data/schemas/ in a wheel
        return schema.as_posix()
    try:
        return Path(os.path.relpath(schema, directory.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()
