"""Interface language: Simplified Chinese source strings by default, English from keyuan_en.qm.

The choice is per PC (QSettings "ui/language"); ``--lang`` overrides it for one run. A change
made in the menu takes effect at the next start (widgets are built with their texts once).

In Chinese, Qt's own words (the file dialog, OK/Cancel, the print dialog) come from Qt's
qtbase_zh_CN catalogue, found in Qt's translations folder (from source: the PySide6 wheel's;
frozen: the copy build.spec puts beside the program). Qt 6.12 renamed a few of its own strings
("&Look in:", "Files of &type:") and its Chinese catalogue has not caught up, so the file dialog came
out half English; resources/qt/qtbase_gaps_zh_CN.ts (compiled to .qm) holds those few.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ui.resources import resource_path

log = logging.getLogger(__name__)

LANG_KEY = "ui/language"
DEFAULT = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}  # shown in their own language, never translated

_installed: list[QTranslator] = []


def chosen_language(override: str | None = None) -> str:
    """The language for this run: the command line's, else the stored choice, else Chinese."""
    if override in LANGUAGES:
        return override
    stored = QSettings().value(LANG_KEY, DEFAULT)
    return stored if stored in LANGUAGES else DEFAULT


def store_language(lang: str) -> None:
    QSettings().setValue(LANG_KEY, lang)


def install(lang: str) -> str:
    """Install the translators for ``lang``; returns the language actually in effect."""
    remove()
    if lang == "en":
        tr = QTranslator()
        qm = resource_path("i18n", "keyuan_en.qm")
        if not tr.load(str(qm)):
            # Chinese stays readable for the office; say why English did not appear.
            log.warning("English translation not found at %s; the interface stays in Chinese", qm)
            return DEFAULT
        _add(tr)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return "en"
    # Chinese: our strings are already Chinese; Qt's own buttons (OK, Cancel...) need qtbase_zh_CN.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt = QTranslator()
    for folder in qt_translation_folders():
        if qt.load("qtbase_zh_CN", str(folder)):
            _add(qt)
            break
    else:
        log.warning("Qt's Chinese catalogue (qtbase_zh_CN.qm) not found in %s", qt_translation_folders())
    gaps = QTranslator()
    if gaps.load(str(resource_path("qt", "qtbase_gaps_zh_CN.qm"))):
        _add(gaps)  # installed last, so asked first; it holds only strings the catalogue above lacks
    return DEFAULT


def qt_translation_folders() -> list[Path]:
    """Where Qt's own catalogues may be: Qt's translations folder, then (frozen) the copies beside the program."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    base = getattr(sys, "_MEIPASS", None)
    if base:
        folders += [Path(base, "PySide6", "Qt", "translations"), Path(base, "PySide6", "translations")]
    return folders


def _add(tr: QTranslator) -> None:
    QCoreApplication.installTranslator(tr)
    _installed.append(tr)


def remove() -> None:
    """Uninstall what `install` installed (tests switch languages within one QApplication)."""
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
