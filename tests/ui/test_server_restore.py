"""设置 → 备份与恢复 on the office server's PC (issue 22): the administrator backs the server up, picks
that backup, confirms, and the restore runs off the GUI thread with its steps shown; the data comes
back as it was, the data it replaced is kept as a dump, the restore is in the audit log. A file that
is not a verified backup is refused with a sentence and nothing changes; another PC cannot restore."""

from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models import close_db, init_db
from services.app import Services
from services.platform import server_backup
from services.platform.server_backup import RESTORE_STEPS
from tests.office_server_fixture import fresh_database
from ui.context import UiContext
from ui.settings.server_backup import ServerBackupPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def names(srv) -> list[str]:
    with psycopg.connect(srv.url()) as conn:
        return [n for (n,) in conn.execute("SELECT name FROM customer ORDER BY id")]


@pytest.fixture
def on_server(office_server):
    fresh_database(office_server)
    for p in server_backup.folder_of(office_server).glob("*"):
        p.unlink()
    init_db(office_server.url())
    app = Services()
    admin = app.auth.create_first_admin("admin", "admin123")
    from tests.helpers import make_office

    office = make_office(app, admin)
    app.customers.create(office.users["clerk"], "王大爷", ["13800000001"])
    yield app, office, admin
    close_db()


@pytest.fixture
def answers(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    return shown


def test_backup_then_restore_from_the_page_brings_the_old_data_back(qtbot, office_server, on_server, answers):
    app, office, admin = on_server
    page = ServerBackupPage(UiContext(app, admin, office_server.url()), office_server)
    qtbot.addWidget(page)
    assert str(server_backup.folder_of(office_server)) in page.where.text() and page.table.rowCount() == 0

    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1 and bool(answers), timeout=60000)
    assert answers.pop()[0] == "已备份"
    app.customers.create(office.users["clerk"], "李奶奶", ["13900000002"])
    assert names(office_server) == ["王大爷", "李奶奶"]

    steps = []
    page.table.selectRow(0)
    page.on_restore_selected()
    page.job.progress.connect(steps.append)
    assert page.progress is not None and page.progress.isVisible()  # the GUI thread is free meanwhile
    qtbot.waitUntil(lambda: bool(answers), timeout=60000)
    title, text = answers.pop()
    assert title == "已恢复" and "before-restore-" in text and "重新启动" in text
    assert names(office_server) == ["王大爷"]
    assert [n for n, _t in steps] == list(range(len(RESTORE_STEPS)))[-len(steps) :]
    kept = list(server_backup.folder_of(office_server).glob("before-restore-*.dump"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    with psycopg.connect(office_server.url()) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'backup.restore'").fetchone()[0] == 1
    # the office works on the restored database (a new connection: the old one went with the old data)
    close_db()
    init_db(office_server.url())
    Services().customers.create(office.users["clerk"], "赵大妈", ["13700000003"])
    assert names(office_server) == ["王大爷", "赵大妈"]


def test_a_file_that_is_not_a_verified_backup_is_refused_and_nothing_changes(
    qtbot, office_server, on_server, answers, tmp_path
):
    app, office, admin = on_server
    page = ServerBackupPage(UiContext(app, admin, office_server.url()), office_server)
    qtbot.addWidget(page)
    stray = tmp_path / "notes.dump"
    stray.write_text("not a dump")
    page.restore(str(stray))
    qtbot.waitUntil(lambda: bool(answers), timeout=30000)
    assert "不是本店服务器做过核对的备份" in answers[-1][1]
    assert names(office_server) == ["王大爷"]
    assert not list(server_backup.folder_of(office_server).glob("before-restore-*"))
    app.customers.create(office.users["clerk"], "仍然可用", ["13600000004"])  # still open and writable


def test_cancel_before_the_swap_leaves_the_data(qtbot, office_server, on_server, answers):
    app, office, admin = on_server
    made = app.server_backup.backup_now(admin, office_server)
    app.customers.create(office.users["clerk"], "李奶奶", ["13900000002"])
    page = ServerBackupPage(UiContext(app, admin, office_server.url()), office_server)
    qtbot.addWidget(page)
    page.restore(str(made.path))
    page.job.cancel()
    qtbot.waitUntil(lambda: bool(answers), timeout=60000)
    assert "已取消恢复" in answers[-1][1]
    assert names(office_server) == ["王大爷", "李奶奶"]


def test_only_the_administrator_on_the_server_pc_restores(qtbot, office_server, on_server, answers):
    from services.platform.errors import PermissionDenied, ValidationError

    app, office, admin = on_server
    with pytest.raises(PermissionDenied):
        app.server_backup.list(office.users["clerk"], office_server)
    close_db()
    init_db(":memory:")  # a PC whose program is not on this server (here: another database)
    try:
        with pytest.raises(ValidationError, match="本店服务器的那台电脑"):
            Services().server_backup.restore(admin, office_server, "x.dump")
    finally:
        close_db()
        init_db(office_server.url())
