"""Starting the program: an unreadable database is refused in Chinese with exit 2; the demo is built."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from services.platform.database import close_database, open_database
from ui import application, i18n

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append((title, text)))
    yield shown
    i18n.remove()


def args(**kw):
    base = {"db": None, "demo": None, "customers": 5, "lang": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_unreadable_database_file_exits_2_with_a_chinese_message_and_is_not_changed(qapp, tmp_path, boxes):
    bad = tmp_path / "not-a-database.db"
    bad.write_bytes(b"this is a letter, not a database" * 10)
    before = bad.read_bytes()
    assert application.run_gui(args(db=str(bad))) == 2
    assert boxes == [("无法打开数据库", f"该文件不是本程序的数据库(不是 SQLite 文件):{bad}")]
    assert bad.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-database.db"]


def test_database_choice_prefers_the_option_then_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("KEYUAN_DB", str(tmp_path / "env.db"))
    assert application.database_target("/x/option.db") == "/x/option.db"
    assert application.database_target(None) == str(tmp_path / "env.db")
    monkeypatch.delenv("KEYUAN_DB")
    assert application.database_target(None).endswith("keyuan.db")


def test_demo_is_built_off_the_gui_thread_when_missing(qtbot, tmp_path, boxes):
    path = tmp_path / "demo.db"
    assert application.ensure_demo(str(path), 5) is True
    assert boxes == []
    open_database(str(path))
    try:
        from services.app import Services

        services = Services()
        assert services.auth.login("admin", "admin123").role == "admin"
        assert services.customers.count() >= 5
    finally:
        close_database()
    # An existing file is opened as it is, never rebuilt.
    assert application.ensure_demo(str(path), 5) is True


def _answer_next_box(button_text: str, seen: list[str]) -> None:
    """Press ``button_text`` on the next message box as soon as it shows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            next(b for b in box.buttons() if b.text() == button_text).click()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_a_demo_built_on_another_day_says_so_and_is_rebuilt_for_today(qtbot, tmp_path, boxes):
    import datetime as dt

    from services.app import Services
    from services.cli.demo import build_demo

    path = tmp_path / "demo.db"
    today = dt.date.today()
    build_demo(str(path), 5, today=today - dt.timedelta(days=3))
    open_database(str(path))
    seen: list[str] = []
    try:
        _answer_next_box("照旧打开", seen)
        assert application.stale_demo(Services()) == 0  # opened as it is
        _answer_next_box("按今天重新生成", seen)
        assert application.stale_demo(Services()) == 5
    finally:
        close_database()
    built_for = f"{today - dt.timedelta(days=3):%Y-%m-%d}"
    assert len(seen) == 2 and built_for in seen[0] and f"今天是 {today:%Y-%m-%d}" in seen[0]
    assert application.ensure_demo(str(path), 99, rebuild_for=5) is True
    assert not (tmp_path / "demo.db.new").exists()
    open_database(str(path))
    try:
        services = Services()
        assert services.settings.demo_stamp().day == today
        assert services.customers.count() == 5
        assert application.stale_demo(services) == 0  # today's demo: no question
    finally:
        close_database()


def test_demo_hint_lists_the_demo_accounts():
    hint = application.demo_hint()
    assert "admin / admin123" in hint and "staff01… / staff123" in hint


def test_application_has_its_name_and_icon(qapp):
    app = application.make_application()
    assert app.applicationName() == "客源管家" and app.organizationName() == "keyuan"
    assert not app.windowIcon().pixmap(64).isNull()


class Flow:
    """Stands in for the modal parts of a start: dialogs answer at once, the event loop returns."""

    def __init__(self, monkeypatch):
        from PySide6.QtWidgets import QApplication

        from ui.login_dialog import LoginDialog
        from ui.setup_dialog import SetupDialog

        self.windows = []
        self.login_hints = []
        self.setup_answer = None
        flow = self

        def setup_exec(dialog):
            flow.setup_answer(dialog)
            return dialog.result()

        def login_exec(dialog):
            flow.login_hints.append(dialog.hint_label.text())
            dialog.user_edit.setText("admin")
            dialog.password_edit.setText("admin123")
            dialog.on_login()
            return dialog.result()

        def app_exec(app):
            flow.windows.extend(w for w in app.topLevelWidgets() if w.objectName() == "MainWindow" and w.isVisible())
            for w in flow.windows:
                w.close()
                w.deleteLater()
            return 0

        monkeypatch.setattr(SetupDialog, "exec", setup_exec)
        monkeypatch.setattr(LoginDialog, "exec", login_exec)
        monkeypatch.setattr(QApplication, "exec", app_exec)


