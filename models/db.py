"""Database setup: one DatabaseProxy bound at start to SQLite or PostgreSQL.

No Qt here. `init_db(url)` opens the database named by a path, ``:memory:``
or a ``postgresql://`` URL, sets the SQLite pragmas the office relies on
(WAL, foreign keys, busy timeout) and runs pending migrations.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import peewee
from playhouse.db_url import parse as parse_url

db = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32000,
    # LIKE 'prefix%' can use an index only when LIKE is case sensitive.
    "case_sensitive_like": 1,
}


#: The SQLite the program needs: FTS5 with the trigram tokenizer (3.34.0), which the card list's
#: "address contains" filter searches through (models.migrations, services.customers.search).
SQLITE_MIN = (3, 34, 0)
_sqlite_checked = False


# Set by services.platform.errors: turns a busy / full / read-only error into one the user can act on
# (a typed error with a Chinese sentence). models/ does not import services/.
translate_error: Callable[[BaseException], BaseException | None] | None = None


def translated_error(exc: BaseException) -> BaseException | None:
    """The user-facing error for a driver or peewee error (busy, full, read-only), else None."""
    return translate_error(exc) if translate_error is not None else None


_translated = translated_error


class OfficeSqliteDatabase(peewee.SqliteDatabase):
    """SQLite with BEGIN IMMEDIATE transactions and errors the user can act on."""

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except peewee.OperationalError as exc:
            better = _translated(exc)
            if better is None:
                raise
            raise better from exc

    def begin(self, lock_type="IMMEDIATE"):
        try:
            return super().begin(lock_type)
        except peewee.OperationalError as exc:
            better = _translated(exc)
            if better is None:
                raise
            raise better from exc

    def rollback(self):
        try:
            return super().rollback()
        except peewee.OperationalError as exc:
            if "no transaction is active" in str(exc):
                return None  # SQLite rolled back by itself (disk full, I/O): the original error stands
            raise

    def commit(self):
        try:
            return super().commit()
        except peewee.OperationalError as exc:
            better = _translated(exc)
            if better is None:
                raise
            raise better from exc


# SQLSTATEs of a server that has gone away: admin shutdown (stopped, restarted), crash shutdown, and
# "cannot connect now" (still starting up or shutting down); class 08 is the connection exceptions.
_SERVER_GONE = frozenset({"57P01", "57P02", "57P03"})


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps: peewee keeps the driver's error as ``orig`` (twice over when a failed
    connect happens inside a statement), a translated error has it as its cause."""
    found: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(found) < 16:
        e = todo.pop(0)
        if e is None or any(e is f for f in found):
            continue
        found.append(e)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return found


def connection_lost(exc: BaseException) -> bool:
    """The office server could not be reached: the connection failed, was closed, or the server dropped
    it (stopped, restarted, the network down), as psycopg raised it or peewee wrapped it. A refusal
    the server sent over a live connection (a lock timeout, a constraint) is not."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a requirement; without it there is no server
        return False
    for e in _causes(exc):
        if not isinstance(e, psycopg.Error):
            continue
        state = getattr(e, "sqlstate", None)
        if state is None:  # raised by the client itself: connecting failed, or the connection is gone
            return isinstance(e, psycopg.OperationalError)
        return state in _SERVER_GONE or state.startswith("08")
    return False


class OfficePostgresDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL on the office server, which can go away and come back (switched off, restarted, a cable
    pulled) while the program runs.

    Losing the server raises the error the user can act on (``translate_error``: 连不上本店服务器) and
    never leaves half an action: the server discards the open transaction of a lost connection, and
    the rollback of a dead connection is not attempted (it would only hide the first error). A
    connection the server dropped is replaced when the next action (BEGIN) or read outside one
    starts: nothing of it has reached the server yet, so BEGIN or the read is sent again, once, on a
    new connection. Work goes on by itself once the server is back."""

    def begin(self, isolation_level=None):
        return self._outside_action(super().begin, True, isolation_level)

    def execute_sql(self, sql, params=None):
        if self.in_transaction():
            if self._lost() and sql.lstrip().upper().startswith("ROLLBACK TO SAVEPOINT"):
                return None  # the whole transaction is gone with the connection; the first error stands
            return self._said_plainly(super().execute_sql, sql, params)
        # A write outside a transaction is never sent twice (it may have reached the server); a read is.
        again = sql.lstrip()[:6].upper() == "SELECT"
        return self._outside_action(super().execute_sql, again, sql, params)

    def commit(self):
        return self._said_plainly(super().commit)

    def rollback(self):
        if self._lost():
            return None  # the server rolled back by itself when the connection went
        return self._said_plainly(super().rollback)

    def _lost(self) -> bool:
        """The current connection is known to be gone (psycopg found out when it was last used)."""
        conn = self._state.conn
        return not self._state.closed and conn is not None and bool(conn.closed or getattr(conn, "broken", False))

    def _let_go(self) -> None:
        """Drop this thread's connection; the next statement connects again (``autoconnect``)."""
        try:
            self.close()
        except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is dropped all the same
            self._state.reset()

    def _outside_action(self, fn, again: bool, *args):
        if self.in_transaction():  # a savepoint's or a manual transaction's BEGIN: part of an action
            return self._said_plainly(fn, *args)
        if self._lost():
            self._let_go()
        reused = not self.is_closed()
        try:
            return fn(*args)
        except Exception as exc:
            if not connection_lost(exc):
                raise
            self._let_go()
            if not (again and reused):  # connecting failed, or a write: say so, do not guess
                better = _translated(exc)
                if better is None:
                    raise
                raise better from exc
        # The server dropped the idle connection (restarted while nobody was saving): once more, anew.
        return self._said_plainly(fn, *args)

    def _said_plainly(self, fn, *args):
        try:
            return fn(*args)
        except Exception as exc:
            if not connection_lost(exc):
                raise
            better = _translated(exc)
            if better is None:
                raise
            raise better from exc


