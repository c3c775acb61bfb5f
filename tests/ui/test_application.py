"""Starting the program: an unreadable database is refused in Chinese with exit 2; the demo is built."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtWidgets import QMessageBox

from services.database import close_database, open_database
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


def test_demo_hint_lists_the_demo_accounts():
    hint = application.demo_hint()
    assert "admin / admin123" in hint and "staff01… / staff123" in hint


def test_application_has_its_name_and_icon(qapp):
    app = application.make_application()
    assert app.applicationName() == "客源管家" and app.organizationName() == "keyuan"
    assert not app.windowIcon().pixmap(64).isNull()
