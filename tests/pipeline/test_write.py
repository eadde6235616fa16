"""Stage 5: whole files, whole version folders, one build at a time per policy.

tests/test_hostile.py kills real builds at each point of publication; these tests hold
the module to its contract directly, one function at a time.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policy_builder.errors import PolicyError
from policy_builder.pipeline import write
from policy_builder.pipeline.write import atomic_write, publish, publishing, version_dir


def hidden(folder: Path) -> list[str]:
    """Hidden names in ``folder`` besides the lock: what a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != ".lock")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def private_umask() -> Iterator[None]:
    """A umask that would keep files from others: published files are readable anyway."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


# --- atomic_write -------------------------------------------------------------------


@pytest.mark.usefixtures("private_umask")
def test_atomic_write_creates_the_file_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    atomic_write(path, b"first\n")
    assert path.read_bytes() == b"first\n"
    assert mode(path) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_atomic_write_replaces_the_file_whole_by_a_rename(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"an older, longer report\n" * 100)
    with open(path, "rb") as reader:  # a reader of the old file keeps reading all of it
        atomic_write(path, b"short\n")
        assert reader.read() == b"an older, longer report\n" * 100
    assert path.read_bytes() == b"short\n"  # nothing of the old file's tail
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


class _FullDisk:
    """A file whose write stores half the data, then fails as a full disk does."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_in_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)))


def _fail_in_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt  # not only errors: any interruption cleans up

    monkeypatch.setattr(os, "fsync", interrupted)


def _fail_in_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(os, "replace", refused)


@pytest.mark.parametrize(
    ("fail", "raised"),
    [
        (_fail_in_write, OSError),
        (_fail_in_fsync, KeyboardInterrupt),
        (_fail_in_replace, PermissionError),
    ],
    ids=["write", "fsync", "rename"],
)
def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: Any, raised: type[BaseException]
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"old report\n")
    fail(monkeypatch)
    with pytest.raises(raised):
        atomic_write(path, b"new report, half written\n" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_atomic_write_into_a_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "report.txt", b"x")
    assert list(tmp_path.iterdir()) == []


# --- version_dir ----------------------------------------------------------------------


def test_version_dir_is_out_slug_version_and_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert version_dir(out, "acme", "2.0.1") == out / "acme" / "2.0.1"
    assert not out.exists()


# --- publishing: the policy's lock and recovery -------------------------------------------


def test_publishing_makes_the_policy_folder_and_its_lock_only(tmp_path: Path) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    with publishing(target):
        assert (tmp_path / "out" / "acme" / ".lock").is_file()
    assert [p.name for p in (tmp_path / "out" / "acme").iterdir()] == [".lock"]
    assert not target.exists()


