"""Reading a file within a size limit, without ever blocking on a FIFO: configs, bases
and logos, and the tool's own records and caches, which anyone may have replaced."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from policy_builder.errors import TooLargeError


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused before reading if over ``limit``.

    Raise ``TooLargeError``, or ``OSError`` (unreadable, not a regular file…). The size
    is checked on the open file, and at most ``limit + 1`` bytes are ever read, so
    neither a huge (even sparse) file nor one that grows meanwhile costs memory.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block us
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLargeError(info.st_size, limit)
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise TooLargeError(len(raw), limit)
    return raw
