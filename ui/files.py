"""File dialogs that start where the user keeps such files, and the line that says where a file went.

Each kind of file has one remembered folder on this PC (QSettings ``files/<kind>``): exports
(Excel lists, PDFs saved from the preview), imports (workbooks to import, backups to restore from)
and scans (the clerk's folders of scanned forms). A dialog opens in that folder — at first the
user's Documents (Pictures for scans) — and never in the program's or the database's folder. The
dialogs are the platform's own where it has one (Windows, macOS) and otherwise Qt's, translated by
the qtbase_zh_CN catalogue that ui.i18n installs.

After a file is written, `announce_saved` shows one line in the main window: where the file went,
with a button that opens its folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

KINDS = {
    "exports": QStandardPaths.StandardLocation.DocumentsLocation,
    "imports": QStandardPaths.StandardLocation.DocumentsLocation,
    "scans": QStandardPaths.StandardLocation.PicturesLocation,
}
_avoid: set[Path] = {Path(__file__).resolve().parent.parent}  # the program's own folder


def _tr(text: str) -> str:
    return QCoreApplication.translate("Files", text)


def avoid_folder(path: str | Path) -> None:
    """A folder no dialog may start in (the database's folder: listing it touches the SQLite files)."""
    try:
        _avoid.add(Path(path).resolve())
    except OSError:
        pass


def _usable(folder: Path) -> bool:
    try:
        return folder.is_dir() and folder.resolve() not in _avoid
    except OSError:
        return False


def folder_for(kind: str) -> Path:
    """The folder a dialog of ``kind`` starts in: the remembered one, else Documents (Pictures for scans),
    else the home folder."""
    remembered = QSettings().value(f"files/{kind}", "")
    if remembered and _usable(Path(str(remembered))):
        return Path(str(remembered))
    for candidate in (QStandardPaths.writableLocation(KINDS[kind]), QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ), str(Path.home())):  # fmt: skip
        if candidate and _usable(Path(candidate)):
            return Path(candidate)
    return Path.home()


def remember(kind: str, path: str | Path) -> None:
    """Remember the folder of ``path`` (a file) or ``path`` itself (a folder) for the next dialog of ``kind``."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    if _usable(folder):
        QSettings().setValue(f"files/{kind}", str(folder))


def ask_save(parent: QWidget | None, kind: str, title: str, name: str, file_filter: str, suffix: str = "") -> str:
    """A save dialog in the remembered folder of ``kind`` proposing ``name``; '' when cancelled.
    ``suffix`` (".xlsx") is added when the user typed the name without it."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(folder_for(kind) / Path(name).name), file_filter)
    if not path:
        return ""
    if suffix and not path.lower().endswith(suffix.lower()):
        path += suffix
    remember(kind, path)
    return path


def ask_open(parent: QWidget | None, kind: str, title: str, file_filter: str) -> str:
    """An open dialog in the remembered folder of ``kind``; '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder_for(kind)), file_filter)
    if path:
        remember(kind, path)
    return path


def ask_folder(parent: QWidget | None, kind: str, title: str) -> str:
    """A folder chooser starting in the remembered folder of ``kind``; '' when cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, str(folder_for(kind)))
    if path:
        remember(kind, path)
    return path


def open_folder_of(path: str | Path) -> bool:
    """Show the folder holding ``path`` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def announce_saved(widget: QWidget | None, path: str | Path, text: str = "", title: str = "", box: bool = True) -> None:
    """Tell the user where a file went: one line in the main window with a button that opens its folder;
    outside a main window, a message box titled ``title`` (unless ``box`` is False: the caller says it)."""
    text = text or _tr("已保存到 %1").replace("%1", str(path))
    window = widget.window() if widget is not None else None
    show = getattr(window, "show_saved", None)
    if callable(show):
        show(str(path), text)
    elif box:
        QMessageBox.information(widget, title or _tr("已导出"), text)
