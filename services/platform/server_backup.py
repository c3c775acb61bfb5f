"""Backups of the office server (issue 22): pg_dump once a day on the server PC, each one verified by
restoring it into a scratch database, kept like the SQLite backups (services.platform.backup: the
newest of each of the last 30 days and of each of the last 12 months), and restore.

A backup is ``office-server/backups/keyuan-YYYYMMDD-HHMMSS.dump`` (pg_dump's custom format) with
``.counts.json`` beside it: the row count of every table as the scratch restore found them. A dump
that does not restore, or restores without the program's tables, is deleted and reported: a backup
that was never restored is not trusted.

Restore replaces the office database with a verified dump: the current one is dumped first
(``before-restore-….dump``), the dump is restored into a database beside the office's and counted
— its counts must equal the dump's own, or nothing changes — and only then does it take the office
database's place (other PCs are disconnected and show the banner until it is back). The passwords go to pg_dump and pg_restore in
their environment, never on a command line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.platform.backup import KEEP_DAILY, KEEP_MONTHLY
from services.platform.office_server import (
    ADMIN,
    DATABASE,
    OWNER,
    ROLE,
    OfficeServer,
    OfficeServerError,
    _exe,
    _last_line,
    _no_window,
    binaries_dir,
)

NAME_RE = re.compile(r"^keyuan-(\d{8})-(\d{6})\.dump$")
SCRATCH = "keyuan_backup_check"


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    taken_at: dt.datetime
    size: int
    rows: int  # all tables, as the verifying restore counted them


def folder_of(srv: OfficeServer) -> Path:
    return srv.folder / "backups"


def list_backups(srv: OfficeServer) -> list[ServerBackup]:
    """Verified backups, newest first."""
    out = []
    folder = folder_of(srv)
    if not folder.is_dir():
        return []
    for p in folder.iterdir():
        m = NAME_RE.match(p.name)
        counts = _counts_file(p)
        if not m or not counts.exists():
            continue
        try:
            rows = sum(json.loads(counts.read_text(encoding="utf-8")).values())
        except (OSError, ValueError):
            continue
        taken = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
        out.append(ServerBackup(p, taken, p.stat().st_size, rows))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def due(srv: OfficeServer, now: dt.datetime | None = None, hours: int = 24) -> bool:
    backups = list_backups(srv)
    now = now or dt.datetime.now()
    return not backups or now - backups[0].taken_at > dt.timedelta(hours=hours)


def backup_now(srv: OfficeServer, now: dt.datetime | None = None) -> ServerBackup:
    """Dump the office database, verify the dump by restoring it, keep it, prune old ones.

    Raises:
        OfficeServerError: the server is not running, pg_dump failed, or the dump did not restore.
    """
    now = now or dt.datetime.now()
    folder = folder_of(srv)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"keyuan-{now:%Y%m%d-%H%M%S}.dump"
    _dump(srv, path)
    try:
        counts = verify(srv, path)
    except OfficeServerError:
        path.unlink(missing_ok=True)
        raise
    _counts_file(path).write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
    prune(srv)
    return ServerBackup(path, now.replace(microsecond=0), path.stat().st_size, sum(counts.values()))


def verify(srv: OfficeServer, path: Path) -> dict[str, int]:
    """Restore ``path`` into a scratch database and count its rows; the program's tables must be there.

    Raises:
        OfficeServerError: the dump does not restore, or it is not an office database.
    """
    _admin(srv, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)", f"CREATE DATABASE {SCRATCH} OWNER {OWNER}")
    try:
        _restore_into(srv, path, SCRATCH)
        counts = _table_counts(srv, SCRATCH)
    finally:
        _admin(srv, f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    if not {"customer", "event", "ownership", "audit_log", "schema_version"} <= set(counts):
        raise OfficeServerError(f"备份文件不是本程序的数据库,不能用:{path.name}")
    return counts


RESTORING = "keyuan_restoring"
RESTORE_STEPS = ("保存当前数据", "从备份恢复", "核对恢复的数据", "换上恢复的数据")


def restore(
    srv: OfficeServer,
    path: str | os.PathLike,
    now: dt.datetime | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> Path:
    """Replace the office database with the backup ``path``; returns the dump of what was there before.

    The backup is restored into a database of its own and counted first; only when its counts equal
    the backup's own is the office database replaced by it, so a backup that fails to restore leaves
    the office as it was. ``progress(step, text)`` is told each of RESTORE_STEPS as it begins.

    Raises:
        OfficeServerError: the backup is not a verified one of this server, or it did not restore
            (the office database is then unchanged).
    """
    path = Path(path)
    counts_file = _counts_file(path)
    if not path.is_file() or not counts_file.exists():
        raise OfficeServerError(f"这不是本店服务器做过核对的备份,不能用来恢复:{path}")
    try:
        expected = json.loads(counts_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OfficeServerError(f"备份的核对记录无法读取,不能用来恢复:{counts_file.name}") from exc
    tell = progress or (lambda _step, _text: None)
    now = now or dt.datetime.now()
    kept = folder_of(srv) / f"before-restore-{now:%Y%m%d-%H%M%S}.dump"
    tell(0, RESTORE_STEPS[0])
    _dump(srv, kept)
    tell(1, RESTORE_STEPS[1])
    _admin(
        srv,
        f"DROP DATABASE IF EXISTS {RESTORING} WITH (FORCE)",
        f"CREATE DATABASE {RESTORING} OWNER {OWNER} ENCODING 'UTF8' TEMPLATE template0",
    )
    try:
        _restore_into(srv, path, RESTORING)
        tell(2, RESTORE_STEPS[2])
        got = _table_counts(srv, RESTORING)
        if got != expected:
            raise OfficeServerError(
                f"备份 {path.name} 恢复出来的数据和备份时核对的不一致,没有恢复,现在的数据没有改动。"
            )
    except OfficeServerError:
        _admin(srv, f"DROP DATABASE IF EXISTS {RESTORING} WITH (FORCE)")
        raise
    tell(3, RESTORE_STEPS[3])
    _admin(
        srv,
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        f"ALTER DATABASE {RESTORING} RENAME TO {DATABASE}",
    )
    # The program's rights afresh; an older backup's schema is brought up to date when the server PC's
    # program starts again (the restore asks for that), not under the running program's open database.
    srv.upgrade(migrate=False)
    return kept


def prune(srv: OfficeServer) -> list[Path]:
    """Keep the newest backup of each of the last 30 days and of each of the last 12 months."""
    backups = list_backups(srv)
    days: dict[dt.date, ServerBackup] = {}
    months: dict[tuple[int, int], ServerBackup] = {}
    for b in backups:
        days.setdefault(b.taken_at.date(), b)
        months.setdefault((b.taken_at.year, b.taken_at.month), b)
    keep = {b.path for b in list(days.values())[:KEEP_DAILY]} | {b.path for b in list(months.values())[:KEEP_MONTHLY]}
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            _counts_file(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    return removed


# -- the tools ------------------------------------------------------------------------------------


def _counts_file(path: Path) -> Path:
    return path.with_name(path.name + ".counts.json")


def _env(srv: OfficeServer, password: str) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": password, "PGHOST": "127.0.0.1", "PGPORT": str(srv.port)}


def _client(srv: OfficeServer, tool: str, args: list[str], password: str, what: str) -> None:
    try:
        done = subprocess.run(
            [str(binaries_dir() / _exe(tool)), *args],
            env=_env(srv, password),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=3600,
            **_no_window(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OfficeServerError(f"{what}失败:{exc}") from exc
    if done.returncode != 0:
        raise OfficeServerError(f"{what}失败:{_last_line(done.stderr)}")


def _dump(srv: OfficeServer, path: Path) -> None:
    if not srv.status().running:
        raise OfficeServerError("本店服务器没有在运行,不能备份。")
    tmp = path.with_name(path.name + ".part")
    _client(srv, "pg_dump", ["-U", ROLE, "-d", DATABASE, "-Fc", "-f", str(tmp)], srv.password(), "备份")
    os.replace(tmp, path)


def _restore_into(srv: OfficeServer, path: Path, database: str) -> None:
    """As the cluster's administrator (pg_hba lets the program's role into its own database only),
    making every object the owner role's (services.platform.office_roles)."""
    args = ["-U", ADMIN, "-d", database, "--no-owner", f"--role={OWNER}", "--exit-on-error", str(path)]
    _client(srv, "pg_restore", args, srv.admin_password(), "从备份恢复")


def _admin(srv: OfficeServer, *statements: str) -> None:
    import psycopg

    with psycopg.connect(srv.admin_url(), autocommit=True, connect_timeout=10) as conn:
        for sql in statements:
            conn.execute(sql)


def _table_counts(srv: OfficeServer, database: str) -> dict[str, int]:
    import psycopg

    url = srv.admin_url().rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(url, connect_timeout=10) as conn:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


__all__ = ["RESTORE_STEPS", "ServerBackup", "backup_now", "due", "list_backups", "prune", "restore", "verify"]
