"""Backups of the SQLite database and verified restore (issue: nothing is lost).

Backups use SQLite's online backup API, so they are consistent while the program
runs. Retention keeps the newest backup of each of the last 30 days and of each of
the last 12 months. A restore first checks the chosen file (integrity_check, a
schema this program can read), then copies the current database aside, then
replaces it. On PostgreSQL, backups are made with pg_dump (see docs/BACKUP.md).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from models.db import sqlite_uri
from services.platform.errors import ServiceError, ValidationError

NAME_RE = re.compile(r"^keyuan-(\d{8})-(\d{6})\.db$")
KEEP_DAILY = 30
KEEP_MONTHLY = 12


class BackupError(ServiceError):
    """A backup or restore could not be made; the message says why (Chinese)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    size: int


def default_folder(db_path: str | os.PathLike) -> Path:
    return Path(db_path).resolve().parent / "backups"


def list_backups(folder: str | os.PathLike) -> list[BackupFile]:
    """Backups in ``folder``, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = NAME_RE.match(p.name)
        if m:
            taken = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            out.append(BackupFile(p, taken, p.stat().st_size))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def backup_now(
    db_path: str | os.PathLike, folder: str | os.PathLike | None = None, now: dt.datetime | None = None
) -> BackupFile:
    """Copy the live database with the sqlite3 backup API, check the copy, then apply the retention rule.

    The copy is taken inside one read transaction of the source, and every table of the copy must hold
    as many rows as the source held in that transaction; otherwise the copy is removed and this raises
    (a backup that is silently empty is worse than none).
    """
    src = Path(db_path)
    if not src.is_file():
        raise BackupError(f"找不到数据库文件:{src}")
    folder = Path(folder) if folder else default_folder(src)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹 {folder}:{exc.strerror}。请换一个有写入权限的文件夹。") from None
    now = now or dt.datetime.now()
    dest = folder / f"keyuan-{now:%Y%m%d-%H%M%S}.db"
    tmp = dest.with_suffix(".part")
    try:
        copy_checked(src, tmp)
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        _remove(tmp)
        raise BackupError(f"备份失败:{_reason(exc)}") from exc
    except BackupError:
        _remove(tmp)
        raise
    prune(folder)
    return BackupFile(dest, now, dest.stat().st_size)


def copy_checked(src: str | os.PathLike, dest: str | os.PathLike) -> dict[str, int]:
    """Copy the SQLite database ``src`` into the new file ``dest`` (created 0600) and compare every
    table's row count; returns the counts. Raises BackupError on a mismatch or an empty source."""
    dest = Path(dest)
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    source = sqlite3.connect(sqlite_uri(src, mode="ro"), uri=True)
    try:
        source.execute("BEGIN")  # one snapshot for the counts and the copy
        expected = table_counts(source)
        if not expected:
            raise BackupError(f"数据库文件里没有任何数据表,不备份(路径是否正确?):{src}")
        with closing(sqlite3.connect(sqlite_uri(dest), uri=True)) as target:
            source.backup(target)
            got = table_counts(target)
        source.execute("COMMIT")
    finally:
        source.close()
    if got != expected:
        wrong = [
            f"{t}({expected.get(t, 0)}→{got.get(t, 0)})"
            for t in sorted(set(expected) | set(got))
            if expected.get(t) != got.get(t)
        ]
        raise BackupError(f"备份副本与数据库不一致,备份作废:{'、'.join(wrong[:5])}。请重试;仍失败请联系管理员。")
    return expected


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (the program's tables, not SQLite's own)."""
    tables = [
        t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        if exc.errno == errno.ENOSPC:
            return "磁盘已满,请清理磁盘或换一个备份文件夹。"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"没有写入权限({exc.filename or ''}),请换一个有写入权限的备份文件夹。"
        return exc.strerror
    text = str(exc)
    if "full" in text:
        return "磁盘已满,请清理磁盘或换一个备份文件夹。"
    if "readonly" in text or "unable to open" in text:
        return "无法写入备份文件,请换一个有写入权限的备份文件夹。"
    return text


def due(folder: str | os.PathLike, now: dt.datetime | None = None, hours: int = 24) -> bool:
    """True when the newest backup is older than ``hours`` (or there is none)."""
    backups = list_backups(folder)
    now = now or dt.datetime.now()
    return not backups or now - backups[0].taken_at > dt.timedelta(hours=hours)


def prune(folder: str | os.PathLike) -> list[Path]:
    """Keep the newest backup of each of the last 30 days and each of the last 12 months; remove the rest."""
    backups = list_backups(folder)
    keep: set[Path] = set()
    days: dict[dt.date, BackupFile] = {}
    months: dict[tuple[int, int], BackupFile] = {}
    for b in backups:  # newest first: the first seen per day/month is the newest
        days.setdefault(b.taken_at.date(), b)
        months.setdefault((b.taken_at.year, b.taken_at.month), b)
    keep.update(b.path for b in list(days.values())[:KEEP_DAILY])
    keep.update(b.path for b in list(months.values())[:KEEP_MONTHLY])
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink()
            removed.append(b.path)
    return removed


# The program's own tables and the columns each has had since the migration that made it: a file
# from another program that merely has a table called schema_version is not a backup of ours.
_CORE_SINCE_V1 = {
    "department": "id name active created_at",
    "staff": "id name department_id position active joined_at left_at",
    "user": "id username display_name password_hash role staff_id department_id active failed_logins locked_until",
    "setting": "key value",
    "audit_log": "id at user_id action entity entity_id customer_id old new reason rule",
    "customer": "id name name_initials name_pinyin sex birth_year address archived created_at version",
    "phone": "id customer_id number last4 kind position",
    "household_link": "id customer_id other_id relation",
    "scan": "id sha256 stored_name customer_id",
}
_CORE_SINCE_V2 = {
    "meeting": "id name date slot joint",
    "event": "id customer_id type at staff_id channel meeting_id department_id amount related_id details",
    "ownership": "customer_id owner_kind owner_id owner_department_id claim_state rule next_deadline",
    "conflict_case": "id customer_id kind rule opened_at state",
    "complaint": "id customer_id opened_at due_at resolved_at",
    "batch": "id name procedure state",
    "batch_card": "id batch_id customer_id status",
    "callback": "id customer_id staff_id at kind signed",
    "lookup_approval": "id customer_id requested_by_id state",
}


def missing_schema(con: sqlite3.Connection, version: int) -> list[str]:
    """The program's tables/columns that the database lacks for its schema ``version`` (empty: all there)."""
    wanted = dict(_CORE_SINCE_V1)
    if version >= 2:
        wanted.update(_CORE_SINCE_V2)
    missing = []
    for table, columns in wanted.items():
        have = {row[1] for row in con.execute(f'PRAGMA table_info("{table}")')}
        if not have:
            missing.append(table)
            continue
        missing.extend(f"{table}.{c}" for c in columns.split() if c not in have)
    return missing


