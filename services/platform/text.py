"""Text typed or imported by people, cleaned before it is stored.

Control characters (NUL, ESC, …) and invisible format characters — among them the bidirectional
overrides that make ``王‮大爷gnp.exe`` display as ``王大爷exe.png`` — are removed from every name,
address and note on input. Line breaks and tabs stay only where a field may hold several lines.
"""

from __future__ import annotations

import unicodedata

_KEEP_MULTILINE = frozenset("\n\t")
# Control, format (bidi overrides, zero-width characters, BOM) and lone surrogates. Private-use
# characters stay: some input methods put rare surname characters there.
_DROP = frozenset({"Cc", "Cf", "Cs"})


def clean_text(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string without control or format characters, trimmed. Single-line fields turn
    line breaks and tabs into spaces."""
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch == "\r":
            continue
        if ch in _KEEP_MULTILINE:
            out.append(ch if multiline else " ")
            continue
        if unicodedata.category(ch) in _DROP:
            continue
        out.append(ch)
    return "".join(out).strip()
