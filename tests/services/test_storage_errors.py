"""Issue 16, item 6: concurrent SQLite writes wait instead of failing with "database is locked"; a full
disk or a read-only database is a Chinese sentence that says what to do; login still works on a full
disk."""

from __future__ import annotations

import sqlite3
import threading
import time

import peewee
import pytest

from models import Department, db
from services.office.auth import MAX_FAILED
from services.platform.errors import LoginFailed, StorageProblem, storage_problem

pytestmark = pytest.mark.sqlite_only


def test_forty_concurrent_read_then_write_transactions_all_commit(app, db_target, admin):
    """Each transaction reads, then writes. Deferred transactions failed at the write with a raw
    "database is locked" (3–21 of 40): the busy timeout does not apply to a read that upgrades."""
    threads, rounds = 4, 10
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(rounds):
                barrier.wait(timeout=30)
                with db.atomic():
                    seen = Department.select().count()
                    Department.create(name=f"部门{n}-{i}-{seen}")
        except BaseException as exc:  # noqa: BLE001 - the test counts every failure
            errors.append(exc)
        finally:
            db.close()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert errors == []
    assert Department.select().count() == threads * rounds


def fill_the_disk() -> None:
    """SQLite reports a full disk when the file may not grow: cap it at its present size."""
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_a_sentence_that_says_what_to_do(app, db_target, admin):
    fill_the_disk()
    with pytest.raises(StorageProblem) as err:
        for i in range(200):
            app.org.create_department(admin, f"新部门{i}" + "名" * 40)
    assert err.value.kind == "full"
    assert "磁盘已满" in err.value.message and "清理" in err.value.message


def test_login_works_on_a_full_disk(app, db_target, admin):
    with pytest.raises(LoginFailed):
        app.auth.login("admin", "wrong-password")  # now the correct login has a count to reset
    fill_the_disk()
    db.execute_sql("PRAGMA query_only = 1")  # and even read-only
    try:
        actor = app.auth.login("admin", "admin123")
        assert actor.username == "admin"
        with pytest.raises(LoginFailed) as err:
            app.auth.login("admin", "wrong-again")
        assert "不正确" in err.value.message
    finally:
        db.execute_sql("PRAGMA query_only = 0")


def test_a_read_only_database_is_not_called_damaged(app, db_target, admin):
    db.execute_sql("PRAGMA query_only = 1")
    try:
        with pytest.raises(StorageProblem) as err:
            app.org.create_department(admin, "只读时")
    finally:
        db.execute_sql("PRAGMA query_only = 0")
    assert err.value.kind == "readonly"
    assert "只读" in err.value.message and "损坏" in err.value.message and "没有损坏" in err.value.message


@pytest.mark.parametrize(
    "raw, kind",
    [
        (sqlite3.OperationalError("database is locked"), "busy"),
        (peewee.OperationalError("database or disk is full"), "full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "readonly"),
        (OSError(28, "No space left on device"), "full"),
    ],
)
def test_raw_database_errors_are_translated(raw, kind):
    assert storage_problem(raw).kind == kind
    assert storage_problem(ValueError("database is locked")) is None  # not a database error


def test_the_window_shows_the_sentence_not_a_program_fault(qapp, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import show_error

    shown = []
    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, name=name: shown.append((name, title, text)))
    show_error(None, sqlite3.OperationalError("database is locked"))
    assert shown == [("warning", "没有保存", shown[0][2])]
    assert "稍等几秒再试" in shown[0][2]


def test_parallel_wrong_passwords_lock_the_account(app, db_target, admin):
    """24 wrong passwords at once: every one counts (the counter used to be read, bumped and written
    back, so parallel attempts overwrote each other and the account never locked)."""
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            for _ in range(3):
                barrier.wait(timeout=30)
                try:
                    app.auth.login("admin", "wrong-password")
                except LoginFailed as exc:
                    outcomes.append(exc.message)
        finally:
            db.close()

    workers = [threading.Thread(target=attempt) for _ in range(8)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert time.perf_counter() - started < 120
    assert len(outcomes) == 24
    assert sum("锁定" in m for m in outcomes) >= 24 // MAX_FAILED - 1
    with pytest.raises(LoginFailed) as err:
        app.auth.login("admin", "admin123")
    assert "锁定" in err.value.message


def test_an_unknown_user_name_takes_as_long_as_a_wrong_password(app, db_target, admin, monkeypatch):
    """The slow part of a login is the scrypt derivation: an unknown name must pay it once, with the same
    cost parameters as a real account's wrong password (counted, not timed: no timed tests)."""
    import hashlib

    from services.office import passwords

    real = hashlib.scrypt
    calls: list[tuple[int, int, int]] = []

    def counted(password, *, salt, n, r, p, dklen=64, **kw):
        calls.append((n, r, p))
        return real(password, salt=salt, n=n, r=r, p=p, dklen=dklen, **kw)

    def derivations(name: str) -> list[tuple[int, int, int]]:
        calls.clear()
        with pytest.raises(LoginFailed):
            app.auth.login(name, "wrong-password")
        return list(calls)

    app.auth.reset_password(admin, admin.user_id, "admin123")  # no lockout during the count
    from services.office.auth import _dummy_hash

    _dummy_hash()  # made once per process, at the first unknown name: not part of this count
    monkeypatch.setattr(passwords.hashlib, "scrypt", counted)
    unknown, known = derivations("nobody-here"), derivations("admin")
    assert len(unknown) == len(known) == 1 and unknown == known, (unknown, known)
    assert MAX_FAILED > 2  # the two failures above do not lock the account
