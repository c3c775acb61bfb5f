"""At start: a second program on the same SQLite file is told it is in use; a due backup is made."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from services.platform import backup
from ui.application import claim_file, start_up_checks


def test_second_program_is_told_the_file_is_in_use(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    target = str(tmp_path / "office.db")
    first = claim_file(target)
    assert first
    assert claim_file(target) is False
    assert "正在被另一个客源管家程序使用" in shown[0]
    first.release()
    again = claim_file(target)
    assert again
    again.release()
    assert claim_file("postgresql://app@127.0.0.1/keyuan") is None


def test_start_up_makes_the_daily_backup_when_due(qtbot, app, db_target, monkeypatch):
    if db_target.startswith("postgresql"):
        return
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    folder = backup.default_folder(db_target)
    assert backup.due(folder)
    start_up_checks(db_target)
    qtbot.waitUntil(lambda: not backup.due(folder), timeout=10000)
    assert len(backup.list_backups(folder)) == 1


def test_integrity_check_runs_in_the_background_and_warns_of_damage(qtbot, app, db_target, monkeypatch):
    """The quick check reads the whole file (minutes at a million cards): it runs once a day with the
    backup, the start does not wait for it, and damage it finds still reaches the user as a warning."""
    if db_target.startswith("postgresql"):
        return
    import services.platform.startup as startup

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    asked = []

    def damaged(path, integrity=True):
        asked.append(integrity)
        return startup.HealthReport(not integrity, "page 7: btree damaged" if integrity else "ok", 10**12)

    monkeypatch.setattr(startup, "check_database", damaged)
    job = start_up_checks(db_target)
    assert asked[0] is False  # only the cheap disk check ran before the start went on
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert job is not None and "page 7: btree damaged" in shown[0] and "备份" in shown[0]
    qtbot.waitUntil(lambda: not backup.due(backup.default_folder(db_target)), timeout=10000)
    # Later starts the same day (today's backup exists) do not read the whole file again.
    asked.clear()
    assert start_up_checks(db_target) is None and asked == [False]


def test_a_failed_daily_backup_is_shown_not_hidden(qtbot, app, db_target, monkeypatch):
    """A copy whose row counts differ from the database is an error (issue 16): the user is told."""
    if db_target.startswith("postgresql"):
        return
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    real = backup.table_counts
    calls = []

    def short_copy(con):
        counts = real(con)
        calls.append(counts)
        return {t: n - 1 for t, n in counts.items()} if len(calls) % 2 == 0 else counts

    monkeypatch.setattr(backup, "table_counts", short_copy)
    start_up_checks(db_target)
    qtbot.waitUntil(lambda: any(title == "每日备份没有完成" for title, _ in shown), timeout=10000)
    text = next(t for title, t in shown if title == "每日备份没有完成")
    assert "不一致" in text
    assert backup.list_backups(backup.default_folder(db_target)) == []
