"""Backups of the SQLite database and verified restore (issue: nothing is lost).

Backups use SQLite's online backup API, so they are consistent while the program
runs. Retention keeps the newest backup of each of the last 30 days and of each of
the last 12 months. A restore first checks the chosen file (integrity_check, a
schema this program can read), then copies the current database aside, then
replaces it. On PostgreSQL, backups are made with pg_dump (see docs/BACKUP.md).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

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
    """Copy the live database with the sqlite3 backup API, then apply the retention rule."""
    src = Path(db_path)
    if not src.is_file():
        raise BackupError(f"找不到数据库文件:{src}")
    folder = Path(folder) if folder else default_folder(src)
    folder.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now()
    dest = folder / f"keyuan-{now:%Y%m%d-%H%M%S}.db"
    tmp = dest.with_suffix(".part")
    try:
        with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source, sqlite3.connect(tmp) as target:
            source.backup(target)
        os.replace(tmp, dest)
    except (sqlite3.Error, OSError) as exc:
        if tmp.exists():
            tmp.unlink()
        raise BackupError(f"备份失败:{exc}") from exc
    prune(folder)
    return BackupFile(dest, now, dest.stat().st_size)


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


def verify(path: str | os.PathLike) -> int:
    """Check a backup file; returns its schema version.

    Raises:
        ValidationError: not an SQLite database, damaged, or written by a newer program.
    """
    from models.migrations import LATEST

    p = Path(path)
    if not p.is_file():
        raise ValidationError("file", f"找不到备份文件:{p}")
    with p.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise ValidationError("file", f"该文件不是本程序的数据库备份:{p.name}")
    try:
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise ValidationError("file", f"备份文件已损坏(完整性检查:{result}),不能用来恢复。")
            row = con.execute("SELECT version FROM schema_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError("file", f"备份文件无法读取,可能已损坏:{exc}") from exc
    version = int(row[0]) if row else 0
    if version < 1:
        raise ValidationError("file", "备份文件里没有客源管家的数据。")
    if version > LATEST:
        raise ValidationError("file", f"备份来自更新版本的程序(数据结构版本 {version}),请先升级程序。")
    return version


def restore(db_path: str | os.PathLike, backup: str | os.PathLike, now: dt.datetime | None = None) -> Path:
    """Replace the database with a verified backup; returns where the current database was kept.

    The database must not be open in this process (close it first).
    """
    verify(backup)
    target = Path(db_path)
    now = now or dt.datetime.now()
    kept = target.with_name(f"{target.name}.before-restore-{now:%Y%m%d-%H%M%S}.bak")
    if target.exists():
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as source, sqlite3.connect(kept) as copy:
            source.backup(copy)
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup, tmp)
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.unlink()
    os.replace(tmp, target)
    return kept
