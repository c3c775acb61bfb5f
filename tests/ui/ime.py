"""Typing Chinese in tests the way an input method does (QTest.keyClicks aborts on CJK characters)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """ASCII through key clicks; other characters as an input-method commit, like 拼音 typing."""
    widget.setFocus()
    chunk = ""
    for ch in text:
        if ch.isascii():
            if chunk:
                _commit(widget, chunk)
                chunk = ""
            qtbot.keyClicks(widget, ch)
        else:
            chunk += ch
    if chunk:
        _commit(widget, chunk)


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
