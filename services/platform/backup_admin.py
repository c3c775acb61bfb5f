"""设置 → 备份与恢复: the administrator's backups of the open SQLite database, as service actions.

The file work is in services/backup.py; this adds the acting user, the audit trail and the
database that is open. A restore replaces the open file: the service closes the database, restores
(after verifying the backup and keeping a copy of the current file), reopens it and audits the
restore in the restored database; the window then asks everyone to start the program again.
"""

from __future__ import annotations

from pathlib import Path

from models import close_db, current_info, init_db
from services.office import audit
from services.office.permissions import Actor, require
from services.platform import backup
from services.platform.errors import ValidationError


class BackupAdminService:
    def __init__(self, app):
        self.app = app

    def _sqlite_path(self) -> Path:
        info = current_info()
        if info is None or info.kind != "sqlite" or info.is_memory:
            raise ValidationError(
                "database",
                "当前使用的是 PostgreSQL 服务器(或内存数据库):请由服务器管理员用 pg_dump 备份,见 docs/BACKUP.md。",
            )
        return Path(info.location)

    def folder(self, actor: Actor) -> Path:
        require(actor, "settings.manage", "管理备份")
        return backup.default_folder(self._sqlite_path())

    def list(self, actor: Actor) -> list[backup.BackupFile]:
        return backup.list_backups(self.folder(actor))

    def backup_now(self, actor: Actor) -> backup.BackupFile:
        folder = self.folder(actor)
        made = backup.backup_now(self._sqlite_path(), folder, now=self.app.clock.now())
        audit.write(
            actor,
            "backup.create",
            "backup",
            None,
            new={"file": made.path.name, "bytes": made.size},
            at=self.app.clock.now(),
        )
        return made

    def verify(self, actor: Actor, path: str) -> int:
        require(actor, "settings.manage", "管理备份")
        return backup.verify(path)

    def restore(self, actor: Actor, path: str) -> Path:
        """Replace the open database with a verified backup; returns where the current file was kept."""
        require(actor, "settings.manage", "恢复数据库")
        target = self._sqlite_path()
        backup.verify(path)  # refuse before anything is closed
        close_db()
        try:
            kept = backup.restore(target, path, now=self.app.clock.now())
        finally:
            init_db(str(target))  # reopen whatever is there now: the restored file, or the untouched one
        audit.write(
            actor,
            "backup.restore",
            "backup",
            None,
            new={"file": Path(path).name, "kept": kept.name},
            at=self.app.clock.now(),
        )
        self.app.timeline.invalidate()
        self.app.settings.invalidate()
        return kept
