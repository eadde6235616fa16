"""Stage 5: the only code that touches ``output/``.

Each file is written to a temporary file in the same folder and renamed into
place, and the manifest goes last: a reader never finds a truncated artifact,
and a failed build never damages the previous one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from policy_builder.errors import PolicyError


def version_dir(out_dir: Path, slug: str, version: str) -> Path:
    """``out/<slug>/<version>``, refusing anything that would land outside ``out``."""
    target = out_dir / slug / version
    if not target.resolve().is_relative_to(out_dir.resolve()) or slug in ("", ".", ".."):
        raise PolicyError(f"refusing to write outside {out_dir}: {slug}/{version}")
    return target


def write_files(target: Path, files: dict[str, bytes], manifest: bytes) -> None:
    """Write every file atomically into ``target``, then the manifest.

    Builds of the same policy at once take turns: the lock is held from the first
    file to the manifest, so a manifest always describes the files beside it.
    """
    try:
        target.mkdir(parents=True, exist_ok=True)
        with locked(target.parent / ".lock"):
            for name in sorted(files):
                atomic_write(target / name, files[name])
            atomic_write(target / "manifest.json", manifest)
    except OSError as exc:
        raise PolicyError(f"cannot write to {target}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (created if needed) for the block."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; never leave a partial file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
