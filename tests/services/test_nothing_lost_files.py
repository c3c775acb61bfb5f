"""Issue 16, items 1–4: backups are never silently empty, restore and every writing command take
the instance lock first, a foreign file is no backup, and the lock holds for links and after another
descriptor of the database was closed."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from models import Customer, Department, close_db, init_db
from services.platform import backup
from services.platform.errors import ValidationError
from services.platform.instance_lock import InstanceLock, InUse

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = ["客源#1", "a?b", "100%", "x%23y"]


def make_db(path: Path, departments: int = 3) -> None:
    init_db(str(path))
    for i in range(departments):
        Department.create(name=f"部门{i}")
    close_db()


def count(path: Path, table: str = "department") -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def run_main(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )


def every_file(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("folder_name", AWKWARD)
def test_backup_and_restore_in_a_folder_whose_name_has_uri_characters(tmp_path, folder_name, capsys):
    """The reported case: `客源#1/keyuan.db` gave "已备份…(4 KB)" and an empty file, and stray files."""
    import main

    db = tmp_path / folder_name / "keyuan.db"
    make_db(db, 5)
    before = every_file(tmp_path)
    assert main.main(["--db", str(db), "backup"]) == 0
    assert "已备份" in capsys.readouterr().out
    (made,) = backup.list_backups(backup.default_folder(db))
    assert count(made.path) == 5
    # Nothing appeared anywhere but the one backup (the unescaped '#' used to create '<tmp>/客源');
    # SQLite's own -wal/-shm beside the database do not count.
    new = {f for f in every_file(tmp_path) - before if not f.endswith(("keyuan.db-wal", "keyuan.db-shm"))}
    assert new == {str(made.path.relative_to(tmp_path))}

    init_db(str(db))
    Department.create(name="备份之后")
    close_db()
    assert main.main(["--db", str(db), "restore", str(made.path)]) == 0
    assert count(db) == 5
    (kept,) = db.parent.glob("keyuan.db.before-restore-*.bak")
    assert count(kept) == 6  # the data since the backup is kept, not an empty file


def test_a_backup_whose_copy_does_not_match_is_an_error_not_a_success(tmp_path, monkeypatch, capsys):
    """Reproduce the old fault (an unescaped URI opened another, empty file): the command now fails."""
    import main

    db = tmp_path / "客源#1" / "keyuan.db"
    make_db(db)
    monkeypatch.setattr(backup, "sqlite_uri", lambda p, **kw: f"file:{p}" + ("?mode=ro" if kw else ""))
    assert main.main(["--db", str(db), "backup"]) == 2
    err = capsys.readouterr()
    assert "已备份" not in err.out and "没有备份" in err.err
    assert backup.list_backups(backup.default_folder(db)) == []
    assert not list(backup.default_folder(db).glob("*.part"))


def test_copy_with_different_counts_is_refused(tmp_path, monkeypatch):
    db = tmp_path / "office.db"
    make_db(db)
    real = backup.table_counts
    calls = []

    def short_copy(con):
        counts = real(con)
        calls.append(counts)
        if len(calls) == 2:  # the copy's counts
            counts = {**counts, "department": counts["department"] - 1}
        return counts

    monkeypatch.setattr(backup, "table_counts", short_copy)
    with pytest.raises(backup.BackupError) as err:
        backup.backup_now(db)
    assert "不一致" in err.value.message and "department" in err.value.message
    assert backup.list_backups(backup.default_folder(db)) == []


def test_restore_is_refused_while_the_program_holds_the_database(tmp_path):
    db = tmp_path / "keyuan.db"
    make_db(db)
    good = backup.backup_now(db)
    window = InstanceLock(db).acquire()  # the running window
    try:
        before = db.read_bytes()
        out = run_main("--db", str(db), "restore", str(good.path))
        assert out.returncode == 2 and "正在被另一个客源管家程序使用" in out.stderr
        assert db.read_bytes() == before
        assert not list(tmp_path.glob("*.before-restore-*"))
        for command in (["sweep"], ["backup"]):
            out = run_main("--db", str(db), *command)
            assert out.returncode == 2 and "正在被另一个客源管家程序使用" in out.stderr, command
    finally:
        window.release()
    assert run_main("--db", str(db), "restore", str(good.path)).returncode == 0


def test_restore_keeps_the_files_identity_so_the_lock_still_holds(tmp_path):
    db = tmp_path / "keyuan.db"
    make_db(db)
    good = backup.backup_now(db)
    inode = db.stat().st_ino
    with InstanceLock(db):
        backup.restore(db, good.path)
    assert db.stat().st_ino == inode


def foreign_file(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER, migrated_at TEXT)")
    con.execute("INSERT INTO schema_version VALUES (3, '2026-01-01')")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    return path


def test_a_foreign_sqlite_file_with_a_schema_version_table_is_not_a_backup(tmp_path, capsys):
    import main

    db = tmp_path / "keyuan.db"
    make_db(db)
    other = foreign_file(tmp_path / "other-program.db")
    with pytest.raises(ValidationError) as err:
        backup.verify(other)
    assert "不是客源管家的数据库备份" in err.value.message
    before = db.read_bytes()
    assert main.main(["--db", str(db), "restore", str(other)]) == 2
    assert "不是客源管家的数据库备份" in capsys.readouterr().err
    assert db.read_bytes() == before
    init_db(str(db))  # the program still opens
    assert Department.select().count() == 3
    close_db()


def test_a_real_backup_of_every_migration_is_recognised(tmp_path):
    from models.migrations import LATEST

    db = tmp_path / "keyuan.db"
    make_db(db)
    assert backup.verify(backup.backup_now(db).path) == LATEST


def test_symbolic_and_hard_links_meet_the_same_lock(tmp_path):
    db = tmp_path / "keyuan.db"
    make_db(db)
    sym = tmp_path / "link-to.db"
    sym.symlink_to(db)
    other_folder = tmp_path / "elsewhere"
    other_folder.mkdir()
    hard = other_folder / "same-file.db"
    os.link(db, hard)
    with InstanceLock(db):
        for alias in (sym, hard, tmp_path / "." / "keyuan.db"):
            with pytest.raises(InUse):
                InstanceLock(alias).acquire()
            out = run_main("--db", str(alias), "sweep")
            assert out.returncode == 2 and "正在被另一个客源管家程序使用" in out.stderr, alias
    with InstanceLock(hard):
        with pytest.raises(InUse):
            InstanceLock(db).acquire()


def test_closing_other_descriptors_of_the_database_does_not_drop_the_lock(tmp_path):
    """Qt's file dialog opened and closed keyuan.db, -wal and -shm in the running program, which drops
    SQLite's POSIX locks; a refused second start then removed the first program's WAL on exit."""
    db = tmp_path / "keyuan.db"
    with InstanceLock(db):
        init_db(str(db))
        try:
            saved = Customer.create(name="王大爷", name_initials="wdy", name_pinyin="wangdaye", created_at="2026-03-01")
            wal = Path(f"{db}-wal")
            assert wal.exists() and wal.stat().st_size > 0  # the card is in the WAL, not yet in the file
            for name in (db, wal, Path(f"{db}-shm")):  # what listing the folder in a dialog does
                os.close(os.open(name, os.O_RDONLY))
            out = run_main("--db", str(db), "sweep")
            assert out.returncode == 2 and "正在被另一个客源管家程序使用" in out.stderr
            assert wal.exists()
            assert Customer.get_by_id(saved.id).name == "王大爷"
        finally:
            close_db()
    os.kill(os.getpid(), 0)  # still here; the card survives a reopen
    init_db(str(db))
    assert Customer.select().count() == 1
    close_db()


def test_files_and_folders_are_created_for_the_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        db = tmp_path / "new" / "keyuan.db"
        make_db(db)
        made = backup.backup_now(db)
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "target, words",
    [
        ("/dev/null", "不是普通文件"),
        ("/tmp/" + "很长的路径" * 60 + ".db", "太长"),
    ],
)
def test_a_path_that_cannot_be_a_database_is_a_message(target, words):
    out = run_main("--db", target, "sweep")
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr


def test_an_unwritable_backup_folder_is_a_message(tmp_path):
    db = tmp_path / "keyuan.db"
    make_db(db)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = run_main("--db", str(db), "backup", "--folder", str(blocker / "backups"))
    assert out.returncode == 2 and "没有备份" in out.stderr and "Traceback" not in out.stderr
