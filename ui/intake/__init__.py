"""The clerk's intake queue (录入): scans beside a keyboard-only form, the live 查重, Excel import.

Modules: `viewer` (zoomable scan view, images and PDF pages), `form` (the card form), `duplicates`
(the 查重 panel with merge / household / new), `importer` (Excel import with progress, cancel and the
report), `tab` (the screen that puts them together and walks the queue).
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

TAB_TITLE = QT_TRANSLATE_NOOP("MainWindow", "录入")
