"""Start-up checks: one program per SQLite file, a quick integrity check, low disk space.

The single-instance lock is an operating-system file lock on ``NAME.lock`` beside the
database (fcntl on Linux/macOS, msvcrt on Windows): it vanishes when the process dies, so a
crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from services.platform.errors import ServiceError

LOW_DISK_BYTES = 500 * 1024 * 1024


class InUse(ServiceError):
    """Another copy of the program has this database file open."""


class InstanceLock:
    """Hold an exclusive lock on ``<db>.lock`` for as long as the program runs."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = Path(f"{db_path}.lock")
        self._fh = None

    def acquire(self) -> None:
        """Raises `InUse` when another process holds the lock."""
        fh = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise InUse(
                f"数据库文件 {Path(str(self.path)[:-5]).name} 正在被另一个客源管家程序使用。"
                "请先关闭那个程序;多台电脑同时使用请改用 PostgreSQL 服务器。"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the handle releases the OS lock
            self._fh = None


@dataclass(frozen=True)
class HealthReport:
    integrity_ok: bool
    integrity_message: str
    free_bytes: int | None

    @property
    def low_disk(self) -> bool:
        return self.free_bytes is not None and self.free_bytes < LOW_DISK_BYTES

    def warnings(self) -> list[str]:
        out = []
        if not self.integrity_ok:
            out.append(f"数据库快速检查发现问题:{self.integrity_message}。请立即从备份恢复(设置 → 备份与恢复)。")
        if self.low_disk:
            out.append(f"磁盘剩余空间只有 {self.free_bytes // (1024 * 1024)} MB,请尽快清理,以免无法保存。")
        return out


def check_database(db_path: str | None, integrity: bool = True) -> HealthReport:
    """PRAGMA quick_check on the open SQLite database (unless ``integrity`` is False: it reads the
    whole file, minutes for a million cards) and the free space of its disk."""
    from models import db

    ok, message = True, "ok"
    if integrity and db.obj is not None and db_path and db_path != ":memory:":
        rows = [r[0] for r in db.execute_sql("PRAGMA quick_check").fetchall()]
        ok = rows == ["ok"]
        message = "; ".join(rows[:3])
    free = None
    if db_path and db_path != ":memory:":
        try:
            free = shutil.disk_usage(Path(db_path).resolve().parent).free
        except OSError:
            free = None
    return HealthReport(ok, message, free)
