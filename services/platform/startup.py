"""Start-up checks: one program per SQLite file, a quick integrity check, low disk space.

The single-instance lock lives in `services.platform.instance_lock` (re-exported here): it is
taken on the real file (device + inode) before SQLite opens anything.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from services.platform.instance_lock import InstanceLock, InUse

__all__ = ["HealthReport", "InUse", "InstanceLock", "check_database"]

LOW_DISK_BYTES = 500 * 1024 * 1024


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
