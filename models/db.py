"""Database setup: one DatabaseProxy bound at start to SQLite or PostgreSQL.

No Qt here. `init_db(url)` opens the database named by a path, ``:memory:``
or a ``postgresql://`` URL, sets the SQLite pragmas the office relies on
(WAL, foreign keys, busy timeout) and runs pending migrations.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee
from playhouse.db_url import connect as url_connect

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


def _open_sqlite(path: str) -> peewee.SqliteDatabase:
    check_sqlite_library()
    if path != ":memory:":
        p = Path(path)
        if p.exists() and p.is_dir():
            raise DatabaseOpenError(f"数据库路径是一个文件夹,不是数据库文件:{path}")
        if p.exists():
            _check_sqlite_header(p)
        else:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(f"无法创建数据库所在的文件夹 {p.parent}:{exc.strerror}") from exc
    database = peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except peewee.DatabaseError as exc:
        _close_quietly(database)
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise DatabaseOpenError(f"数据库文件正被另一个程序使用,请稍后再试:{path}") from exc
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
        database = url_connect(url)
        database.connect()
    except Exception as exc:  # psycopg raises its own OperationalError family
        raise DatabaseOpenError(f"无法连接到 PostgreSQL 数据库 {redact_url(url)}:{_first_line(exc)}") from exc
    return database


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
        _close_quietly(db.obj)
    _info = None
