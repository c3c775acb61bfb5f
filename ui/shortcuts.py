"""Every key a window answers to, and which of them two things claim at once (快捷键冲突).

A key is claimed by a QAction's shortcut, a QShortcut, or a mnemonic (the ``&F`` of 文件(&F) on a menu
title, a button or a label's buddy: Alt+F). Two claims clash when both can be live at the same moment:
inside a QStackedWidget (every QTabWidget has one) only the current page is, so 筛选(&F) on one tab and
终裁(&F) on another do not clash with each other, but either clashes with the 文件(&F) menu.
`tests/ui/test_shortcuts.py` walks the main window of every role with this and fails on a clash.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QMenuBar, QStackedWidget, QWidget
from shiboken6 import getCppPointer


@dataclass(frozen=True)
class Claim:
    key: str  # QKeySequence in portable text, e.g. "Alt+F", "Ctrl+O"
    owner: str  # what claims it, for the failure message
    pages: tuple[tuple[int, int], ...]  # (id of a QStackedWidget, page index) from the window down


def _pages(widget: QWidget | None) -> tuple[tuple[int, int], ...]:
    path = []
    child = widget
    parent = widget.parentWidget() if widget is not None else None
    while parent is not None:
        if isinstance(parent, QStackedWidget):
            path.append((getCppPointer(parent)[0], parent.indexOf(child)))  # id() of a wrapper is not stable
        child, parent = parent, parent.parentWidget()
    return tuple(reversed(path))


def _describe(obj: QObject, text: str = "") -> str:
    name = obj.objectName() or type(obj).__name__
    return f"{name}「{text.replace('&&', '&')}」" if text else name


def _mnemonic(text: str) -> str:
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def claims(window: QWidget) -> list[Claim]:
    """Every key claimed inside ``window`` (its menus, its actions, and every widget below it)."""
    out: list[Claim] = []
    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            key = _mnemonic(action.text())
            if key:
                out.append(Claim(key, f"菜单{_describe(action, action.text())}", ()))
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget) and not isinstance(w, QMenu)]
            pages = _pages(widgets[0]) if widgets else ()
            out.append(
                Claim(seq.toString(QKeySequence.SequenceFormat.PortableText), _describe(action, action.text()), pages)
            )
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        pages = _pages(parent) if isinstance(parent, QWidget) else ()
        for seq in shortcut.keys():
            out.append(Claim(seq.toString(QKeySequence.SequenceFormat.PortableText), _describe(shortcut), pages))
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        else:
            continue
        key = _mnemonic(text)
        if key:
            out.append(Claim(key, _describe(widget, text), _pages(widget)))
    return out


def _together(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    """Whether two claims can be live at once: on the same page of every stack they share."""
    pages_a = dict(a)
    return all(pages_a.get(stack, page) == page for stack, page in b)


def clashes(window: QWidget) -> list[tuple[str, str, str]]:
    """(key, one owner, the other owner) for every pair of claims that can be live at once."""
    found = claims(window)
    out = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.key == b.key and _together(a.pages, b.pages):
                out.append((a.key, a.owner, b.owner))
    return out


__all__ = ["Claim", "claims", "clashes"]
