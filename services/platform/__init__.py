"""What the program stands on: the database connection, start-up checks, backups and restore,
the clock, resource files and the typed errors every service raises."""

from services._exports import lazy

__all__ = ["BackupAdminService"]
__getattr__ = lazy(__name__, {"BackupAdminService": "backup_admin"})