class DatabaseOpenError(Exception):
    """The database cannot be opened; ``message`` is for the user (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DbInfo:
    """What database is in use, for the status bar and the About dialog."""

    kind: str  # "sqlite" or "postgresql"
    location: str  # file path, ":memory:" or the URL without its password

    @property
    def is_memory(self) -> bool:
        return self.location == ":memory:"


_info: DbInfo | None = None


def current_info() -> DbInfo | None:
    """The database bound by the last `init_db`, or None."""
    return _info


def not_allowed(exc: BaseException) -> bool:
    """A PostgreSQL refusal for want of privileges (SQLSTATE 42501: not the owner, permission denied),
    as psycopg raised it or as peewee wrapped it."""
    for e in (exc, *exc.args, exc.__cause__, exc.__context__):
        if getattr(e, "sqlstate", None) == "42501":
            return True
    return False


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgres://", "postgresql://"))


def redact_url(url: str) -> str:
    """The URL with its password replaced by ``***`` (for messages and logs)."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    return f"{scheme}://{creds}@{host}"


def check_sqlite_library() -> None:
    """Refuse to start on an SQLite older than SQLITE_MIN or built without FTS5 (checked once)."""
    global _sqlite_checked
    if _sqlite_checked:
        return
    need = ".".join(map(str, SQLITE_MIN))
    if sqlite3.sqlite_version_info < SQLITE_MIN:
        raise DatabaseOpenError(
            f"本程序需要 SQLite {need} 或更高版本(按住址查找用到它的三字索引),"
            f"当前 Python 带的是 {sqlite3.sqlite_version}。请使用随程序发布的版本或升级 Python。"
        )
    try:
        con = sqlite3.connect(":memory:")
        try:
            con.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise DatabaseOpenError(
            f"本程序需要带 FTS5 全文索引(trigram)的 SQLite {need} 或更高版本,当前的 SQLite "
            f"{sqlite3.sqlite_version} 不支持:{exc}"
        ) from exc
    _sqlite_checked = True


def sqlite_uri(path: str | os.PathLike, **params: str) -> str:
    """A ``file:`` URI for ``sqlite3.connect(..., uri=True)`` built from the resolved path with every
    special character escaped: a folder named ``客源#1`` or ``a?b%20`` is that folder, not a
    fragment or a query (an unescaped ``#`` made SQLite open, and create, a different file)."""
    uri = Path(path).resolve().as_uri()
    if params:
        uri += "?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
    return uri


