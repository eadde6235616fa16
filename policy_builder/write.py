"""Stage 5: the only code that touches ``output/``.

A new version folder is written in full under a hidden name and renamed into
place, so it appears complete or not at all. When a folder already exists (a
forced rebuild, or formats added to a published version), each file is written to
a temporary file and renamed, the manifest last. Either way a reader never finds a
truncated file, and a failed build never damages the previous version.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from policy_builder.errors import PolicyError

MANIFEST = "manifest.json"


def version_dir(out_dir: Path, slug: str, version: str) -> Path:
    """``out/<slug>/<version>``, refusing anything that would land outside ``out``."""
    target = out_dir / slug / version
    if not target.resolve().is_relative_to(out_dir.resolve()) or slug in ("", ".", ".."):
        raise PolicyError(f"refusing to write outside {out_dir}: {slug}/{version}")
    return target


def write_files(
    target: Path, files: dict[str, bytes], manifest: bytes, *, obsolete: Iterable[str] = ()
) -> None:
    """Publish ``files`` and their manifest in ``target``; drop ``obsolete`` files.

    Builds of the same policy at once take turns: the lock is held for the whole
    write, so a manifest always describes the files beside it.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(target.parent / ".lock"):
            _remove_leftovers(target)
            if target.exists():
                for name in sorted(files):
                    atomic_write(target / name, files[name])
                atomic_write(target / MANIFEST, manifest)
                for name in obsolete:
                    (target / name).unlink(missing_ok=True)
            else:
                _publish_folder(target, {**files, MANIFEST: manifest})
    except OSError as exc:
        raise PolicyError(f"cannot write to {target}: {exc.strerror or exc}") from None


def _publish_folder(target: Path, files: dict[str, bytes]) -> None:
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        staging.chmod(0o755)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove_leftovers(target: Path) -> None:
    """Temporary files and folders of a killed build (we hold the lock: none is live)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    if target.is_dir():
        for leftover in target.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


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


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (created if needed) for the block."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