def _can_lock(lock: Path) -> bool:
    with open(lock, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_publishing_holds_the_policys_lock_for_the_block(tmp_path: Path) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    lock = target.parent / ".lock"
    with publishing(target):
        assert not _can_lock(lock)  # another build waits here
    assert _can_lock(lock)


def test_publishing_reports_an_os_error_as_a_policy_error(tmp_path: Path) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    with pytest.raises(PolicyError) as caught, publishing(target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert str(caught.value) == (
        f"cannot write to {target}: No space left on device; the published folder was left "
        "as it was"
    )


def test_publishing_refuses_a_policy_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "acme").write_text("not a folder", encoding="utf-8")
    target = tmp_path / "out" / "acme" / "2.0.1"
    with pytest.raises(PolicyError, match=r"cannot write to .*/acme/2\.0\.1: "), publishing(target):
        pytest.fail("the block must not run")


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out" / "acme"
    folder.mkdir(parents=True)
    return folder


def _folder(path: Path, **files: bytes) -> Path:
    path.mkdir()
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def test_publishing_puts_back_a_folder_left_aside(policy_dir: Path) -> None:
    """Killed between renaming the old folder aside and the new one into place."""
    _folder(policy_dir / ".2.0.1.old", **{"manifest.json": b"{}"})
    with publishing(policy_dir / "2.0.1"):
        assert contents(policy_dir / "2.0.1") == {"manifest.json": b"{}"}
    assert hidden(policy_dir) == []


def test_publishing_drops_the_old_folder_once_the_new_one_is_in_place(policy_dir: Path) -> None:
    _folder(policy_dir / "2.0.1", **{"manifest.json": b"new"})
    _folder(policy_dir / ".2.0.1.old", **{"manifest.json": b"old"})
    with publishing(policy_dir / "2.0.1"):
        assert contents(policy_dir / "2.0.1") == {"manifest.json": b"new"}
    assert hidden(policy_dir) == []


def test_publishing_removes_staging_folders_and_temporary_files(policy_dir: Path) -> None:
    _folder(policy_dir / ".2.0.1.k3j_x.tmp", **{"a.md": b"half"})
    published = _folder(policy_dir / "1.0.0", **{"a.md": b"kept", ".a.md.q9z.tmp": b"half"})
    with publishing(policy_dir / "2.0.1"):
        assert hidden(policy_dir) == []
    assert contents(published) == {"a.md": b"kept"}


# --- publish: a version folder, whole ----------------------------------------------------


@pytest.fixture(params=["exchange", "rename"])
def swap(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of swapping folders: one atomic exchange, or two renames where the
    system has no exchange (macOS, old kernels, some filesystems)."""
    if request.param == "rename":
        monkeypatch.setattr(write, "_renameat2", lambda: None)
    return str(request.param)


@pytest.mark.usefixtures("private_umask")
def test_publish_a_new_folder_with_exactly_the_files_given(tmp_path: Path) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    files = {"acme.en-US.md": b"# Policy\n", "manifest.json": b'{"version": "2.0.1"}'}
    with publishing(target):
        publish(target, files, {})
    assert contents(target) == files
    assert mode(target) == 0o755
    assert {mode(p) for p in target.iterdir()} == {0o644}
    assert sorted(p.name for p in target.parent.iterdir()) == [".lock", "2.0.1"]


def test_publish_replaces_an_existing_folder_whole(tmp_path: Path, swap: str) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    target.parent.mkdir(parents=True)
    pdf = b"%PDF-1.7 the signed copy"
    _folder(
        target,
        **{"a.md": b"old markdown", "a.pdf": pdf, "a.html": b"old html", "manifest.json": b"old"},
    )
    keep = {"a.pdf": hashlib.sha256(pdf).hexdigest()}
    with publishing(target):
        publish(target, {"a.md": b"new markdown", "manifest.json": b"new"}, keep)
    # The old HTML, not given and not kept, is gone; the kept PDF is the same bytes.
    assert contents(target) == {"a.md": b"new markdown", "a.pdf": pdf, "manifest.json": b"new"}
    assert mode(target / "a.pdf") == 0o644
    assert hidden(target.parent) == []


def test_publish_refuses_a_kept_file_that_changed(tmp_path: Path) -> None:
    target = version_dir(tmp_path / "out", "acme", "2.0.1")
    target.parent.mkdir(parents=True)
    _folder(target, **{"a.pdf": b"edited since", "manifest.json": b"old"})
    before = contents(target)
    keep = {"a.pdf": hashlib.sha256(b"as recorded").hexdigest()}
    changed = r"a\.pdf changed while it was being rebuilt"
    with pytest.raises(PolicyError, match=changed), publishing(target):
        publish(target, {"manifest.json": b"new"}, keep)
    assert contents(target) == before
    assert hidden(target.parent) == []


def test_publish_leaves_the_other_versions_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    older = version_dir(out, "acme", "2.0.0")
    older.parent.mkdir(parents=True)
    _folder(older, **{"manifest.json": b"2.0.0"})
    target = version_dir(out, "acme", "2.0.1")
    with publishing(target):
        publish(target, {"manifest.json": b"2.0.1"}, {})
    assert contents(older) == {"manifest.json": b"2.0.0"}
    assert sorted(p.name for p in (out / "acme").iterdir()) == [".lock", "2.0.0", "2.0.1"]