def _open_sqlite(path: str) -> peewee.SqliteDatabase:
    check_sqlite_library()
    if path != ":memory:":
        p = Path(path)
        try:
            exists = p.exists()
            if exists and p.is_dir():
                raise DatabaseOpenError(f"数据库路径是一个文件夹,不是数据库文件:{path}")
            if exists and not p.is_file():
                raise DatabaseOpenError(f"数据库路径不是普通文件(例如 /dev/null 或设备),不能用作数据库:{path}")
            if exists:
                _check_sqlite_header(p)
            else:
                p.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                # Created by us, readable by the owner only (SQLite gives -wal and -shm the same mode).
                os.close(os.open(p, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise DatabaseOpenError(f"数据库路径太长(超过系统上限),请换一个较短的路径:{path[:80]}…") from None
            raise DatabaseOpenError(f"无法创建数据库文件 {p}:{exc.strerror}") from exc
    # BEGIN IMMEDIATE: a transaction takes the write lock when it starts, so SQLite's busy timeout
    # applies. A deferred transaction that reads and then writes cannot wait for another writer:
    # it fails at once with "database is locked" (the read snapshot would be stale).
    database = OfficeSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, check_same_thread=False, lock_type="IMMEDIATE")
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except peewee.DatabaseError as exc:
        _close_quietly(database)
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise DatabaseOpenError(f"数据库文件正被另一个程序使用,请稍后再试:{path}") from exc
        better = _translated(exc)
        if better is not None:  # read-only, full, I/O: say so, not "damaged"
            raise DatabaseOpenError(f"{better}({path})") from exc
        raise DatabaseOpenError(f"数据库文件无法读取(可能已损坏或不是本程序的数据库):{path}") from exc
    except (OSError, sqlite3.Error) as exc:
        _close_quietly(database)
        raise DatabaseOpenError(f"无法打开数据库文件 {path}:{exc}") from exc
    return database


def _check_sqlite_header(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取数据库文件 {p}:{exc.strerror}") from exc
    if head and head != b"SQLite format 3\x00":
        raise DatabaseOpenError(f"该文件不是本程序的数据库(不是 SQLite 文件):{p}")


def _close_quietly(database: peewee.Database) -> None:
    try:
        database.close()
    except Exception:  # noqa: BLE001 - closing a half-open handle must not hide the real error
        pass


def _open_postgres(url: str) -> peewee.Database:
    try:
        params = parse_url(url)
        if not params.get("database"):
            raise ValueError("地址里没有数据库名(应为 postgresql://用户@服务器/数据库)")
        # A server PC switched off does not refuse a connection, it never answers: give up after a
        # few seconds (the banner says the server is away) instead of freezing the window.
        params.setdefault("connect_timeout", 5)
        params.setdefault("prefer_psycopg3", True)  # the driver `connection_lost` knows, as ui.live uses
        database = OfficePostgresDatabase(**params)
        database.connect()
    except Exception as exc:  # psycopg raises its own OperationalError family
        raise DatabaseOpenError(f"无法连接到 PostgreSQL 数据库 {redact_url(url)}:{_first_line(exc)}") from exc
    return database


@contextlib.contextmanager
def custom_plans():
    """Statements run inside are planned for their own values every time (PostgreSQL; nothing on SQLite).

    psycopg prepares a statement once it has run five times, and the server then keeps a generic plan
    when that looks no dearer — for ``name_initials LIKE $1`` a plan that cannot read the prefix as a
    range of its index, since it does not know the prefix: at a million cards the card list's pinyin
    probe went from ~15 ms to 100–400 ms from its sixth run on. The card list's reads run inside this;
    the front desk's lookups, whose plans do not depend on the values and whose planning would double a
    phone lookup's time, keep their prepared statements."""
    database = db.obj
    if not isinstance(database, peewee.PostgresqlDatabase) or database.is_closed():
        # (no connection yet: the statements open one, and a fresh connection prepares nothing before a
        # statement's fifth run; connecting here would bypass the office server's "连不上" handling)
        yield
        return
    conn = database._state.conn
    before = conn.prepare_threshold
    conn.prepare_threshold = None  # psycopg: no prepared statements on this connection for now
    try:
        yield
    finally:
        conn.prepare_threshold = before


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def init_db(target: str, *, migrate: bool = True, backup_dir: str | None = None) -> DbInfo:
    """Open the database ``target`` and bind the proxy to it.

    Args:
        target: an SQLite file path, ``:memory:``, or a ``postgresql://`` URL.
        migrate: run pending migrations (copying an SQLite file first).
        backup_dir: where the pre-migration copy goes (default: beside the file).

    Raises:
        DatabaseOpenError: with a Chinese message; nothing was changed.
    """
    global _info
    close_db()
    if is_postgres_url(target):
        database = _open_postgres(target)
        info = DbInfo("postgresql", redact_url(target))
    else:
        path = target if target == ":memory:" else os.path.abspath(os.path.expanduser(target))
        database = _open_sqlite(path)
        info = DbInfo("sqlite", path)
    db.initialize(database)
    _info = info
    if migrate:
        from models.migrations import migrate_to_latest

        try:
            migrate_to_latest(info, backup_dir=backup_dir)
        except Exception:
            close_db()
            raise
    return info


def close_db() -> None:
    """Close and unbind the current database, if any."""
    global _info
    if db.obj is not None:
        from models import later

        later.finish(db.obj)  # the queued records of reads first (the front desk's lookups)
        _close_quietly(db.obj)
    _info = None