def verify(path: str | os.PathLike) -> int:
    """Check a backup file; returns its schema version.

    Raises:
        ValidationError: not an SQLite database, damaged, not this program's tables, or written by a
            newer program.
    """
    from models.migrations import LATEST

    p = Path(path)
    if not p.is_file():
        raise ValidationError("file", f"找不到备份文件:{p}")
    with p.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise ValidationError("file", f"该文件不是本程序的数据库备份:{p.name}")
    try:
        with closing(sqlite3.connect(sqlite_uri(p, mode="ro"), uri=True)) as con:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise ValidationError("file", f"备份文件已损坏(完整性检查:{result}),不能用来恢复。")
            tables = {t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = con.execute("SELECT version FROM schema_version").fetchone() if "schema_version" in tables else None
            version = int(row[0]) if row and str(row[0]).isdigit() else 0
            missing = missing_schema(con, version) if 1 <= version <= LATEST else []
    except sqlite3.DatabaseError as exc:
        raise ValidationError("file", f"备份文件无法读取,可能已损坏:{exc}") from exc
    if version < 1:
        raise ValidationError("file", "备份文件里没有客源管家的数据。")
    if version > LATEST:
        raise ValidationError("file", f"备份来自更新版本的程序(数据结构版本 {version}),请先升级程序。")
    if missing:
        raise ValidationError("file", f"该文件不是客源管家的数据库备份(缺少 {'、'.join(missing[:5])}),不能用来恢复。")
    return version


def restore(db_path: str | os.PathLike, backup: str | os.PathLike, now: dt.datetime | None = None) -> Path:
    """Replace the database with a verified backup; returns where the current database was kept.

    The caller holds the database's instance lock and has closed it in this process. The current
    database is first copied aside (and that copy checked table by table); then SQLite itself writes
    the backup's pages into the file in one transaction, so the file keeps its identity (and its lock)
    and its -wal/-shm are SQLite's business, never deleted by hand.
    """
    verify(backup)
    target = Path(db_path)
    now = now or dt.datetime.now()
    kept = target.with_name(f"{target.name}.before-restore-{now:%Y%m%d-%H%M%S}.bak")
    try:
        if target.exists() and target.stat().st_size > 0:
            copy_checked(target, kept)
        else:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
        with (
            closing(sqlite3.connect(sqlite_uri(backup, mode="ro"), uri=True)) as source,
            closing(sqlite3.connect(sqlite_uri(target), uri=True)) as dest,
        ):
            # Page sizes may differ between a WAL database and the backup: copy in rollback mode
            # (we hold the lock, nobody else has the file open), then back to WAL.
            dest.execute("PRAGMA journal_mode=DELETE")
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=WAL")
            expected, got = table_counts(source), table_counts(dest)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"恢复失败:{_reason(exc)}(恢复前的数据库副本:{kept.name})") from exc
    if got != expected:
        raise BackupError(f"恢复后的数据与备份不一致,请再恢复一次;恢复前的数据库保留在 {kept}。")
    return kept
