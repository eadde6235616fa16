"""Published versions: ``<out>/<slug>/<version>/`` with its manifest, verified
before it is trusted, and the rules that keep a policy's history immutable.

``Published``, ``find``, ``read`` and ``versions`` (``folder``) are imported on first
use, so a module of this package that needs none of them (``record``, ``inputs``:
skipping an unchanged config) does not pay for verification's imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policy_builder.published.folder import Published, find, read, versions

__all__ = ["Published", "find", "read", "versions"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from policy_builder.published import folder

        return getattr(folder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
