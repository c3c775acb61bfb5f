"""Work-arounds for defects of the pinned PySide6 (6.12.0) that would crash the program.

``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so every signal
emitted from Python lowers the reference count of ``True`` by one. On Python 3.11 the count
reaches zero after a few hundred emits (a demo build reports progress 5,000 times) and the
interpreter aborts with "bool_dealloc: deallocating True or False". Python 3.12 made ``True``
immortal, which hides the defect; here we give ``True`` the same protection by adding a
reference count that no program run can use up. Remove once PySide6 returns a new reference.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # about 10**12 emits: more than any run of the program can make
_applied = False


def protect_true_from_emit() -> None:
    """Make ``True`` effectively immortal on Python < 3.12 (idempotent)."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(True)).value += _RESERVE
    _applied = True
