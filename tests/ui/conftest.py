"""UI test fixtures: per-PC settings (QSettings) go to a temporary folder, never the real profile."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp):
    """As in the program (ui/gc_guard.py): no automatic collection, which could run in a worker thread
    and destroy a finished test's widgets there; collect here, on the GUI thread, after each test."""
    from ui import gc_guard

    gc_guard.install(qapp)
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path, monkeypatch):
    """Each test starts with empty QSettings (language, last user, window geometry)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("keyuan-tests")
    QCoreApplication.setApplicationName("keyuan-tests")
    # Reading scans with OCR costs seconds of CPU a page: only the tests about it switch it on.
    monkeypatch.setattr("ui.intake.tab.READ_SCANS_DEFAULT", False)
    yield
    QSettings().sync()
