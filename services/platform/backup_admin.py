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
                "这台电脑用的是本店服务器上的数据库:备份和恢复请在作为本店服务器的那台电脑上,"
                "由管理员在“设置 → 备份与恢复”里进行(服务器每天自动备份)。",
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


class ServerBackupAdmin:
    """The same page on the PC that is the office server (issue 22): the server's pg_dump backups
    (services.platform.server_backup), made and restored by the administrator from the window.

    ``server`` is this PC's office server (services.platform.office_setup.server_of); the open
    database must be that server's, or these refuse: another PC has no dumps to restore from."""

    def __init__(self, app):
        self.app = app

    def _check(self, actor: Actor, server, what: str) -> None:
        require(actor, "settings.manage", what)
        info = current_info()
        if info is None or info.kind != "postgresql" or f":{server.port}/" not in info.location:
            raise ValidationError("database", "备份和恢复本店服务器,请在作为本店服务器的那台电脑上操作。")
        if not server.created:
            raise ValidationError("database", f"本机没有本店服务器:{server.folder}")

    def folder(self, actor: Actor, server) -> Path:
        self._check(actor, server, "管理备份")
        from services.platform import server_backup

        return server_backup.folder_of(server)

    def list(self, actor: Actor, server) -> list:
        self._check(actor, server, "管理备份")
        from services.platform import server_backup

        return server_backup.list_backups(server)

    def backup_now(self, actor: Actor, server):
        """pg_dump, verified by restoring it into a scratch database (minutes at a million cards)."""
        self._check(actor, server, "管理备份")
        from services.platform import server_backup

        made = server_backup.backup_now(server, now=self.app.clock.now())
        audit.write(
            actor,
            "backup.create",
            "backup",
            None,
            new={"file": made.path.name, "bytes": made.size},
            at=self.app.clock.now(),
        )
        return made

    def restore(self, actor: Actor, server, path: str, progress=None) -> Path:
        """Replace the office database with a verified backup; returns the dump of the data it replaced.
        The restore is audited in the restored database. ``progress(step, text)`` as in
        server_backup.restore."""
        self._check(actor, server, "恢复数据库")
        from models import db
        from services.platform import server_backup

        db.close()  # this thread's connection goes with the old database; the audit below opens a new one
        kept = server_backup.restore(server, path, now=self.app.clock.now(), progress=progress)
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
