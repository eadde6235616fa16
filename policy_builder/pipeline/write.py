"""Stage 5: the only code that touches ``output/``.

A version folder is published whole. Under the policy's lock (``<out>/<slug>/.lock``)
the complete new folder (new files, kept artifacts copied over, the manifest) is
staged under a hidden name, then swapped in by one atomic exchange of the two names
(Linux ``renameat2(RENAME_EXCHANGE)``), or where that is missing by renaming the old
folder aside, the new one into place, and deleting the old. A build killed at any
moment, or one that runs out of disk, leaves the previous folder exactly as it was;
what it left behind is cleaned up, or put back, by the next build under the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Literal, get_args

from policy_builder.errors import PolicyError

MANIFEST = "manifest.json"
# Tests set this to a stage name to have the build SIGKILL itself there (see _stage).
KILL_AT = "POLICY_BUILDER_TEST_KILL_AT"
Stage = Literal["locked", "staging", "staged", "aside", "swapped"]
STAGES: tuple[Stage, ...] = get_args(Stage)


def version_dir(out_dir: Path, slug: str, version: str) -> Path:
    """``out/<slug>/<version>``, refusing anything that would land outside ``out``."""
    target = out_dir / slug / version
    if not target.resolve().is_relative_to(out_dir.resolve()) or slug in ("", ".", ".."):
        raise PolicyError(f"refusing to write outside {out_dir}: {slug}/{version}")
    return target


@contextlib.contextmanager
def publishing(target: Path) -> Iterator[None]:
    """Hold the lock of ``target``'s policy, after recovering what a killed build left.

    Builds of one policy take turns: whoever holds the lock re-reads the published
    folder, decides, and publishes before the next one looks.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locked(target.parent / ".lock"):
            _recover(target.parent)
            _stage("locked")
            yield
    except OSError as exc:
        raise PolicyError(
            f"cannot write to {target}: {exc.strerror or exc}; the published folder was left "
            "as it was"
        ) from None


def publish(target: Path, files: Mapping[str, bytes], keep: Mapping[str, str]) -> None:
    """Make ``target`` hold exactly ``files`` plus the ``keep`` files it already has.

    ``keep`` maps a file name to its sha256, checked as it is copied. Call it inside
    ``publishing(target)``; ``files`` should end with the manifest.
    """
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for name, digest in keep.items():
            data = (target / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise PolicyError(f"{target / name} changed while it was being rebuilt")
            _write_file(staging / name, data)
        for name, data in files.items():
            _write_file(staging / name, data)
            _stage("staging")
        staging.chmod(0o755)
        _fsync(staging)
        _stage("staged")
        if target.exists():
            _swap(staging, target)
        else:
            os.rename(staging, target)
        _fsync(target.parent)
        _stage("swapped")
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new folder unused, or the old one


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; the old ``target`` ends up at ``staging``."""
    if _exchange(staging, target):
        return
    aside = _aside(target)
    os.rename(target, aside)
    _stage("aside")
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    os.rename(aside, staging)


def _aside(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def _recover(policy_dir: Path) -> None:
    """Undo what a killed build left (we hold the lock: no build is live)."""
    for aside in policy_dir.glob(".*.old"):
        target = policy_dir / aside.name[1:].removesuffix(".old")
        if target.exists():
            shutil.rmtree(aside)  # killed after the new folder was in place
        else:
            os.rename(aside, target)  # killed between the two renames: put it back
    for leftover in policy_dir.glob(".*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    for folder in policy_dir.iterdir():  # temporary files of older, in-place writes
        if folder.is_dir() and not folder.name.startswith("."):
            for leftover in folder.glob(".*.tmp"):
                leftover.unlink(missing_ok=True)


def _stage(name: Stage) -> None:
    """A named point of publication, where tests can kill the build (``KILL_AT``)."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # old kernel, filesystem
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function


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