def test_first_start_setup_leads_to_the_main_window(qapp, tmp_path, monkeypatch, boxes):
    flow = Flow(monkeypatch)

    def answer(dialog):
        dialog.office_edit.setText("幸福路门店")
        dialog.password_edit.setText("admin123")
        dialog.password2_edit.setText("admin123")
        dialog.departments_edit.setPlainText("一部")
        dialog.on_finish()

    flow.setup_answer = answer
    path = tmp_path / "office.db"
    assert application.run_gui(args(db=str(path))) == 0
    assert [w.windowTitle() for w in flow.windows] == ["客源管家 — 幸福路门店"]
    assert flow.login_hints == []  # the new administrator is not asked to log in again at once
    # The next start of the same file asks for the login.
    assert application.run_gui(args(db=str(path))) == 0
    assert flow.login_hints == [""]


def test_setup_can_switch_to_the_demo_office(qapp, tmp_path, monkeypatch, boxes):
    flow = Flow(monkeypatch)
    flow.setup_answer = lambda dialog: dialog.on_demo()
    built = []

    def fake_demo(path, customers, rebuild_for=0):
        # The real generator is tested above; here only the switch matters.
        from services.app import Services

        open_database(path)
        Services().auth.create_first_admin("admin", "admin123")
        close_database()
        built.append(path)
        return True

    monkeypatch.setattr(application, "ensure_demo", fake_demo)
    monkeypatch.setattr(application, "demo_target", lambda arg: str(tmp_path / "demo.db"))
    assert application.run_gui(args(db=str(tmp_path / "empty.db"))) == 0
    assert built == [str(tmp_path / "demo.db")]
    assert "admin / admin123" in flow.login_hints[0]
    assert len(flow.windows) == 1


def test_after_a_password_reset_the_user_is_asked_for_a_new_one(qapp, tmp_path, monkeypatch, boxes):
    from services.app import Services
    from ui.lock import PasswordDialog

    path = str(tmp_path / "office.db")
    open_database(path)
    services = Services()
    admin = services.auth.create_first_admin("admin", "first-pass")
    services.auth.reset_password(admin, admin.user_id, "admin123")
    close_database()

    asked = []

    def answer(dialog):
        asked.append(dialog.windowTitle())
        dialog.old.setText("admin123")
        dialog.new.setText("my-own-pass")
        dialog.again.setText("my-own-pass")
        dialog.on_save()
        return dialog.result()

    monkeypatch.setattr(PasswordDialog, "exec", answer)
    flow = Flow(monkeypatch)
    assert application.run_gui(args(db=path)) == 0
    assert asked == ["修改密码"] and len(flow.windows) == 1
    open_database(path)
    try:
        again = Services()
        assert again.auth.login("admin", "my-own-pass").username == "admin"
        assert not again.auth.must_change_password(again.auth.login("admin", "my-own-pass"))
    finally:
        close_database()


def test_a_refused_second_start_never_opens_the_database(qapp, tmp_path, boxes, monkeypatch):
    """The lock comes first: a second program that opened the file before being refused dropped the
    first program's SQLite locks and removed its WAL on exit (issue 16, item 4)."""
    from services.platform.instance_lock import InstanceLock

    db = tmp_path / "keyuan.db"
    opened = []
    monkeypatch.setattr(application, "open_database", lambda target: opened.append(target))
    with InstanceLock(db):
        assert application.run_gui(args(db=str(db))) == 2
    assert opened == []
    assert boxes[0][0] == "数据库正在使用"


def test_file_dialogs_do_not_start_in_the_database_folder(qapp, tmp_path, monkeypatch):
    db = tmp_path / "keyuan.db"
    monkeypatch.chdir(tmp_path)
    application.leave_database_folder(str(db))
    assert Path.cwd().resolve() != tmp_path.resolve()


@pytest.mark.parametrize("target", ["/dev/null", "/tmp/" + "很长的路径" * 60 + ".db"])
def test_a_path_that_cannot_be_a_database_is_a_message(qapp, boxes, target):
    assert application.run_gui(args(db=target)) == 2
    assert boxes[0][0] == "无法打开数据库"
