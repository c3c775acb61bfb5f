"""设置 → 备份与恢复: back up now, then restore that backup after a check; PostgreSQL says to use pg_dump."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models import AuditLog
from ui.context import UiContext
from ui.settings.backup import BackupPage


def test_backup_then_restore_brings_the_old_data_back(qtbot, app, admin, db_target, monkeypatch):
    page = BackupPage(UiContext(app, admin))
    qtbot.addWidget(page)
    if db_target.startswith("postgresql"):
        assert "作为本店服务器的那台电脑" in page.where.text() and not page.backup_button.isEnabled()
        return
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    app.org.create_department(admin, "一部")
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1
    app.org.create_department(admin, "二部")
    page.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    page.on_restore_selected()
    assert [d.name for d in app.org.departments()] == ["一部"]
    assert AuditLog.select().where(AuditLog.action == "backup.restore").count() == 1


def test_a_damaged_file_is_refused_before_anything_closes(qtbot, app, admin, db_target, tmp_path, monkeypatch):
    if db_target.startswith("postgresql"):
        return
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    page = BackupPage(UiContext(app, admin))
    qtbot.addWidget(page)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    page.restore(str(junk))
    assert shown and "不是" in shown[0]
    app.org.create_department(admin, "仍然可用")  # the database is still open and writable
