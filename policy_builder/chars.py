"""Characters a reader cannot see: refused in configs, escaped on the terminal.

Control characters (C0, DEL, C1), line and paragraph separators, lone surrogates and
invisible format characters (Unicode category Cf: bidi overrides and isolates,
zero-width characters, the soft hyphen, a byte-order mark inside text) make text
read differently from what it holds. ``validate`` refuses them in configs;
``printable`` shows them as escapes wherever text reaches a terminal.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Unicode gives control characters no names; these are the ones people meet.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
}


def is_hidden(char: str) -> bool:
    """True for a character that is not shown as itself: control, format, separator."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES


def describe(char: str, *, name_in_parentheses: bool = False) -> str:
    """How a message names one character: ``U+202E RIGHT-TO-LEFT OVERRIDE``.

    With ``name_in_parentheses``, ``U+4E2D (CJK UNIFIED IDEOGRAPH-4E2D)``, which stays
    readable in a comma-separated list of characters (and says "unnamed character"
    rather than nothing).
    """
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if name_in_parentheses:
        return f"U+{code:04X} ({name or 'unnamed character'})"
    return f"U+{code:04X} {name}".rstrip()


def printable(text: object) -> str:
    """``text`` with every hidden character shown as an escape: ``\\x1b``, ``\\u202e``.

    Use it on everything from a config or a file name that is printed for a person,
    so a value cannot move the cursor, clear the line or reverse what follows it.
    """
    text = str(text)
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(_escape(c) if is_hidden(c) else c for c in text)


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, to quote it in a message."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def to_json(payload: Any) -> str:
    """Indented JSON, readable (not ASCII-only) but with hidden characters escaped.

    ``json.dumps`` escapes C0 controls itself; the rest would reach the terminal raw.
    """
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    if text.replace("\n", "").isprintable():
        return text
    return "".join(json.dumps(c)[1:-1] if c != "\n" and is_hidden(c) else c for c in text)
