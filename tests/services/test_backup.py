"""Backups are consistent copies, pruned by the 30-daily/12-monthly rule, and restore checks before it replaces."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from models import Department, close_db, init_db
from services.platform import backup
from services.platform.errors import ValidationError


def make_db(path, names):
    init_db(str(path))
    for n in names:
        Department.create(name=n)
    close_db()


def names_in(path):
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM department ORDER BY id")]
    finally:
        con.close()


def test_backup_then_restore_brings_back_the_data_and_keeps_the_current_file(tmp_path):
    db = tmp_path / "office.db"
    make_db(db, ["一部"])
    b = backup.backup_now(db, now=dt.datetime(2026, 3, 1, 9, 0))
    assert names_in(b.path) == ["一部"]
    init_db(str(db))
    Department.create(name="二部")
    close_db()
    kept = backup.restore(db, b.path, now=dt.datetime(2026, 3, 2, 9, 0))
    assert names_in(db) == ["一部"]
    assert names_in(kept) == ["一部", "二部"]


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(tmp_path):
    db = tmp_path / "office.db"
    make_db(db, ["一部"])
    b = backup.backup_now(db, now=dt.datetime(2026, 3, 1, 9, 0))
    data = bytearray(b.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    b.path.write_bytes(bytes(data))
    before = db.read_bytes()
    with pytest.raises(ValidationError):
        backup.restore(db, b.path)
    assert db.read_bytes() == before


def test_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "keyuan-20260301-090000.db"
    junk.write_text("hello")
    with pytest.raises(ValidationError) as err:
        backup.verify(junk)
    assert "不是" in err.value.message


def test_retention_keeps_30_daily_and_12_monthly(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = dt.datetime(2025, 1, 1, 12, 0)
    for i in range(500):  # two backups a day for 250 days
        t = start + dt.timedelta(hours=12 * i)
        (folder / f"keyuan-{t:%Y%m%d-%H%M%S}.db").write_bytes(b"x")
    backup.prune(folder)
    left = backup.list_backups(folder)
    days = {b.taken_at.date() for b in left}
    assert len(left) == len(days)  # one per day at most
    newest_day = max(days)
    assert all(newest_day - dt.timedelta(days=i) in days for i in range(30))
    months = {(b.taken_at.year, b.taken_at.month) for b in left}
    assert len(months) == 9  # 250 days span nine months, all kept (fewer than 12)
    assert len(left) <= 30 + 12


def test_due_after_24_hours(tmp_path):
    db = tmp_path / "office.db"
    make_db(db, [])
    folder = backup.default_folder(db)
    assert backup.due(folder)
    backup.backup_now(db, now=dt.datetime(2026, 3, 1, 9, 0))
    assert not backup.due(folder, now=dt.datetime(2026, 3, 2, 8, 0))
    assert backup.due(folder, now=dt.datetime(2026, 3, 2, 9, 1))


def test_command_line_backup_and_restore(tmp_path, capsys):
    import main

    db = tmp_path / "office.db"
    make_db(db, ["一部"])
    assert main.main(["--db", str(db), "backup"]) == 0
    made = backup.list_backups(backup.default_folder(db))
    assert len(made) == 1
    junk = tmp_path / "junk.db"
    junk.write_text("no")
    assert main.main(["--db", str(db), "restore", str(junk)]) == 2
    assert "没有恢复" in capsys.readouterr().err
    assert main.main(["--db", str(db), "restore", str(made[0].path)]) == 0
    assert names_in(db) == ["一部"]
