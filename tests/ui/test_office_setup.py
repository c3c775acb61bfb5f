"""How a PC uses the office database (issue 22): chosen once at the first start, remembered per PC."""

from __future__ import annotations

import argparse
import os

import pytest
from PySide6.QtWidgets import QDialog

from services.platform import office_setup
from services.platform.office_server import OfficeServerError, connection_code
from services.platform.office_setup import OfficeChoice
from ui import application
from ui.office_dialog import OfficeChoiceDialog

CODE = connection_code("192.168.1.20", 5439, "abcdefghijklmnop")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(application, "data_dir", lambda: tmp_path)
    monkeypatch.delenv("KEYUAN_DB", raising=False)
    return tmp_path


def test_the_choice_is_remembered_and_names_the_database(folder):
    assert office_setup.load(folder) is None
    assert application.database_target(None) == str(folder / "keyuan.db")  # no choice: as always
    path = office_setup.save(folder, OfficeChoice("client", CODE))
    if os.name != "nt":
        assert path.stat().st_mode & 0o077 == 0  # the code carries the password
    assert office_setup.load(folder) == OfficeChoice("client", CODE)
    assert application.database_target(None) == "postgresql://keyuan:abcdefghijklmnop@192.168.1.20:5439/keyuan"
    assert application.database_target("other.db") == "other.db"  # --db still wins
    office_setup.save(folder, OfficeChoice("single"))
    assert application.database_target(None) == str(folder / "keyuan.db")


def test_a_wrong_code_or_a_damaged_file_is_refused_in_chinese(folder):
    with pytest.raises(OfficeServerError, match="连接码不正确"):
        OfficeChoice("client", "KY-1234")
    (folder / "office.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(OfficeServerError, match="连接设置文件无法读取"):
        office_setup.load(folder)


def test_the_dialog_keeps_a_wrong_code_out(qtbot):
    dialog = OfficeChoiceDialog()
    qtbot.addWidget(dialog)
    assert dialog.single.isChecked() and not dialog.code.isEnabled()
    dialog.client.setChecked(True)
    assert dialog.code.isEnabled()
    dialog.code.setText("KY-AAAA-BBBB")
    dialog.on_ok()
    assert dialog.result() != QDialog.DialogCode.Accepted and "连接码不正确" in dialog.message.text()
    dialog.code.setText(CODE.lower())
    dialog.on_ok()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.choice == OfficeChoice("client", CODE.lower())


def test_first_start_asks_once_and_an_existing_office_is_not_asked(folder, qtbot, monkeypatch):
    asked = []

    def answer(dialog):
        asked.append(dialog)
        dialog.server.setChecked(True)
        dialog.on_ok()
        return dialog.result()

    monkeypatch.setattr(OfficeChoiceDialog, "exec", answer)
    args = argparse.Namespace(db=None)
    assert application.choose_office(args) and len(asked) == 1
    assert office_setup.load(folder) == OfficeChoice("server")
    assert application.choose_office(args) and len(asked) == 1  # remembered
    (folder / "office.json").unlink()
    (folder / "keyuan.db").write_bytes(b"")
    assert application.choose_office(args) and len(asked) == 1  # an office already on this PC: single use


def office_users_clerk(app):
    from services.office.permissions import Actor

    return Actor(2, "clerk", "clerk")


def test_menu_moves_the_office_to_this_pcs_server(qtbot, tmp_path, monkeypatch, office_server):
    """文件 → 搬到本店服务器…: the administrator's office file moves; this PC is then the server."""
    import psycopg
    from PySide6.QtWidgets import QMessageBox

    from models import close_db, init_db
    from services.app import Services
    from tests.office_server_fixture import fresh_database
    from ui.context import UiContext
    from ui.main_window import MainWindow

    fresh_database(office_server)
    path = tmp_path / "keyuan.db"
    init_db(str(path))
    app = Services()
    admin = app.auth.create_first_admin("admin", "admin123")
    app.org.create_department(admin, "一部")
    monkeypatch.setattr(application, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(office_setup, "server_of", lambda _folder: office_server)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    try:
        win = MainWindow(UiContext(app, admin, str(path)), start_sweep=False, lock_session=False)
        qtbot.addWidget(win)
        assert win.move_action is not None
        win.move_action.trigger()
        qtbot.waitUntil(lambda: bool(told), timeout=120_000)
    finally:
        close_db()
    assert "数量一一相等" in told[0] and "KY-" in told[0]
    assert office_setup.load(tmp_path) == OfficeChoice("server")
    with psycopg.connect(office_server.url()) as conn:
        assert conn.execute("SELECT name FROM department").fetchall() == [("一部",)]
    from models.db import redact_url
    from ui.office_move import can_move

    assert not can_move(UiContext(app, admin, redact_url(office_server.url())))  # on a server: nothing to move
    assert not can_move(UiContext(app, office_users_clerk(app), str(path)))  # the administrator's menu only


def test_the_dialog_lists_the_servers_it_finds_on_the_lan(qtbot, monkeypatch):
    from services.platform import discovery

    real = discovery.find_servers
    monkeypatch.setattr(discovery, "find_servers", lambda t: real(t, interfaces=["127.0.0.1"]))
    ann = discovery.Announcement("幸福路门店", 54323, ["127.0.0.1"], interfaces=["127.0.0.1"])
    try:
        dialog = OfficeChoiceDialog()
        qtbot.addWidget(dialog)
        dialog.client.setChecked(True)
        dialog.find_button.click()
        qtbot.waitUntil(lambda: "找到:" in dialog.found.text(), timeout=15000)
        assert "幸福路门店(127.0.0.1:54323)" in dialog.found.text()
    finally:
        ann.close()


def test_the_server_pc_takes_its_daily_backup_at_start(qtbot, tmp_path, monkeypatch, office_server):
    from models import close_db, init_db
    from services.app import Services
    from services.platform import server_backup
    from tests.office_server_fixture import fresh_database

    fresh_database(office_server)
    for p in server_backup.folder_of(office_server).glob("*"):
        p.unlink()
    init_db(office_server.url())
    Services().auth.create_first_admin("admin", "admin123")
    close_db()
    monkeypatch.setattr(application, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(office_setup, "server_of", lambda _folder: office_server)
    assert application.server_backup_if_due() is None  # not set up as the server: nothing
    office_setup.save(tmp_path, OfficeChoice("server"))
    job = application.server_backup_if_due()
    qtbot.waitUntil(lambda: not job.running, timeout=120_000)
    assert len(server_backup.list_backups(office_server)) == 1
    assert application.server_backup_if_due() is None  # one a day
